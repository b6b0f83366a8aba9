/**
 * Recruitment KPIs on a small world whose every count is known: applications with admin results
 * set by hand, SKD and SKB results through the API, announcements, an optimalisasi sibling. The
 * query, its roll-up along the region tree, the tally the database keeps, and the live topic.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import { createApiKey } from '../src/access/api-keys.js';
import { ENGINES } from './databases.js';
import { startTestApp, type TestApp } from './app.js';

const KPIS = `query($r: String!, $y: Int) { recruitmentKpis(regionCode: $r, selectionYear: $y) {
  id formationCount quota applicants competitionRatio fillRate fillRateBeforeOptimalisasi filledSeats placedByOptimalisasi
  unfilledFormationCount unfilledSeats daysToFinalResult
  funnel { step count }
  stages { stage entered passed passRate daysToStart daysToAnnouncement }
  mostContested(first: 3) { formation { code } applicants quota competitionRatio eligible skdSat skdAbsent skdPassed advancedToSkb skbSat selected placedByOptimalisasi filled finalKnown }
  byGender { gender count } byEducationLevel { educationLevel count } byDisability { disability count } byOrigin { region { code } count }
  region { code } selectionYear { year }
} }`;

// SKD scores of the five MS applicants of formation A (one of them will not show up).
const SKD = [
  { twk: 120, tiu: 130, tkp: 190 }, // 440 passes
  { twk: 100, tiu: 120, tkp: 200 }, // 420 passes
  { twk: 110, tiu: 110, tkp: 200 }, // 420 passes
  { twk: 60, tiu: 150, tkp: 200 }, // TWK below 65: TL
];
const SKB = [60, 90, 85];
const at = '2024-10-21T03:00:00.000Z';

interface World {
  formationA: { id: number; code: string };
  formationB: { id: number; code: string };
  participants: string[];
  applicationIds: number[];
  applicantIds: number[];
  skdSession: string;
  apiKey: string;
  kotaJambiId: number;
}

/** Six applicants to formation A in Kota Jambi, two to a Batanghari formation; A gets a sibling B for optimalisasi. */
async function buildWorld(prisma: PrismaClient): Promise<World> {
  const jambi = await prisma.region.findUniqueOrThrow({ where: { code: '15.71' } });
  const semarang = await prisma.region.findUniqueOrThrow({ where: { code: '33.74' } });
  const a = await prisma.formation.findFirstOrThrow({ where: { region: { code: '15.71' } }, orderBy: { id: 'asc' } });
  await prisma.formation.update({ where: { id: a.id }, data: { quota: 1, type: 'UMUM' } });
  const b = await prisma.formation.create({
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
  const c = await prisma.formation.findFirstOrThrow({ where: { region: { code: '15.04' } }, orderBy: { id: 'asc' } });
  const people = [
    { gender: 'FEMALE', origin: jambi.id, disability: false, admin: 'MS' },
    { gender: 'FEMALE', origin: jambi.id, disability: true, admin: 'MS' },
    { gender: 'FEMALE', origin: semarang.id, disability: false, admin: 'MS' },
    { gender: 'MALE', origin: jambi.id, disability: false, admin: 'MS' },
    { gender: 'MALE', origin: jambi.id, disability: false, admin: 'MS' }, // will be absent
    { gender: 'MALE', origin: semarang.id, disability: false, admin: 'TMS' },
    { gender: 'MALE', origin: jambi.id, disability: false, admin: null, formation: c }, // Batanghari, not checked yet
    { gender: 'FEMALE', origin: jambi.id, disability: false, admin: null, formation: c },
  ] as const;
  const participants: string[] = [];
  const applicationIds: number[] = [];
  const applicantIds: number[] = [];
  for (const [i, p] of people.entries()) {
    const f = 'formation' in p ? p.formation : a;
    const applicant = await prisma.applicant.create({
      data: {
        nik: `15710141089900${String(10 + i)}`,
        fullName: `Pelamar Uji ${i}`,
        birthDate: new Date('1999-08-01T00:00:00Z'),
        gender: p.gender,
        email: `kpi${i}@contoh.test`,
        phone: `08127000${String(100 + i)}`,
        educationLevel: f.educationLevel,
        major: 'Kedokteran',
        gpa: '3.40',
        disability: p.disability,
        originRegionId: p.origin,
      },
    });
    const participantNumber = `2415710K${String(i).padStart(6, '0')}`;
    const application = await prisma.application.create({
      data: {
        participantNumber,
        applicantId: applicant.id,
        formationId: f.id,
        selectionYearId: f.selectionYearId,
        ...(p.admin
          ? { status: 'ANNOUNCED', adminResult: p.admin, verifiedAt: new Date('2024-09-25T00:00:00Z'), announcedAt: new Date('2024-09-30T08:00:00Z') }
          : {}),
      },
    });
    participants.push(participantNumber);
    applicationIds.push(application.id);
    applicantIds.push(applicant.id);
  }
  const site = await prisma.examSite.create({ data: { code: 'KPI-SITE', name: 'Titik Lokasi KPI', regionId: jambi.id } });
  const session = await prisma.examSession.create({
    data: {
      siteId: site.id,
      selectionYearId: a.selectionYearId,
      date: new Date('2024-10-21T00:00:00Z'),
      number: 1,
      stage: 'SKD',
      status: 'RUNNING',
      startedAt: new Date(at),
    },
  });
  await prisma.examSeat.createMany({
    data: [0, 1, 2, 3, 4].map((i) => ({ sessionId: session.id, applicationId: applicationIds[i]!, participantNumber: participants[i]! })),
  });
  const { key } = await createApiKey(prisma, { name: 'CAT KPI', scopes: ['scores:write'] });
  return {
    formationA: { id: a.id, code: a.code },
    formationB: { id: b.id, code: b.code },
    participants,
    applicationIds,
    applicantIds,
    skdSession: encodeGlobalID('ExamSession', session.id),
    apiKey: key,
    kotaJambiId: jambi.id,
  };
}

/** The tally the triggers keep, against the same counts taken from the applications themselves. */
async function tallyMatchesApplications(prisma: PrismaClient) {
  const kept = await prisma.$queryRaw<Array<{ k: string; n: number }>>`
    select concat_ws('|', "formationId", "status", "verified", "eligible", "gender", "educationLevel", "disability", "originRegionId") as k, sum("count")::int as n
    from "ApplicationTally" group by 1 having sum("count") <> 0 order by 1`;
  const actual = await prisma.$queryRaw<Array<{ k: string; n: number }>>`
    select concat_ws('|', a."formationId", a."status", a."adminResult" is not null, coalesce(a."adminResult" = 'MS', false), p."gender", p."educationLevel", p."disability", p."originRegionId") as k, count(*)::int as n
    from "Application" a join "Applicant" p on p."id" = a."applicantId" group by 1 order by 1`;
  expect(kept).toEqual(actual);
}

describe.each(ENGINES)('recruitment KPIs on %s', (engine) => {
  let app: TestApp;
  let world: World;
  beforeAll(async () => {
    app = await startTestApp(engine);
    const prisma = app.db.prisma;
    world = await buildWorld(prisma);
    const auth = { 'x-api-key': world.apiKey };
    const results = SKD.map((s, i) => ({ participantNumber: world.participants[i]!, ...s, finishedAt: at }));
    const skd = await app.gql(
      `mutation($s: ID!, $r: [ExamResultInput!]!) { submitExamResults(sessionId: $s, batchId: "kpi-skd", results: $r) { created } }`,
      { s: world.skdSession, r: results },
      auth,
    );
    expect(skd.errors).toBeUndefined();
    expect((await app.gql(`mutation($s: ID!) { closeExamSession(id: $s) { status } }`, { s: world.skdSession }, auth)).errors).toBeUndefined();
    const skdRow = await prisma.examSession.findFirstOrThrow({ where: { stage: 'SKD', site: { code: 'KPI-SITE' } } });
    const skbSession = await prisma.examSession.create({
      data: {
        siteId: skdRow.siteId,
        selectionYearId: skdRow.selectionYearId,
        date: new Date('2024-11-20T00:00:00Z'),
        number: 1,
        stage: 'SKB',
        status: 'RUNNING',
      },
    });
    await prisma.examSeat.createMany({
      data: [0, 1, 2].map((i) => ({ sessionId: skbSession.id, applicationId: world.applicationIds[i]!, participantNumber: world.participants[i]! })),
    });
    const skb = await app.gql(
      `mutation($s: ID!, $r: [SkbResultInput!]!) { submitSkbResults(sessionId: $s, batchId: "kpi-skb", results: $r) { created } }`,
      {
        s: encodeGlobalID('ExamSession', skbSession.id),
        r: [0, 1, 2].map((i) => ({
          participantNumber: world.participants[i],
          components: [{ name: 'CAT', score: SKB[i] }],
          finishedAt: '2024-11-20T03:00:00.000Z',
        })),
      },
      auth,
    );
    expect(skb.errors).toBeUndefined();
    for (const [stage, publishedAt] of [
      ['ADMINISTRASI', '2024-09-30T08:00:00Z'],
      ['FINAL', '2024-12-20T08:00:00Z'],
    ] as const) {
      await prisma.announcement.create({
        data: { selectionYearId: skdRow.selectionYearId, stage, formationId: world.formationA.id, version: 1, publishedAt: new Date(publishedAt) },
      });
    }
  });
  afterAll(() => app?.close());

  it('counts a region: formations, quota, applicants, funnel, stages with days, fill with optimalisasi, distributions', async () => {
    const { data, errors } = await app.gql(KPIS, { r: '15.71', y: 2024 });
    expect(errors).toBeUndefined();
    const k = data.recruitmentKpis;
    expect(k.id).toBe('15.71:2024');
    expect(k.region.code).toBe('15.71');
    expect(k.selectionYear.year).toBe(2024);
    // Ten seed formations of Kota Jambi (quota 30, A's 3 cut to 1) plus the sibling B.
    expect(k.formationCount).toBe(11);
    expect(k.quota).toBe(29);
    expect(k.applicants).toBe(6);
    expect(k.competitionRatio).toBeCloseTo(6 / 29, 10);
    expect(Object.fromEntries(k.funnel.map((s: any) => [s.step, s.count]))).toEqual({
      REGISTERED: 6,
      ELIGIBLE: 5,
      SKD_SAT: 4,
      SKD_PASSED: 3,
      SKB_ADVANCED: 3,
      SKB_SAT: 3,
      SELECTED: 1,
      FILLED: 2,
    });
    expect(k.stages).toEqual([
      { stage: 'ADMINISTRASI', entered: 6, passed: 5, passRate: 5 / 6, daysToStart: null, daysToAnnouncement: 41 },
      { stage: 'SKD', entered: 4, passed: 3, passRate: 0.75, daysToStart: 62, daysToAnnouncement: null },
      // From the SKB session's date (2024-11-20), not the time its results were written.
      { stage: 'SKB', entered: 3, passed: 1, passRate: 1 / 3, daysToStart: 92, daysToAnnouncement: null },
      { stage: 'FINAL', entered: 6, passed: 2, passRate: 2 / 6, daysToStart: null, daysToAnnouncement: 122 },
    ]);
    expect(k.daysToFinalResult).toBe(122);
    // A fills its one seat; B's seat goes to A's runner-up by optimalisasi (P/L-2).
    expect(k.filledSeats).toBe(2);
    expect(k.placedByOptimalisasi).toBe(1);
    expect(k.fillRate).toBeCloseTo(2 / 29, 10);
    expect(k.fillRateBeforeOptimalisasi).toBeCloseTo(1 / 29, 10);
    expect(k.unfilledFormationCount).toBe(0);
    expect(k.mostContested[0]).toEqual({
      formation: { code: world.formationA.code },
      applicants: 6,
      quota: 1,
      competitionRatio: 6,
      eligible: 5,
      skdSat: 4,
      skdAbsent: 1,
      skdPassed: 3,
      advancedToSkb: 3,
      skbSat: 3,
      selected: 1,
      placedByOptimalisasi: 0,
      filled: 1,
      finalKnown: true,
    });
    expect(k.byGender).toEqual([
      { gender: 'FEMALE', count: 3 },
      { gender: 'MALE', count: 3 },
    ]);
    expect(k.byEducationLevel).toEqual([{ educationLevel: 'S1', count: 6 }]);
    expect(k.byDisability).toEqual([
      { disability: false, count: 5 },
      { disability: true, count: 1 },
    ]);
    expect(k.byOrigin).toEqual([
      { region: { code: '15.71' }, count: 4 },
      { region: { code: '33.74' }, count: 2 },
    ]);
  });

  it('rolls up along the region tree: the province adds Batanghari, the latest year is the default', async () => {
    const { data } = await app.gql(KPIS, { r: '15' });
    const k = data.recruitmentKpis;
    expect(k.selectionYear.year).toBe(2024);
    expect(k.formationCount).toBe(20);
    expect(k.applicants).toBe(8);
    expect(k.stages[0]).toMatchObject({ stage: 'ADMINISTRASI', entered: 6, passed: 5 });
    expect(k.byGender).toEqual([
      { gender: 'FEMALE', count: 4 },
      { gender: 'MALE', count: 4 },
    ]);
    // A region with no formations of its own below it: zeros and unknown rates, not errors.
    const semarang = (await app.gql(KPIS, { r: '33' })).data.recruitmentKpis;
    expect(semarang.applicants).toBe(0);
    expect(semarang.competitionRatio).toBe(0);
    expect(semarang.stages[0].passRate).toBeNull();
  });

  it('answers null for a region or year that does not exist, and refuses a page over 100', async () => {
    expect((await app.gql(KPIS, { r: '99.99' })).data.recruitmentKpis).toBeNull();
    expect((await app.gql(KPIS, { r: '15.71', y: 1999 })).data.recruitmentKpis).toBeNull();
    const big = await app.gql(`{ recruitmentKpis(regionCode: "15.71") { mostContested(first: 101) { quota } } }`);
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('keeps the tally exact through status changes, applicant changes and deletions', async () => {
    const prisma = app.db.prisma;
    await tallyMatchesApplications(prisma);
    await prisma.application.updateMany({ where: { id: { in: world.applicationIds.slice(6) } }, data: { status: 'VERIFIED', adminResult: 'TMS' } });
    await prisma.applicant.update({ where: { id: world.applicantIds[6]! }, data: { gender: 'FEMALE', disability: true } });
    await tallyMatchesApplications(prisma);
    const year = await prisma.selectionYear.findUniqueOrThrow({ where: { year: 2024 } });
    // One application per applicant and year: the second is refused, and the tally stays untouched.
    const extra = await prisma.application
      .create({
        data: { participantNumber: '2415710K999999', applicantId: world.applicantIds[6]!, formationId: world.formationB.id, selectionYearId: year.id },
      })
      .catch(() => null);
    expect(extra).toBeNull();
    await tallyMatchesApplications(prisma);
    const province = (await app.gql(KPIS, { r: '15' })).data.recruitmentKpis;
    expect(province.byGender).toEqual([
      { gender: 'FEMALE', count: 5 },
      { gender: 'MALE', count: 3 },
    ]);
    expect(province.stages[0]).toMatchObject({ entered: 8, passed: 5 });
    await prisma.application.deleteMany({ where: { id: world.applicationIds[7]! } });
    await tallyMatchesApplications(prisma);
    expect((await app.gql(KPIS, { r: '15.04' })).data.recruitmentKpis.applicants).toBe(1);
  });

  it('pushes live: the snapshot first, then new figures after a score event and after an application event', async () => {
    const client = createClient({ url: `${app.server.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    const pushes: any[] = [];
    const waiters: Array<() => void> = [];
    const unsubscribe = client.subscribe<any>(
      { query: `subscription { kpisUpdated(regionCode: "15.71") { id applicants funnel { step count } } }` },
      {
        next: (m) => {
          pushes.push(m);
          for (const w of waiters.splice(0)) w();
        },
        error: () => {},
        complete: () => {},
      },
    );
    const waitFor = async (ok: (p: any) => boolean) => {
      const deadline = Date.now() + 10_000;
      while (!pushes.some(ok)) {
        if (Date.now() > deadline) throw new Error(`no matching push in ${JSON.stringify(pushes)}`);
        await new Promise<void>((r) => (waiters.push(r), setTimeout(r, 200)));
      }
    };
    const count = (p: any, step: string) => p.data?.kpisUpdated.funnel.find((s: any) => s.step === step)?.count;
    try {
      await waitFor((p) => p.data?.kpisUpdated.id === '15.71:2024');
      expect(count(pushes[0], 'SKD_PASSED')).toBe(3);
      // A disqualification is a score event: SKD_PASSED drops.
      const dis = await app.gql(
        `mutation($s: ID!, $p: String!) { disqualifyParticipant(sessionId: $s, participantNumber: $p, reason: "joki") }`,
        { s: world.skdSession, p: world.participants[2] },
        { 'x-api-key': world.apiKey },
      );
      expect(dis.errors).toBeUndefined();
      await waitFor((p) => count(p, 'SKD_PASSED') === 2);
      // An appeal accepted (TMS becomes MS), announced by the recruitment code's event.
      await app.db.prisma.application.update({ where: { id: world.applicationIds[5]! }, data: { status: 'APPEAL_ACCEPTED', adminResult: 'MS' } });
      app.events.publish('applicationsChanged', { regionIds: [world.kotaJambiId] });
      await waitFor((p) => count(p, 'ELIGIBLE') === 6);
      expect(pushes.every((p) => !p.errors)).toBe(true);
    } finally {
      unsubscribe();
      await client.dispose();
    }
  });

  it('refuses to subscribe to a region that does not exist, naming the argument', async () => {
    const client = createClient({ url: `${app.server.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    const result = await new Promise<any>((resolve) => {
      client.subscribe({ query: `subscription { kpisUpdated(regionCode: "99") { id } }` }, { next: resolve, error: resolve, complete: () => {} });
    });
    await client.dispose();
    const errors = Array.isArray(result) ? result : result.errors;
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });
  });
});
