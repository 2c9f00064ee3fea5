import { describe, expect, it } from 'vitest';
import { indicatorStatus, plannedValue, shortfall, statesAttainment, type TargetSpec } from '../../src/indicators/status.js';

/** A % target of 2025 from a 2020 baseline; each case overrides what it tests. */
const target = (t: Partial<TargetSpec>): TargetSpec => ({
  comparison: 'GTE',
  unit: '%',
  targetText: null,
  targetValue: 90,
  targetValueHigh: null,
  targetYear: 2025,
  baselineYear: 2020,
  baselineValue: 80,
  ...t,
});
const value = (v: number | null) => ({ value: v, text: null });
const text = (t: string) => ({ value: null, text: t });

describe('indicator status', () => {
  it('GTE: met at or above the target; before the target year, on track at or above the straight path', () => {
    const gte = target({ comparison: 'GTE' });
    expect(indicatorStatus(gte, value(90), 2023)).toBe('MET');
    expect(indicatorStatus(gte, value(95), 2030)).toBe('MET');
    // path 2023: 80 + 10 × 3/5 = 86
    expect(plannedValue(gte, 2023)).toBeCloseTo(86);
    expect(indicatorStatus(gte, value(86), 2023)).toBe('ON_TRACK');
    expect(indicatorStatus(gte, value(85.9), 2023)).toBe('OFF_TRACK');
    expect(indicatorStatus(gte, value(89.9), 2025)).toBe('OFF_TRACK');
    expect(indicatorStatus(gte, value(89.9), 2026)).toBe('OFF_TRACK');
  });

  it('LTE: improves downwards — met at or below, on track at or below the falling path', () => {
    const lte = target({ comparison: 'LTE', targetValue: 27, baselineValue: 32 });
    expect(indicatorStatus(lte, value(27), 2024)).toBe('MET');
    expect(indicatorStatus(lte, value(20), 2024)).toBe('MET');
    // path 2022: 32 − 5 × 2/5 = 30
    expect(indicatorStatus(lte, value(30), 2022)).toBe('ON_TRACK');
    expect(indicatorStatus(lte, value(29), 2022)).toBe('ON_TRACK');
    expect(indicatorStatus(lte, value(30.5), 2022)).toBe('OFF_TRACK');
    expect(indicatorStatus(lte, value(28), 2026)).toBe('OFF_TRACK');
  });

  it('ABOUT (左右): within ±2 points for %, within ±2 % relative for other units, from either side', () => {
    const about = target({ comparison: 'ABOUT', targetValue: 45, baselineValue: 32.8 });
    expect(indicatorStatus(about, value(43), 2026)).toBe('MET');
    expect(indicatorStatus(about, value(47), 2026)).toBe('MET');
    expect(indicatorStatus(about, value(42.9), 2026)).toBe('OFF_TRACK');
    expect(indicatorStatus(about, value(47.1), 2026)).toBe('OFF_TRACK');
    // path 2023: 32.8 + 12.2 × 3/5 = 40.12 is 2.88 short of the band; 41 is closer, 39 is not
    expect(indicatorStatus(about, value(41), 2023)).toBe('ON_TRACK');
    expect(indicatorStatus(about, value(39), 2023)).toBe('OFF_TRACK');
    const people = target({ comparison: 'ABOUT', unit: '万人', targetValue: 900, baselineValue: 800 });
    expect(shortfall(people, 882)).toBe(0); // 900 × 2 % = 18
    expect(shortfall(people, 881)).toBeCloseTo(1);
  });

  it('RANGE: met inside [low, high], approached from below or above', () => {
    const band = target({ comparison: 'RANGE', unit: '月', targetValue: 6, targetValueHigh: 9, baselineValue: 12 });
    expect(indicatorStatus(band, value(6), 2026)).toBe('MET');
    expect(indicatorStatus(band, value(9), 2026)).toBe('MET');
    expect(indicatorStatus(band, value(5.9), 2026)).toBe('OFF_TRACK');
    expect(indicatorStatus(band, value(9.1), 2026)).toBe('OFF_TRACK');
    // from 12 the path heads down to 9: 2023 → 12 − 3 × 3/5 = 10.2
    expect(plannedValue(band, 2023)).toBeCloseTo(10.2);
    expect(indicatorStatus(band, value(10), 2023)).toBe('ON_TRACK');
    expect(indicatorStatus(band, value(11), 2023)).toBe('OFF_TRACK');
    expect(indicatorStatus(band, value(4), 2023)).toBe('OFF_TRACK'); // overshot below the band
  });

  it('EQ: a figure to reach, met at or above it', () => {
    const eq = target({ comparison: 'EQ', targetValue: 100, baselineValue: 95 });
    expect(indicatorStatus(eq, value(100), 2026)).toBe('MET');
    expect(indicatorStatus(eq, value(100.5), 2026)).toBe('MET');
    expect(indicatorStatus(eq, value(99), 2026)).toBe('OFF_TRACK');
    expect(indicatorStatus(eq, value(98), 2023)).toBe('ON_TRACK'); // path 98
    expect(indicatorStatus(eq, value(97), 2023)).toBe('OFF_TRACK');
  });

  it('STABLE (稳定在): within ±1 point, or anything from 1 point below up when the target says 以上', () => {
    const stable = target({ comparison: 'STABLE', targetValue: 85, baselineValue: 85, targetText: '稳定在85%左右' });
    expect(indicatorStatus(stable, value(84), 2026)).toBe('MET');
    expect(indicatorStatus(stable, value(86), 2026)).toBe('MET');
    expect(indicatorStatus(stable, value(86.5), 2026)).toBe('OFF_TRACK');
    // the path stays at the target, so any slip before the target year is off track
    expect(indicatorStatus(stable, value(83), 2022)).toBe('OFF_TRACK');
    const floor = target({ comparison: 'STABLE', targetValue: 99, baselineValue: 99, targetText: '稳定在 99%以上' });
    expect(indicatorStatus(floor, value(99.8), 2026)).toBe('MET');
    expect(indicatorStatus(floor, value(98), 2026)).toBe('MET');
    expect(indicatorStatus(floor, value(97.9), 2026)).toBe('OFF_TRACK');
  });

  it('QUALITATIVE: met only on an observation stating attainment, else unknown', () => {
    const words = target({ comparison: 'QUALITATIVE', targetValue: null, targetText: '普遍应用', baselineValue: null });
    expect(indicatorStatus(words, text('已普遍应用'), 2026)).toBe('MET');
    expect(indicatorStatus(words, text('2024年已全面实现'), 2023)).toBe('MET');
    expect(indicatorStatus(words, text('尚未实现'), 2026)).toBe('UNKNOWN');
    expect(indicatorStatus(words, text('推进中'), 2026)).toBe('UNKNOWN');
    expect(indicatorStatus(words, { value: 36.43, text: '36.43亿元' }, 2026)).toBe('UNKNOWN');
    expect(indicatorStatus(words, null, 2026)).toBe('UNKNOWN');
    expect(statesAttainment('已完成')).toBe(true);
    expect(statesAttainment('未完成')).toBe(false);
  });

  it('NONE: no target, nothing to meet, whatever the value', () => {
    const none = target({ comparison: 'NONE', targetValue: null, targetYear: null });
    expect(indicatorStatus(none, value(1810), 2026)).toBe('UNKNOWN');
    expect(indicatorStatus(none, text('已实现'), 2026)).toBe('UNKNOWN');
  });

  it('is unknown without a value, or short of the target with no baseline to draw the path from', () => {
    expect(indicatorStatus(target({}), null, 2023)).toBe('UNKNOWN');
    expect(indicatorStatus(target({}), value(null), 2023)).toBe('UNKNOWN');
    const noBaseline = target({ baselineValue: null, baselineYear: null });
    expect(indicatorStatus(noBaseline, value(85), 2023)).toBe('UNKNOWN');
    expect(indicatorStatus(noBaseline, value(85), 2025)).toBe('OFF_TRACK');
    expect(indicatorStatus(noBaseline, value(91), 2023)).toBe('MET');
  });

  it('holds the path at the baseline before the baseline year', () => {
    expect(plannedValue(target({}), 2015)).toBe(80);
    expect(plannedValue(target({}), 2030)).toBe(90);
  });
});
