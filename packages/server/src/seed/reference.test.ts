import { describe, expect, it } from 'vitest';
import { RULES_2024 } from '../domain/rules.js';
import { AGENCIES, FORMATIONS_2024, JOBS, REGIONS, SEED_ARTICLE_REGION_CODES, SELECTION_YEARS, SERVICE_UNITS } from './reference.js';

const regionByCode = new Map(REGIONS.map((r) => [r.code, r]));

describe('reference data', () => {
  it('has unique codes everywhere', () => {
    for (const codes of [
      REGIONS.map((r) => r.code),
      REGIONS.map((r) => r.bpsCode),
      AGENCIES.map((a) => a.code),
      SERVICE_UNITS.map((u) => u.code),
      FORMATIONS_2024.map((f) => f.code),
    ]) {
      expect(new Set(codes).size).toBe(codes.length);
    }
  });

  it('holds the five seed-article regions with their Kemendagri and BPS codes (RULES.md)', () => {
    const expected = {
      '16.71.14': { name: 'Plaju', bpsCode: '1671031', kind: 'KECAMATAN', parentCode: '16.71' },
      '15.71': { name: 'Kota Jambi', bpsCode: '1571', kind: 'KOTA', parentCode: '15', population: 649_656 },
      '15.04': { name: 'Kabupaten Batanghari', bpsCode: '1504', kind: 'KABUPATEN', parentCode: '15', population: 307_361 },
      '17.01.05': { name: 'Kota Manna', bpsCode: '1701041', kind: 'KECAMATAN', parentCode: '17.01' },
      '33.74': { name: 'Kota Semarang', bpsCode: '3374', kind: 'KOTA', parentCode: '33', population: 1_702_379 },
    };
    expect(Object.keys(expected)).toEqual([...SEED_ARTICLE_REGION_CODES]);
    for (const [code, region] of Object.entries(expected)) expect(regionByCode.get(code), code).toMatchObject(region);
    expect(regionByCode.get('16.71')).toMatchObject({ name: 'Kota Palembang', population: 1_801_367, parentCode: '16' });
    expect(regionByCode.get('17.01')).toMatchObject({ name: 'Kabupaten Bengkulu Selatan', population: 177_137, parentCode: '17' });
  });

  it('forms a tree whose codes extend their parent codes', () => {
    for (const r of REGIONS) {
      if (r.parentCode === null) {
        expect(r.kind).toBe('PROVINCE');
        continue;
      }
      const parent = regionByCode.get(r.parentCode);
      expect(parent, r.code).toBeDefined();
      expect(r.code.startsWith(`${r.parentCode}.`)).toBe(true);
      expect(r.kind === 'KECAMATAN' ? ['KOTA', 'KABUPATEN'] : ['PROVINCE'], r.code).toContain(parent!.kind);
    }
  });

  it('has one regional government per kabupaten/kota and 2-4 units per seed-article region', () => {
    const regencies = REGIONS.filter((r) => r.kind === 'KOTA' || r.kind === 'KABUPATEN');
    expect(AGENCIES.map((a) => a.regionCode).sort()).toEqual(regencies.map((r) => r.code).sort());
    for (const a of AGENCIES) expect(a.level).toBe(regionByCode.get(a.regionCode)!.kind);
    for (const code of SEED_ARTICLE_REGION_CODES) {
      const units = SERVICE_UNITS.filter((u) => u.regionCode === code);
      expect(units.length, code).toBeGreaterThanOrEqual(2);
      expect(units.length, code).toBeLessThanOrEqual(4);
    }
    for (const u of SERVICE_UNITS) {
      const agency = AGENCIES.find((a) => a.code === u.agencyCode)!;
      // A unit sits in its agency's region or in a kecamatan under it.
      expect(u.regionCode === agency.regionCode || regionByCode.get(u.regionCode)!.parentCode === agency.regionCode, u.code).toBe(true);
      expect(u.populationServed).toBeGreaterThan(0);
    }
  });

  it('stores the 2024 selection year with its registration window and RULES_2024', () => {
    expect(SELECTION_YEARS).toEqual([
      {
        year: 2024,
        name: 'Seleksi CASN 2024',
        registrationOpensAt: new Date('2024-08-20T00:00:00Z'),
        registrationClosesAt: new Date('2024-09-10T23:59:59Z'),
        rules: RULES_2024,
      },
    ]);
  });

  it('has 6-10 formations per agency, placed in their unit region or the agency region', () => {
    for (const agency of AGENCIES) {
      const formations = FORMATIONS_2024.filter((f) => f.agencyCode === agency.code);
      expect(formations.length, agency.code).toBeGreaterThanOrEqual(6);
      expect(formations.length, agency.code).toBeLessThanOrEqual(10);
      formations.forEach((f, i) => {
        expect(f.code).toBe(`2024-${agency.code}-${String(i + 1).padStart(3, '0')}`);
      });
    }
    for (const f of FORMATIONS_2024) {
      const unit = SERVICE_UNITS.find((u) => u.code === f.serviceUnitCode);
      expect(f.regionCode).toBe(unit ? unit.regionCode : AGENCIES.find((a) => a.code === f.agencyCode)!.regionCode);
      if (unit) expect(unit.agencyCode).toBe(f.agencyCode);
      expect(f.quota).toBeGreaterThanOrEqual(1);
      expect(f.quota).toBeLessThanOrEqual(15);
      expect(f.year).toBe(2024);
    }
    expect(FORMATIONS_2024.some((f) => f.regionCode === '16.71.14')).toBe(true);
    expect(FORMATIONS_2024.some((f) => f.regionCode === '17.01.05')).toBe(true);
  });

  it('matches education to the job grade and uses UMUM, CUMLAUDE and DISABILITAS', () => {
    for (const f of FORMATIONS_2024) {
      expect(f.jobTitle).toBe(JOBS[f.job].title);
      expect(f.educationLevel).toBe(JOBS[f.job].educationLevel);
      if (f.jobTitle.includes('Terampil')) expect(f.educationLevel, f.code).toBe('D3');
      if (f.jobTitle.includes('Ahli Pertama')) expect(['S1', 'D4'], f.code).toContain(f.educationLevel);
    }
    const types = FORMATIONS_2024.map((f) => f.type);
    expect(new Set(types)).toEqual(new Set(['UMUM', 'CUMLAUDE', 'DISABILITAS']));
    expect(types.filter((t) => t === 'UMUM').length).toBeGreaterThan(types.length / 2);
  });
});
