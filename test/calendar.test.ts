/**
 * Dates and years are Beijing's: the day, and with it the plan and contribution year, turns at
 * midnight UTC+8, eight hours before it turns in UTC.
 */
import { describe, expect, it } from 'vitest';
import { beijingDate, beijingYear } from '../src/calendar.js';
import { asOfDate } from '../src/people/alerts.js';

describe('the Beijing calendar', () => {
  it('turns the day and the year at Beijing midnight', () => {
    expect(beijingDate(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31');
    expect(beijingDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(beijingYear(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
    expect(beijingYear(new Date('2026-12-31T16:00:00Z'))).toBe(2027);
  });

  it('judges a closed year at its last day and the current one today, in Beijing', () => {
    const newYearMorning = new Date('2026-12-31T17:00:00Z');
    expect(asOfDate(2026, newYearMorning)).toBe('2026-12-31');
    expect(asOfDate(2027, newYearMorning)).toBe('2027-01-01');
  });
});
