/**
 * Bench fixtures: applicants, applications, running SKD sessions, seats and SKD results written
 * with a few raw `INSERT … SELECT` statements (generate_series / unnest), as the seed does, so
 * 100,000 applicants take seconds. Bench data only: nothing here goes through the domain checks
 * the app applies (ingestion does that, and is what the suites measure). Runs on both engines.
 */
import type { PrismaClient } from '../src/generated/prisma/client.js';
import { freshDatabase, type TestDatabase } from '../test/databases.js';
import { parseRuleSet, type RuleSet } from '../src/domain/rules.js';
import { seedReference } from '../src/seed/seed.js';
import { simulatedSeat, type SimulatedSeat } from '../src/seed/exams.js';

export const BENCH_SEED = 2024;

export interface BenchWorld {
  yearId: number;
  rules: RuleSet;
  regionId: number;
  siteId: number;
  /** Formations of the seeded 2024 year, by id. */
  formationIds: number[];
}

export interface BenchApplication {
  id: number;
  participantNumber: string;
  formationId: number;
}

const GIVEN = ['Budi', 'Siti', 'Agus', 'Dewi', 'Rina', 'Joko', 'Sri', 'Andi', 'Putri', 'Hendra', 'Wulan', 'Eko'];
const FAMILY = ['Santoso', 'Rahmawati', 'Pratama', 'Lestari', 'Saputra', 'Wijaya', 'Kurniawan', 'Hasibuan'];

/** Reference data (regions, agencies, formations, the 2024 rule set) and one bench test site. */
export async function benchWorld(prisma: PrismaClient, tag = 'B'): Promise<BenchWorld> {
  await seedReference(prisma);
  const year = await prisma.selectionYear.findUniqueOrThrow({ where: { year: 2024 }, select: { id: true, rules: true } });
  const region = await prisma.region.findUniqueOrThrow({ where: { code: '15.71' }, select: { id: true } });
  const formations = await prisma.formation.findMany({ where: { selectionYearId: year.id }, orderBy: { id: 'asc' }, select: { id: true } });
  const site = await prisma.examSite.create({ data: { code: `BENCH-${tag}`, name: `Titik Lokasi Bench ${tag}`, regionId: region.id } });
  return { yearId: year.id, rules: parseRuleSet(year.rules), regionId: region.id, siteId: site.id, formationIds: formations.map((f) => f.id) };
}

/**
 * `count` applicants with one application each, spread round-robin over `formationIds`.
 * `prefix` (two digits) keeps several sets apart in one database: NIK `99<prefix><12 digits>`,
 * participant number `24<prefix><10 digits>`. Returns the applications in participant-number order.
 */
export async function bulkApplications(
  prisma: PrismaClient,
  world: BenchWorld,
  { count, formationIds, prefix }: { count: number; formationIds: number[]; prefix: string },
): Promise<BenchApplication[]> {
  if (!/^\d\d$/.test(prefix)) throw new Error(`prefix must be two digits, got ${prefix}`);
  const nikPrefix = `99${prefix}`;
  await prisma.$executeRaw`
    insert into "Applicant" ("nik", "fullName", "birthDate", "gender", "email", "phone", "educationLevel", "major", "gpa", "disability", "originRegionId", "createdAt")
    select ${nikPrefix} || lpad(g::text, 12, '0'),
      (${GIVEN}::text[])[1 + g % ${GIVEN.length}::int] || ' ' || (${FAMILY}::text[])[1 + (g / ${GIVEN.length}::int) % ${FAMILY.length}::int] || ' ' || g,
      date '1990-01-01' + (g % 4000),
      (case when g % 2 = 0 then 'MALE' else 'FEMALE' end)::"Gender",
      'pelamar' || ${prefix} || '.' || g || '@bench.test',
      '0812' || lpad(g::text, 8, '0'),
      'S1'::"EducationLevel", 'Informatika', (2.50 + (g % 150) / 100.0)::numeric(4, 2), false, ${world.regionId}::int, now()
    from generate_series(1, ${count}::int) g`;
  await prisma.$executeRaw`
    insert into "Application" ("participantNumber", "applicantId", "formationId", "selectionYearId", "createdAt")
    select '24' || ${prefix} || right(a."nik", 10), a."id",
      (${formationIds}::int[])[1 + (right(a."nik", 12)::bigint % ${formationIds.length}::int)::int], ${world.yearId}::int, now()
    from "Applicant" a where a."nik" like ${`${nikPrefix}%`}`;
  return prisma.$queryRaw<BenchApplication[]>`
    select "id", "participantNumber", "formationId" from "Application"
    where "participantNumber" like ${`24${prefix}%`} order by "participantNumber"`;
}

/** A running SKD session at the bench site; `index` picks its (unique) date. */
export async function runningSession(prisma: PrismaClient, world: BenchWorld, index: number): Promise<{ id: number; startedAt: Date }> {
  const startedAt = new Date(Date.UTC(2030, 0, 1 + index, 0, 30));
  const s = await prisma.examSession.create({
    data: {
      siteId: world.siteId,
      selectionYearId: world.yearId,
      date: new Date(Date.UTC(2030, 0, 1 + index)),
      number: 1,
      stage: 'SKD',
      status: 'RUNNING',
      startedAt,
    },
    select: { id: true, startedAt: true },
  });
  return { id: s.id, startedAt: s.startedAt! };
}

/** Seats the applications in a session (chunks of 20,000 array elements). */
export async function bulkSeats(prisma: PrismaClient, sessionId: number, apps: BenchApplication[]): Promise<void> {
  const CHUNK = 20_000;
  for (let i = 0; i < apps.length; i += CHUNK) {
    const chunk = apps.slice(i, i + CHUNK);
    await prisma.$executeRaw`
      insert into "ExamSeat" ("sessionId", "applicationId", "participantNumber")
      select ${sessionId}::int, a, p from unnest(${chunk.map((x) => x.id)}::integer[], ${chunk.map((x) => x.participantNumber)}::text[]) as t(a, p)`;
  }
}

