/**
 * The embedded default (PGlite in a data folder) killed with SIGKILL while it writes: it must
 * open cleanly afterwards, over its own stale lock, with every write it acknowledged.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { deployMigrations } from '../../src/db/migrations.js';
import { verifyLogOfSession } from '../../src/exams/ledger-verify.js';
import { seedReference } from '../../src/seed/seed.js';
import { createExamWorld, type ExamWorld } from '../exam-fixture.js';
import { killHard, startMain, waitForUrl, type MainProcess } from '../main-process.js';
import { resultBatch, sendBatches, submitBatch } from './ingestion-client.js';

const BATCHES = 24;
const BATCH_SIZE = 10;

describe('the embedded database killed during writes', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-kill-'));
  const processes: MainProcess[] = [];
  let world: ExamWorld;

  beforeAll(async () => {
    // The folder is prepared the way the server leaves it (migrated, seeded) plus a running session.
    const db = await openDatabase({ engine: 'pglite', dataDir });
    try {
      await deployMigrations(db.migrationTarget());
      await seedReference(db.prisma);
      world = await createExamWorld(db.prisma, { applicants: BATCHES * BATCH_SIZE, quota: 5 });
    } finally {
      await db.close();
    }
  });
  afterAll(async () => {
    for (const p of processes) await killHard(p);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    const run = startMain({ PANTAU_DATA_DIR: dataDir });
    processes.push(run);
    return { run, url: await waitForUrl(run) };
  };
  const batch = (b: number) => resultBatch(world, b, BATCH_SIZE, 'embedded');

  it('opens cleanly after SIGKILL with every acknowledged write', { timeout: 120_000 }, async () => {
    const first = await start();
    expect(first.run.output()).not.toContain('First start');
    let killed = false;
    const { acknowledged, done } = sendBatches(first.url, world.apiKey, { count: BATCHES, concurrency: 4, batch, stopped: () => killed });
    await expect.poll(() => acknowledged.size, { timeout: 30_000, interval: 5 }).toBeGreaterThanOrEqual(BATCHES / 3);
    killed = true;
    await killHard(first.run);
    await done;
    expect(acknowledged.size).toBeLessThan(BATCHES);
    // The dead process's lock is still there; the next start takes it over.
    expect(fs.readFileSync(path.join(dataDir, 'pantau.pid'), 'utf8')).toBe(String(first.run.child.pid));

    const second = await start();
    expect(second.run.output()).not.toContain('First start');
    // Every batch again, as a client that lost track would: acknowledged ones are replays.
    for (let b = 0; b < BATCHES; b++) {
      const answer = await submitBatch(second.url, world.apiKey, batch(b));
      expect(answer.created).toBe(BATCH_SIZE);
      if (acknowledged.has(b)) expect(answer.replayed).toBe(true);
    }
    second.run.child.kill('SIGTERM');
    expect(await second.run.exited).toBe(0);

    const db = await openDatabase({ engine: 'pglite', dataDir });
    try {
      const results = await db.prisma.examResult.findMany({ where: { sessionId: world.sessionId }, select: { participantNumber: true, batchId: true } });
      expect(results).toHaveLength(BATCHES * BATCH_SIZE);
      expect(new Set(results.map((r) => r.participantNumber)).size).toBe(BATCHES * BATCH_SIZE);
      const byNumber = new Map(results.map((r) => [r.participantNumber, r.batchId]));
      for (const b of acknowledged.keys()) for (const r of batch(b).r) expect(byNumber.get(r.participantNumber)).toBe(`embedded-${b}`);
      expect(await db.prisma.ingestionBatch.count()).toBe(BATCHES);
      expect((await verifyLogOfSession(db.prisma, world.sessionId)).problem).toBeUndefined();
    } finally {
      await db.close();
    }
  });
});
