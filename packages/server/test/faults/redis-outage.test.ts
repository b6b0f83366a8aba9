/**
 * Redis stopped during a run, under two instances on one PostgreSQL. The Redis is a private one
 * this test kills and restarts; the shared one is never touched.
 */
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { seedReference } from '../../src/seed/seed.js';
import { startInstance, type TestInstance } from '../app.js';
import { freshDatabase, type TestDatabase } from '../databases.js';
import { createExamWorld, type ExamWorld } from '../exam-fixture.js';
import { privateServicesMissing, startPrivateRedis, type PrivateRedis } from '../private-services.js';

const SUBMIT = `mutation($s: ID!, $b: String!, $r: [ExamResultInput!]!) {
  submitExamResults(sessionId: $s, batchId: $b, results: $r) { created replayed }
}`;
const RANKING = `query($f: ID!) { ranking(formationId: $f, first: 10) { totalCount edges { node { total } } } }`;
const RANKING_LIVE = `subscription($f: ID!) { rankingUpdated(formationId: $f) { sequence totalCount top { total } } }`;
const SESSION_LIVE = `subscription($s: ID!) { examSessionScores(sessionId: $s) { sequence snapshot scores { final total } } }`;

interface RankingUpdate {
  totalCount: number;
  top: Array<{ total: number }>;
}
interface SessionUpdate {
  snapshot: boolean;
  scores: Array<{ final: boolean; total: number | null }>;
}

/** Final totals seen in these updates (participant k scores 370 + k). */
const finals = (updates: SessionUpdate[]) => [...new Set(updates.flatMap((u) => u.scores.filter((s) => s.final).map((s) => s.total!)))].sort();

const missing = privateServicesMissing();

describe.skipIf(missing)(`Redis stopped during a run${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let redis: PrivateRedis;
  let db: TestDatabase;
  let world: ExamWorld;
  let a: TestInstance;
  let b: TestInstance;
  const clients: Client[] = [];

  /** Every update a subscriber on `instance` receives, in order. */
  function subscribe<T>(instance: TestInstance, query: string, variables: Record<string, unknown>, field: string): T[] {
    const client = createClient({ url: `${instance.server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    clients.push(client);
    const updates: T[] = [];
    client.subscribe(
      { query, variables },
      { next: (m) => void updates.push((m.data as Record<string, T>)[field]!), error: (e) => console.error(e), complete: () => {} },
    );
    return updates;
  }

  let next = 0;
  /** Final results for the next `count` participants, through instance `via`. */
  async function submit(via: TestInstance, count: number) {
    const results = world.participants.slice(next, next + count).map((p, i) => ({
      participantNumber: p.participantNumber,
      twk: 100,
      tiu: 100,
      tkp: 170 + next + i,
      finishedAt: '2024-10-21T03:00:00.000Z',
    }));
    next += count;
    return via.gql(SUBMIT, { s: world.sessionGlobalId, b: `outage-${next}`, r: results }, { 'x-api-key': world.apiKey });
  }

  const ready = (instance: TestInstance) => fetch(`${instance.server.url}/ready`).then(async (r) => ({ status: r.status, body: await r.json() }));

  beforeAll(async () => {
    redis = await startPrivateRedis();
    db = await freshDatabase('postgres');
    await seedReference(db.prisma);
    world = await createExamWorld(db.prisma, { applicants: 8, quota: 2 });
    a = await startInstance(db, { redisUrl: redis.url, instanceId: 'a', liveIntervalMs: 50 });
    b = await startInstance(db, { redisUrl: redis.url, instanceId: 'b', liveIntervalMs: 50 });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await a?.close();
    await b?.close();
    await db?.close();
    await redis?.close();
  });

  it('keeps queries, mutations and same-instance subscribers working, reports degraded, and resynchronises when Redis returns', async () => {
    const rankingOnA = subscribe<RankingUpdate>(a, RANKING_LIVE, { f: world.formationGlobalId }, 'rankingUpdated');
    const sessionOnA = subscribe<SessionUpdate>(a, SESSION_LIVE, { s: world.sessionGlobalId }, 'examSessionScores');
    const rankingOnB = subscribe<RankingUpdate>(b, RANKING_LIVE, { f: world.formationGlobalId }, 'rankingUpdated');
    const sessionOnB = subscribe<SessionUpdate>(b, SESSION_LIVE, { s: world.sessionGlobalId }, 'examSessionScores');
    for (const updates of [rankingOnA, sessionOnA, rankingOnB, sessionOnB]) await expect.poll(() => updates.length).toBe(1);

    // With Redis: a commit through A reaches both instances.
    expect((await submit(a, 1)).errors).toBeUndefined();
    await expect.poll(() => rankingOnB.at(-1)?.totalCount).toBe(1);
    await expect.poll(() => rankingOnA.at(-1)?.totalCount).toBe(1);

    await redis.stop();
    await expect.poll(() => a.events.connected() || b.events.connected()).toBe(false);
    expect(await ready(a)).toEqual({
      status: 200,
      body: {
        status: 'degraded',
        database: 'ok',
        pendingMigrations: [],
        pubsub: 'redis-disconnected',
        regions: expect.objectContaining({ dataset: 'idn-area-data' }),
      },
    });

    // Mutations keep working, at normal speed (nothing waits on Redis).
    const t0 = performance.now();
    const during = await submit(a, 2);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(during.data?.submitExamResults).toEqual({ created: 2, replayed: false });
    // Subscribers on the instance that committed keep receiving.
    await expect.poll(() => rankingOnA.at(-1)?.totalCount).toBe(3);
    await expect.poll(() => finals(sessionOnA)).toEqual([370, 371, 372]);
    // Queries on both instances see the commit: nothing cached from before the outage is trusted.
    for (const instance of [a, b]) {
      const ranking = await instance.gql(RANKING, { f: world.formationGlobalId });
      expect(ranking.data.ranking.totalCount).toBe(3);
    }
    // B cannot hear A's events without Redis.
    expect(rankingOnB.at(-1)?.totalCount).toBe(1);

    await redis.start();
    await expect.poll(() => a.events.connected() && b.events.connected(), { timeout: 10_000 }).toBe(true);
    // B resynchronises from the database: its subscribers get the current snapshot.
    await expect.poll(() => rankingOnB.at(-1)?.totalCount, { timeout: 10_000 }).toBe(3);
    const fromDatabase = await b.gql(RANKING, { f: world.formationGlobalId });
    expect(rankingOnB.at(-1)!.top.map((e) => e.total)).toEqual(fromDatabase.data.ranking.edges.map((e: { node: { total: number } }) => e.node.total));
    await expect.poll(() => finals(sessionOnB.filter((u) => u.snapshot).slice(-1))).toEqual([370, 371, 372]);
    expect(await ready(a)).toMatchObject({ status: 200, body: { status: 'ready', pubsub: 'redis' } });

    // Cross-instance delivery resumes.
    expect((await submit(a, 1)).errors).toBeUndefined();
    await expect.poll(() => rankingOnB.at(-1)?.totalCount).toBe(4);
    await expect.poll(() => finals(sessionOnB)).toEqual([370, 371, 372, 373]);
  });
});