/** The project's simulated SKD outcome of a participant (correlated sub-scores, steps, 3% absent, 0.1% DIS). */
export function outcomeOf(world: BenchWorld, participantNumber: string): SimulatedSeat {
  return simulatedSeat(world.rules, BENCH_SEED, participantNumber);
}

/**
 * Final SKD results written directly (no ledger, no batches): those present get a result, the
 * simulated DIS share is stored as disqualified, the simulated absentees get none. Returns the
 * number of results written.
 */
export async function bulkResults(prisma: PrismaClient, sessionId: number, startedAt: Date, world: BenchWorld, apps: BenchApplication[]): Promise<number> {
  const CHUNK = 20_000;
  let written = 0;
  for (let i = 0; i < apps.length; i += CHUNK) {
    const rows = apps
      .slice(i, i + CHUNK)
      .map((a) => ({ a, o: outcomeOf(world, a.participantNumber) }))
      .filter(({ o }) => !o.absent);
    const ts = (o: SimulatedSeat) => new Date(startedAt.getTime() + o.minutes * 60_000).toISOString().replace('Z', '');
    written += await prisma.$executeRaw`
      insert into "ExamResult" ("applicationId", "formationId", "participantNumber", "stage", "sessionId", "twk", "tiu", "tkp", "total", "finishedAt", "batchId", "disqualified", "updatedAt")
      select a, f, p, 'SKD'::"ExamStage", ${sessionId}::int, w, i, k, w + i + k, fin, 'bench-bulk', d, now()
      from unnest(
        ${rows.map((r) => r.a.id)}::integer[], ${rows.map((r) => r.a.formationId)}::integer[], ${rows.map((r) => r.a.participantNumber)}::text[],
        ${rows.map((r) => r.o.twk)}::integer[], ${rows.map((r) => r.o.tiu)}::integer[], ${rows.map((r) => r.o.tkp)}::integer[],
        ${rows.map((r) => ts(r.o))}::timestamp(3)[], ${rows.map((r) => r.o.disqualified)}::boolean[]
      ) as t(a, f, p, w, i, k, fin, d)`;
  }
  return written;
}

/** Empties everything ingestion writes and resets attendance, so the next run starts alike. */
export async function resetIngestion(prisma: PrismaClient): Promise<void> {
  // The score log is append-only by trigger; the bench empties it as a database owner would.
  await prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`set local session_replication_role = replica`);
    await tx.$executeRawUnsafe(`truncate "ScoreCorrection", "LedgerHead", "LedgerNode", "LedgerEntry", "LedgerLog", "IngestionBatch", "ExamResult"`);
  });
  await prisma.$executeRawUnsafe(`update "ExamSeat" set "attendance" = 'SCHEDULED'`);
}

/**
 * A contested region: `n` applicants of `region`'s formations with SKD results, 60% of them in its
 * first formation (`big`), as announcement day sees it. `prefixes` keep participant numbers of
 * several builds in one database apart.
 */
export async function contestedRegion(
  prisma: PrismaClient,
  options: { tag: string; region: string; applicants: number; prefixes: [crowd: string, rest: string] },
): Promise<{ world: BenchWorld; big: number; session: { id: number; startedAt: Date } }> {
  const world = await benchWorld(prisma, options.tag);
  const formations = await prisma.formation.findMany({
    where: { region: { code: options.region }, selectionYearId: world.yearId },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  const big = formations[0]!.id;
  const session = await runningSession(prisma, world, 0);
  const crowd = await bulkApplications(prisma, world, { count: Math.round(options.applicants * 0.6), formationIds: [big], prefix: options.prefixes[0] });
  const rest = await bulkApplications(prisma, world, {
    count: options.applicants - crowd.length,
    formationIds: formations.slice(1).map((f) => f.id),
    prefix: options.prefixes[1],
  });
  await bulkResults(prisma, session.id, session.startedAt, world, [...crowd, ...rest]);
  return { world, big, session };
}

/** Fresh planner statistics (and, on PostgreSQL, a visibility map for index-only scans) after bulk loads. */
export async function vacuumAnalyze(prisma: PrismaClient, tables: string[]): Promise<void> {
  for (const t of tables) await prisma.$executeRawUnsafe(`vacuum analyze "${t}"`);
}

/** Seconds since t0, for progress lines. */
export const secondsSince = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

/** One SQL statement Prisma sent, with its parameters (JSON) and Prisma's own duration. */
export interface QueryEvent {
  query: string;
  params: string;
  duration: number;
}

/**
 * A fresh PostgreSQL database whose statements can be recorded: `record(run)` returns what Prisma
 * sent while `run` ran (query events are on for the whole client, so time nothing else on it).
 */
export async function recordingDatabase(): Promise<{ db: TestDatabase; record(run: () => Promise<unknown>): Promise<QueryEvent[]> }> {
  let events: QueryEvent[] | undefined;
  // onQuery turns Prisma's query events on; the listener keeps their text, parameters and durations.
  const db = await freshDatabase('postgres', { onQuery: () => {} });
  (db.prisma as unknown as { $on(e: 'query', cb: (e: QueryEvent) => void): void }).$on('query', (e) => {
    events?.push({ query: e.query, params: e.params, duration: Number(e.duration) });
  });
  return {
    db,
    record: async (run) => {
      events = [];
      try {
        await run();
        return events;
      } finally {
        events = undefined;
      }
    },
  };
}
