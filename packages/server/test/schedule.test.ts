/** scheduleExamSession: from verified applications to seats in a test site's sessions, over HTTP. */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './app.js';
import { createExamWorld, type ExamWorld } from './exam-fixture.js';

const SCHEDULE = `mutation($site: ID!, $date: Date!, $n: Int!, $stage: ExamStage!, $p: [String!]!) {
  scheduleExamSession(siteId: $site, date: $date, number: $n, stage: $stage, participantNumbers: $p) { id status stage participantCount }
}`;
const SUBMIT = `mutation($s: ID!, $b: String!, $r: [ExamResultInput!]!) { submitExamResults(sessionId: $s, batchId: $b, results: $r) { created } }`;

describe('scheduling exam sessions', () => {
  let app: TestApp;
  let world: ExamWorld;
  let auth: Record<string, string>;
  let site: string;
  const pn = (i: number) => world.participants[i]!.participantNumber;
  const seats = () => app.db.prisma.examSeat.count();
  const schedule = (vars: { n?: number; date?: string; stage?: 'SKD' | 'SKB'; p: string[] }, headers = auth) =>
    app.gql(SCHEDULE, { site, date: vars.date ?? '2024-10-22', n: vars.n ?? 2, stage: vars.stage ?? 'SKD', p: vars.p }, headers);

  beforeAll(async () => {
    app = await startTestApp('postgres');
    // Ten applicants to one formation (quota 1: the SKB cut is 3); 0-5 sit the running SKD session.
    world = await createExamWorld(app.db.prisma, { applicants: 10, quota: 1, tag: 'S' });
    auth = { 'x-api-key': world.apiKey };
    const p = app.db.prisma;
    await p.examSeat.deleteMany({ where: { participantNumber: { in: [6, 7, 8, 9].map(pn) } } });
    await p.application.updateMany({ where: { participantNumber: { in: [0, 1, 2, 3, 4, 5, 6, 7, 8].map(pn) } }, data: { adminResult: 'MS' } });
    await p.application.updateMany({ where: { participantNumber: pn(9) }, data: { adminResult: 'TMS' } });
    site = encodeGlobalID('ExamSite', (await p.examSite.findUniqueOrThrow({ where: { code: 'TEST-S' } })).id);
  });
  afterAll(() => app?.close());

  it('seats applications found MS, creating the session once; a repeat adds only who is new', async () => {
    const first = await schedule({ p: [pn(6), pn(7)] });
    expect(first.errors).toBeUndefined();
    expect(first.data.scheduleExamSession).toMatchObject({ status: 'SCHEDULED', stage: 'SKD', participantCount: 2 });
    const again = await schedule({ p: [pn(7), pn(6), pn(8)] });
    expect(again.data.scheduleExamSession).toMatchObject({ id: first.data.scheduleExamSession.id, participantCount: 3 });
    expect(await seats()).toBe(6 + 3);
  });

  it('refuses the whole list, naming the entry, when one applicant may not sit or already has a seat', async () => {
    const before = await seats();
    const tms = await schedule({ n: 3, p: [pn(8), pn(9)] });
    expect(tms.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_ELIGIBLE', field: 'participantNumbers[1]' });
    const seated = await schedule({ n: 3, p: [pn(0), pn(7)] }); // both seated elsewhere: the first listed is named
    expect(seated.errors?.[0]?.extensions).toMatchObject({ code: 'ALREADY_SCHEDULED', field: 'participantNumbers[0]' });
    const unknown = await schedule({ n: 3, p: [pn(8), '2415719999999'] });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'UNKNOWN_PARTICIPANT', field: 'participantNumbers[1]' });
    const twice = await schedule({ n: 3, p: [pn(8), pn(8)] });
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'DUPLICATE_PARTICIPANT', field: 'participantNumbers[1]' });
    expect((await schedule({ n: 5, p: [pn(8)] })).errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_SESSION', field: 'number' });
    const impossible = (await schedule({ date: '2024-02-30', p: [pn(8)] })).errors?.[0];
    expect(impossible?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(impossible?.message).toMatch(/date.*2024-02-30/);
    expect(await seats()).toBe(before);
    expect(await app.db.prisma.examSession.count({ where: { number: 3 } })).toBe(0);
  });

  it('is for officials and the CAT centre only', async () => {
    const res = await schedule({ n: 4, p: [pn(8)] }, {});
    expect(res.errors?.[0]?.message).toMatch(/not authorized/i);
  });

  it('takes no one into a session that has started', async () => {
    await app.db.prisma.examSeat.deleteMany({ where: { participantNumber: pn(8), session: { date: new Date('2024-10-22T00:00:00Z') } } });
    const session = (await schedule({ date: '2024-10-23', n: 1, p: [pn(8)] })).data.scheduleExamSession;
    await app.gql(`mutation($id: ID!) { startExamSession(id: $id) { status } }`, { id: session.id }, auth);
    const retry = await schedule({ date: '2024-10-23', n: 1, p: [pn(8)] });
    expect(retry.data.scheduleExamSession).toMatchObject({ id: session.id, status: 'RUNNING', participantCount: 1 }); // a retry: nothing new
    const other = await app.db.prisma.application.updateMany({ where: { participantNumber: pn(9) }, data: { adminResult: 'MS' } });
    expect(other.count).toBe(1);
    const refused = await schedule({ date: '2024-10-23', n: 1, p: [pn(9)] });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'SESSION_NOT_RUNNING', field: 'number' });
  });

  it('seats in SKB only those inside the SKD cut (P/L)', async () => {
    // Totals 440 > 420 > 400 > 390 > 380 > 370: the cut of 3 x quota 1 ends at the third.
    const sheet = [
      [120, 130, 190],
      [100, 120, 200],
      [100, 110, 190],
      [100, 100, 190],
      [100, 90, 190],
      [100, 80, 190],
    ];
    const res = await app.gql(
      SUBMIT,
      {
        s: world.sessionGlobalId,
        b: 'skd-all',
        r: sheet.map(([twk, tiu, tkp], i) => ({ participantNumber: pn(i), twk, tiu, tkp, finishedAt: '2024-10-21T03:00:00.000Z' })),
      },
      auth,
    );
    expect(res.errors).toBeUndefined();
    const outside = await schedule({ stage: 'SKB', date: '2024-11-20', n: 1, p: [pn(0), pn(3)] });
    expect(outside.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_ELIGIBLE', field: 'participantNumbers[1]' });
    const inside = await schedule({ stage: 'SKB', date: '2024-11-20', n: 1, p: [pn(0), pn(1), pn(2)] });
    expect(inside.data.scheduleExamSession).toMatchObject({ stage: 'SKB', participantCount: 3 });
  });
});
