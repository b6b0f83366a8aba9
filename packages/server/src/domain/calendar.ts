/** Dates the way rules and schedules write them: a calendar day as YYYY-MM-DD, in UTC. */

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The UTC midnight of a YYYY-MM-DD day, or null when the text is not one. A day that does not
 * exist (2024-02-30) is null too, not rolled over into the next month as `Date` would.
 */
export function parseCalendarDate(value: string): Date | null {
  if (!CALENDAR_DATE.test(value)) return null;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? null : date;
}
