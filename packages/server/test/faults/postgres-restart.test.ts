/**
 * PostgreSQL stopped and started again under a running instance. The cluster is a private one
 * this test owns; the shared PostgreSQL is never touched.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, pgConfig, type Database } from '../../src/db/client.js';
import { deployMigrations } from '../../src/db/migrations.js';
import { seedReference } from '../../src/seed/seed.js';
import { startInstance, type TestInstance } from '../app.js';
import { createExamWorld, type ExamWorld } from '../exam-fixture.js';
import { privateServicesMissing, startPrivatePostgres, type PrivatePostgres } from '../private-services.js';

const SUBMIT = `mutation($s: ID!, $b: String!, $r: [ExamResultInput!]!) {
  submitExamResults(sessionId: $s, batchId: $b, results: $r) { created replayed }
}`;
const RANKING = `query($f: ID!) { ranking(formationId: $f, first: 5) { totalCount } }`;
/** Fail fast: an answer within this, not a request hanging until the database returns. */
const FAST_MS = 3000;

const missing = privateServicesMissing();

describe.skipIf(missing)(`PostgreSQL restarted under a running instance${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let cluster: PrivatePostgres;
  let url: string;
  let db: Database;
  let world: ExamWorld;
  let instance: TestInstance;

  /** A query on a connection of its own (the app's pool is what is under test). */
  async function sql<T>(text: string): Promise<T[]> {
    const client = new pg.Client(pgConfig(url));
    await client.connect();
    try {
      return (await client.query(text)).rows as T[];
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    cluster = await startPrivatePostgres();
    const admin = new pg.Client(pgConfig(cluster.adminUrl));
    await admin.connect();
    await admin.query('create database pantau');
    await admin.end();
    url = cluster.adminUrl.replace(/\/postgres$/, '/pantau');
    db = await openDatabase({ engine: 'postgres', url, poolSize: 4 });
    await deployMigrations(db.migrationTarget());
    await seedReference(db.prisma);
    world = await createExamWorld(db.prisma, { applicants: 20, quota: 2 });
    instance = await startInstance(db);
  });
  afterAll(async () => {
    await instance?.close();
    await db?.close();
    await cluster?.close();
  });

  const results = (from: number, count: number) =>
    world.participants
      .slice(from, from + count)
      .map((p, i) => ({ participantNumber: p.participantNumber, twk: 100, tiu: 100, tkp: 170 + i, finishedAt: '2024-10-21T03:00:00.000Z' }));

  /** POSTs an operation and times the answer. */
  async function timed(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
    const t0 = performance.now();
    const res = await fetch(`${instance.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
    return { status: res.status, body, ms: performance.now() - t0 };
  }

  it('fails fast with a typed error during the gap, applies nothing half, and serves again without a restart', async () => {
    const auth = { 'x-api-key': world.apiKey };
    expect((await timed(RANKING, { f: world.formationGlobalId })).body.data.ranking.totalCount).toBe(0);

    // A 12-row batch that is inside its transaction, rows written, when the cluster goes down:
    // a trigger holds its last statement (fault injection on this private database).
    await sql(`create function hold_batch() returns trigger language plpgsql as $$
      begin if new.id = 'interrupted' then perform pg_sleep(60); end if; return new; end $$`);
    await sql(`create trigger hold_batch before insert on "IngestionBatch" for each row execute function hold_batch()`);
    const interrupted = timed(SUBMIT, { s: world.sessionGlobalId, b: 'interrupted', r: results(0, 12) }, auth);
    await expect.poll(async () => (await sql<{ n: number }>(`select count(*)::int as n from pg_stat_activity where wait_event = 'PgSleep'`))[0]!.n).toBe(1);

    await cluster.stop('immediate');
    const cut = await interrupted;
    expect(cut.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/database is unavailable/i), extensions: { code: 'DATABASE_UNAVAILABLE' } });

    // During the gap: queries, mutations (whose API key needs the database) and /ready answer at once.
    const query = await timed(RANKING, { f: world.formationGlobalId });
    expect(query.ms).toBeLessThan(FAST_MS);
    expect(query.status).toBe(503);
    expect(query.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/database is unavailable/i), extensions: { code: 'DATABASE_UNAVAILABLE' } });
    const mutation = await timed(SUBMIT, { s: world.sessionGlobalId, b: 'during-gap', r: results(12, 4) }, auth);
    expect(mutation.ms).toBeLessThan(FAST_MS);
    expect(mutation.body.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
    const t0 = performance.now();
    const ready = await fetch(`${instance.server.url}/ready`);
    expect(performance.now() - t0).toBeLessThan(FAST_MS);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'unavailable', database: 'unreachable' });

    await cluster.start();
    // The same instance serves again: its pool dropped the dead connections and opens new ones.
    const after = await timed(RANKING, { f: world.formationGlobalId });
    expect(after.body).toEqual({ data: { ranking: { totalCount: 0 } } });
    expect((await fetch(`${instance.server.url}/ready`)).status).toBe(200);

    // The interrupted batch left nothing: no result, no ledger entry, no batch record.
    expect(await db.prisma.examResult.count()).toBe(0);
    expect(await db.prisma.ledgerEntry.count()).toBe(0);
    expect(await db.prisma.ingestionBatch.count()).toBe(0);

    // Its retry and the one refused during the gap go through, once.
    await sql(`drop trigger hold_batch on "IngestionBatch"`);
    expect((await timed(SUBMIT, { s: world.sessionGlobalId, b: 'interrupted', r: results(0, 12) }, auth)).body.data.submitExamResults).toEqual({
      created: 12,
      replayed: false,
    });
    expect((await timed(SUBMIT, { s: world.sessionGlobalId, b: 'during-gap', r: results(12, 4) }, auth)).body.data.submitExamResults).toEqual({
      created: 4,
      replayed: false,
    });
    expect((await timed(RANKING, { f: world.formationGlobalId })).body.data.ranking.totalCount).toBe(16);
  });
});
