/**
 * The garbage collector's own account of a Node process, from the lines V8 prints under
 * `--trace-gc-nvp` (one `key=value` line per collection). What the young generation's
 * collections (scavenges) copy decides their pauses: `new_space_survived` bytes copied within
 * the young generation, `promoted` bytes moved to the old one. How much a request allocates
 * (`allocated`, bytes since the previous collection) decides how often they come.
 */

export interface GcTotals {
  scavenges: number;
  /** Sum of the scavenges' pauses, ms. */
  scavengePauseMs: number;
  survivedBytes: number;
  promotedBytes: number;
  /** Full collections (mark-compact). */
  markCompacts: number;
  /** Bytes allocated, summed over every collection's `allocated`. */
  allocatedBytes: number;
}

export interface GcFigures {
  scavenges: number;
  meanPauseMs: number;
  survivedMbPerScavenge: number;
  promotedMbPerScavenge: number;
  markCompacts: number;
  /** Megabytes allocated over the window, as far as its collections account for it. */
  allocatedMb: number;
}

export const noGc = (): GcTotals => ({ scavenges: 0, scavengePauseMs: 0, survivedBytes: 0, promotedBytes: 0, markCompacts: 0, allocatedBytes: 0 });

/** Adds one output line to the totals; lines that are not a collection's are ignored. */
export function addTraceLine(totals: GcTotals, line: string): void {
  const fields = new Map<string, string>();
  for (const token of line.split(/\s+/)) {
    const eq = token.indexOf('=');
    if (eq > 0) fields.set(token.slice(0, eq), token.slice(eq + 1));
  }
  const kind = fields.get('gc');
  const number = (key: string) => Number(fields.get(key) ?? 0) || 0;
  if (kind === 's' || kind === 'mc') totals.allocatedBytes += number('allocated');
  if (kind === 's') {
    totals.scavenges++;
    totals.scavengePauseMs += number('pause');
    totals.survivedBytes += number('new_space_survived');
    totals.promotedBytes += number('promoted');
  } else if (kind === 'mc') {
    totals.markCompacts++;
  }
}

/** Splits a stream's chunks into lines for `addTraceLine`, holding a line cut between chunks. */
export function traceReader(totals: GcTotals): (chunk: string) => void {
  let partial = '';
  return (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    for (const line of lines) addTraceLine(totals, line);
  };
}

/** What happened between two readings of the same totals. */
export function gcBetween(before: GcTotals, after: GcTotals): GcFigures {
  const scavenges = after.scavenges - before.scavenges;
  const per = (bytes: number) => (scavenges ? bytes / scavenges / 1e6 : NaN);
  return {
    scavenges,
    meanPauseMs: scavenges ? (after.scavengePauseMs - before.scavengePauseMs) / scavenges : NaN,
    survivedMbPerScavenge: per(after.survivedBytes - before.survivedBytes),
    promotedMbPerScavenge: per(after.promotedBytes - before.promotedBytes),
    markCompacts: after.markCompacts - before.markCompacts,
    allocatedMb: (after.allocatedBytes - before.allocatedBytes) / 1e6,
  };
}
