import { describe, expect, it } from 'vitest';
import { decodeNik } from '../domain/nik.js';
import { AGENCIES, FORMATIONS_2024, JOBS, REGIONS } from './reference.js';
import { generateSynthetic, nikDistrictCode, SYNTHETIC_EMAIL_DOMAIN } from './synthetic.js';

const formationByCode = new Map(FORMATIONS_2024.map((f) => [f.code, f]));
const big = generateSynthetic({ applicants: 20_000, seed: 2024 });

function ageOn(birth: Date, day: Date): number {
  const y = day.getUTCFullYear() - birth.getUTCFullYear();
  const before = day.getUTCMonth() < birth.getUTCMonth() || (day.getUTCMonth() === birth.getUTCMonth() && day.getUTCDate() < birth.getUTCDate());
  return before ? y - 1 : y;
}

describe('synthetic applicants', () => {
  it('gives the same rows for the same seed and different rows for another', () => {
    const a = generateSynthetic({ applicants: 300, seed: 7 });
    expect(generateSynthetic({ applicants: 300, seed: 7 })).toEqual(a);
    const b = generateSynthetic({ applicants: 300, seed: 8 });
    expect(b.applicants.map((x) => x.nik)).not.toEqual(a.applicants.map((x) => x.nik));
    expect(b.applications.map((x) => x.formationCode)).not.toEqual(a.applications.map((x) => x.formationCode));
  });

  it('extends a smaller count with the same seed instead of replacing it', () => {
    const small = generateSynthetic({ applicants: 500, seed: 2024 });
    expect(big.applicants.slice(0, 500)).toEqual(small.applicants);
    expect(big.applications.slice(0, 500)).toEqual(small.applications);
  });

  it('keeps NIK, e-mail and participant number unique', () => {
    for (const values of [big.applicants.map((a) => a.nik), big.applicants.map((a) => a.email), big.applications.map((a) => a.participantNumber)]) {
      expect(new Set(values).size).toBe(values.length);
    }
  });

  it("writes NIKs that decode to the applicant's birth date, gender and origin region", () => {
    for (const a of big.applicants) {
      const nik = decodeNik(a.nik, { pivotYear: 2024 });
      expect(nik.birthDate).toEqual(a.birthDate);
      expect(nik.gender).toBe(a.gender);
      expect(nik.regencyCode).toBe(a.originRegionCode);
      expect(nik.districtCode).toBe(nikDistrictCode(a.originRegionCode));
    }
    expect(nikDistrictCode('16.71')).toBe('16.71.14');
    expect(nikDistrictCode('17.01')).toBe('17.01.05');
    expect(nikDistrictCode('33.74')).toBe('33.74.01');
  });

  it('makes applicants eligible for the formation they apply to', () => {
    const closes = new Date('2024-09-10T00:00:00Z');
    const origins = new Set(REGIONS.filter((r) => r.kind === 'KOTA' || r.kind === 'KABUPATEN').map((r) => r.code));
    // Row by row on the first 5,000 (expect per field is slow on all 20,000).
    big.applicants.slice(0, 5_000).forEach((a, i) => {
      const application = big.applications[i]!;
      const formation = formationByCode.get(application.formationCode)!;
      expect(application.applicantNik).toBe(a.nik);
      expect(a.educationLevel).toBe(formation.educationLevel);
      expect(JOBS[formation.job].majors).toContain(a.major);
      const age = ageOn(a.birthDate, closes);
      expect(age).toBeGreaterThanOrEqual(18);
      expect(age).toBeLessThanOrEqual(35);
      const gpa = Number(a.gpa);
      expect(a.gpa).toMatch(/^[234]\.\d\d$/);
      expect(gpa).toBeGreaterThanOrEqual(formation.type === 'CUMLAUDE' ? 3.5 : 2.5);
      expect(gpa).toBeLessThanOrEqual(4);
      if (formation.type === 'DISABILITAS') expect(a.disability).toBe(true);
      if (formation.job.startsWith('BIDAN')) expect(a.gender).toBe('FEMALE');
      expect(origins.has(a.originRegionCode)).toBe(true);
      expect(a.phone).toMatch(/^08\d{10,11}$/);
      expect(a.email.endsWith(`@${SYNTHETIC_EMAIL_DOMAIN}`)).toBe(true);
      expect(a.registeredAt.getTime()).toBeGreaterThanOrEqual(Date.parse('2024-08-20T00:00:00Z'));
      expect(application.submittedAt.getTime()).toBeLessThanOrEqual(Date.parse('2024-09-10T23:59:59Z'));
      expect(application.submittedAt.getTime()).toBeGreaterThanOrEqual(a.registeredAt.getTime());
      const agencyRegion = AGENCIES.find((g) => g.code === formation.agencyCode)!.regionCode.replace('.', '');
      expect(application.participantNumber).toBe(`24${agencyRegion}${String(i + 1).padStart(8, '0')}`);
    });
  });

  it('looks like a real applicant pool: about half women, GPA around 3.3, 1-2% with a disability, some one-word names', () => {
    const n = big.applicants.length;
    const women = big.applicants.filter((a) => a.gender === 'FEMALE').length / n;
    expect(women).toBeGreaterThan(0.45);
    expect(women).toBeLessThan(0.6);
    const gpa = big.applicants.reduce((s, a) => s + Number(a.gpa), 0) / n;
    expect(gpa).toBeGreaterThan(3.25);
    expect(gpa).toBeLessThan(3.4);
    const disability = big.applicants.filter((a) => a.disability).length / n;
    expect(disability).toBeGreaterThanOrEqual(0.01);
    expect(disability).toBeLessThanOrEqual(0.02);
    const single = big.applicants.filter((a) => !a.fullName.includes(' ')).length / n;
    expect(single).toBeGreaterThan(0.03);
    expect(single).toBeLessThan(0.15);
    expect(new Set(big.applicants.map((a) => a.fullName)).size).toBeGreaterThan(n / 4);
  });

  it('draws more applicants per seat to Guru, Perawat and Pranata Komputer than to Dokter, and some to every formation', () => {
    const perFormation = new Map<string, number>();
    for (const a of big.applications) perFormation.set(a.formationCode, (perFormation.get(a.formationCode) ?? 0) + 1);
    const ratio = (pred: (title: string) => boolean) => {
      const fs = FORMATIONS_2024.filter((f) => f.type === 'UMUM' && pred(f.jobTitle));
      return fs.reduce((s, f) => s + (perFormation.get(f.code) ?? 0), 0) / fs.reduce((s, f) => s + f.quota, 0);
    };
    const popular = ratio((t) => /^(Guru|Perawat|Pranata Komputer)/.test(t));
    const dokter = ratio((t) => t.startsWith('Dokter'));
    expect(popular).toBeGreaterThan(3 * dokter);
    for (const f of FORMATIONS_2024) expect(perFormation.get(f.code) ?? 0, f.code).toBeGreaterThan(0);
  });

  it('refuses counts and seeds it cannot honour', () => {
    expect(() => generateSynthetic({ applicants: -1, seed: 1 })).toThrow(RangeError);
    expect(() => generateSynthetic({ applicants: 1.5, seed: 1 })).toThrow(RangeError);
    expect(() => generateSynthetic({ applicants: 1, seed: -1 })).toThrow(RangeError);
    expect(generateSynthetic({ applicants: 0, seed: 1 })).toEqual({ applicants: [], applications: [] });
  });
});
