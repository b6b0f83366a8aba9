/**
 * NIK (Nomor Induk Kependudukan), the 16-digit population number (RULES.md): digits 1-6 the
 * Kemendagri code of the kecamatan (province, kabupaten/kota, kecamatan, without dots), 7-12 the
 * birth date DDMMYY with 40 added to DD for women, 13-16 a serial. Pure: no Prisma or GraphQL.
 */

export type NikGender = 'MALE' | 'FEMALE';

export interface NikParts {
  /** Kemendagri code of the kecamatan with dots, e.g. "33.74.01". */
  districtCode: string;
  /** Birth date at UTC midnight. */
  birthDate: Date;
  gender: NikGender;
  /** 1..9999. */
  serial: number;
}

export interface DecodedNik extends NikParts {
  /** Province code, e.g. "33". */
  provinceCode: string;
  /** Kabupaten/kota code, e.g. "33.74". */
  regencyCode: string;
}

/** A NIK, or the parts for one, that cannot be right; the message names the part. */
export class NikError extends Error {
  override name = 'NikError';
}

const DISTRICT_CODE = /^(\d{2})\.(\d{2})\.(\d{2})$/;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Builds the NIK of a person, so generated and test data carry NIKs that decode back to the
 * person's region, birth date and gender exactly as a real one would.
 */
export function encodeNik({ districtCode, birthDate, gender, serial }: NikParts): string {
  const m = DISTRICT_CODE.exec(districtCode);
  if (!m || m.slice(1).some((part) => part === '00')) throw new NikError(`district code must look like "33.74.01", got "${districtCode}"`);
  if (!Number.isInteger(serial) || serial < 1 || serial > 9999) throw new NikError(`serial must be 1..9999, got ${serial}`);
  if (Number.isNaN(birthDate.getTime())) throw new NikError('birth date is not a date');
  const day = birthDate.getUTCDate() + (gender === 'FEMALE' ? 40 : 0);
  const date = pad2(day) + pad2(birthDate.getUTCMonth() + 1) + pad2(birthDate.getUTCFullYear() % 100);
  return `${m[1]}${m[2]}${m[3]}${date}${String(serial).padStart(4, '0')}`;
}

export interface DecodeNikOptions {
  /**
   * YY is ambiguous: with 2024, "24" and below read as 20YY, later ones as 19YY. Defaults to the
   * current UTC year; pass a fixed year where the result must not depend on the clock.
   */
  pivotYear?: number;
}

/**
 * Reads region, birth date, gender and serial out of a NIK, and rejects one whose parts cannot
 * exist (a 31 February, a "00" region, serial 0000), so a form can refuse a mistyped NIK early.
 * Throws NikError naming the bad part.
 */
export function decodeNik(nik: string, { pivotYear = new Date().getUTCFullYear() }: DecodeNikOptions = {}): DecodedNik {
  if (!/^\d{16}$/.test(nik)) throw new NikError('NIK must be exactly 16 digits');
  const [prov, kab, kec] = [nik.slice(0, 2), nik.slice(2, 4), nik.slice(4, 6)];
  if (prov === '00' || kab === '00' || kec === '00') throw new NikError('NIK region code has a "00" part');
  const rawDay = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const serial = Number(nik.slice(12, 16));
  const gender: NikGender = rawDay > 40 ? 'FEMALE' : 'MALE';
  const day = rawDay > 40 ? rawDay - 40 : rawDay;
  const century = Math.floor(pivotYear / 100) * 100;
  const year = yy <= pivotYear % 100 ? century + yy : century - 100 + yy;
  const birthDate = new Date(Date.UTC(year, month - 1, day));
  if (day < 1 || month < 1 || month > 12 || birthDate.getUTCDate() !== day || birthDate.getUTCMonth() !== month - 1 || birthDate.getUTCFullYear() !== year) {
    throw new NikError(`NIK birth date ${nik.slice(6, 12)} is not a date`);
  }
  if (serial === 0) throw new NikError('NIK serial is 0000');
  return {
    provinceCode: prov,
    regencyCode: `${prov}.${kab}`,
    districtCode: `${prov}.${kab}.${kec}`,
    birthDate,
    gender,
    serial,
  };
}

/**
 * The 38 province codes of Kemendagri (2022, with the new Papua provinces). A NIK must start with
 * one of them: Pantau's region tree holds only the regions it serves, but applicants come from
 * anywhere in Indonesia.
 */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  '18',
  '19',
  '21',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '51',
  '52',
  '53',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '72',
  '73',
  '74',
  '75',
  '76',
  '81',
  '82',
  '91',
  '92',
  '93',
  '94',
  '95',
  '96',
]);
