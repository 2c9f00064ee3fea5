/**
 * `npm run bench:holders` — what holding per-request objects in ways V8 does not expect costs the
 * young generation's collections (why patches/@pothos+core+4.15.1.patch and people/prefetch.ts
 * keep per-request state on the request's own objects, why patches/@apollo+server+5.5.1.patch
 * moves an accessor pair onto a class, and why no object made by a spread is given a new key).
 * Child processes make the same "requests" (a fresh key object and a few hundred small objects
 * each, dropped at once):
 * - one also files each request's objects in a module-level WeakMap under its key: V8 copies an
 *   old WeakMap's values before it finds their keys dead, so it copies nearly everything;
 * - one gives each request an object literal with a getter and a setter over its objects, and
 *   reads it, as Apollo's gateway request context did: each request's objects then survive every
 *   scavenge and are promoted, until a full collection;
 * - one does the same through a class whose prototype carries the accessors (the patched form);
 * - one copies a small object holding them with a spread and adds a key the copy lacks
 *   (`{ ...source, size }`): some of the copies survive and are promoted;
 * - one puts that key ahead of the spread (`{ size, ...source }`), which keeps nothing.
 *
 *   npm run bench:holders -- [--turns 1000]
 */
import { execFileSync } from 'node:child_process';
import { addTraceLine, gcBetween, noGc, type GcFigures } from './gc-trace.js';
import { commandLine } from '../src/cli/args.js';

const opts = commandLine('usage: npm run bench:holders -- [--turns 1000]', { turns: { type: 'string', default: '1000' } });
const turns = Number(opts.turns);
if (!Number.isInteger(turns) || turns <= 0) {
  console.error('--turns must be a positive whole number');
  process.exit(2);
}

type Holder = 'none' | 'weakmap' | 'literal accessors' | 'class accessors' | 'spread, then a key' | 'a key, then spread';

/** How each request holds its objects, as the statement that makes `held` from `key` and `objects`. */
const HOLDING: Record<Holder, string> = {
  none: 'const held = objects;',
  weakmap: 'filedByKey.set(key, objects); const held = objects;',
  'literal accessors': 'const held = { get size() { return objects.length; }, set size(n) { objects.length = n; } }; sink += held.size;',
  'class accessors': 'const held = new Held(objects); sink += held.size;',
  'spread, then a key': 'const source = { key, objects }; const held = { ...source, size: objects.length }; sink += held.size;',
  'a key, then spread': 'const source = { key, objects }; const held = { size: objects.length, ...source }; sink += held.size;',
};

/** 200 requests per turn of the event loop, each with its own key and its own objects. */
const script = (holder: Holder) => `
const filedByKey = new WeakMap();
class Held {
  constructor(objects) { this.objects = objects; }
  get size() { return this.objects.length; }
  set size(n) { this.objects.length = n; }
}
let sink = 0;
let turn = 0;
(function next() {
  for (let r = 0; r < 200; r++) {
    const key = { request: r };
    const objects = [];
    for (let i = 0; i < 200; i++) objects.push({ a: i, b: 'x' + i, c: [i, i + 1] });
    ${HOLDING[holder]}
    sink += held === key ? 1 : 0;
  }
  if (++turn < ${turns}) setImmediate(next);
})();`;

function run(holder: Holder): GcFigures {
  const out = execFileSync(process.execPath, ['--max-semi-space-size=64', '--trace-gc-nvp', '-e', script(holder)], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const totals = noGc();
  for (const line of out.split('\n')) addTraceLine(totals, line);
  return gcBetween(noGc(), totals);
}

const rows = (Object.keys(HOLDING) as Holder[]).map((h) => [h, run(h)] as const);
const fmt = (v: number, digits: number) => (Number.isNaN(v) ? '–' : v.toFixed(digits));
console.log(`${turns} turns × 200 requests, --max-semi-space-size=64`);
console.log(['held by'.padEnd(20), 'scavenges', 'mean pause ms', 'survived MB/scavenge', 'promoted MB/scavenge'].join('  '));
for (const [name, g] of rows) {
  console.log([name.padEnd(20), String(g.scavenges).padStart(9), fmt(g.meanPauseMs, 2).padStart(13), fmt(g.survivedMbPerScavenge, 2).padStart(20), fmt(g.promotedMbPerScavenge, 2).padStart(20)].join('  '));
}
const plain = rows[0]![1];
for (const [name, g] of rows.slice(1)) {
  console.log(`${name} ÷ none: survived ${fmt(g.survivedMbPerScavenge / plain.survivedMbPerScavenge, 0)}×, mean pause ${fmt(g.meanPauseMs / plain.meanPauseMs, 0)}×`);
}
