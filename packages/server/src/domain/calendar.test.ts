import { describe, expect, it } from 'vitest';
import { parseCalendarDate } from './calendar.js';

describe('parseCalendarDate', () => {
  it('reads a YYYY-MM-DD day as its UTC midnight', () => {
    expect(parseCalendarDate('2024-10-21')?.toISOString()).toBe('2024-10-21T00:00:00.000Z');
    expect(parseCalendarDate('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });

  it('refuses days that do not exist and other spellings', () => {
    for (const bad of ['2024-02-30', '2023-02-29', '2024-13-01', '21-10-2024', '2024-10-21T00:00:00Z', '']) expect(parseCalendarDate(bad)).toBeNull();
  });
});
