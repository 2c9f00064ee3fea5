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
