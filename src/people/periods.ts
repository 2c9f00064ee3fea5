/**
 * Periods of 医疗救助 (medical-assistance) recipient status, as pure functions. Dates are ISO
 * calendar dates; an end date is inclusive and null means open-ended (still certified).
 *
 * The merge rule for one person and one category: periods that overlap or touch (one starts the
 * day after the other ends) are one certification, stored as one record covering their union.
 * A registration inside an existing record changes nothing; one that extends it moves the
 * record's dates; one that bridges several records folds them into the earliest-created one.
 * Different categories never merge: a person may hold several at once (e.g. 低保对象 and
 * 因病致贫重病患者), each with its own record.
 */

export interface Period {
  start: string;
  end: string | null;
}

export interface StoredPeriod extends Period {
  id: number;
}

/** The day after an ISO date. */
export function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Whether two periods overlap or touch, so that together they cover one unbroken span. */
export function touches(a: Period, b: Period): boolean {
  const aReachesB = a.end === null || dayAfter(a.end) >= b.start;
  const bReachesA = b.end === null || dayAfter(b.end) >= a.start;
  return aReachesB && bReachesA;
}

/** The smallest period covering both. */
export function union(a: Period, b: Period): Period {
  return {
    start: a.start <= b.start ? a.start : b.start,
    end: a.end === null || b.end === null ? null : a.end >= b.end ? a.end : b.end,
  };
}

/** Whether `outer` covers every day of `inner`. */
export function covers(outer: Period, inner: Period): boolean {
  if (outer.start > inner.start) return false;
  if (outer.end === null) return true;
  return inner.end !== null && inner.end <= outer.end;
}

export interface MergePlan<T extends Period> {
  /** Stored records whose dates change, with their new dates. */
  update: StoredPeriod[];
  /** Stored records folded into another one. */
  remove: number[];
  /** New records: the first incoming period of each new span, widened to the span. */
  insert: T[];
  /** Incoming periods that were already covered by what was stored (or sent earlier in the batch). */
  unchanged: number;
}

interface Group<T> {
  ids: number[];
  period: Period;
  /** The incoming period that opened a span no stored record touched. */
  origin: T | null;
}

/**
 * Applies incoming periods, in order, to the stored records of one person and category, and
 * returns the writes that leave exactly one record per unbroken span.
 */
export function mergePeriods<T extends Period>(stored: readonly StoredPeriod[], incoming: readonly T[]): MergePlan<T> {
  let groups: Group<T>[] = stored.map((s) => ({ ids: [s.id], period: { start: s.start, end: s.end }, origin: null }));
  let unchanged = 0;
  for (const p of incoming) {
    const touching = groups.filter((g) => touches(g.period, p));
    if (touching.length === 1 && covers(touching[0]!.period, p)) {
      unchanged++;
      continue;
    }
    const merged: Group<T> = {
      ids: touching.flatMap((g) => g.ids).sort((a, b) => a - b),
      period: touching.reduce<Period>((acc, g) => union(acc, g.period), p),
      origin: touching.find((g) => g.origin)?.origin ?? p,
    };
    groups = [...groups.filter((g) => !touching.includes(g)), merged];
  }
  const byId = new Map(stored.map((s) => [s.id, s]));
  const plan: MergePlan<T> = { update: [], remove: [], insert: [], unchanged };
  for (const g of groups) {
    const [keep, ...folded] = g.ids;
    if (keep === undefined) {
      plan.insert.push({ ...g.origin!, ...g.period });
      continue;
    }
    const before = byId.get(keep)!;
    if (before.start !== g.period.start || before.end !== g.period.end) plan.update.push({ id: keep, ...g.period });
    plan.remove.push(...folded);
  }
  return plan;
}
