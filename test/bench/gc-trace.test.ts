/**
 * The bench's reading of V8's `--trace-gc-nvp` lines (bench/gc-trace.ts), fed lines in the shape
 * Node 20 prints and, at the end, the output of a real process.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { addTraceLine, gcBetween, noGc, traceReader } from '../../bench/gc-trace.js';

const scavenge = (pause: number, survived: number, promoted: number) =>
  `[123:0x5a] 1000 ms: pause=${pause} mutator=400.1 gc=s reduce_memory=0 scavenge=${pause} total_size_before=1 allocated=50000000 promoted=${promoted} new_space_survived=${survived} promotion_rate=90.1%`;
const markCompact = '[123:0x5a] 2000 ms: pause=12.5 mutator=900.0 gc=mc reduce_memory=0 allocated=2000000 promoted=0';

describe('the GC trace reader', () => {
  it('sums the scavenges and counts the mark-compacts, ignoring every other line', () => {
    const totals = noGc();
    for (const line of [scavenge(20, 3e6, 2e6), 'listening on 4000', '{"level":30,"msg":"gc=s in a log"}', markCompact, scavenge(10, 1e6, 0), '']) {
      addTraceLine(totals, line);
    }
    expect(totals).toEqual({ scavenges: 2, scavengePauseMs: 30, survivedBytes: 4e6, promotedBytes: 2e6, markCompacts: 1, allocatedBytes: 102e6 });
  });

  it('joins a line cut between two chunks of the stream', () => {
    const totals = noGc();
    const read = traceReader(totals);
    const text = `${scavenge(20, 3e6, 2e6)}\n${scavenge(10, 1e6, 0)}\n`;
    read(text.slice(0, 50));
    read(text.slice(50, 130));
    read(text.slice(130));
    expect(totals.scavenges).toBe(2);
    expect(totals.survivedBytes).toBe(4e6);
  });

  it('reports a window per scavenge, and nothing where there was none', () => {
    const before = { scavenges: 10, scavengePauseMs: 100, survivedBytes: 10e6, promotedBytes: 5e6, markCompacts: 1, allocatedBytes: 500e6 };
    const after = { scavenges: 14, scavengePauseMs: 180, survivedBytes: 22e6, promotedBytes: 13e6, markCompacts: 2, allocatedBytes: 700e6 };
    expect(gcBetween(before, after)).toEqual({ scavenges: 4, meanPauseMs: 20, survivedMbPerScavenge: 3, promotedMbPerScavenge: 2, markCompacts: 1, allocatedMb: 200 });
    const idle = gcBetween(after, after);
    expect(idle.scavenges).toBe(0);
    expect(idle.meanPauseMs).toBeNaN();
  });

  it('reads what this Node prints', () => {
    const out = execFileSync(process.execPath, ['--trace-gc-nvp', '-e', 'let a = []; for (let i = 0; i < 3e5; i++) { a.push({ i }); if (a.length > 1000) a = []; }'], { encoding: 'utf8' });
    const totals = noGc();
    for (const line of out.split('\n')) addTraceLine(totals, line);
    expect(totals.scavenges).toBeGreaterThan(0);
    expect(totals.scavengePauseMs).toBeGreaterThan(0);
    // 300,000 objects of at least 16 bytes each, nearly all made before the last scavenge counted them.
    expect(totals.allocatedBytes).toBeGreaterThan(4e6);
  });
});
