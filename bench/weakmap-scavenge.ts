/**
 * `npm run bench:weakmap` — what a module-level WeakMap keyed by per-request objects costs the
 * young generation's collections (why patches/@pothos+core+4.15.1.patch and people/prefetch.ts
 * keep per-request state on the request's own objects). Two child processes make the same
 * "requests" (a fresh key object and a few hundred small objects each, dropped at once); one also
 * files each request's objects in a WeakMap under its key. V8 copies an old WeakMap's values
 * before it finds their keys dead, so the second copies nearly everything it allocated.
 *
 *   npm run bench:weakmap -- [--turns 1000]
 */
import { execFileSync } from 'node:child_process';
import { addTraceLine, gcBetween, noGc, type GcFigures } from './gc-trace.js';
import { commandLine } from '../src/cli/args.js';

const opts = commandLine('usage: npm run bench:weakmap -- [--turns 1000]', { turns: { type: 'string', default: '1000' } });
const turns = Number(opts.turns);
if (!Number.isInteger(turns) || turns <= 0) {
  console.error('--turns must be a positive whole number');
  process.exit(2);
}

/** 200 requests per turn of the event loop, each with its own key and its own objects. */
const script = (filed: boolean) => `
const filedByKey = new WeakMap();
let turn = 0;
(function next() {
  for (let r = 0; r < 200; r++) {
    const key = { request: r };
    const objects = [];
    for (let i = 0; i < 200; i++) objects.push({ a: i, b: 'x' + i, c: [i, i + 1] });
    ${filed ? 'filedByKey.set(key, objects);' : ''}
  }
  if (++turn < ${turns}) setImmediate(next);
})();`;

function run(filed: boolean): GcFigures {
  const out = execFileSync(process.execPath, ['--max-semi-space-size=64', '--trace-gc-nvp', '-e', script(filed)], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const totals = noGc();
  for (const line of out.split('\n')) addTraceLine(totals, line);
  return gcBetween(noGc(), totals);
}

const rows = [
  ['without a WeakMap', run(false)],
  ['each request filed in a WeakMap', run(true)],
] as const;
const fmt = (v: number, digits: number) => (Number.isNaN(v) ? '–' : v.toFixed(digits));
console.log(`${turns} turns × 200 requests, --max-semi-space-size=64`);
console.log(['case'.padEnd(32), 'scavenges', 'mean pause ms', 'survived MB/scavenge', 'promoted MB/scavenge'].join('  '));
for (const [name, g] of rows) {
  console.log([name.padEnd(32), String(g.scavenges).padStart(9), fmt(g.meanPauseMs, 2).padStart(13), fmt(g.survivedMbPerScavenge, 2).padStart(20), fmt(g.promotedMbPerScavenge, 2).padStart(20)].join('  '));
}
const [, plain] = rows[0];
const [, filed] = rows[1];
console.log(`WeakMap ÷ without: survived ${fmt(filed.survivedMbPerScavenge / plain.survivedMbPerScavenge, 0)}×, mean pause ${fmt(filed.meanPauseMs / plain.meanPauseMs, 0)}×`);
