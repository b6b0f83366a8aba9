/**
 * `kill -9` of the server while CAT result batches are in flight. The server is a real process
 * on PostgreSQL; the client keeps what the server acknowledged and retries everything else with
 * the same batchId, as the API asks of it. Nothing acknowledged may be lost, nothing written twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { deployMigrations } from '../../src/db/migrations.js';
import { verifyLogOfSession } from '../../src/exams/ledger-verify.js';
import { seedReference } from '../../src/seed/seed.js';
import { createPostgresDatabase } from '../databases.js';
import { createExamWorld, type ExamWorld } from '../exam-fixture.js';
import { killHard, startMain, waitForUrl, type MainProcess } from '../main-process.js';
import { resultBatch, sendBatches, submitBatch } from './ingestion-client.js';

const BATCHES = 30;
const BATCH_SIZE = 20;
const CONCURRENCY = 6;
/** The batch whose COMMIT is held open when the server dies: committed, never acknowledged. */
const IN_COMMIT = 'kill-8';

describe('kill -9 of the server during ingestion', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: Database;
  let world: ExamWorld;
  const processes: MainProcess[] = [];

  beforeAll(async () => {
    database = await createPostgresDatabase();
    db = await openDatabase({ engine: 'postgres', url: database.url, poolSize: 2 });
    await deployMigrations(db.migrationTarget());
    await seedReference(db.prisma);
    world = await createExamWorld(db.prisma, { applicants: BATCHES * BATCH_SIZE, quota: 10 });
    // Fault injection on this test's own database: a deferred trigger makes one batch's COMMIT
    // take 3 s, so the server can be killed after it asked PostgreSQL to commit and before it
    // could answer. PostgreSQL finishes that commit without the client.
    await db.prisma.$executeRawUnsafe(`create function slow_commit() returns trigger language plpgsql as $$
      begin if new.id = '${IN_COMMIT}' then perform pg_sleep(3); end if; return null; end $$`);
    await db.prisma.$executeRawUnsafe(`create constraint trigger slow_commit after insert on "IngestionBatch"
      deferrable initially deferred for each row execute function slow_commit()`);
  });
  afterAll(async () => {
    for (const p of processes) await killHard(p);
    await db?.close();
    await database?.drop();
  });

  const start = async () => {
    const run = startMain({ DATABASE_URL: database.url, PANTAU_DB_POOL: '4' });
    processes.push(run);
    return { run, url: await waitForUrl(run) };
  };

  const batch = (b: number) => resultBatch(world, b, BATCH_SIZE, 'kill');
  const submit = (url: string, b: number) => submitBatch(url, world.apiKey, batch(b));

  it('keeps every acknowledged batch exactly once, and retries complete without duplicates', { timeout: 120_000 }, async () => {
    const first = await start();
    let killed = false;
    const { acknowledged, done } = sendBatches(first.url, world.apiKey, { count: BATCHES, concurrency: CONCURRENCY, batch, stopped: () => killed });
    // Kill once some batches are acknowledged and IN_COMMIT is inside its COMMIT; the batches
    // queued behind it on the session lock are in flight.
    for (const deadline = Date.now() + 30_000; ; ) {
      if (Date.now() > deadline) throw new Error(`${IN_COMMIT} never reached its commit (${acknowledged.size} acknowledged)`);
      const [{ sleeping }] = await db.prisma.$queryRaw<[{ sleeping: number }]>`
        select count(*)::int as sleeping from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'`;
      if (sleeping && acknowledged.size >= 3) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    killed = true;
    await killHard(first.run);
    await done;
    expect(first.run.child.signalCode).toBe('SIGKILL');
    expect(acknowledged.size).toBeLessThan(BATCHES);
    // PostgreSQL completes the commit the dead server asked for.
    for (let i = 0; i < 100 && !(await db.prisma.ingestionBatch.findUnique({ where: { id: IN_COMMIT } })); i++) await new Promise((r) => setTimeout(r, 100));

    // After the crash, before any retry: every acknowledged result is there, once.
    const stored = await db.prisma.examResult.findMany({ where: { sessionId: world.sessionId }, select: { participantNumber: true, batchId: true } });
    const byNumber = new Map(stored.map((r) => [r.participantNumber, r.batchId]));
    expect(byNumber.size).toBe(stored.length);
    for (const [b, answer] of acknowledged) {
      expect(answer).toMatchObject({ created: BATCH_SIZE, replayed: false });
      for (const r of batch(b).r) expect(byNumber.get(r.participantNumber)).toBe(`kill-${b}`);
    }
    // Batches committed whose answer was lost with the process: whole, or not there at all.
    const committed = new Set((await db.prisma.ingestionBatch.findMany({ select: { id: true } })).map((x) => x.id));
    expect(committed.has(IN_COMMIT)).toBe(true);
    expect(acknowledged.has(Number(IN_COMMIT.slice(5)))).toBe(false);
    for (let b = 0; b < BATCHES; b++) {
      const present = batch(b).r.filter((r) => byNumber.get(r.participantNumber) === `kill-${b}`).length;
      expect(present).toBe(committed.has(`kill-${b}`) ? BATCH_SIZE : 0);
    }

    // Restart; the client retries every batch it has no answer for, with the same batchId.
    const second = await start();
    const retried = Array.from({ length: BATCHES }, (_, b) => b).filter((b) => !acknowledged.has(b));
    for (const b of retried) {
      const answer = await submit(second.url, b);
      if (committed.has(`kill-${b}`)) expect(answer).toMatchObject({ created: BATCH_SIZE, replayed: true });
      else expect(answer).toMatchObject({ created: BATCH_SIZE, replayed: false });
    }
    // An acknowledged batch sent again (the client lost the answer on its side) is a replay too.
    const [firstAcked, firstAnswer] = [...acknowledged][0]!;
    expect(await submit(second.url, firstAcked)).toEqual({ ...firstAnswer, replayed: true });

    const results = await db.prisma.examResult.groupBy({ by: ['participantNumber'], where: { sessionId: world.sessionId }, _count: true });
    expect(results).toHaveLength(BATCHES * BATCH_SIZE);
    expect(results.every((r) => r._count === 1)).toBe(true);
    expect(await db.prisma.ingestionBatch.count()).toBe(BATCHES);
    expect(await db.prisma.ledgerEntry.count({ where: { sessionId: world.sessionId } })).toBe(BATCHES * BATCH_SIZE);
    expect((await verifyLogOfSession(db.prisma, world.sessionId)).problem).toBeUndefined();
  });
});
