import { describe, expect, it } from 'vitest';
import { decodeNik, encodeNik, NikError } from './nik.js';

describe('NIK', () => {
  it("decodes RULES.md's example: a woman born 1 January 1999 in Kota Semarang", () => {
    expect(decodeNik('3374014101990001', { pivotYear: 2024 })).toEqual({
      provinceCode: '33',
      regencyCode: '33.74',
      districtCode: '33.74.01',
      birthDate: new Date('1999-01-01T00:00:00Z'),
      gender: 'FEMALE',
      serial: 1,
    });
  });

  it('encodes the same example back', () => {
    expect(encodeNik({ districtCode: '33.74.01', birthDate: new Date('1999-01-01T00:00:00Z'), gender: 'FEMALE', serial: 1 })).toBe('3374014101990001');
  });

  it('round-trips men and women, both centuries', () => {
    const cases = [
      { districtCode: '16.71.14', birthDate: new Date('2001-12-31T00:00:00Z'), gender: 'MALE' as const, serial: 9999 },
      { districtCode: '17.01.05', birthDate: new Date('1990-02-28T00:00:00Z'), gender: 'FEMALE' as const, serial: 42 },
      { districtCode: '15.04.01', birthDate: new Date('2004-02-29T00:00:00Z'), gender: 'FEMALE' as const, serial: 7 },
    ];
    for (const parts of cases) {
      const nik = encodeNik(parts);
      expect(nik).toMatch(/^\d{16}$/);
      expect(decodeNik(nik, { pivotYear: 2024 })).toMatchObject(parts);
    }
    expect(encodeNik(cases[0]!).slice(6, 12)).toBe('311201');
    expect(encodeNik(cases[1]!).slice(6, 12)).toBe('680290');
  });

  it('reads YY by the pivot year', () => {
    expect(decodeNik('3374010101240001', { pivotYear: 2024 }).birthDate.getUTCFullYear()).toBe(2024);
    expect(decodeNik('3374010101250001', { pivotYear: 2024 }).birthDate.getUTCFullYear()).toBe(1925);
  });

  it('rejects what cannot be a NIK', () => {
    for (const bad of ['337401410199000', '33740141019900011', '33740141019900a1', '0074014101990001', '3300014101990001', '3374004101990001']) {
      expect(() => decodeNik(bad), bad).toThrow(NikError);
    }
    expect(() => decodeNik('3374013102990001')).toThrow(/not a date/); // 31 February
    expect(() => decodeNik('3374017102990001')).toThrow(/not a date/); // 31 February, woman
    expect(() => decodeNik('3374010001990001')).toThrow(/not a date/); // day 00
    expect(() => decodeNik('3374013201990001')).toThrow(/not a date/); // day 32
    expect(() => decodeNik('3374010113990001')).toThrow(/not a date/); // month 13
    expect(() => decodeNik('3374010101990000')).toThrow(/serial/);
    expect(() => encodeNik({ districtCode: '33.74', birthDate: new Date(), gender: 'MALE', serial: 1 })).toThrow(NikError);
    expect(() => encodeNik({ districtCode: '33.74.01', birthDate: new Date(), gender: 'MALE', serial: 10_000 })).toThrow(NikError);
  });
});
