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

/** The calendar day of a stored date (UTC midnight) as YYYY-MM-DD. */
export function formatCalendarDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Indonesia's three time zones (Keppres 41/1987) and their fixed UTC offsets: no daylight saving. */
export const TIME_ZONE_OFFSET_HOURS = { WIB: 7, WITA: 8, WIT: 9 } as const;
export type IndonesianTimeZone = keyof typeof TIME_ZONE_OFFSET_HOURS;

const WITA_PROVINCES = new Set(['51', '52', '53', '63', '64', '65', '71', '72', '73', '74', '75', '76']);
const WIT_PROVINCES = new Set(['81', '82', '91', '92', '93', '94', '95', '96']);

/**
 * The time zone of a region from its province (the first two digits of its Kemendagri code): WITA
 * for Bali, Nusa Tenggara, Kalimantan Selatan/Timur/Utara and Sulawesi, WIT for Maluku and Papua,
 * WIB elsewhere (Sumatra, Java, Kalimantan Barat and Tengah).
 */
export function timeZoneOfRegion(code: string): IndonesianTimeZone {
  const province = code.slice(0, 2);
  return WITA_PROVINCES.has(province) ? 'WITA' : WIT_PROVINCES.has(province) ? 'WIT' : 'WIB';
}

/** The instant of a local wall-clock time ("08:00") on a calendar day in a time zone. */
export function localInstant(day: string, time: string, zone: IndonesianTimeZone): Date | null {
  if (!parseCalendarDate(day) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return null;
  const offset = TIME_ZONE_OFFSET_HOURS[zone];
  return new Date(`${day}T${time}:00+0${offset}:00`);
}

/** The calendar day an instant falls on in a time zone (a session at 23:30 UTC is the next day in WIB). */
export function localDay(instant: Date, zone: IndonesianTimeZone): string {
  return formatCalendarDate(new Date(instant.getTime() + TIME_ZONE_OFFSET_HOURS[zone] * 3_600_000));
}
