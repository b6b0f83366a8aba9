/**
 * The score log against the party the public needs protection from: whoever controls the database.
 * An honest log satisfies a witness across a server restart and a Redis outage; a closed session's
 * score rewritten directly in the database, re-hashed, with the stored heads replaced and re-signed
 * by the server, is caught by the witness and by verify-ledger given the witness's folder, both
 * naming the rewritten entry. A guessed participant number opens nothing.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ephemeralLedgerKey } from '../src/exams/ledger-heads.js';
import { verifyLog } from '../src/exams/ledger-verify.js';
import { appendToLedger, findLog } from '../src/exams/ledger.js';
import { witnessLogs } from '../src/witness/store.js';
import { witnessRound } from '../src/witness/witness.js';
import { seedReference } from '../src/seed/seed.js';
import { startInstance, type TestInstance } from './app.js';
import { ENGINES, freshDatabase, type TestDatabase } from './databases.js';
import { createExamWorld, type ExamWorld } from './exam-fixture.js';
import { rewriteEntry } from './ledger-attack.js';
import { privateServicesMissing, startPrivateRedis, type PrivateRedis } from './private-services.js';
import { unheard } from '../src/events/publisher.js';

const serverDir = path.resolve(import.meta.dirname, '..');

/** Runs a CLI of the server package as a process; resolves with its exit code and output. */
function cli(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
    cwd: serverDir,
    env: { ...process.env, REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

const SUBMIT = `mutation($s: ID!, $b: String!, $r: [ExamResultInput!]!) { submitExamResults(sessionId: $s, batchId: $b, results: $r) { created } }`;
const CLOSE = `mutation($s: ID!) { closeExamSession(id: $s) { closingHead { size rootHash } } }`;
const at = '2024-10-21T03:00:00.000Z';
const missing = privateServicesMissing();

describe.each(ENGINES)('score log and witness on %s', (engine) => {
  let db: TestDatabase;
  let app: TestInstance;
  let world: ExamWorld;
  let redis: PrivateRedis | undefined;
  const key = ephemeralLedgerKey();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-witness-'));
  const start = () => startInstance(db, { ledgerKey: key, ledgerHeadIntervalMs: 100, redisUrl: redis?.url });
  const submit = (batch: string, from: number, to: number) =>
    app.gql(
      SUBMIT,
      {
        s: world.sessionGlobalId,
        b: batch,
        r: world.participants
          .slice(from, to)
          .map((p, i) => ({ participantNumber: p.participantNumber, twk: 80, tiu: 85, tkp: 150 + from + i, finishedAt: at })),
      },
      { 'x-api-key': world.apiKey },
    );
  /** Waits until the newest signed head covers `size` entries, as a witness would poll. */
  const headAt = async (size: number) => {
    await expect.poll(async () => (await (await fetch(`${app.server.url}/ledger/logs`)).json())[0]?.head?.size, { timeout: 10_000 }).toBe(size);
  };

  beforeAll(async () => {
    if (!missing) redis = await startPrivateRedis();
    db = await freshDatabase(engine);
    await seedReference(db.prisma);
    world = await createExamWorld(db.prisma, { applicants: 12 });
    app = await start();
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    await redis?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an honest log passes the witness round after round, across a restart and a Redis outage', async () => {
    expect((await submit('a', 0, 4)).errors).toBeUndefined();
    await headAt(4);
    const first = await witnessRound(app.server.url, dir);
    expect(first.alarms).toEqual([]);
    expect(first.lines).toEqual([expect.stringMatching(/^pantau\/2024\/SKD: first head kept, size 4, root [0-9a-f]{16}, 4 entries mirrored$/)]);

    expect((await submit('b', 4, 7)).errors).toBeUndefined();
    await headAt(7);
    expect((await witnessRound(app.server.url, dir)).lines).toEqual([
      'pantau/2024/SKD: ok, consistent from 4 to 7, 3 entries mirrored, root ' +
        (await (await fetch(`${app.server.url}/ledger/logs`)).json())[0].head.rootHash.slice(0, 16),
    ]);

    await app.close();
    app = await start();
    expect((await submit('c', 7, 9)).errors).toBeUndefined();
    await headAt(9);
    expect((await witnessRound(app.server.url, dir)).alarms).toEqual([]);

    if (redis) {
      await redis.stop();
      expect((await submit('d', 9, 10)).errors).toBeUndefined();
      await headAt(10);
      expect((await witnessRound(app.server.url, dir)).alarms).toEqual([]);
      await redis.start();
    }
    const closed = await app.gql(CLOSE, { s: world.sessionGlobalId }, { 'x-api-key': world.apiKey });
    expect(closed.data.closeExamSession.closingHead.size).toBe(redis ? 10 : 9);
    const round = await witnessRound(app.server.url, dir);
    expect(round.alarms).toEqual([]);

    const log = (await findLog(db.prisma, 'pantau/2024/SKD'))!;
    const [kept] = witnessLogs(dir);
    const copy = { heads: kept!.heads(), entries: kept!.entries(), publicKey: kept!.state()!.publicKey };
    const verdict = await verifyLog(db.prisma, log, { publicKey: key.publicKey, witness: copy });
    expect(verdict.problem).toBeUndefined();
    expect(verdict.witnessHeads).toBeGreaterThanOrEqual(4);
  });

  it('a closed session rewritten by the database owner and re-signed is caught by the witness and by verify-ledger, naming the entry', async () => {
    const victim = world.participants[2]!.participantNumber;
    const entry = await db.prisma.ledgerEntry.findFirstOrThrow({ where: { sessionId: world.sessionId, participantNumber: victim } });
    const log = (await findLog(db.prisma, 'pantau/2024/SKD'))!;
    const forged = entry.record.replace(/"tkp":\d+/, '"tkp":175').replace(/"total":\d+/, '"total":340');
    expect(forged).not.toBe(entry.record);

    // As a database owner would: triggers off; the score, the entry, every tree node rebuilt, the
    // session's closing root updated, and the stored heads removed so the server signs new ones.
    const root = await rewriteEntry(db, log.id, entry.leafIndex, forged, { participantNumber: victim, tkp: 175, total: 340 });
    // The server, holding the key, signs the rewritten log: the database alone now looks perfect.
    await expect.poll(async () => (await (await fetch(`${app.server.url}/ledger/logs`)).json())[0]?.head?.rootHash, { timeout: 10_000 }).toBe(root);
    expect((await verifyLog(db.prisma, log, { publicKey: key.publicKey })).problem).toBeUndefined();

    const round = await witnessRound(app.server.url, dir);
    expect(round.alarms).toHaveLength(1);
    expect(round.alarms[0]).toMatchObject({ origin: 'pantau/2024/SKD', firstDifference: { index: entry.leafIndex, kept: entry.record, served: forged } });
    expect(round.alarms[0]!.reason).toMatch(/^fork: two signed heads of size \d+ with different roots/);
    expect(round.lines[0]).toContain(`first differing entry: ${entry.leafIndex}`);

    const [kept] = witnessLogs(dir);
    const copy = { heads: kept!.heads(), entries: kept!.entries(), publicKey: kept!.state()!.publicKey };
    const verdict = await verifyLog(db.prisma, log, { publicKey: key.publicKey, witness: copy });
    expect(verdict.problem).toMatchObject({ leafIndex: entry.leafIndex, sessionId: world.sessionId, sequence: entry.sequence });
    expect(verdict.problem!.reason).toContain(`entry ${entry.leafIndex} differs from the witness's copy`);

    if (db.url) {
      // The same, as an ombudsman runs them: the witness process and verify-ledger against the database.
      const witness = await cli('witness', ['--url', app.server.url, '--dir', dir, '--once'], {});
      expect(witness.code).toBe(2);
      expect(witness.stderr).toContain(`first differing entry: ${entry.leafIndex}`);
      const verify = await cli('verify-ledger', ['--witness', dir], { DATABASE_URL: db.url });
      expect(verify.code).toBe(1);
      expect(verify.stdout).toContain(`the heads and entries kept by the witness in ${dir}`);
      expect(verify.stdout).toContain(`pantau/2024/SKD: BROKEN at entry ${entry.leafIndex} (session ${world.sessionId}, #${entry.sequence})`);
    }
  });

  it('the exam-card code is readable by officials (to print cards), not by the public or a scores partner', async () => {
    const { createUser } = await import('../src/access/users.js');
    const { encodeGlobalID } = await import('@pothos/plugin-relay');
    await createUser(db.prisma, { username: `pejabat-${engine}`, displayName: 'Pejabat', role: 'OFFICIAL', password: 'sandi-pejabat-panjang' });
    const login = await app.gql(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, {
      u: `pejabat-${engine}`,
      p: 'sandi-pejabat-panjang',
    });
    const official = { authorization: `Bearer ${login.data.login.token}` };
    const me = world.participants[0]!;
    const application = await db.prisma.application.findUniqueOrThrow({ where: { participantNumber: me.participantNumber } });
    const seat = await db.prisma.examSeat.findFirstOrThrow({ where: { applicationId: application.id } });
    const CARDS = `query($id: ID!) { node(id: $id) { ... on Application { examCards { participantNumber examCardCode session { number } } } } }`;
    const id = encodeGlobalID('Application', application.id);
    const seen = await app.gql(CARDS, { id }, official);
    expect(seen.errors).toBeUndefined();
    expect(seen.data.node.examCards).toEqual([
      { participantNumber: me.participantNumber, examCardCode: seat.examCardCode.match(/.{4}/g)!.join('-'), session: { number: expect.any(Number) } },
    ]);
    for (const headers of [{}, { 'x-api-key': world.apiKey }] as Array<Record<string, string>>) {
      const refused = await app.gql(CARDS, { id }, headers);
      expect(JSON.stringify(refused.data ?? null)).not.toContain(seat.examCardCode.slice(0, 4));
      // Refused (FORBIDDEN on the field), or the application is not even there for this caller (node is null).
      expect(refused.data?.node?.examCards ?? null).toBeNull();
    }
  });

  it('a guessed participant number opens nothing: 30 guesses against verifyScore recover none', async () => {
    const VERIFY = `query($p: String!, $c: String!) { verifyScore(participantNumber: $p, examCardCode: $c) { total } }`;
    // The attacker knows the public mask (last 4) and the numbering scheme, and guesses the rest and a code.
    const targets = world.participants.slice(0, 10);
    let recovered = 0;
    for (const t of targets) {
      for (const guess of [
        t.participantNumber,
        `${t.participantNumber.slice(0, -5)}0${t.participantNumber.slice(-4)}`,
        `2415710${t.participantNumber.slice(-5)}`,
      ]) {
        const res = await app.gql(VERIFY, { p: guess, c: '0000-0000-0000-0000' });
        expect(res.errors).toBeUndefined();
        if (res.data.verifyScore) recovered += 1;
      }
    }
    expect(recovered).toBe(0);
    // The holder of the card opens their own score; a malformed code is refused naming the argument.
    const seat = await db.prisma.examSeat.findFirstOrThrow({ where: { participantNumber: targets[0]!.participantNumber } });
    expect((await app.gql(VERIFY, { p: targets[0]!.participantNumber, c: seat.examCardCode })).data.verifyScore.total).toBe(315);
    const bad = await app.gql(VERIFY, { p: targets[0]!.participantNumber, c: 'abc' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'examCardCode' });
    // Public entries name no one.
    const served = await (await fetch(`${app.server.url}/ledger/entries?origin=pantau/2024/SKD&start=0`)).json();
    for (const p of world.participants) expect(JSON.stringify(served)).not.toContain(p.participantNumber);
  });
});

describe.each(ENGINES)('concurrent sessions appending to one log on %s', (engine) => {
  it('batches of several sessions at once interleave into one consistent log, in commit order', async () => {
    const db = await freshDatabase(engine);
    try {
      await seedReference(db.prisma);
      const { submitExamResults } = await import('../src/exams/ingestion.js');
      const w = await createExamWorld(db.prisma, { applicants: 12, tag: 'K' });
      const first = await db.prisma.examSession.findUniqueOrThrow({ where: { id: w.sessionId } });
      const sessionIds = [w.sessionId];
      for (const number of [5, 6]) {
        const s = await db.prisma.examSession.create({
          data: {
            siteId: first.siteId,
            selectionYearId: first.selectionYearId,
            date: first.date,
            number,
            stage: 'SKD',
            status: 'RUNNING',
            startedAt: new Date(),
          },
        });
        const seats = await db.prisma.examSeat.findMany({
          where: { sessionId: w.sessionId },
          orderBy: { participantNumber: 'asc' },
          skip: (number - 4) * 4,
          take: 4,
        });
        await db.prisma.examSeat.createMany({
          data: seats.map((x) => ({ sessionId: s.id, applicationId: x.applicationId, participantNumber: x.participantNumber })),
        });
        sessionIds.push(s.id);
      }
      const numbers = w.participants.map((p) => p.participantNumber).sort();
      await Promise.all(
        sessionIds.map(async (sessionId, k) => {
          for (let b = 0; b < 2; b++) {
            const results = numbers
              .slice(k * 4 + b * 2, k * 4 + b * 2 + 2)
              .map((participantNumber, i) => ({ participantNumber, twk: 80, tiu: 80, tkp: 150 + i + k, finishedAt: new Date(at) }));
            await submitExamResults(db.prisma, unheard, { sessionId, batchId: `c-${k}-${b}`, results });
          }
        }),
      );
      const log = (await findLog(db.prisma, 'pantau/2024/SKD'))!;
      expect(log.size).toBe(12);
      expect((await verifyLog(db.prisma, log)).problem).toBeUndefined();
      // Each session numbers its own entries 1, 2, 3, ... in leaf order, however the batches interleaved.
      const entries = await db.prisma.ledgerEntry.findMany({ orderBy: { leafIndex: 'asc' }, select: { sessionId: true, sequence: true } });
      for (const sessionId of sessionIds) expect(entries.filter((e) => e.sessionId === sessionId).map((e) => e.sequence)).toEqual([1, 2, 3, 4]);
      // A frontier edited by the database owner (every later append would hash on from it) is named.
      await db.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe('set local session_replication_role = replica');
        await tx.$executeRaw`update "LedgerLog" set "frontier" = array["frontier"[2], "frontier"[1]] where "id" = ${log.id}`;
      });
      expect((await verifyLog(db.prisma, log)).problem?.reason).toMatch(/frontier differs/);
    } finally {
      await db.close();
    }
  });
});

