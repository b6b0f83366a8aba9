import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, freshDatabase, type TestDatabase } from '../../test/databases.js';
import { meetsThreshold, RULES_2024 } from '../domain/rules.js';
import { verifyLogOfSession } from '../exams/ledger-verify.js';
import { startSession } from '../exams/sessions.js';
import { DEMO_NOW, SEATS_PER_SESSION, seedExamSchedule, sessionStart, simulatedSeat, simulateSkdResults } from './exams.js';
import { seedReference, seedSynthetic } from './seed.js';
import { unheard } from '../events/publisher.js';

describe('simulatedSeat', () => {
  const seats = Array.from({ length: 20_000 }, (_, i) => simulatedSeat(RULES_2024, 2024, `2415710${String(i).padStart(7, '0')}`));
  const sat = seats.filter((s) => !s.absent && !s.disqualified);

  it('gives scores on the rule set steps and within 0..max, finishing within the sitting', () => {
    const off = seats.filter(
      (s) =>
        s.twk % 5 !== 0 ||
        s.tiu % 5 !== 0 ||
        !Number.isInteger(s.tkp) ||
        s.twk < 0 ||
        s.twk > 150 ||
        s.tiu < 0 ||
        s.tiu > 175 ||
        s.tkp < 0 ||
        s.tkp > 225 ||
        s.minutes <= 0 ||
        s.minutes > RULES_2024.skd.durationMinutes,
    );
    expect(off).toEqual([]);
  });

  it('looks like a CPNS SKD: about 3% absent, 0.1% disqualified, 30-50% pass the UMUM threshold', () => {
    const share = (n: number) => n / seats.length;
    expect(share(seats.filter((s) => s.absent).length)).toBeGreaterThan(0.02);
    expect(share(seats.filter((s) => s.absent).length)).toBeLessThan(0.04);
    expect(seats.filter((s) => s.disqualified).length).toBeGreaterThan(5);
    expect(seats.filter((s) => s.disqualified).length).toBeLessThan(50);
    const passed = sat.filter((s) => meetsThreshold(RULES_2024, 'UMUM', { TWK: s.twk, TIU: s.tiu, TKP: s.tkp })).length / sat.length;
    expect(passed).toBeGreaterThan(0.3);
    expect(passed).toBeLessThan(0.5);
    const mean = (pick: (s: (typeof sat)[number]) => number) => sat.reduce((sum, s) => sum + pick(s), 0) / sat.length;
    expect(mean((s) => s.twk)).toBeCloseTo(90, 0);
    expect(Math.abs(mean((s) => s.tiu) - 95)).toBeLessThan(1);
    expect(Math.abs(mean((s) => s.tkp) - 168)).toBeLessThan(1);
  });

  it('depends on the seed and the participant number only', () => {
    expect(simulatedSeat(RULES_2024, 2024, '24157100000001')).toEqual(simulatedSeat(RULES_2024, 2024, '24157100000001'));
    expect(simulatedSeat(RULES_2024, 2025, '24157100000001')).not.toEqual(simulatedSeat(RULES_2024, 2024, '24157100000001'));
  });
});

