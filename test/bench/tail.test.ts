/**
 * `npm run bench:tail`'s grouping (bench/tail.ts): the answers slower than the run's p99, in
 * bursts by when they were due, each beside the server's events around it; and the refusals of
 * the bench commands' bad arguments.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocationModules, allocationSites, gcKind, moduleOf, sampledBytes, slowBursts, type AnswerRecord, type LoopEvent, type ProfileNode } from '../../bench/tail.js';

/** 1,000 answers a millisecond apart at 2 ms, but for the slow ones given. */
function run(slow: Record<number, number>): AnswerRecord[] {
  return Array.from({ length: 1000 }, (_, i) => ({ dueAt: 10_000 + i, latencyMs: slow[i] ?? 2, serverMs: slow[i] ? slow[i]! / 2 : 1 }));
}

describe('slow bursts', () => {
  it('groups the answers slower than the p99 by when they were due, largest group first', () => {
    const slow: Record<number, number> = {};
    for (let i = 100; i < 104; i++) slow[i] = 50 + i;
    for (let i = 700; i < 706; i++) slow[i] = 80;
    const events: LoopEvent[] = [
      { at: 9_000, kind: 'scavenge', ms: 10 },
      { at: 10_650, kind: 'scavenge', ms: 12 },
      { at: 10_702, kind: 'gap', ms: 35 },
      { at: 10_760, kind: 'mark-compact', ms: 11 },
      { at: 10_900, kind: 'scavenge', ms: 12 },
    ];
    const bursts = slowBursts(run(slow), events);
    expect(bursts.map((b) => b.answers)).toEqual([6, 4]);
    expect(bursts[0]).toMatchObject({ from: 10_700, to: 10_705 + 80, maxLatencyMs: 80, maxServerMs: 40 });
    expect(bursts[0]!.events.map((e) => e.kind)).toEqual(['scavenge', 'gap', 'mark-compact']);
    expect(bursts[1]).toMatchObject({ from: 10_100, maxLatencyMs: 153, events: [] });
  });

  it('finds none in an empty run and keeps the server’s time unknown where it was not told', () => {
    expect(slowBursts([], [])).toEqual([]);
    const records = run({ 500: 90, 501: 90 }).map((r) => ({ ...r, serverMs: null }));
    expect(slowBursts(records, [])).toMatchObject([{ answers: 2, maxServerMs: null }]);
  });

  it('names perf_hooks’ collection kinds', () => {
    expect([1, 2, 4, 8, 16, 32].map(gcKind)).toEqual(['scavenge', 'minor-mark-sweep', 'mark-compact', 'incremental', 'weak-callbacks', 'other-gc']);
  });
});

const node = (functionName: string, url: string, selfSize: number, children: ProfileNode[] = []): ProfileNode =>
  ({ callFrame: { functionName, url, lineNumber: 9 }, selfSize, children });

describe('allocation sites of a heap profile', () => {
  const profile = node('(root)', '', 0, [
    node('handle', 'file:///work/hub/src/server/http.ts', 100, [
      node('build', 'file:///work/hub/node_modules/postgres/src/connection.js', 300, [node('', '', 200)]),
      node('execute', 'file:///work/hub/node_modules/graphql-jit/dist/execution.js', 0, [node('', '', 400)]),
    ]),
  ]);

  it('adds up the sampled bytes by the innermost frames, largest first, with their shares', () => {
    const sites = allocationSites(profile);
    expect(sites.map((s) => [s.stack, s.bytes])).toEqual([
      [['(anonymous) (no source):10', 'execute node_modules/graphql-jit/dist/execution.js:10', 'handle src/server/http.ts:10'], 400],
      [['build node_modules/postgres/src/connection.js:10', 'handle src/server/http.ts:10'], 300],
      [['(anonymous) (no source):10', 'build node_modules/postgres/src/connection.js:10', 'handle src/server/http.ts:10'], 200],
      [['handle src/server/http.ts:10'], 100],
    ]);
    expect(sites.map((s) => s.share)).toEqual([0.4, 0.3, 0.2, 0.1]);
  });

  it('joins the stacks that read alike once cut, and keeps the largest', () => {
    expect(allocationSites(profile, 1, 2).map((s) => [s.stack, s.bytes])).toEqual([
      [['(anonymous) (no source):10'], 600],
      [['build node_modules/postgres/src/connection.js:10'], 300],
    ]);
  });

  it('finds nothing in a profile without samples', () => {
    expect(allocationSites(node('(root)', '', 0))).toEqual([]);
    expect(sampledBytes(node('(root)', '', 0))).toBe(0);
  });

  it('adds up every sample of the tree, at any depth', () => {
    expect(sampledBytes(profile)).toBe(1000);
    expect(sampledBytes(profile.children[0]!.children[0]!)).toBe(500);
  });
});

describe('allocations by module', () => {
  it('names a frame’s module: a package (scoped or not), a project file, Node, or none', () => {
    expect(moduleOf('file:///work/hub/node_modules/postgres/src/connection.js')).toBe('postgres');
    expect(moduleOf('file:///work/hub/node_modules/@apollo/server/dist/esm/runHttpQuery.js')).toBe('@apollo/server');
    expect(moduleOf('file:///work/hub/node_modules/@pothos/core/node_modules/x/index.js')).toBe('x');
    expect(moduleOf('file:///work/hub/src/audit/log.ts')).toBe('src/audit/log.ts');
    expect(moduleOf('node:internal/streams/readable')).toBe('node:');
    expect(moduleOf('')).toBeNull();
  });

  it('counts code without a source to its nearest caller that has one', () => {
    const tree = node('(root)', '', 0, [
      node('handle', 'file:///h/src/server/http.ts', 100, [
        node('jit', '', 300, [node('all', '', 50)]),
        node('build', 'file:///h/node_modules/postgres/src/connection.js', 200, [node('', '', 150)]),
      ]),
      node('', '', 200),
    ]);
    expect(allocationModules(tree).map((m) => [m.module, m.bytes])).toEqual([
      ['src/server/http.ts', 450],
      ['postgres', 350],
      ['(no source)', 200],
    ]);
    expect(allocationModules(tree, 1).map((m) => m.share)).toEqual([0.45]);
  });
});

describe('npm run bench:tail', () => {
  it.each([
    [['--survivors', '--allocations'], '--survivors and --allocations sample differently'],
    [['--rate', '0'], '--rate must be a positive number'],
    [['--duration', 'ten'], '--duration must be a positive number'],
    [['--workload', 'e'], '--workload must be one of the reads'],
  ])('refuses %j before it touches a database', (args, message) => {
    const run = spawnSync(join('node_modules', '.bin', 'tsx'), ['bench/tail-run.ts', ...args, '--database-url', 'postgres://nobody@127.0.0.1:1'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });
});

describe('npm run bench:holders', () => {
  it.each([['0'], ['ten'], ['1.5']])('refuses --turns %s before it starts a child', (turns) => {
    const run = spawnSync(join('node_modules', '.bin', 'tsx'), ['bench/scavenge-holders.ts', '--turns', turns], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--turns must be a positive whole number');
    expect(run.stdout).toBe('');
  });
});
