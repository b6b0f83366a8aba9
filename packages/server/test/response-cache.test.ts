/**
 * Public reads a cache can serve (issue 21, item 3), against production servers: the headers of
 * each kind of answer, the 304 round trip, a score commit reaching cached rankings within one live
 * interval (one instance in memory; two instances sharing Redis on PostgreSQL), and personal data
 * walked through the cache: an official's answer is never stored nor served to the public, and
 * what the public gets from the cache holds no name, NIK, phone or email.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/access/users.js';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import { seedReference } from '../src/seed/seed.js';
import { CACHEABLE_OPERATIONS, NO_STORE } from '../src/transport/response-cache.js';
import { startInstance, startTestApp, type TestApp, type TestInstance } from './app.js';
import { freshDatabase, type TestDatabase } from './databases.js';
import { createExamWorld, scoreCommits, type ExamWorld } from './exam-fixture.js';
import { getPersisted, persistedId } from './persisted-get.js';

const LIVE_INTERVAL_MS = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One published SKD announcement of the world's formation, with an entry per participant. */
async function publishedAnnouncement(prisma: PrismaClient, world: ExamWorld): Promise<string> {
  const formation = await prisma.formation.findUniqueOrThrow({ where: { id: world.formationId } });
  const applications = await prisma.application.findMany({ where: { formationId: world.formationId }, orderBy: { participantNumber: 'asc' } });
  const announcement = await prisma.announcement.create({
    data: {
      selectionYearId: formation.selectionYearId,
      stage: 'SKD',
      formationId: formation.id,
      version: 1,
      entries: {
        create: applications.map((a, i) => ({ applicationId: a.id, participantNumber: a.participantNumber, resultCode: i < 2 ? 'P' : 'TL', rank: i + 1 })),
      },
    },
  });
  return encodeGlobalID('Announcement', announcement.id);
}

/** Variables for every cacheable operation, so an operation added to the allow-list is walked too. */
function variablesOf(world: ExamWorld, announcementId: string): Record<string, Record<string, unknown>> {
  const formationId = world.formationGlobalId;
  return {
    AnnouncementEntries: { id: announcementId, first: 20 },
    Announcements: { formationId, first: 10 },
    FormationAnnouncements: { formationId },
    Ranking: { formationId, first: 20 },
    Formation: { id: formationId },
    Formations: { regionCode: '15.71', first: 5 },
    RecruitmentKpis: { regionCode: '15.71' },
    RegionKpis: { regionCode: '15.71' },
    SelectionYears: {},
    Regions: { search: 'Jambi', first: 5 },
    RegionTree: { code: '15' },
    ExamSession: { id: world.sessionGlobalId },
    ServiceSatisfaction: { regionCode: '15.71' },
  };
}

