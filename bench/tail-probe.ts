/**
 * Loaded into the server under test by `npm run bench:tail` (`--import`): records its garbage
 * collections and the gaps between its event loop's ticks (over 15 ms), with their times, and
 * writes them as JSON lines to TAIL_EVENTS_FILE when the process is asked to stop.
 */
import { writeFileSync } from 'node:fs';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { gcKind, type LoopEvent } from './tail.js';

const file = process.env.TAIL_EVENTS_FILE;
if (file) {
  const events: LoopEvent[] = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
      events.push({ at: performance.timeOrigin + e.startTime, kind: gcKind(kind), ms: e.duration });
    }
  }).observe({ entryTypes: ['gc'] });
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (now - last > 15) events.push({ at: performance.timeOrigin + last, kind: 'gap', ms: now - last });
    last = now;
  }, 1).unref();
  process.prependListener('SIGTERM', () => writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n')));
}

/**
 * With TAIL_HEAP_FILE (and `--expose-gc`): the first SIGUSR2 starts V8's sampling heap profiler,
 * the second stops it and writes the profile's tree. TAIL_HEAP_SAMPLES says which samples it keeps:
 * - `survivors`: those a mark-compact frees but not those a scavenge frees, with two scavenges
 *   forced before it stops (so what was allocated since the last one and is already garbage is
 *   dropped too). What it holds was allocated during the run and outlived a scavenge: the objects
 *   that make scavenges long and fill the old generation.
 * - `allocations`: every sample, whatever became of it: where the bytes that bring each scavenge
 *   on are allocated.
 */
const heapFile = process.env.TAIL_HEAP_FILE;
const survivorsOnly = process.env.TAIL_HEAP_SAMPLES !== 'allocations';
const gc = (globalThis as { gc?: (o: { type: 'minor' }) => void }).gc;
if (heapFile && gc) {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  let sampling = false;
  process.on('SIGUSR2', () => {
    (async () => {
      if (!sampling) {
        sampling = true;
        gc({ type: 'minor' });
        await session.post('HeapProfiler.startSampling', {
          samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: !survivorsOnly,
        });
        return;
      }
      if (survivorsOnly) {
        gc({ type: 'minor' });
        gc({ type: 'minor' });
      }
      const { profile } = await session.post('HeapProfiler.stopSampling');
      writeFileSync(heapFile, JSON.stringify(profile.head));
    })().catch((e: unknown) => console.error(`heap sampling failed: ${String(e)}`));
  });
}
