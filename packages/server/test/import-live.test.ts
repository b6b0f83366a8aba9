/**
 * `import-results` reaches the servers that are running: a sheet imported by the CLI (a real
 * process) shows on a public ranking screen (a graphql-ws subscriber of a real server process)
 * and in the ranking query (its cached summary dropped), through Redis when REDIS_URL is set and
 * through PostgreSQL when it is not.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openDatabase, type Database } from '../src/db/client.js';
import { deployMigrations } from '../src/db/migrations.js';
import { seedReference } from '../src/seed/seed.js';
import { redisUrl } from './app.js';
import { createPostgresDatabase } from './databases.js';
import { createExamWorld, type ExamWorld } from './exam-fixture.js';
import { killHard, startMain, waitForUrl, type MainProcess } from './main-process.js';

const serverDir = path.resolve(import.meta.dirname, '..');

interface RankingPush {
  sequence: number;
  totalCount: number;
  top: Array<{ total: number }>;
}

describe('import-results while a server runs', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: Database;
  let world: ExamWorld;
  const processes: MainProcess[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-import-live-'));

  beforeAll(async () => {
    database = await createPostgresDatabase();
    db = await openDatabase({ engine: 'postgres', url: database.url, poolSize: 2 });
    await deployMigrations(db.migrationTarget());
    await seedReference(db.prisma);
    world = await createExamWorld(db.prisma, { applicants: 6, tag: 'I' });
  }, 120_000);
  afterAll(async () => {
    for (const p of processes) await killHard(p);
    await db?.close();
    await database?.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** The CLI as an operator runs it, with the server's settings. */
  const importSheet = (env: Record<string, string>, rows: number[], tkp: number) => {
    const file = path.join(tmp, `sheet-${rows.join('-')}.csv`);
    const lines = rows.map((i) => `${world.participants[i]!.participantNumber},100,110,${tkp},2024-10-21T10:00:00+07:00`);
    fs.writeFileSync(file, `participantNumber,twk,tiu,tkp,finishedAt\n${lines.join('\n')}\n`);
    return new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/import-results.ts', '--session', String(world.sessionId), '--file', file], {
        cwd: serverDir,
        env: { ...process.env, REDIS_URL: '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('exit', (code) => resolve({ code, output }));
    });
  };

  /**
   * Starts a server with `env`, watches the formation's ranking on it, imports `rows` with the CLI
   * and returns the pushes seen and the ranking query's count afterwards.
   */
  async function watchImport(env: Record<string, string>, rows: number[], tkp: number) {
    const run = startMain({ ...env, PANTAU_LIVE_INTERVAL_MS: '50' });
    processes.push(run);
    const url = await waitForUrl(run);
    const countNow = async () => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query ($f: ID!) { ranking(formationId: $f) { totalCount } }', variables: { f: world.formationGlobalId } }),
      });
      return ((await res.json()) as { data: { ranking: { totalCount: number } } }).data.ranking.totalCount;
    };
    // The query caches the ranking's summary: the import must drop it, not only push to screens.
    const before = await countNow();
    const client = createClient({ url: `${url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    const pushes: RankingPush[] = [];
    const unsubscribe = client.subscribe<{ rankingUpdated: RankingPush }>(
      { query: 'subscription ($f: ID!) { rankingUpdated(formationId: $f) { sequence totalCount top { total } } }', variables: { f: world.formationGlobalId } },
      { next: (m) => void (m.data && pushes.push(m.data.rankingUpdated)), error: () => {}, complete: () => {} },
    );
    try {
      await expect.poll(() => pushes.length, { timeout: 20_000 }).toBe(1); // the snapshot
      expect(pushes[0]!.totalCount).toBe(before);
      const imported = await importSheet(env, rows, tkp);
      expect(imported.output).toMatch(new RegExp(`^Imported .*: ${rows.length} rows in 1 batch; ${rows.length} new, 0 unchanged, 0 corrected\\n$`));
      expect(imported.code).toBe(0);
      await expect.poll(() => pushes.at(-1)?.totalCount, { timeout: 20_000 }).toBe(before + rows.length);
      expect(pushes.at(-1)!.top.filter((e) => e.total === 100 + 110 + tkp)).toHaveLength(rows.length);
      expect(await countNow()).toBe(before + rows.length);
    } finally {
      unsubscribe();
      await client.dispose();
      run.child.kill('SIGTERM');
      await run.exited;
    }
  }

  it('through Redis (REDIS_URL set on both)', { timeout: 120_000 }, async () => {
    await watchImport({ DATABASE_URL: database.url, REDIS_URL: redisUrl, PANTAU_REDIS_NAMESPACE: `import-live-${process.pid}:` }, [0, 1, 2], 171);
  });

  it('through PostgreSQL NOTIFY (no Redis)', { timeout: 120_000 }, async () => {
    await watchImport({ DATABASE_URL: database.url }, [3, 4, 5], 172);
  });
});
