/** SKB results and the FINAL ranking: SKD/550 x 100 x 40% + SKB x 60%, quota selected. */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/access/users.js';
import { verifyLogOfSession } from '../src/exams/ledger-verify.js';
import { ENGINES } from './databases.js';
import { startTestApp, type TestApp } from './app.js';
import { createExamWorld, openSkbSession, type ExamWorld } from './exam-fixture.js';

const at = '2024-11-20T03:00:00.000Z';
const SKD = [
  { twk: 120, tiu: 130, tkp: 190 }, // 440
  { twk: 100, tiu: 120, tkp: 200 }, // 420
  { twk: 110, tiu: 110, tkp: 200 }, // 420
  { twk: 60, tiu: 150, tkp: 200 }, // TL: never reaches SKB
];
const SKB_OF = [60, 90, 85]; // finals: 440→32.00+36=68.00, 420→30.545+54=84.545, 420→30.545+51=81.545

describe.each(ENGINES)('final ranking on %s', (engine) => {
  let app: TestApp;
  let world: ExamWorld;
  let skbSession: string;
  let auth: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp(engine);
    world = await createExamWorld(app.db.prisma, { applicants: 4, quota: 1 });
    auth = { 'x-api-key': world.apiKey };
    const results = SKD.map((s, i) => ({ participantNumber: world.participants[i]!.participantNumber, ...s, finishedAt: at }));
    const r = await app.gql(
      `mutation($s: ID!, $r: [ExamResultInput!]!) { submitExamResults(sessionId: $s, batchId: "skd", results: $r) { created } }`,
      { s: world.sessionGlobalId, r: results },
      auth,
    );
    expect(r.errors).toBeUndefined();
    skbSession = (
      await openSkbSession(
        app.db.prisma,
        world,
        world.participants.slice(0, 3).map((p) => p.participantNumber),
      )
    ).sessionGlobalId;
  });
  afterAll(() => app?.close());

  const SKB = `mutation($s: ID!, $b: String!, $r: [SkbResultInput!]!) { submitSkbResults(sessionId: $s, batchId: $b, results: $r) { created unchanged replayed } }`;
  const FINAL = `query($f: ID!) { ranking(formationId: $f, stage: FINAL) { totalCount edges { node { rank total skb final resultCode participantNumber } } } }`;

  it('refuses SKB results naming the component, and in an SKD session', async () => {
    const p = world.participants[0]!.participantNumber;
    const bad = await app.gql(SKB, { s: skbSession, b: 'bad', r: [{ participantNumber: p, components: [{ name: 'CAT', score: 101 }], finishedAt: at }] }, auth);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_SCORE', field: 'results[0].components.CAT' });
    const unknown = await app.gql(
      SKB,
      { s: skbSession, b: 'bad2', r: [{ participantNumber: p, components: [{ name: 'WAWANCARA', score: 80 }], finishedAt: at }] },
      auth,
    );
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_SCORE' });
    const wrong = await app.gql(
      SKB,
      { s: world.sessionGlobalId, b: 'bad3', r: [{ participantNumber: p, components: [{ name: 'CAT', score: 80 }], finishedAt: at }] },
      auth,
    );
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'WRONG_STAGE', field: 'sessionId' });
    expect(await app.db.prisma.skbResult.count()).toBe(0);
  });

  it('ranks finalists by the integrated score, selects the quota, and keeps the ledger checkable', async () => {
    const r = world.participants
      .slice(0, 3)
      .map((p, i) => ({ participantNumber: p.participantNumber, components: [{ name: 'CAT', score: SKB_OF[i] }], finishedAt: at }));
    const first = await app.gql(SKB, { s: skbSession, b: 'skb-1', r }, auth);
    expect(first.data.submitSkbResults).toEqual({ created: 3, unchanged: 0, replayed: false });
    expect((await app.gql(SKB, { s: skbSession, b: 'skb-1', r }, auth)).data.submitSkbResults.replayed).toBe(true);

    const { data, errors } = await app.gql(FINAL, { f: world.formationGlobalId });
    expect(errors).toBeUndefined();
    const rows = data.ranking.edges.map((e: any) => e.node);
    expect(data.ranking.totalCount).toBe(3);
    expect(rows.map((x: any) => [x.rank, x.total, x.skb, x.resultCode])).toEqual([
      [1, 420, 90, 'P_L'],
      [2, 420, 85, 'P'],
      [3, 440, 60, 'P'],
    ]);
    expect(rows[0].final).toBeCloseTo((420 / 550) * 100 * 0.4 + 90 * 0.6, 10);
    expect(rows[2].final).toBeCloseTo(68, 10);
    expect(rows[0].participantNumber).toContain('****');
    // Optimalisasi: a sibling formation (same agency, job and education) with a seat and no finalist
    // of its own takes the best unselected finalist of this one, as P/L-2.
    const a = await app.db.prisma.formation.findUniqueOrThrow({ where: { id: world.formationId } });
    const sibling = await app.db.prisma.formation.create({
      data: {
        code: `${a.code}-OPT`,
        jobTitle: a.jobTitle,
        educationLevel: a.educationLevel,
        type: 'UMUM',
        quota: 1,
        agencyId: a.agencyId,
        regionId: a.regionId,
        selectionYearId: a.selectionYearId,
      },
    });
    const placed = await app.gql(`query($f: ID!) { ranking(formationId: $f, stage: FINAL) { totalCount edges { node { rank skb resultCode } } } }`, {
      f: encodeGlobalID('Formation', sibling.id),
    });
    expect(placed.data.ranking.edges.map((e: any) => e.node)).toEqual([{ rank: 1, skb: 85, resultCode: 'P_L_2' }]);

    const skbId = Number(Buffer.from(skbSession, 'base64').toString().split(':')[1]);
    expect((await verifyLogOfSession(app.db.prisma, skbId)).problem).toBeUndefined();
    await app.db.prisma.$executeRawUnsafe(`update "SkbResult" set score = score + 1 where "participantNumber" = '${world.participants[0]!.participantNumber}'`);
    expect((await verifyLogOfSession(app.db.prisma, skbId)).problem).toBeDefined();
  });

  it('optimalisasi leaves a PAPUA seat open rather than fill it with an applicant not from Papua', async () => {
    const a = await app.db.prisma.formation.findUniqueOrThrow({ where: { id: world.formationId } });
    const papua = await app.db.prisma.formation.create({
      data: {
        code: `${a.code}-PAPUA`,
        jobTitle: a.jobTitle,
        educationLevel: a.educationLevel,
        type: 'PAPUA',
        quota: 1,
        agencyId: a.agencyId,
        regionId: a.regionId,
        selectionYearId: a.selectionYearId,
      },
    });
    const PLACED = `query($f: ID!) { ranking(formationId: $f, stage: FINAL) { totalCount edges { node { rank skb resultCode } } } }`;
    const f = encodeGlobalID('Formation', papua.id);
    // The one finalist still unplaced (SKB 60, 61 since the ledger check above) comes from Kota Jambi (15.71).
    const before = await app.gql(PLACED, { f });
    expect(before.errors).toBeUndefined();
    expect(before.data.ranking).toEqual({ totalCount: 0, edges: [] });
    // The same finalist with an origin in Papua (Kota Jayapura, 91.71) takes the seat.
    const jayapura = await app.db.prisma.region.findUniqueOrThrow({ where: { code: '91.71' } });
    const third = await app.db.prisma.application.findUniqueOrThrow({ where: { participantNumber: world.participants[0]!.participantNumber } });
    await app.db.prisma.applicant.update({ where: { id: third.applicantId }, data: { originRegionId: jayapura.id } });
    const after = await app.gql(PLACED, { f });
    expect(after.data.ranking.edges.map((e: any) => e.node)).toEqual([{ rank: 1, skb: 61, resultCode: 'P_L_2' }]);
  });

  it('publishes the SKD and FINAL announcements from the rankings, frozen, with corrections as new versions', async () => {
    await createUser(app.db.prisma, { username: 'panselnas', displayName: 'Panselnas', role: 'OFFICIAL', password: 'sandi-panselnas' });
    const login = await app.gql('mutation { login(username: "panselnas", password: "sandi-panselnas") { token } }');
    const official = { authorization: `Bearer ${login.data.login.token}` };
    const PUBLISH =
      'mutation ($f: ID!, $s: AnnouncementStage!) { publishAnnouncement(formationId: $f, stage: $s) { version replaces { version } entries(first: 10) { edges { node { participantNumber resultCode rank } } } } }';
    const entries = (r: any) => r.data.publishAnnouncement.entries.edges.map((e: any) => e.node);

    const skd = await app.gql(PUBLISH, { f: world.formationGlobalId, s: 'SKD' }, official);
    expect(skd.errors).toBeUndefined();
    // Quota 1: the cut is 3 x 1 = 3 passers (P/L; the two 420s part on TIU); the fourth failed TWK (TL).
    expect(entries(skd).map((e: any) => [e.rank, e.resultCode])).toEqual([
      [1, 'P/L'],
      [2, 'P/L'],
      [3, 'P/L'],
      [4, 'TL'],
    ]);
    expect(entries(skd)[0].participantNumber).toBe(world.participants[0]!.participantNumber);

    const final = await app.gql(PUBLISH, { f: world.formationGlobalId, s: 'FINAL' }, official);
    const ranking = await app.gql(FINAL, { f: world.formationGlobalId }, official);
    const expected = ranking.data.ranking.edges.map((e: any) => ({
      participantNumber: e.node.participantNumber,
      resultCode: e.node.resultCode.replace(/_/g, '/'),
      rank: e.node.rank,
    }));
    expect(entries(final)).toEqual(expected);
    expect(final.data.publishAnnouncement).toMatchObject({ version: 1, replaces: null });

    const correction = await app.gql(PUBLISH, { f: world.formationGlobalId, s: 'FINAL' }, official);
    expect(correction.data.publishAnnouncement).toMatchObject({ version: 2, replaces: { version: 1 } });
    // The public reads the same lists masked.
    const pub = await app.gql(
      'query ($f: ID!) { announcements(formationId: $f, stage: SKD, first: 1) { edges { node { entries(first: 1) { edges { node { participantNumber } } } } } } }',
      { f: world.formationGlobalId },
    );
    expect(pub.data.announcements.edges[0].node.entries.edges[0].node.participantNumber).toContain('****');
  });
});
