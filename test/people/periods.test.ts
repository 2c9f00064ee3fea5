import { describe, expect, it } from 'vitest';
import { covers, dayAfter, mergePeriods, touches, union } from '../../src/people/periods.js';

describe('assistance periods', () => {
  it('knows the day after across month and leap-year ends', () => {
    expect(dayAfter('2024-02-28')).toBe('2024-02-29');
    expect(dayAfter('2025-12-31')).toBe('2026-01-01');
  });

  it('treats overlapping and adjacent periods as touching, a one-day gap as not', () => {
    expect(touches({ start: '2025-01-01', end: '2025-06-30' }, { start: '2025-07-01', end: null })).toBe(true);
    expect(touches({ start: '2025-01-01', end: '2025-06-30' }, { start: '2025-07-02', end: null })).toBe(false);
    expect(touches({ start: '2025-03-01', end: null }, { start: '2024-01-01', end: '2025-02-28' })).toBe(true);
    expect(union({ start: '2025-03-01', end: '2025-04-01' }, { start: '2025-01-01', end: null })).toEqual({ start: '2025-01-01', end: null });
    expect(covers({ start: '2025-01-01', end: null }, { start: '2025-02-01', end: '2030-01-01' })).toBe(true);
    expect(covers({ start: '2025-01-01', end: '2025-12-31' }, { start: '2025-02-01', end: null })).toBe(false);
  });

  it('inserts a period that touches nothing, and counts a covered one as unchanged', () => {
    const stored = [{ id: 7, start: '2025-01-01', end: '2025-06-30' }];
    const plan = mergePeriods(stored, [{ start: '2025-09-01', end: null }, { start: '2025-02-01', end: '2025-03-01' }]);
    expect(plan).toEqual({ update: [], remove: [], insert: [{ start: '2025-09-01', end: null }], unchanged: 1 });
  });

  it('extends the stored record over an overlapping or adjacent period', () => {
    const stored = [{ id: 7, start: '2025-01-01', end: '2025-06-30' }];
    expect(mergePeriods(stored, [{ start: '2025-07-01', end: '2025-12-31' }]).update).toEqual([{ id: 7, start: '2025-01-01', end: '2025-12-31' }]);
    expect(mergePeriods(stored, [{ start: '2024-06-01', end: '2025-02-01' }]).update).toEqual([{ id: 7, start: '2024-06-01', end: '2025-06-30' }]);
  });

  it('folds records that a new period bridges into the earliest one', () => {
    const stored = [{ id: 9, start: '2025-08-01', end: null }, { id: 3, start: '2025-01-01', end: '2025-03-31' }];
    const plan = mergePeriods(stored, [{ start: '2025-04-01', end: '2025-07-31' }]);
    expect(plan).toEqual({ update: [{ id: 3, start: '2025-01-01', end: null }], remove: [9], insert: [], unchanged: 0 });
  });

  it('merges periods within one batch and keeps the first row’s details for a new record', () => {
    const plan = mergePeriods([], [
      { start: '2025-01-01', end: '2025-03-31', office: 'A' },
      { start: '2025-04-01', end: null, office: 'B' },
      { start: '2025-05-01', end: '2025-05-31', office: 'C' },
    ]);
    expect(plan).toEqual({ update: [], remove: [], insert: [{ start: '2025-01-01', end: null, office: 'A' }], unchanged: 1 });
  });
});
