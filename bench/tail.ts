/**
 * Where a fixed-rate run's slowest answers fall in time, against what the server's collector and
 * event loop did meanwhile (`npm run bench:tail`). Pure: the records and events come from the run.
 */
import { quantile } from './load.js';

/** One answer: when it was due (epoch ms), how long the client waited, and the server's own time (Server-Timing), if told. */
export interface AnswerRecord {
  dueAt: number;
  latencyMs: number;
  serverMs: number | null;
}

/** Something the server's event loop went through (epoch ms): a collection of a kind, or a gap between its ticks. */
export interface LoopEvent {
  at: number;
  kind: GcKind | 'other-gc' | 'gap';
  ms: number;
}

export interface Burst {
  from: number;
  to: number;
  answers: number;
  maxLatencyMs: number;
  maxServerMs: number | null;
  /** The server's events from `lead` ms before the burst's first answer was due to its last one's end. */
  events: LoopEvent[];
}

/**
 * The answers slower than the run's p99, grouped where they were due within `joinMs` of each
 * other, each group with the server's events around it; largest first.
 */
export function slowBursts(records: readonly AnswerRecord[], events: readonly LoopEvent[], joinMs = 200, leadMs = 200): Burst[] {
  if (records.length === 0) return [];
  const p99 = quantile(Float64Array.from(records, (r) => r.latencyMs).sort(), 0.99);
  const slow = records.filter((r) => r.latencyMs > p99).sort((a, b) => a.dueAt - b.dueAt);
  const groups: AnswerRecord[][] = [];
  for (const r of slow) {
    const last = groups.at(-1);
    if (last && r.dueAt - last.at(-1)!.dueAt <= joinMs) last.push(r);
    else groups.push([r]);
  }
  return groups
    .map((g) => {
      const from = g[0]!.dueAt;
      const to = Math.max(...g.map((r) => r.dueAt + r.latencyMs));
      const own = g.map((r) => r.serverMs).filter((v): v is number => v !== null);
      return {
        from, to, answers: g.length,
        maxLatencyMs: Math.max(...g.map((r) => r.latencyMs)),
        maxServerMs: own.length ? Math.max(...own) : null,
        events: events.filter((e) => e.at >= from - leadMs && e.at <= to).sort((a, b) => a.at - b.at),
      };
    })
    .sort((a, b) => b.answers - a.answers);
}

/**
 * perf_hooks' GC kinds by name: V8's GCType, which perf_hooks passes on. 2 is the young
 * generation's mark-sweep that replaces the scavenge under `--minor-mc`; perf_hooks names no
 * constant for it. A kind not listed is reported as such rather than taken for another.
 */
const GC_KINDS = { 1: 'scavenge', 2: 'minor-mark-sweep', 4: 'mark-compact', 8: 'incremental', 16: 'weak-callbacks' } as const;
type GcKind = (typeof GC_KINDS)[keyof typeof GC_KINDS];

export function gcKind(kind: number): LoopEvent['kind'] {
  return GC_KINDS[kind as keyof typeof GC_KINDS] ?? 'other-gc';
}

/** A node of V8's sampling heap profile (the inspector's `HeapProfiler.SamplingHeapProfileNode`). */
export interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

export interface AllocationSite {
  /** Innermost frame first, `depth` frames at most. */
  stack: string[];
  bytes: number;
  share: number;
}

const frameName = (f: ProfileNode['callFrame']) =>
  `${f.functionName || '(anonymous)'} ${f.url ? f.url.replace(/^.*?\/(node_modules|src|bench)\//, '$1/') : '(no source)'}:${f.lineNumber + 1}`;

/** All the bytes a heap profile's samples stand for. */
export function sampledBytes(node: ProfileNode): number {
  return node.children.reduce((sum, child) => sum + sampledBytes(child), node.selfSize);
}

/**
 * The sampled bytes of a heap profile by where they were allocated: each stack cut to its
 * innermost `depth` frames, the stacks that then read alike added together, largest first.
 */
export function allocationSites(head: ProfileNode, depth = 6, top = 15): AllocationSite[] {
  const sites = new Map<string, { stack: string[]; bytes: number }>();
  let total = 0;
  const walk = (node: ProfileNode, outer: string[]) => {
    const stack = [frameName(node.callFrame), ...outer];
    if (node.selfSize > 0) {
      const inner = stack.slice(0, depth);
      const key = inner.join('\n');
      const site = sites.get(key) ?? { stack: inner, bytes: 0 };
      site.bytes += node.selfSize;
      sites.set(key, site);
      total += node.selfSize;
    }
    for (const child of node.children) walk(child, stack);
  };
  // The profile's root is a synthetic "(root)" frame; it names no allocation.
  for (const child of head.children) walk(child, []);
  return [...sites.values()]
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top)
    .map((s) => ({ ...s, share: total ? s.bytes / total : 0 }));
}

/**
 * The module a frame's code belongs to: an npm package, one of the project's files, or `node:`
 * for Node's own; null for code without a source (V8 builtins, graphql-jit's generated resolvers).
 */
export function moduleOf(url: string): string | null {
  const at = url.lastIndexOf('/node_modules/');
  if (at >= 0) return /^(?:@[^/]+\/)?[^/]+/.exec(url.slice(at + '/node_modules/'.length))![0];
  const own = /\/((?:src|bench)\/.+)$/.exec(url);
  if (own) return own[1]!;
  if (url.startsWith('node:')) return 'node:';
  return null;
}

/**
 * The sampled bytes of a heap profile by the module whose code asked for them: each sample goes
 * to the innermost frame with a source, so the builtins and generated code a module calls count
 * as its own. Largest first.
 */
export function allocationModules(head: ProfileNode, top = 15): { module: string; bytes: number; share: number }[] {
  const modules = new Map<string, number>();
  let total = 0;
  const walk = (node: ProfileNode, owner: string) => {
    const here = moduleOf(node.callFrame.url) ?? owner;
    if (node.selfSize > 0) {
      modules.set(here, (modules.get(here) ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    for (const child of node.children) walk(child, here);
  };
  for (const child of head.children) walk(child, '(no source)');
  return [...modules]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([module, bytes]) => ({ module, bytes, share: total ? bytes / total : 0 }));
}
