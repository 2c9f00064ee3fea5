/** China Standard Time has no daylight saving: a fixed UTC+8. */
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** Today's date in Beijing: bills, periods and plan years are local dates, and the day turns at midnight there. */
export function beijingDate(now: Date): string {
  return new Date(now.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The current year in Beijing: the default plan, enrollment and contribution year. */
export function beijingYear(now: Date): number {
  return Number(beijingDate(now).slice(0, 4));
}