describe.each(ENGINES)('SKD schedule and simulated sessions on %s', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase(engine);
    await seedReference(db.prisma);
    await seedSynthetic(db.prisma, { applicants: 900, seed: 7 });
  });
  afterAll(() => db?.close());

  /** Row keys and versions: xmin changes on any UPDATE, even one writing the same values. */
  async function snapshot(...tables: string[]) {
    const out: Record<string, string[]> = {};
    for (const table of tables) {
      // A score-log entry's key is its place in its log.
      const key = table === 'LedgerEntry' ? `"logId" || ':' || "leafIndex"` : 'id';
      const rows = await db.prisma.$queryRawUnsafe<Array<{ id: number; x: string }>>(`select ${key} as id, xmin::text as x from "${table}" order by ${key}`);
      out[table] = rows.map((r) => `${r.id}:${r.x}`);
    }
    return out;
  }

  /** Only applications found MS at the administrative check sit the SKD. */
  async function eligible(): Promise<number> {
    return db.prisma.application.count({ where: { adminResult: 'MS' } });
  }

  async function count(table: string): Promise<number> {
    const [row] = await db.prisma.$queryRawUnsafe<Array<{ n: number }>>(`select count(*)::int as n from "${table}"`);
    return row!.n;
  }

  /** The seated world: one row per seat with its site, session and formation region. */
  async function seating() {
    return db.prisma.examSeat.findMany({
      include: {
        session: { include: { site: { include: { region: true } } } },
        application: { include: { formation: { include: { region: { include: { parent: true } } } } } },
      },
    });
  }

  /** Checks what every schedule must satisfy, whatever was added when. */
  async function expectSoundSchedule(applications: number) {
    const seats = await seating();
    expect(seats).toHaveLength(applications);
    expect(new Set(seats.map((s) => s.applicationId)).size).toBe(applications);
    const sessions = new Map<number, { siteId: number; slot: string; seats: number }>();
    for (const seat of seats) {
      expect(seat.participantNumber).toBe(seat.application.participantNumber);
      const region = seat.application.formation.region;
      const kabKota = region.kind === 'KECAMATAN' ? region.parent! : region;
      expect(seat.session.site.region.code, seat.participantNumber).toBe(kabKota.code);
      expect(seat.session.stage).toBe('SKD');
      const entry = sessions.get(seat.sessionId) ?? {
        siteId: seat.session.siteId,
        slot: `${seat.session.date.toISOString().slice(0, 10)}#${seat.session.number}`,
        seats: 0,
      };
      entry.seats += 1;
      sessions.set(seat.sessionId, entry);
    }
    // Sessions fill in timetable order: every session but a site's last is full.
    const bySite = new Map<number, Array<{ slot: string; seats: number }>>();
    for (const s of sessions.values()) bySite.set(s.siteId, [...(bySite.get(s.siteId) ?? []), s]);
    for (const list of bySite.values()) {
      list.sort((a, b) => (a.slot < b.slot ? -1 : 1));
      list.forEach((s, i) => {
        if (i < list.length - 1) expect(s.seats).toBe(SEATS_PER_SESSION);
        else expect(s.seats).toBeLessThanOrEqual(SEATS_PER_SESSION);
      });
      expect(list[0]!.slot).toBe('2024-10-21#1');
    }
    return seats;
  }

  it("seats every 2024 MS application once, at the site of its formation's kabupaten/kota, and no TMS one", async () => {
    const ms = await eligible();
    expect(ms).toBeGreaterThan(800);
    expect(ms).toBeLessThan(900);
    const result = await seedExamSchedule(db.prisma, { seed: 7 });
    expect(result).toMatchObject({ sitesCreated: 5, seatsCreated: ms, seats: ms });
    expect(result.sessionsCreated).toBe(result.sessions);
    const seats = await expectSoundSchedule(ms);
    expect(seats.every((s) => s.application.adminResult === 'MS')).toBe(true);

    const sites = await db.prisma.examSite.findMany({ include: { region: true }, orderBy: { code: 'asc' } });
    expect(sites.map((s) => s.code)).toEqual(['TL-1504', 'TL-1571', 'TL-1671', 'TL-1701', 'TL-3374']);
    expect(sites.find((s) => s.code === 'TL-1571')).toMatchObject({ name: 'Titik Lokasi Kota Jambi (UPT BKN)', region: { code: '15.71' } });
    // The kecamatan of the seed articles sit at their kabupaten/kota's site.
    const siteOf = (regionCode: string) => new Set(seats.filter((s) => s.application.formation.region.code === regionCode).map((s) => s.session.site.code));
    expect(siteOf('16.71.14')).toEqual(new Set(['TL-1671']));
    expect(siteOf('17.01.05')).toEqual(new Set(['TL-1701']));

    const sessions = await db.prisma.examSession.findMany();
    for (const s of sessions) {
      expect(s).toMatchObject({ stage: 'SKD', status: 'SCHEDULED', chainHead: null });
      expect(s.number).toBeGreaterThanOrEqual(1);
      expect(s.number).toBeLessThanOrEqual(4);
    }
    expect(await db.prisma.examSeat.count({ where: { attendance: 'SCHEDULED' } })).toBe(ms);
  });

  it('writes nothing when run again, not even a rewrite', async () => {
    const before = await snapshot('ExamSite', 'ExamSession', 'ExamSeat');
    const again = await seedExamSchedule(db.prisma, { seed: 7 });
    expect(again).toMatchObject({ sitesCreated: 0, sessionsCreated: 0, seatsCreated: 0, seats: await eligible() });
    expect(await snapshot('ExamSite', 'ExamSession', 'ExamSeat')).toEqual(before);
  });

  it('seats newcomers after the seated, filling the open sessions first and adding days as needed', async () => {
    const before = await db.prisma.examSeat.findMany({ select: { id: true, sessionId: true, applicationId: true }, orderBy: { id: 'asc' } });
    await seedSynthetic(db.prisma, { applicants: 2_000, seed: 7 });
    const ms = await eligible();
    const result = await seedExamSchedule(db.prisma, { seed: 7 });
    expect(result).toMatchObject({ seatsCreated: ms - before.length, seats: ms });
    expect(result.sessionsCreated).toBeGreaterThan(0);
    const after = await db.prisma.examSeat.findMany({
      where: { id: { in: before.map((s) => s.id) } },
      select: { id: true, sessionId: true, applicationId: true },
      orderBy: { id: 'asc' },
    });
    expect(after).toEqual(before);
    await expectSoundSchedule(ms);
  });

  it('holds the first sessions through the real ingestion path, publishing each chain head', async () => {
    const result = await simulateSkdResults(db.prisma, { seed: 7, sessions: 3 });
    expect(result).toMatchObject({ sessionsClosed: 3, sessionsSkipped: 0, replayedBatches: 0 });
    const seated = await db.prisma.examSeat.count({ where: { session: { status: 'CLOSED' } } });
    expect(seated).toBeGreaterThan(3 * SEATS_PER_SESSION * 0.9);
    expect(result.resultsCreated).toBeGreaterThan(seated * 0.9);
    expect(result.resultsCreated + result.absent + result.disqualified).toBe(seated);
    expect(result.absent).toBeGreaterThan(0);

    const closed = await db.prisma.examSession.findMany({ where: { status: 'CLOSED' }, include: { site: true }, orderBy: { id: 'asc' } });
    // Timetable order: the first day's session 1, site by site.
    expect(closed.map((s) => `${s.site.code} ${s.date.toISOString().slice(0, 10)} #${s.number}`).sort()).toEqual([
      'TL-1504 2024-10-21 #1',
      'TL-1571 2024-10-21 #1',
      'TL-1671 2024-10-21 #1',
    ]);
    expect(await db.prisma.examResult.count()).toBe(result.resultsCreated);
    expect(await db.prisma.ledgerEntry.count()).toBe(result.resultsCreated);
    for (const session of closed) {
      const last = await db.prisma.ledgerEntry.findFirstOrThrow({ where: { sessionId: session.id }, orderBy: { sequence: 'desc' } });
      // The session closed after its last entry: the closing root covers it.
      expect(session.closingLogSize).toBeGreaterThan(last.leafIndex);
      expect(session.startedAt).toEqual(sessionStart(session.date, session.number));
      const verdict = await verifyLogOfSession(db.prisma, session.id);
      expect(verdict.problem).toBeUndefined();
      const batches = await db.prisma.ingestionBatch.findMany({ where: { sessionId: session.id }, orderBy: { createdAt: 'asc' } });
      expect(batches.map((b) => b.id)).toEqual(batches.map((_, k) => `seed-${session.id}-${k}`));
      const results = await db.prisma.examResult.findMany({ where: { sessionId: session.id } });
      for (const r of results) {
        expect(r.finishedAt.getTime()).toBeGreaterThan(session.startedAt!.getTime());
        expect(r.finishedAt.getTime()).toBeLessThanOrEqual(session.startedAt!.getTime() + 100 * 60_000);
      }
    }
    expect(await db.prisma.examSeat.count({ where: { session: { status: 'CLOSED' }, attendance: 'ABSENT' } })).toBe(result.absent);
    expect(await db.prisma.examSeat.count({ where: { session: { status: 'CLOSED' }, attendance: 'PRESENT' } })).toBe(
      result.resultsCreated + result.disqualified,
    );
    expect(await db.prisma.examSeat.count({ where: { session: { status: 'CLOSED' }, disqualifiedReason: { not: null } } })).toBe(result.disqualified);
    expect(await db.prisma.examSession.count({ where: { status: 'SCHEDULED' } })).toBeGreaterThan(0);
  });

  it('writes nothing when run again', async () => {
    const tables = ['ExamSession', 'ExamSeat', 'ExamResult', 'LedgerEntry', 'IngestionBatch'];
    const before = await snapshot(...tables);
    expect(await simulateSkdResults(db.prisma, { seed: 7, sessions: 3 })).toEqual({
      sessionsClosed: 0,
      sessionsSkipped: 3,
      resultsCreated: 0,
      absent: 0,
      disqualified: 0,
      batches: 0,
      replayedBatches: 0,
    });
    expect(await snapshot(...tables)).toEqual(before);
    expect(await count('ScoreCorrection')).toBe(0);
  });

  it('finishes a session left running, and by default holds every session before the demo clock', async () => {
    const fourth = await db.prisma.examSession.findFirstOrThrow({
      where: { status: 'SCHEDULED', date: new Date('2024-10-21'), number: 1 },
      include: { site: true },
      orderBy: { site: { code: 'asc' } },
    });
    expect(fourth.site.code).toBe('TL-1701');
    await startSession(db.prisma, unheard, fourth.id);
    const resumed = await simulateSkdResults(db.prisma, { seed: 7, sessions: 4 });
    expect(resumed).toMatchObject({ sessionsClosed: 1, sessionsSkipped: 3 });
    expect((await verifyLogOfSession(db.prisma, fourth.id)).problem).toBeUndefined();

    const demo = await simulateSkdResults(db.prisma, { seed: 7 });
    expect(demo).toMatchObject({ sessionsClosed: 1, sessionsSkipped: 4 });
    const sessions = await db.prisma.examSession.findMany();
    for (const s of sessions) expect(s.status, `${s.date.toISOString()} #${s.number}`).toBe(sessionStart(s.date, s.number) < DEMO_NOW ? 'CLOSED' : 'SCHEDULED');
  });

  it('verification names the entry of a score edited in the database, and of an edited log entry', async () => {
    const session = await db.prisma.examSession.findFirstOrThrow({ where: { status: 'CLOSED' }, orderBy: { id: 'asc' } });
    const fifth = await db.prisma.ledgerEntry.findFirstOrThrow({ where: { sessionId: session.id, sequence: 5 } });
    await db.prisma
      .$executeRaw`update "ExamResult" set tkp = tkp + 1, total = total + 1 where "sessionId" = ${session.id} and "participantNumber" = ${fifth.participantNumber}`;
    expect((await verifyLogOfSession(db.prisma, session.id)).problem).toMatchObject({
      leafIndex: fifth.leafIndex,
      sequence: 5,
      reason: `stored score of ${fifth.participantNumber} in session ${session.id} differs from the log`,
    });
    await db.prisma
      .$executeRaw`update "ExamResult" set tkp = tkp - 1, total = total - 1 where "sessionId" = ${session.id} and "participantNumber" = ${fifth.participantNumber}`;
    expect((await verifyLogOfSession(db.prisma, session.id)).problem).toBeUndefined();

    const seventh = await db.prisma.ledgerEntry.findFirstOrThrow({ where: { sessionId: session.id, sequence: 7 } });
    const record = JSON.parse(seventh.record) as { tkp: number };
    // The log refuses the edit; a database owner turns the triggers off for it.
    await expect(
      db.prisma.ledgerEntry.update({ where: { logId_leafIndex: { logId: seventh.logId, leafIndex: seventh.leafIndex } }, data: { record: '{}' } }),
    ).rejects.toThrow(/append-only/);
    const edit = (record: string) =>
      db.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`set local session_replication_role = replica`);
        await tx.$executeRaw`update "LedgerEntry" set "record" = ${record} where "logId" = ${seventh.logId} and "leafIndex" = ${seventh.leafIndex}`;
      });
    await edit(seventh.record.replace(`"tkp":${record.tkp}`, `"tkp":${record.tkp + 1}`));
    expect((await verifyLogOfSession(db.prisma, session.id)).problem).toMatchObject({
      leafIndex: seventh.leafIndex,
      sequence: 7,
      reason: 'the entry does not match its stored leaf hash (entry edited)',
    });
    await edit(seventh.record);
    expect((await verifyLogOfSession(db.prisma, session.id)).problem).toBeUndefined();
  });
});
