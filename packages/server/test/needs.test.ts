/**
 * Needs analysis and aspirations over GraphQL on the seeded world: leadership sees need, staff,
 * gap and formations per job; proposals may not exceed the gap; residents' aspirations reach the
 * public only as counts.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/access/users.js';
import { staffingGap } from '../src/domain/needs.js';
import { RULES_2024 } from '../src/domain/rules.js';
import { seedRecruitment } from '../src/seed/recruitment.js';
import { ENGINES } from './databases.js';
import { startTestApp, type TestApp } from './app.js';

const NEEDS =
  'query ($r: String!) { needsAnalysis(regionCode: $r, year: 2024) { jobTitle need currentStaff expectedRetirements gap formationsOpened formationsProposed hasNorm } }';

describe.each(ENGINES)('needs analysis on %s', (engine) => {
  let app: TestApp;
  let official: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp(engine);
    await seedRecruitment(app.db.prisma, { seed: 2024 });
    await createUser(app.db.prisma, { username: 'bappeda', displayName: 'Bappeda', role: 'OFFICIAL', password: 'sandi-bappeda-1' });
    const login = await app.gql('mutation { login(username: "bappeda", password: "sandi-bappeda-1") { token } }');
    official = { authorization: `Bearer ${login.data.login.token}` };
  });
  afterAll(() => app?.close());

  it('sums each job over the region’s units with the rule set norms, formations opened beside the gap', async () => {
    const res = await app.gql(NEEDS, { r: '16.71' });
    expect(res.errors).toBeUndefined();
    const rows = res.data.needsAnalysis as Array<Record<string, number | string | boolean>>;
    // Recompute from the stored figures: the same norm, unit by unit.
    const needs = await app.db.prisma.staffingNeed.findMany({
      where: { serviceUnit: { region: { code: { startsWith: '16.71' } } } },
      include: { serviceUnit: true, formations: true },
    });
    expect(needs.length).toBeGreaterThan(3);
    for (const row of rows) {
      const mine = needs.filter((n) => n.jobTitle === row.jobTitle);
      const gaps = mine.map((n) => staffingGap(RULES_2024.staffingNorms[n.jobTitle]!, { ...n, populationServed: n.serviceUnit.populationServed }));
      expect(row).toEqual({
        jobTitle: row.jobTitle,
        need: gaps.reduce((s, g) => s + g.need, 0),
        currentStaff: mine.reduce((s, n) => s + n.currentStaff, 0),
        expectedRetirements: mine.reduce((s, n) => s + n.expectedRetirements, 0),
        gap: gaps.reduce((s, g) => s + g.gap, 0),
        formationsOpened: mine.flatMap((n) => n.formations).reduce((s, f) => s + f.quota, 0),
        formationsProposed: 0,
        hasNorm: true,
      });
    }
    // Ordered by gap, largest first; Perawat Terampil of Puskesmas Plaju (quota 4) is there.
    expect(rows.map((r) => r.gap)).toEqual([...rows.map((r) => r.gap)].sort((a, b) => Number(b) - Number(a)));
    expect(rows.find((r) => r.jobTitle === 'Perawat Terampil')).toMatchObject({ formationsOpened: 4 });
  });

  it('lets an official propose within the gap, refuses beyond it, and approval opens the formation', async () => {
    const unit = await app.db.prisma.serviceUnit.findUniqueOrThrow({ where: { code: 'PKM-PLAJU' } });
    // The puskesmas reports its nurses: 6 in post, 2 retiring, 60,000 visits a year.
    const recorded = await app.gql(
      'mutation ($u: ID!) { recordStaffingNeed(input: { serviceUnitId: $u, selectionYear: 2024, jobTitle: "Perawat Terampil", educationLevel: D3, serviceLoad: 60000, currentStaff: 6, expectedRetirements: 2 }) { id currentStaff serviceLoad } }',
      { u: encodeGlobalID('ServiceUnit', unit.id) },
      official,
    );
    const { id: needId, ...figures } = recorded.data.recordStaffingNeed;
    expect(figures).toEqual({ currentStaff: 6, serviceLoad: 60000 });
    const need = await app.db.prisma.staffingNeed.findFirstOrThrow({
      where: { jobTitle: 'Perawat Terampil', serviceUnitId: unit.id },
      include: { serviceUnit: true, formations: true },
    });
    const { gap } = staffingGap(RULES_2024.staffingNorms['Perawat Terampil']!, { ...need, populationServed: need.serviceUnit.populationServed });
    const taken = need.formations.reduce((s, f) => s + f.quota, 0);
    // 48,000 residents x 0.5 per 1,000 = 24; 60,000 visits / 2,500 = 24: need 24, 4 remain, gap 20.
    expect(gap).toBe(20);
    const room = gap - taken;
    const PROPOSE =
      'mutation ($q: Int!) { proposeFormation(input: { staffingNeedId: ' +
      JSON.stringify(needId) +
      ', agencyCode: "PEMKOT-PALEMBANG", type: UMUM, quota: $q }) { id code status quota staffingNeed { jobTitle } } }';
    const before = await app.db.prisma.formation.count();
    const tooMany = await app.gql(PROPOSE, { q: room + 1 }, official);
    expect(tooMany.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'quota' } });
    expect(tooMany.errors?.[0]?.message).toBe(`quota: the gap is ${gap} and formations already cover ${taken}; at most ${room} more`);
    expect((await app.gql(PROPOSE, { q: 1 })).errors?.[0]?.message).toMatch(/Not authorized/);
    expect(await app.db.prisma.formation.count()).toBe(before);
    const ok = await app.gql(PROPOSE, { q: 1 }, official);
    expect(ok.data.proposeFormation).toMatchObject({ status: 'PROPOSED', quota: 1, staffingNeed: { jobTitle: 'Perawat Terampil' } });
    expect((await app.gql(NEEDS, { r: '16.71.14' })).data.needsAnalysis.find((r: any) => r.jobTitle === 'Perawat Terampil')).toMatchObject({
      formationsProposed: 1,
    });
    const APPROVE = 'mutation ($f: ID!) { approveFormation(formationId: $f) { status approvedAt } }';
    const approved = await app.gql(APPROVE, { f: ok.data.proposeFormation.id }, official);
    expect(approved.data.approveFormation.status).toBe('APPROVED');
    const twice = await app.gql(APPROVE, { f: ok.data.proposeFormation.id }, official);
    expect(twice.errors?.[0]?.message).toBe('formationId: this formation is already approved');
  });

  it('takes anonymous aspirations and shows the public only the counts', async () => {
    const unit = await app.db.prisma.serviceUnit.findUniqueOrThrow({ where: { code: 'PKM-PLAJU' } });
    const before = await app.gql('{ serviceAspirations(regionCode: "16.71.14") { total byCategory { category count } } }');
    const SUBMIT =
      'mutation ($u: ID, $t: String!, $d: String) { submitServiceAspiration(input: { regionCode: "16.71", serviceUnitId: $u, category: KESEHATAN, text: $t }, deviceToken: $d) { category receivedAt } }';
    const d = (await app.gql('mutation { issueDeviceToken { token } }')).data.issueDeviceToken.token;
    const res = await app.gql(SUBMIT, { u: encodeGlobalID('ServiceUnit', unit.id), t: 'Bidan di puskesmas kami hanya satu orang.', d });
    expect(res.data.submitServiceAspiration.category).toBe('KESEHATAN');
    const short = await app.gql(SUBMIT, { u: null, t: 'pendek', d });
    expect(short.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'text' } });
    const after = await app.gql('{ serviceAspirations(regionCode: "16.71.14") { total byCategory { category count } byUnit { serviceUnit { code } count } } }');
    expect(after.data.serviceAspirations.total).toBe(before.data.serviceAspirations.total + 1);
    const kesehatan = (r: any) => r.data.serviceAspirations.byCategory.find((c: any) => c.category === 'KESEHATAN')?.count ?? 0;
    expect(kesehatan(after)).toBe(kesehatan(before) + 1);
    expect(JSON.stringify(after)).not.toContain('Bidan di puskesmas');
    const texts = 'query { serviceAspirationTexts(regionCode: "16.71", first: 5) { edges { node { text } } } }';
    expect((await app.gql(texts)).errors?.[0]?.message).toMatch(/Not authorized/);
    expect((await app.gql(texts, {}, official)).data.serviceAspirationTexts.edges[0].node.text).toBe('Bidan di puskesmas kami hanya satu orang.');
  });
});
