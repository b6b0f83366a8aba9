/**
 * Targets set by a regional government and the yearly trends beside them, through the API on a
 * seeded world: the public reads the trends (aggregates only), an official sets, changes and
 * removes targets (audited), and every refusal names the field and writes nothing. The figures
 * agree with what recruitmentKpis and serviceSatisfaction say for the same region.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/access/users.js';
import { seedAll } from '../src/seed/seed.js';
import { startInstance, type TestInstance } from './app.js';
import { ENGINES, freshDatabase, type TestDatabase } from './databases.js';

const TRENDS = `query($r: String!) { regionTrends(regionCode: $r) { id region { code } series { figure better points { year actual target met gap } } } }`;
const SET = `mutation($i: SetRegionTargetInput!) { setRegionTarget(input: $i) { id series { figure points { year actual target met } } } }`;

type Series = Array<{
  figure: string;
  better: string;
  points: Array<{ year: number; actual: number | null; target: number | null; met: boolean | null; gap: number | null }>;
}>;

describe.each(ENGINES)('region targets and trends on %s', (engine) => {
  let db: TestDatabase;
  let app: TestInstance;
  const as: Record<'OFFICIAL' | 'VERIFIER', Record<string, string>> = { OFFICIAL: {}, VERIFIER: {} };

  beforeAll(async () => {
    db = await freshDatabase(engine);
    await seedAll(db.prisma, { applicants: 200, seed: 2024 });
    app = await startInstance(db);
    for (const role of ['OFFICIAL', 'VERIFIER'] as const) {
      await createUser(db.prisma, { username: `target-${role.toLowerCase()}`, displayName: role, role, password: 'kata-sandi-yang-panjang-1' });
      const login = await app.gql('mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', {
        u: `target-${role.toLowerCase()}`,
        p: 'kata-sandi-yang-panjang-1',
      });
      as[role] = { authorization: `Bearer ${login.data.login.token}` };
    }
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const figure = (series: Series, name: string) => series.find((s) => s.figure === name)!;

  it('gives the public each figure year by year, the same as the KPI and satisfaction queries say', async () => {
    const res = await app.gql(TRENDS, { r: '15.71' });
    expect(res.errors).toBeUndefined();
    const trends = res.data.regionTrends;
    expect(trends.id).toBe('15.71');
    const series = trends.series as Series;
    expect(series.map((s) => s.figure)).toEqual(['FILL_RATE', 'IKM', 'SKD_PASS_RATE', 'DAYS_TO_FINAL_RESULT']);
    expect(figure(series, 'DAYS_TO_FINAL_RESULT').better).toBe('LOWER_IS_BETTER');

    const kpis = (await app.gql('{ recruitmentKpis(regionCode: "15.71", selectionYear: 2024) { fillRate daysToFinalResult stages { stage passRate } } }')).data
      .recruitmentKpis;
    const at2024 = (name: string) => figure(series, name).points.find((p) => p.year === 2024)!.actual;
    expect(at2024('FILL_RATE')).toBe(kpis.fillRate);
    expect(at2024('SKD_PASS_RATE')).toBe(kpis.stages.find((s: { stage: string }) => s.stage === 'SKD').passRate);
    expect(at2024('DAYS_TO_FINAL_RESULT')).toBe(kpis.daysToFinalResult);

    // The seed's survey periods are the calendar years 2024-2026: IKM per year is each period's.
    const satisfaction = (await app.gql('{ serviceSatisfaction(regionCode: "15.71") { trend { period index { converted } } } }')).data.serviceSatisfaction;
    const ikm = figure(series, 'IKM').points.filter((p) => p.actual !== null);
    expect(ikm.map((p) => [String(p.year), p.actual])).toEqual(
      satisfaction.trend
        .filter((t: { index: unknown }) => t.index)
        .map((t: { period: string; index: { converted: number } }) => [t.period, expect.closeTo(t.index.converted, 9)]),
    );
    expect(ikm.length).toBeGreaterThanOrEqual(2);
    // Every figure has the same years; a year without a selection has no recruitment figure.
    const years = series[0]!.points.map((p) => p.year);
    for (const s of series) expect(s.points.map((p) => p.year)).toEqual(years);
    expect(figure(series, 'FILL_RATE').points.find((p) => p.year === 2025)?.actual).toBeNull();
    expect(series.every((s) => s.points.every((p) => p.target === null && p.met === null))).toBe(true);
    expect((await app.gql(TRENDS, { r: '99.99' })).data.regionTrends).toBeNull();
  });

  it('lets an official set, change and remove a target, audited, the answer showing it beside the figure', async () => {
    const set = await app.gql(SET, { i: { regionCode: '15.71', year: 2025, figure: 'IKM', value: 99 } }, as.OFFICIAL);
    expect(set.errors).toBeUndefined();
    const ikm2025 = figure(set.data.setRegionTarget.series, 'IKM').points.find((p: { year: number }) => p.year === 2025);
    expect(ikm2025).toMatchObject({ target: 99, met: false });
    expect(ikm2025!.actual).toBeLessThan(99);

    const changed = await app.gql(SET, { i: { regionCode: '15.71', year: 2025, figure: 'IKM', value: 70 } }, as.OFFICIAL);
    expect(figure(changed.data.setRegionTarget.series, 'IKM').points.find((p: { year: number }) => p.year === 2025)).toMatchObject({ target: 70, met: true });
    // A target for a year still to come shows ahead of its figure, in every series' years.
    const planned = await app.gql(SET, { i: { regionCode: '15.71', year: 2027, figure: 'DAYS_TO_FINAL_RESULT', value: 120 } }, as.OFFICIAL);
    const series = planned.data.setRegionTarget.series as Series;
    expect(figure(series, 'DAYS_TO_FINAL_RESULT').points.at(-1)).toEqual({ year: 2027, actual: null, target: 120, met: null });
    expect(figure(series, 'FILL_RATE').points.at(-1)!.year).toBe(2027);
    expect(await db.prisma.regionTarget.count()).toBe(2);

    const entries = await db.prisma.auditEntry.findMany({ where: { operation: 'setRegionTarget', outcome: 'OK' }, orderBy: { id: 'asc' } });
    expect(entries).toHaveLength(3);
    expect(entries[1]!.changes).toEqual([
      { entity: 'RegionTarget', id: '15.71:2025:IKM', before: { year: 2025, figure: 'IKM', value: 99 }, after: { year: 2025, figure: 'IKM', value: 70 } },
    ]);

    const removed = await app.gql(SET, { i: { regionCode: '15.71', year: 2027, figure: 'DAYS_TO_FINAL_RESULT', value: null } }, as.OFFICIAL);
    expect(removed.errors).toBeUndefined();
    expect(figure(removed.data.setRegionTarget.series, 'DAYS_TO_FINAL_RESULT').points.some((p: { year: number }) => p.year === 2027)).toBe(false);
    expect(await db.prisma.regionTarget.count()).toBe(1);
    // The public reads the target too (an aggregate, no personal data).
    const read = (await app.gql(TRENDS, { r: '15.71' })).data.regionTrends.series as Series;
    expect(figure(read, 'IKM').points.find((p) => p.year === 2025)!.target).toBe(70);
  });

  it('refuses the public and verifiers, and bad targets naming the field, writing nothing', async () => {
    const before = await db.prisma.regionTarget.findMany({ orderBy: { id: 'asc' } });
    const input = { regionCode: '15.71', year: 2024, figure: 'FILL_RATE', value: 0.9 };
    expect((await app.gql(SET, { i: input })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await app.gql(SET, { i: input }, as.VERIFIER)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const refused = async (i: Record<string, unknown>) => (await app.gql(SET, { i: { ...input, ...i } }, as.OFFICIAL)).errors?.[0]?.extensions;
    // A rate typed as a percentage, an IKM off its scale, fractional days, an unlikely year.
    expect(await refused({ value: 90 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'value' });
    expect(await refused({ figure: 'IKM', value: 12 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'value' });
    expect(await refused({ figure: 'DAYS_TO_FINAL_RESULT', value: 90.5 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'value' });
    expect(await refused({ year: 2204 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year' });
    // Only a province or kabupaten/kota government sets targets; a kecamatan has none.
    expect(await refused({ regionCode: '16.71.14' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });
    expect(await refused({ regionCode: '99.99' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });
    expect(await db.prisma.regionTarget.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
    expect(await db.prisma.auditEntry.count({ where: { operation: 'setRegionTarget', outcome: 'BAD_USER_INPUT' } })).toBe(6);
  });
});
