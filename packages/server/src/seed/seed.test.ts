import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, freshDatabase, type TestDatabase } from '../../test/databases.js';
import { FORMATIONS_2024, REGIONS, SERVICE_UNITS } from './reference.js';
import { isSeeded, seedAll, seedReference, seedSynthetic, SyntheticSeedConflictError } from './seed.js';
import { generateSynthetic } from './synthetic.js';

const TABLES = ['Region', 'Agency', 'ServiceUnit', 'SelectionYear', 'Formation'] as const;

describe.each(ENGINES)('seeding %s', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase(engine);
  });
  afterAll(() => db?.close());

  /** Row counts and row versions (xmin changes on any UPDATE, even one writing the same values). */
  async function snapshot() {
    const out: Record<string, string[]> = {};
    for (const table of TABLES) {
      const rows = await db.prisma.$queryRawUnsafe<Array<{ id: number; x: string }>>(`select id, xmin::text as x from "${table}" order by id`);
      out[table] = rows.map((r) => `${r.id}:${r.x}`);
    }
    return out;
  }

  it('is not seeded before seedReference and is after', async () => {
    expect(await isSeeded(db.prisma)).toBe(false);
    const first = await seedReference(db.prisma);
    expect(first.regions.created).toBe(0);
    expect(first.regions.updated + first.regions.unchanged).toBe(REGIONS.length);
    expect(first.serviceUnits.created).toBe(SERVICE_UNITS.length);
    expect(first.formations.created).toBe(FORMATIONS_2024.length);
    expect(first.selectionYears.created).toBe(1);
    expect(await isSeeded(db.prisma)).toBe(true);
  });

  it('changes nothing when run again: same rows, not even a rewrite', async () => {
    const before = await snapshot();
    const again = await seedReference(db.prisma);
    for (const count of Object.values(again)) expect(count.created + count.updated).toBe(0);
    expect(await snapshot()).toEqual(before);
    expect(before.Region).toHaveLength(38 + 514 + 7285);
    expect(before.Formation).toHaveLength(FORMATIONS_2024.length);
  });

  it('stores the five seed-article regions with their Kemendagri and BPS codes and parents', async () => {
    const regions = await db.prisma.region.findMany({ include: { parent: true } });
    const find = (code: string) => regions.find((r) => r.code === code);
    expect(find('16.71.14')).toMatchObject({ name: 'Plaju', bpsCode: '1671031', kind: 'KECAMATAN', parent: { code: '16.71', name: 'Kota Palembang' } });
    expect(find('15.71')).toMatchObject({ name: 'Kota Jambi', bpsCode: '1571', kind: 'KOTA', population: 649_656, parent: { code: '15' } });
    expect(find('15.04')).toMatchObject({ name: 'Kabupaten Batanghari', bpsCode: '1504', kind: 'KABUPATEN', population: 307_361, parent: { code: '15' } });
    expect(find('17.01.05')).toMatchObject({
      name: 'Kota Manna',
      bpsCode: '1701041',
      kind: 'KECAMATAN',
      parent: { code: '17.01', name: 'Kabupaten Bengkulu Selatan' },
    });
    expect(find('33.74')).toMatchObject({
      name: 'Kota Semarang',
      bpsCode: '3374',
      kind: 'KOTA',
      population: 1_702_379,
      parent: { code: '33', name: 'Jawa Tengah' },
    });
    expect(find('16.71')).toMatchObject({ population: 1_801_367, parent: { code: '16' } });
  });

  it('places formations in their unit region, else the agency region, with the 2024 rules', async () => {
    const formations = await db.prisma.formation.findMany({ include: { serviceUnit: true, agency: true, selectionYear: true } });
    for (const f of formations) expect(f.regionId, f.code).toBe(f.serviceUnit?.regionId ?? f.agency.regionId);
    const year = formations[0]!.selectionYear;
    expect(year).toMatchObject({ year: 2024, name: 'Seleksi CASN 2024', registrationOpensAt: new Date('2024-08-20T00:00:00Z') });
    expect((year.rules as { thresholds: { UMUM: unknown } }).thresholds.UMUM).toEqual({ TWK: 65, TIU: 80, TKP: 166 });
  });

  it('puts back a reference row edited by hand, touching only that row', async () => {
    await db.prisma.region.update({ where: { code: '15.04' }, data: { population: 1 } });
    const result = await seedReference(db.prisma);
    expect(result.regions).toEqual({ created: 0, updated: 1, unchanged: REGIONS.length - 1 });
    expect((await db.prisma.region.findUniqueOrThrow({ where: { code: '15.04' } })).population).toBe(307_361);
  });

  it('loads synthetic applicants once: the same call twice adds nothing, a larger count adds the difference', async () => {
    const first = await seedSynthetic(db.prisma, { applicants: 600, seed: 11, batchSize: 250 });
    expect(first).toEqual({ requested: 600, applicantsCreated: 600, applicationsCreated: 600 });
    expect(await seedSynthetic(db.prisma, { applicants: 600, seed: 11, batchSize: 250 })).toEqual({
      requested: 600,
      applicantsCreated: 0,
      applicationsCreated: 0,
    });
    expect(await seedSynthetic(db.prisma, { applicants: 800, seed: 11, batchSize: 250 })).toEqual({
      requested: 800,
      applicantsCreated: 200,
      applicationsCreated: 200,
    });
    expect(await db.prisma.applicant.count()).toBe(800);
    expect(await db.prisma.application.count()).toBe(800);
    const perApplicant = await db.prisma.application.groupBy({ by: ['applicantId'], _count: true });
    expect(perApplicant).toHaveLength(800);
  });

  it('stores the generated rows as generated (dates, GPA, keys)', async () => {
    const expected = generateSynthetic({ applicants: 3, seed: 11 });
    for (const [i, row] of expected.applicants.entries()) {
      const stored = await db.prisma.applicant.findUniqueOrThrow({
        where: { nik: row.nik },
        include: { originRegion: true, applications: { include: { formation: true } } },
      });
      expect(stored).toMatchObject({
        fullName: row.fullName,
        email: row.email,
        gender: row.gender,
        birthDate: row.birthDate,
        createdAt: row.registeredAt,
        disability: row.disability,
      });
      expect(stored.gpa.toFixed(2)).toBe(row.gpa);
      expect(stored.originRegion.code).toBe(row.originRegionCode);
      const application = expected.applications[i]!;
      expect(stored.applications).toHaveLength(1);
      expect(stored.applications[0]).toMatchObject({
        participantNumber: application.participantNumber,
        createdAt: application.submittedAt,
        formation: { code: application.formationCode },
      });
    }
  });

  it('refuses to mix in another seed, and seedAll on a seeded database adds nothing', async () => {
    await expect(seedSynthetic(db.prisma, { applicants: 10, seed: 12 })).rejects.toThrow(SyntheticSeedConflictError);
    expect(await db.prisma.applicant.count()).toBe(800);
    const all = await seedAll(db.prisma, { applicants: 800, seed: 11 });
    expect(all.synthetic).toEqual({ requested: 800, applicantsCreated: 0, applicationsCreated: 0 });
    expect(all.reference.formations).toEqual({ created: 0, updated: 0, unchanged: FORMATIONS_2024.length });
  });
});