async function officialHeaders(app: TestInstance, prisma: PrismaClient): Promise<Record<string, string>> {
  await createUser(prisma, { username: 'pejabat-cache', displayName: 'Pejabat', role: 'OFFICIAL', password: 'sandi-pejabat-panjang' });
  // Production: without credentials only persisted operations, the login included.
  const res = await fetch(`${app.server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      variables: { username: 'pejabat-cache', password: 'sandi-pejabat-panjang' },
      extensions: { persistedQuery: { version: 1, sha256Hash: persistedId('Login') } },
    }),
  });
  const login = (await res.json()) as { data: { login: { token: string } } };
  return { authorization: `Bearer ${login.data.login.token}` };
}

/** Asks `read` until `fresh` holds; the milliseconds it took. */
async function untilFresh(read: () => Promise<boolean>, timeoutMs = 5000): Promise<number> {
  const t0 = performance.now();
  while (!(await read())) {
    if (performance.now() - t0 > timeoutMs) throw new Error('the cached answer never changed');
    await sleep(5);
  }
  return performance.now() - t0;
}

describe('public reads a cache can serve, one instance (memory)', () => {
  let app: TestApp;
  let world: ExamWorld;
  let announcementId: string;
  let official: Record<string, string>;
  let commit: ReturnType<typeof scoreCommits>;

  beforeAll(async () => {
    app = await startTestApp('pglite', { production: true, liveIntervalMs: LIVE_INTERVAL_MS });
    world = await createExamWorld(app.db.prisma, { applicants: 8 });
    commit = scoreCommits(app.db.prisma, world, 'cache');
    for (let i = 0; i < 3; i++) await commit(app.events);
    announcementId = await publishedAnnouncement(app.db.prisma, world);
    official = await officialHeaders(app, app.db.prisma);
  });
  afterAll(() => app?.close());

  it('marks each kind of answer: published announcements immutable, live ones one interval, the rest private', async () => {
    const immutable = await getPersisted(app.server.url, 'AnnouncementEntries', { id: announcementId, first: 20 });
    expect(immutable.body?.data?.node?.entries.edges).toHaveLength(8);
    expect(immutable.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(immutable.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    expect(immutable.headers.get('vary')).toMatch(/Authorization/);

    const asked = Math.floor(Date.now() / 1000);
    const live = await getPersisted(app.server.url, 'Ranking', { formationId: world.formationGlobalId, first: 20 });
    expect(live.body?.data?.ranking.totalCount).toBe(3);
    expect(live.headers.get('cache-control')).toBe('public, max-age=1');
    expect(live.headers.get('etag')).toBeTruthy();
    // For nginx, whose clock has whole seconds: the copy expires at the end of this second.
    expect(Number(live.headers.get('x-accel-expires')!.slice(1))).toBeGreaterThanOrEqual(asked);
    expect(Number(live.headers.get('x-accel-expires')!.slice(1))).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));

    // The dashboard's GraphQL client also accepts event streams (its GETs reach Yoga through the SSE handler): the same answer.
    const urql = { accept: 'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed' };
    const fromDashboard = await getPersisted(app.server.url, 'Ranking', { formationId: world.formationGlobalId, first: 20 }, urql);
    expect(fromDashboard.headers.get('cache-control')).toBe('public, max-age=1');
    expect(fromDashboard.body?.data?.ranking.totalCount).toBe(3);
    expect((await getPersisted(app.server.url, 'Ranking', { formationId: world.formationGlobalId, first: 20 }, urql)).headers.get('x-response-cache')).toBe(
      'hit',
    );

    // Not yet published (an id someone guessed): live, so the real version is seen once published.
    const unpublished = await getPersisted(app.server.url, 'AnnouncementEntries', { id: encodeGlobalID('Announcement', 999_999), first: 20 });
    expect(unpublished.body?.data?.node).toBeNull();
    expect(unpublished.headers.get('cache-control')).toBe('public, max-age=1');

    const privately = [
      // With credentials, whoever they belong to.
      await getPersisted(app.server.url, 'Ranking', { formationId: world.formationGlobalId, first: 20 }, official),
      // A public operation off the allow-list (the survey unit page).
      await getPersisted(app.server.url, 'SurveyUnit', { code: 'PKM-MANNA' }),
      // An answer with errors (a formation id that is no global id).
      await getPersisted(app.server.url, 'Ranking', { formationId: 'nonsense', first: 20 }),
    ];
    for (const answer of privately) {
      expect(answer.headers.get('cache-control')).toBe(NO_STORE);
      expect(answer.headers.get('etag')).toBeNull();
    }
    expect(privately[2]!.body?.errors?.length).toBeGreaterThan(0);
    expect((await getPersisted(app.server.url, 'Ranking', { formationId: 'nonsense', first: 20 })).headers.get('x-response-cache')).toBeNull();

    const post = await fetch(`${app.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        variables: { formationId: world.formationGlobalId, first: 20 },
        extensions: { persistedQuery: { version: 1, sha256Hash: persistedId('Ranking') } },
      }),
    });
    expect(post.headers.get('cache-control')).toBe(NO_STORE);
  });

  it('answers 304 to a matching If-None-Match, and the same bytes from the cache otherwise', async () => {
    const variables = { formationId: world.formationGlobalId, first: 5 };
    const first = await getPersisted(app.server.url, 'Ranking', variables);
    const etag = first.headers.get('etag')!;
    const revalidated = await getPersisted(app.server.url, 'Ranking', variables, { 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.text).toBe('');
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect(revalidated.headers.get('cache-control')).toBe('public, max-age=1');
    const again = await getPersisted(app.server.url, 'Ranking', variables);
    expect(again.headers.get('x-response-cache')).toBe('hit');
    expect(again.text).toBe(first.text);
    // Variables the operation does not declare change nothing, so they cannot flood the cache with copies.
    expect((await getPersisted(app.server.url, 'Ranking', { ...variables, madeUp: Math.random() })).headers.get('x-response-cache')).toBe('hit');
    // A stale tag gets the answer itself.
    expect((await getPersisted(app.server.url, 'Ranking', variables, { 'if-none-match': '"something-else"' })).status).toBe(200);
  });

  it('a crowd arriving at once for an answer not cached yet computes it once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => getPersisted(app.server.url, 'Ranking', { formationId: world.formationGlobalId, first: 7 })),
    );
    expect(answers.map((a) => a.headers.get('x-response-cache')).filter((c) => c === 'miss')).toHaveLength(1);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
  });

  it('a score commit reaches the cached ranking within one live interval', async () => {
    const variables = { formationId: world.formationGlobalId, first: 20 };
    const before = (await getPersisted(app.server.url, 'Ranking', variables)).body!.data.ranking.totalCount as number;
    expect((await getPersisted(app.server.url, 'Ranking', variables)).headers.get('x-response-cache')).toBe('hit');
    await commit(app.events);
    const ms = await untilFresh(async () => (await getPersisted(app.server.url, 'Ranking', variables)).body!.data.ranking.totalCount === before + 1);
    expect(ms).toBeLessThan(LIVE_INTERVAL_MS);
  });

  it('personal data through the cache: an official answer is never kept, never served to the public, and the public gets none', async () => {
    const variables = variablesOf(world, announcementId);
    expect(Object.keys(variables).sort()).toEqual(Object.keys(CACHEABLE_OPERATIONS).sort());
    const secrets = world.participants.flatMap((p) => [p.fullName, p.nik, p.phone, p.email, p.participantNumber]);
    const leaks = (text: string) => secrets.filter((s) => text.includes(s));
    let officialSawPersonalData = 0;
    for (const [name, vars] of Object.entries(variables)) {
      // The official first: were their answer kept, the public would get it next.
      const staff = await getPersisted(app.server.url, name, vars, official);
      expect(staff.body?.errors, name).toBeUndefined();
      expect(staff.headers.get('cache-control'), name).toBe(NO_STORE);
      expect(staff.headers.get('etag'), name).toBeNull();
      const personal = leaks(staff.text).length > 0;
      if (personal) officialSawPersonalData++;
      for (let i = 0; i < 2; i++) {
        const anyone = await getPersisted(app.server.url, name, vars);
        expect(anyone.body?.errors, name).toBeUndefined();
        expect(anyone.headers.get('cache-control'), name).toMatch(/^public, max-age=\d+/);
        expect(leaks(anyone.text), name).toEqual([]);
        if (i === 1) expect(anyone.headers.get('x-response-cache'), name).toBe('hit');
      }
      // Nor is the public's cached answer the official's.
      const staffAgain = await getPersisted(app.server.url, name, vars, official);
      expect(staffAgain.headers.get('x-response-cache'), name).toBeNull();
      expect(leaks(staffAgain.text).length > 0, name).toBe(personal);
    }
    // The walk does reach personal data: the official's rankings and announcement carry full names.
    expect(officialSawPersonalData).toBeGreaterThanOrEqual(2);
  });
});

