import { describe, expect, it } from 'vitest';
import { formatCalendarDate, localDay, localInstant, parseCalendarDate, timeZoneOfRegion } from './calendar.js';

describe('parseCalendarDate', () => {
  it('reads a YYYY-MM-DD day as its UTC midnight', () => {
    expect(parseCalendarDate('2024-10-21')?.toISOString()).toBe('2024-10-21T00:00:00.000Z');
    expect(parseCalendarDate('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });

  it('refuses days that do not exist and other spellings', () => {
    for (const bad of ['2024-02-30', '2023-02-29', '2024-13-01', '21-10-2024', '2024-10-21T00:00:00Z', '']) expect(parseCalendarDate(bad)).toBeNull();
  });
});

describe('time zones', () => {
  it('reads the zone from the province: Samarinda WITA, Jayapura WIT, Pontianak and Jambi WIB', () => {
    expect(timeZoneOfRegion('64.72')).toBe('WITA');
    expect(timeZoneOfRegion('91.71')).toBe('WIT');
    expect(timeZoneOfRegion('61.71')).toBe('WIB');
    expect(timeZoneOfRegion('15.71.01')).toBe('WIB');
    expect(timeZoneOfRegion('51')).toBe('WITA');
  });

  it('turns local wall-clock times into instants and back into local days', () => {
    expect(localInstant('2026-10-05', '08:00', 'WITA')?.toISOString()).toBe('2026-10-05T00:00:00.000Z');
    expect(localInstant('2026-10-05', '07:30', 'WIB')?.toISOString()).toBe('2026-10-05T00:30:00.000Z');
    expect(localInstant('2026-02-30', '08:00', 'WIB')).toBeNull();
    expect(localInstant('2026-10-05', '24:00', 'WIB')).toBeNull();
    expect(localDay(new Date('2026-10-04T23:30:00Z'), 'WIB')).toBe('2026-10-05');
    expect(localDay(new Date('2026-10-04T16:30:00Z'), 'WIB')).toBe('2026-10-04');
    expect(formatCalendarDate(parseCalendarDate('2001-05-05')!)).toBe('2001-05-05');
  });
});
