import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/databases.js';
import { startInstance, type TestInstance } from '../../test/app.js';
import { seedReference } from './seed.js';
import { SCENARIO_SEED_YEAR, seedScenario } from './scenario.js';

// One engine: the scenario drives the API, which the API's own tests run on both.
describe('the seed scenario (a year through the API, scaled)', () => {
  let db: TestDatabase;
  let app: TestInstance;
  beforeAll(async () => {
    db = await freshDatabase('pglite');
    await seedReference(db.prisma);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('runs its year for `scale` kota through registration, sanggah, SKD, SKB, optimalisasi, appointment and surveys, once', { timeout: 300_000 }, async () => {
    const result = await seedScenario(db, { year: SCENARIO_SEED_YEAR, scale: 3 });
    expect(result).toMatchObject({ regions: ['61.71', '73.71', '91.71'], formations: 9, applications: 18, surveyResponses: 9 });
    // Each kota fills its three seats: the puskesmas nurse, the RSUD nurse by optimalisasi, the local-type midwife.
    expect(result!.employees).toBe(9);
    expect(await seedScenario(db, { year: SCENARIO_SEED_YEAR, scale: 3 })).toBeNull();

    app = await startInstance(db);
    const KPIS =
      'query ($r: String!, $y: Int) { recruitmentKpis(regionCode: $r, selectionYear: $y) { selectionYear { year } applicants quota filledSeats placedByOptimalisasi formationCount } }';
    const pontianak = (await app.gql(KPIS, { r: '61.71', y: SCENARIO_SEED_YEAR })).data.recruitmentKpis;
    expect(pontianak).toEqual({
      selectionYear: { year: SCENARIO_SEED_YEAR },
      applicants: 6,
      quota: 3,
      filledSeats: 3,
      placedByOptimalisasi: 1,
      formationCount: 3,
    });
    // Pontianak is in Kalimantan and Jayapura in Papua: their local formations are for those origins; Makassar's is for applicants with a disability.
    const types = await db.prisma.formation.findMany({
      where: { selectionYear: { year: SCENARIO_SEED_YEAR } },
      select: { type: true },
      orderBy: { id: 'asc' },
    });
    expect(types.map((f) => f.type)).toEqual(['UMUM', 'UMUM', 'KALIMANTAN', 'UMUM', 'UMUM', 'DISABILITAS', 'UMUM', 'UMUM', 'PAPUA']);
    // The sanggah was heard and the list re-announced as a second version.
    const announcements = await app.gql(
      '{ announcements(regionCode: "61.71", selectionYear: ' +
        SCENARIO_SEED_YEAR +
        ', stage: ADMINISTRASI, includeReplaced: true, first: 10) { edges { node { version } } } }',
    );
    expect(announcements.data.announcements.edges.map((e: any) => e.node.version).sort()).toEqual([1, 1, 2]);
    // The demo's year stays the one pages show by default.
    expect((await app.gql('{ recruitmentKpis(regionCode: "15.71") { selectionYear { year } } }')).data.recruitmentKpis.selectionYear.year).toBe(2024);
    const ikm = await app.gql('query ($r: String!) { serviceUnits(regionCode: $r) { code } }', { r: '73.71' });
    expect(ikm.data.serviceUnits.map((u: any) => u.code)).toEqual([`PKM-7371-${SCENARIO_SEED_YEAR}`, `RSUD-7371-${SCENARIO_SEED_YEAR}`]);
  });
});