describe('public reads a cache can serve, two instances sharing Redis on PostgreSQL', () => {
  let db: TestDatabase;
  let a: TestInstance;
  let b: TestInstance;
  let world: ExamWorld;
  let commit: ReturnType<typeof scoreCommits>;

  beforeAll(async () => {
    db = await freshDatabase('postgres');
    await seedReference(db.prisma);
    world = await createExamWorld(db.prisma, { applicants: 6 });
    [a, b] = [
      await startInstance(db, { production: true, redis: true, liveIntervalMs: LIVE_INTERVAL_MS, instanceId: 'a' }),
      await startInstance(db, { production: true, redis: true, liveIntervalMs: LIVE_INTERVAL_MS, instanceId: 'b' }),
    ];
    commit = scoreCommits(db.prisma, world, 'shared');
    await commit(a.events);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.close();
  });

  it('an answer computed on one instance is served by the other, and a commit through one refreshes both within one interval', async () => {
    const variables = { formationId: world.formationGlobalId, first: 20 };
    const onA = await getPersisted(a.server.url, 'Ranking', variables);
    expect(onA.headers.get('x-response-cache')).toBe('miss');
    // Each instance moves the shared generation when it hears an event: the setup's commit may still
    // be reaching one of them (a loaded machine), which rightly refuses what A computed before it.
    // Once both have heard it, what A computes is what B serves.
    await expect
      .poll(async () => {
        const computed = await getPersisted(a.server.url, 'Ranking', variables);
        const served = await getPersisted(b.server.url, 'Ranking', variables);
        return served.headers.get('x-response-cache') === 'hit' && served.text === computed.text && served.text === onA.text;
      })
      .toBe(true);
    const before = onA.body!.data.ranking.totalCount as number;
    await commit(a.events);
    const ms = await untilFresh(async () => (await getPersisted(b.server.url, 'Ranking', variables)).body!.data.ranking.totalCount === before + 1);
    expect(ms).toBeLessThan(LIVE_INTERVAL_MS);
    expect((await getPersisted(a.server.url, 'Ranking', variables)).body!.data.ranking.totalCount).toBe(before + 1);
  });
});