describe.each(ENGINES)('score log appends and keys on %s', (engine) => {
  it('an append after a rolled-back one hashes on from the committed log, not from what was rolled back', async () => {
    const db = await freshDatabase(engine);
    try {
      await seedReference(db.prisma);
      const { submitExamResults } = await import('../src/exams/ingestion.js');
      const w = await createExamWorld(db.prisma, { applicants: 12, tag: 'R' });
      const results = (from: number, to: number, tkp = 150) =>
        w.participants.slice(from, to).map((p) => ({ participantNumber: p.participantNumber, twk: 80, tiu: 80, tkp, finishedAt: new Date(at) }));
      await submitExamResults(db.prisma, unheard, { sessionId: w.sessionId, batchId: 'r-1', results: results(0, 5) });
      // The same participants with other scores: appended, then the transaction fails after the append.
      const refused = new Error('refused after the append');
      await expect(
        submitExamResults(db.prisma, unheard, { sessionId: w.sessionId, batchId: 'r-2', results: results(5, 10, 151) }, async (tx, sessionId, entries) => {
          await appendToLedger(tx, sessionId, entries);
          throw refused;
        }),
      ).rejects.toBe(refused);
      await submitExamResults(db.prisma, unheard, { sessionId: w.sessionId, batchId: 'r-3', results: results(5, 12, 152) });
      const log = (await findLog(db.prisma, 'pantau/2024/SKD'))!;
      expect(log.size).toBe(12);
      expect((await verifyLog(db.prisma, log)).problem).toBeUndefined();
      const entries = await db.prisma.ledgerEntry.findMany({ orderBy: { leafIndex: 'asc' }, select: { sequence: true, record: true } });
      expect(entries.map((e) => e.sequence)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(entries.some((e) => e.record.includes('"tkp":151'))).toBe(false);
    } finally {
      await db.close();
    }
  });

  it('an entry must name an existing log and session, and a session with entries cannot be deleted, renumbered or truncated', async () => {
    const db = await freshDatabase(engine);
    try {
      await seedReference(db.prisma);
      const { submitExamResults } = await import('../src/exams/ingestion.js');
      const w = await createExamWorld(db.prisma, { applicants: 4, tag: 'F' });
      await submitExamResults(db.prisma, unheard, {
        sessionId: w.sessionId,
        batchId: 'f-1',
        results: w.participants.map((p) => ({ participantNumber: p.participantNumber, twk: 80, tiu: 80, tkp: 150, finishedAt: new Date(at) })),
      });
      const log = (await findLog(db.prisma, 'pantau/2024/SKD'))!;
      const entry = (logId: number, sessionId: number) =>
        db.prisma.$executeRaw`insert into "LedgerEntry" ("logId", "leafIndex", "sessionId", "sequence", "kind", "participantNumber", "record", "leafHash")
          values (${logId}, 1000, ${sessionId}, 1000, 'RESULT', 'x', '{}', 'x')`;
      await expect(entry(log.id + 1, w.sessionId)).rejects.toThrow(/does not exist/);
      await expect(entry(log.id, w.sessionId + 1000)).rejects.toThrow(/does not exist/);
      await expect(db.prisma.$executeRaw`delete from "ExamSession" where "id" = ${w.sessionId}`).rejects.toThrow(/score-log entries/);
      await expect(db.prisma.$executeRaw`update "ExamSession" set "id" = "id" + 1000 where "id" = ${w.sessionId}`).rejects.toThrow(/score-log entries/);
      await expect(db.prisma.$executeRawUnsafe(`truncate "ExamSession" cascade`)).rejects.toThrow(/score-log entries/);
      expect(await db.prisma.ledgerEntry.count()).toBe(4);
    } finally {
      await db.close();
    }
  });
});
