/** The operator tools as they are run: real processes against a real PostgreSQL, real exit codes and output. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase } from '../../test/databases.js';
import { openDatabase, type Database } from '../db/client.js';
import { deployMigrations } from '../db/migrations.js';
import { seedExamSchedule, simulateSkdResults } from '../seed/exams.js';
import { seedReference, seedSynthetic } from '../seed/seed.js';
import { startSession } from './sessions.js';
import { unheard } from '../events/publisher.js';

const serverDir = path.resolve(import.meta.dirname, '../..');

describe('import-results and verify-ledger', () => {
  let url: string;
  let drop: () => Promise<void>;
  let db: Database;
  let sessions: Array<{ id: number; label: string }>;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-sheets-'));

  beforeAll(async () => {
    ({ url, drop } = await createPostgresDatabase());
    db = await openDatabase({ engine: 'postgres', url, poolSize: 2 });
    await deployMigrations(db.migrationTarget());
    await seedReference(db.prisma);
    await seedSynthetic(db.prisma, { applicants: 700, seed: 9 });
    await seedExamSchedule(db.prisma, { seed: 9 });
    await simulateSkdResults(db.prisma, { seed: 9, sessions: 2 });
    const closed = await db.prisma.examSession.findMany({ where: { status: 'CLOSED' }, include: { site: true }, orderBy: { site: { code: 'asc' } } });
    sessions = closed.map((s) => ({ id: s.id, label: `session ${s.id} (${s.site.code} 2024-10-21 #1, closed)` }));
    expect(sessions).toHaveLength(2);
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function run(script: 'verify-ledger' | 'import-results', args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
      cwd: serverDir,
      env: { ...process.env, DATABASE_URL: url, REDIS_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  }

  it('verify-ledger: the log is ok, and it says what it checked against, exit 0', async () => {
    const { code, stdout, stderr } = await run('verify-ledger', []);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Checked against: the entries themselves .*the database's heads WITHOUT signatures \(no key given\), and NO witness: /);
    expect(lines[1]).toMatch(/^pantau\/2024\/SKD: ok, \d+ entries, root [0-9a-f]{16} \(0 database heads\)$/);
    expect(lines[2]).toBe('1 log verified: 1 ok, 0 broken');
  });

  it('verify-ledger names the entry of a score edited directly in the database, exit 1', async () => {
    const [a] = sessions as [(typeof sessions)[number]];
    const entry = await db.prisma.ledgerEntry.findFirstOrThrow({ where: { sessionId: a.id, sequence: 5 } });
    await db.prisma
      .$executeRaw`UPDATE "ExamResult" SET tkp = tkp + 1, total = total + 1 WHERE "sessionId" = ${a.id} AND "participantNumber" = ${entry.participantNumber}`;
    try {
      const { code, stdout } = await run('verify-ledger', []);
      expect(code).toBe(1);
      const lines = stdout.trim().split('\n');
      expect(lines).toContain(
        `pantau/2024/SKD: BROKEN at entry ${entry.leafIndex} (session ${a.id}, #5): stored score of ${entry.participantNumber} in session ${a.id} differs from the log`,
      );
      expect(lines.at(-1)).toBe('1 log verified: 0 ok, 1 broken');
    } finally {
      await db.prisma
        .$executeRaw`UPDATE "ExamResult" SET tkp = tkp - 1, total = total - 1 WHERE "sessionId" = ${a.id} AND "participantNumber" = ${entry.participantNumber}`;
    }
  });

  it('verify-ledger --origin names the entry of an edited log entry (triggers off, as a database owner), exit 1', async () => {
    const b = sessions[1]!;
    const entry = await db.prisma.ledgerEntry.findFirstOrThrow({ where: { sessionId: b.id, sequence: 7 } });
    const { tkp } = JSON.parse(entry.record) as { tkp: number };
    const setRecord = (record: string) =>
      db.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
        await tx.$executeRaw`UPDATE "LedgerEntry" SET record = ${record} WHERE "logId" = ${entry.logId} AND "leafIndex" = ${entry.leafIndex}`;
      });
    await setRecord(entry.record.replace(`"tkp":${tkp}`, `"tkp":${tkp + 5}`));
    try {
      const { code, stdout } = await run('verify-ledger', ['--origin', 'pantau/2024/SKD']);
      expect(code).toBe(1);
      expect(stdout.trim().split('\n').slice(1)).toEqual([
        `pantau/2024/SKD: BROKEN at entry ${entry.leafIndex} (session ${b.id}, #7): the entry does not match its stored leaf hash (entry edited)`,
        '1 log verified: 0 ok, 1 broken',
      ]);
    } finally {
      await setRecord(entry.record);
    }
    const missing = await run('verify-ledger', ['--origin', 'pantau/1999/SKD']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('pantau: No score log pantau/1999/SKD');
  });

  it('import-results: imports a sheet, replays it, refuses a changed row in one line', async () => {
    const session = await db.prisma.examSession.findFirstOrThrow({
      where: { status: 'SCHEDULED' },
      orderBy: [{ date: 'asc' }, { number: 'asc' }, { site: { code: 'asc' } }],
    });
    await startSession(db.prisma, unheard, session.id);
    const seats = await db.prisma.examSeat.findMany({ where: { sessionId: session.id }, orderBy: { participantNumber: 'asc' }, take: 12 });
    const write = (name: string, tkpOf: (i: number) => number) => {
      const file = path.join(tmp, name);
      const rows = seats.map((s, i) => `${s.participantNumber};${70 + 5 * i};${80 + 5 * i};${tkpOf(i)};2024-10-21 11:${10 + i}:00+07:00`);
      fs.writeFileSync(file, `\uFEFFparticipantNumber;twk;tiu;tkp;finishedAt\r\n${rows.join('\r\n')}\r\n`);
      return file;
    };
    const file = write('sesi.csv', (i) => 160 + i);

    const first = await run('import-results', ['--session', String(session.id), '--file', file, '--batch-size', '5']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      new RegExp(`^Imported sesi\\.csv into session ${session.id} \\([\\d.]+ s\\): 12 rows in 3 batches; 12 new, 0 unchanged, 0 corrected\\n$`),
    );
    expect(await db.prisma.examResult.count({ where: { sessionId: session.id } })).toBe(12);

    const again = await run('import-results', ['--', `--session=${session.id}`, '--file', file, '--batch-size', '5']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/: 12 rows in 3 batches; 0 new, 0 unchanged, 0 corrected; 3 batches \(12 rows\) already imported, replayed\n$/);

    const changed = write('sesi-ubah.csv', (i) => 160 + i + (i === 6 ? 1 : 0));
    const refused = await run('import-results', ['--session', String(session.id), '--file', changed]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    const lines = refused.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      `pantau: import refused, nothing more written: item 6 (line 8) field results[6].tkp: Participant ${seats[6]!.participantNumber} already has a final result ` +
        `(100/110/166), the sheet says 100/110/167; import it as a correction with a reason to change it [RESULT_ALREADY_FINAL]`,
    );

    const corrected = await run('import-results', ['--session', String(session.id), '--file', changed, '--correction', 'Salah ketik di lembar hasil']);
    expect(corrected.code).toBe(0);
    expect(corrected.stdout).toMatch(/: 12 rows in 1 batch; 0 new, 11 unchanged, 1 corrected\n$/);

    const broken = path.join(tmp, 'rusak.csv');
    fs.writeFileSync(broken, `participantNumber,twk,tiu,tkp,finishedAt\n${seats[0]!.participantNumber},67,80,160,2024-10-21T11:10:00+07:00\n`);
    const bad = await run('import-results', ['--session', String(session.id), '--file', broken]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('pantau: line 2, column twk: TWK must be a multiple of 5 between 0 and 150, got 67');

    const usage = await run('import-results', ['--file', file]);
    expect(usage.code).toBe(1);
    expect(usage.stderr.trim()).toMatch(/^pantau: --session and --file are required \(usage: /);
  });
});
