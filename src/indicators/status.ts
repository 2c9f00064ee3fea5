/**
 * Where an indicator stands against its plan target (pure, no I/O).
 *
 * Every numeric comparison is reduced to one measure, the shortfall: how far a value is from the
 * nearest value that meets the target, 0 when it meets it. MET is a shortfall of 0. Before the
 * target year a value that falls short is ON_TRACK when its shortfall is no larger than that of
 * the straight line from the baseline (baselineYear) to the target (targetYear) at the period
 * year, else OFF_TRACK (UNKNOWN when there is no baseline to draw the line from); from the target
 * year on, falling short is OFF_TRACK. No value at all is UNKNOWN. The same rule gives
 * the direction for free: an LTE target (e.g. a share to bring down) improves downwards, a GTE
 * target upwards, and ABOUT / STABLE / RANGE targets towards the band from either side.
 */

export const COMPARISONS = ['GTE', 'LTE', 'ABOUT', 'RANGE', 'EQ', 'STABLE', 'QUALITATIVE', 'NONE'] as const;
export type Comparison = (typeof COMPARISONS)[number];

export const INDICATOR_STATUSES = ['MET', 'ON_TRACK', 'OFF_TRACK', 'UNKNOWN'] as const;
export type IndicatorStatus = (typeof INDICATOR_STATUSES)[number];

/** The target side of an indicator row, as stored. */
export interface TargetSpec {
  comparison: Comparison;
  unit: string | null;
  targetText: string | null;
  targetValue: number | null;
  /** Upper end of a RANGE target. */
  targetValueHigh: number | null;
  targetYear: number | null;
  baselineYear: number | null;
  baselineValue: number | null;
}

/** What the status is judged on: a live value or an observation (its number and its words). */
export interface Evidence {
  value: number | null;
  text: string | null;
}

/**
 * "左右" (about): within ±2 percentage points for a % target; for any other unit (万人, 个, 月 …)
 * within ±2 % of the target, since points of a count mean nothing.
 */
const ABOUT_POINTS = 2;
const ABOUT_RELATIVE = 0.02;
/** "稳定在" (hold steady at): within ±1 point (±1 % relative for other units); "稳定在…以上" only bounds below. */
const STABLE_POINTS = 1;
const STABLE_RELATIVE = 0.01;

/** Shortfalls below this are rounding noise of 4-decimal values, not distance. */
const EPSILON = 1e-9;

function tolerance(unit: string | null, target: number, points: number, relative: number): number {
  return unit === '%' ? points : Math.abs(target) * relative;
}

/** "稳定在 99%以上": the band is open upwards. */
const isOpenUpwards = (text: string | null) => text !== null && text.includes('以上');

/**
 * How far `value` is from meeting the target (0 = met), or null when the target has no number.
 * EQ is read as "reach": every EQ row of the four documents is 达到 / 提升至 / 100 %, an
 * increasing figure; a figure to bring down is written 以内 / 不高于 / ≤ and parsed as LTE.
 */
export function shortfall(target: TargetSpec, value: number): number | null {
  const t = target.targetValue;
  if (t === null) return null;
  let gap: number;
  switch (target.comparison) {
    case 'GTE':
    case 'EQ':
      gap = t - value;
      break;
    case 'LTE':
      gap = value - t;
      break;
    case 'ABOUT':
      gap = Math.abs(value - t) - tolerance(target.unit, t, ABOUT_POINTS, ABOUT_RELATIVE);
      break;
    case 'STABLE': {
      const tol = tolerance(target.unit, t, STABLE_POINTS, STABLE_RELATIVE);
      gap = isOpenUpwards(target.targetText) ? t - tol - value : Math.abs(value - t) - tol;
      break;
    }
    case 'RANGE': {
      const high = target.targetValueHigh ?? t;
      gap = Math.max(t - value, value - high);
      break;
    }
    case 'QUALITATIVE':
    case 'NONE':
      return null;
  }
  return gap > EPSILON ? gap : 0;
}

/** The closest value to the baseline that meets the target: where the straight path ends. */
function pathEnd(target: TargetSpec, baseline: number): number {
  const t = target.targetValue!;
  return target.comparison === 'RANGE' ? Math.min(Math.max(baseline, t), target.targetValueHigh ?? t) : t;
}

/** The planned value at `year` on the straight line from baseline to target, or null without a baseline. */
export function plannedValue(target: TargetSpec, year: number): number | null {
  const { baselineYear, baselineValue, targetYear, targetValue } = target;
  if (baselineYear === null || baselineValue === null || targetYear === null || targetValue === null) return null;
  const end = pathEnd(target, baselineValue);
  if (targetYear <= baselineYear) return end;
  const progress = Math.min(1, Math.max(0, (year - baselineYear) / (targetYear - baselineYear)));
  return baselineValue + (end - baselineValue) * progress;
}

/**
 * An observation's words state that a qualitative target was reached: 已实现, 已完成, 已达到,
 * 已建立, 已普遍应用 … and no 未 (not) anywhere in them.
 */
export function statesAttainment(text: string): boolean {
  return !text.includes('未') && /已(经)?(全面)?(实现|完成|达到|达成|达标|建立|建成|落实|普遍应用)/.test(text);
}

/**
 * The status of an indicator for the period `year`, judged on `evidence` (the live value, or the
 * latest observation when there is none). QUALITATIVE targets are MET only on an observation
 * stating attainment and UNKNOWN otherwise; NONE (no target) is always UNKNOWN: there is nothing
 * to meet.
 */
export function indicatorStatus(target: TargetSpec, evidence: Evidence | null, year: number): IndicatorStatus {
  if (target.comparison === 'NONE') return 'UNKNOWN';
  if (target.comparison === 'QUALITATIVE') return evidence?.text && statesAttainment(evidence.text) ? 'MET' : 'UNKNOWN';
  if (evidence?.value === null || evidence?.value === undefined) return 'UNKNOWN';
  const gap = shortfall(target, evidence.value);
  if (gap === null) return 'UNKNOWN';
  if (gap === 0) return 'MET';
  if (target.targetYear === null) return 'UNKNOWN';
  if (year >= target.targetYear) return 'OFF_TRACK';
  const planned = plannedValue(target, year);
  if (planned === null) return 'UNKNOWN';
  return gap <= shortfall(target, planned)! + EPSILON ? 'ON_TRACK' : 'OFF_TRACK';
}
