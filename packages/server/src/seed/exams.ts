/**
 * The SKD exam of the seeded selection year: test sites, sessions and seats for every
 * application (seedExamSchedule), and a deterministic run of the first sessions through the real
 * ingestion path (simulateSkdResults), so a fresh database has closed sessions with published
 * ledger heads next to sessions still to come. Both are idempotent: a second run writes nothing.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { parseRuleSet, type RuleSet, type SkdSubtest } from '../domain/rules.js';
import { submitExamResults, reportExamProgress, type ResultInput } from '../exams/ingestion.js';
import { closeSession, disqualify, startSession } from '../exams/sessions.js';
import { Prng, deriveSeed } from './prng.js';
import { REGIONS } from './reference.js';
import { unheard, type Publisher } from '../events/publisher.js';

type Tx = Prisma.TransactionClient;

/** Selection year whose SKD is scheduled (the seeded one). */
export const EXAM_YEAR = 2024;
/** First SKD day of CPNS 2024 (UTC date; sessions run on consecutive days from it). */
export const SKD_FIRST_DAY = '2024-10-21';
/** Four sessions a day, as at the real sites (RULES.md). */
export const SESSIONS_PER_DAY = 4;
/** Seats per session: a CAT centre's room. */
export const SEATS_PER_SESSION = 300;
/**
 * Session start times in WIB (UTC+7, the zone of all five seeded regions), by session number.
 * Each sitting lasts the rule set's 100 minutes.
 */
export const SESSION_STARTS_WIB = ['07:30', '10:00', '13:00', '15:30'] as const;
/**
 * The seeded demo's clock: sessions that started before it have been held (simulateSkdResults
 * without `sessions`), the rest are still scheduled. 09:30 WIB on the first day, between session
 * 1 and 2: every site has a closed session, and any site with more than 300 applications (all
 * five in the 2,000-applicant demo) still has sessions to come.
 */
export const DEMO_NOW = new Date('2024-10-21T09:30:00+07:00');

/** Results per submitExamResults call, as a site uploads them (well under MAX_BATCH). */
export const SIMULATION_BATCH = 100;
/** Share of seated participants who do not come (TH). */
export const ABSENT_SHARE = 0.03;
/** Share of those present who are disqualified (DIS). */
export const DISQUALIFIED_SHARE = 0.001;

const DISQUALIFICATION_REASONS = [
  'Membawa alat komunikasi ke dalam ruang ujian',
  'Bekerja sama dengan peserta lain saat ujian',
  'Menggunakan joki (identitas peserta tidak sesuai)',
] as const;

/** Distribution of the simulated sub-scores: mean and spread of a CPNS 2024 field (see SKD thresholds in RULES.md). */
const SCORE_MODEL: Record<SkdSubtest, { mean: number; sd: number }> = {
  TWK: { mean: 90, sd: 15 },
  TIU: { mean: 95, sd: 20 },
  TKP: { mean: 168, sd: 14 },
};
/** Weight of a participant's general ability in each sub-score: strong candidates do well on all three. */
const ABILITY_LOADING = 0.5;

export interface ExamScheduleResult {
  sitesCreated: number;
  sessionsCreated: number;
  seatsCreated: number;
  /** SKD sessions of the year after the run. */
  sessions: number;
  /** Seats in them after the run. */
  seats: number;
}

export interface SimulationResult {
  /** Sessions this run started (or resumed) and closed. */
  sessionsClosed: number;
  /** Sessions of the selection that were already closed and were left alone. */
  sessionsSkipped: number;
  resultsCreated: number;
  absent: number;
  disqualified: number;
  /** submitExamResults calls, and how many of them were replays of a committed batch. */
  batches: number;
  replayedBatches: number;
}

/** The UTC date `days` after the first SKD day, as YYYY-MM-DD. */
function dayAfterStart(days: number): string {
  return new Date(Date.parse(`${SKD_FIRST_DAY}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Position of a session in its site's timetable: day x 4 + number - 1. */
function slotOf(date: Date, number: number): number {
  return Math.round((date.getTime() - Date.parse(`${SKD_FIRST_DAY}T00:00:00Z`)) / 86_400_000) * SESSIONS_PER_DAY + number - 1;
}

/** When a session starts: its date at its number's WIB start time. */
export function sessionStart(date: Date, number: number): Date {
  const start = SESSION_STARTS_WIB[number - 1];
  if (!start) throw new RangeError(`session number must be 1..${SESSION_STARTS_WIB.length}, got ${number}`);
  return new Date(`${date.toISOString().slice(0, 10)}T${start}:00+07:00`);
}

/** 32-bit FNV-1a of a string: a participant's own random stream, whatever order seats come in. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The test site of a kabupaten/kota: code after its BPS code, named for the CAT centre. */
export function siteFor(region: { bpsCode: string | null; code: string; name: string }): { code: string; name: string } {
  return { code: `TL-${region.bpsCode ?? region.code.replace(/\./g, '')}`, name: `Titik Lokasi ${region.name} (UPT BKN)` };
}

async function yearId(prisma: PrismaClient | Tx): Promise<{ id: number; rules: RuleSet }> {
  const year = await prisma.selectionYear.findUnique({ where: { year: EXAM_YEAR }, select: { id: true, rules: true } });
  if (!year) throw new Error(`Selection year ${EXAM_YEAR} is missing: run seedReference first`);
  return { id: year.id, rules: parseRuleSet(year.rules) };
}

/** Codes of the seeded test sites: the schedule and the simulation touch sessions at these sites only. */
export function seededSiteCodes(): string[] {
  return REGIONS.filter((r) => r.kind === 'KABUPATEN' || r.kind === 'KOTA').map((r) => siteFor(r).code);
}

/**
 * Creates the sites (one per seeded kabupaten/kota) and returns the site id serving each region:
 * a kabupaten/kota's own, a kecamatan's parent's (Plaju sits at Kota Palembang's site).
 */
async function ensureSites(tx: Tx): Promise<{ created: number; siteOfRegion: Map<number, number>; regionName: Map<number, string> }> {
  const regions = await tx.region.findMany({ select: { id: true, code: true, bpsCode: true, name: true, kind: true, parentId: true } });
  const seeded = new Set(REGIONS.filter((r) => r.kind === 'KABUPATEN' || r.kind === 'KOTA').map((r) => r.code));
  const hosts = regions.filter((r) => seeded.has(r.code));
  const sites = hosts.map((r) => ({ ...siteFor(r), regionId: r.id }));
  const created = await tx.$executeRaw`
    insert into "ExamSite" ("code", "name", "regionId")
    select * from unnest(${sites.map((s) => s.code)}::text[], ${sites.map((s) => s.name)}::text[], ${sites.map((s) => s.regionId)}::integer[])
    on conflict ("code") do nothing`;
  const siteIds = new Map(
    (await tx.examSite.findMany({ where: { code: { in: sites.map((s) => s.code) } }, select: { id: true, regionId: true } })).map((s) => [s.regionId, s.id]),
  );
  const byId = new Map(regions.map((r) => [r.id, r]));
  const siteOfRegion = new Map<number, number>();
  for (const r of regions) {
    // Walk up to the kabupaten/kota: the test site serves its whole area.
    let at: (typeof regions)[number] | undefined = r;
    while (at && at.kind === 'KECAMATAN') at = at.parentId === null ? undefined : byId.get(at.parentId);
    const site = at && siteIds.get(at.id);
    if (site !== undefined) siteOfRegion.set(r.id, site);
  }
  return { created, siteOfRegion, regionName: new Map(regions.map((r) => [r.id, r.name])) };
}

/**
 * Schedules the SKD of selection year 2024: a test site per seeded kabupaten/kota, and a seat for
 * every application that has none, at the site of its formation's kabupaten/kota. Seats fill the
 * site's scheduled sessions in timetable order (300 each, 4 a day from 21 October 2024), and new
 * session days are added as needed. The seating order is a seeded shuffle, so a session mixes
 * formations as a real one does. Idempotent: applications already seated are left where they are,
 * so a second run writes nothing and a larger dataset only adds the newcomers. Holds an advisory
 * lock so two first starts against one PostgreSQL cannot seat an application twice.
 */
export async function seedExamSchedule(prisma: PrismaClient, options: { seed: number }): Promise<ExamScheduleResult> {
  const result = await scheduleIn(prisma, options);
  // Fresh statistics for the sessions held next (see seedSynthetic).
  if (result.seatsCreated) await prisma.$executeRawUnsafe('analyze "ExamSeat", "ExamSession"');
  return result;
}

function scheduleIn(prisma: PrismaClient, options: { seed: number }): Promise<ExamScheduleResult> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(2024102101)`;
      const year = await yearId(tx);
      const sites = await ensureSites(tx);

      const waiting = await tx.$queryRaw<Array<{ id: number; participantNumber: string; regionId: number; formationCode: string }>>`
        select a."id", a."participantNumber", f."regionId", f."code" as "formationCode"
        from "Application" a join "Formation" f on f."id" = a."formationId"
        where a."selectionYearId" = ${year.id} and a."adminResult" = 'MS'
          and not exists (
            select 1 from "ExamSeat" s join "ExamSession" x on x."id" = s."sessionId"
            where s."applicationId" = a."id" and x."stage" = 'SKD'
          )`;

      const perSite = new Map<number, Array<{ id: number; participantNumber: string; key: number }>>();
      for (const a of waiting) {
        const site = sites.siteOfRegion.get(a.regionId);
        if (site === undefined)
          throw new Error(`Formation ${a.formationCode} sits in ${sites.regionName.get(a.regionId) ?? a.regionId}, which has no kabupaten/kota test site`);
        let list = perSite.get(site);
        if (!list) {
          list = [];
          perSite.set(site, list);
        }
        list.push({ id: a.id, participantNumber: a.participantNumber, key: hash32(`${options.seed}:${a.participantNumber}`) });
      }

      const sessions = await tx.$queryRaw<Array<{ id: number; siteId: number; date: Date; number: number; status: string; seats: number }>>`
        select x."id", x."siteId", x."date", x."number", x."status"::text as "status", count(s."id")::int as "seats"
        from "ExamSession" x left join "ExamSeat" s on s."sessionId" = x."id"
        where x."selectionYearId" = ${year.id} and x."stage" = 'SKD'
        group by x."id"
        order by x."siteId", x."date", x."number"`;

      // Plan: which seats go to which (existing or new) session, by site.
      const newSessions: Array<{ siteId: number; slot: number }> = [];
      const seats: Array<{ applicationId: number; participantNumber: string; siteId: number; sessionId?: number; slot?: number }> = [];
      for (const [siteId, list] of [...perSite].sort(([a], [b]) => a - b)) {
        list.sort((a, b) => a.key - b.key || (a.participantNumber < b.participantNumber ? -1 : 1));
        const own = sessions.filter((s) => s.siteId === siteId);
        let next = 0;
        // Room left in sessions still to be held (a held session takes no late seats).
        for (const s of own) {
          if (s.status !== 'SCHEDULED') continue;
          for (let room = SEATS_PER_SESSION - s.seats; room > 0 && next < list.length; room--, next++) {
            seats.push({ applicationId: list[next]!.id, participantNumber: list[next]!.participantNumber, siteId, sessionId: s.id });
          }
        }
        let slot = own.reduce((max, s) => Math.max(max, slotOf(s.date, s.number)), -1) + 1;
        for (; next < list.length; slot++) {
          newSessions.push({ siteId, slot });
          for (let room = SEATS_PER_SESSION; room > 0 && next < list.length; room--, next++) {
            seats.push({ applicationId: list[next]!.id, participantNumber: list[next]!.participantNumber, siteId, slot });
          }
        }
      }

      let sessionsCreated = 0;
      const slotIds = new Map<string, number>();
      if (newSessions.length) {
        const created = await tx.$queryRaw<Array<{ id: number; siteId: number; date: Date; number: number }>>`
          insert into "ExamSession" ("siteId", "selectionYearId", "date", "number", "stage")
          select s, ${year.id}::integer, d, n, 'SKD'::"ExamStage" from unnest(
            ${newSessions.map((s) => s.siteId)}::integer[],
            ${newSessions.map((s) => dayAfterStart(Math.floor(s.slot / SESSIONS_PER_DAY)))}::date[],
            ${newSessions.map((s) => (s.slot % SESSIONS_PER_DAY) + 1)}::integer[]
          ) as t(s, d, n)
          on conflict do nothing
          returning "id", "siteId", "date", "number"`;
        sessionsCreated = created.length;
        for (const s of created) slotIds.set(`${s.siteId}:${slotOf(s.date, s.number)}`, s.id);
        if (created.length < newSessions.length) throw new Error('Exam sessions appeared while scheduling: run the seed again');
      }

      let seatsCreated = 0;
      const CHUNK = 20_000;
      for (let i = 0; i < seats.length; i += CHUNK) {
        const chunk = seats.slice(i, i + CHUNK);
        const sessionIds = chunk.map((s) => s.sessionId ?? slotIds.get(`${s.siteId}:${s.slot}`)!);
        seatsCreated += await tx.$executeRaw`
          insert into "ExamSeat" ("sessionId", "applicationId", "participantNumber")
          select * from unnest(${sessionIds}::integer[], ${chunk.map((s) => s.applicationId)}::integer[], ${chunk.map((s) => s.participantNumber)}::text[])
          on conflict do nothing`;
      }

      const [totals] = await tx.$queryRaw<Array<{ sessions: number; seats: number }>>`
        select count(distinct x."id")::int as "sessions", count(s."id")::int as "seats"
        from "ExamSession" x join "ExamSite" t on t."id" = x."siteId" left join "ExamSeat" s on s."sessionId" = x."id"
        where x."selectionYearId" = ${year.id} and x."stage" = 'SKD' and t."code" = any(${seededSiteCodes()}::text[])`;
      return { sitesCreated: sites.created, sessionsCreated, seatsCreated, sessions: totals!.sessions, seats: totals!.seats };
    },
    { maxWait: 30_000, timeout: 600_000 },
  );
}

export interface SimulatedSeat {
  absent: boolean;
  disqualified: boolean;
  twk: number;
  tiu: number;
  tkp: number;
  /** Minutes after the session start at which the participant finished (at most the rule set's duration). */
  minutes: number;
}

/**
 * One participant's simulated SKD, from the seed and the participant number alone (not the seat
 * order), so every run and every engine gives the same scores. A shared ability term correlates
 * the three sub-scores; each is rounded to its step and clamped to 0..max of the rule set.
 */
export function simulatedSeat(rules: RuleSet, seed: number, participantNumber: string): SimulatedSeat {
  const prng = new Prng(deriveSeed(seed ^ 0x5eed5cd0, hash32(participantNumber)));
  const absent = prng.chance(ABSENT_SHARE);
  const disqualified = !absent && prng.chance(DISQUALIFIED_SHARE);
  const ability = prng.normal();
  const own = Math.sqrt(1 - ABILITY_LOADING ** 2);
  const score = (subtest: SkdSubtest) => {
    const { max, step } = rules.skd.subtests[subtest];
    const { mean, sd } = SCORE_MODEL[subtest];
    const raw = mean + sd * (ABILITY_LOADING * ability + own * prng.normal());
    return Math.min(max, Math.max(0, Math.round(raw / step) * step));
  };
  const twk = score('TWK');
  const tiu = score('TIU');
  const tkp = score('TKP');
  const minutes = Math.min(rules.skd.durationMinutes, prng.int(Math.round(rules.skd.durationMinutes * 0.6), rules.skd.durationMinutes + 15));
  return { absent, disqualified, twk, tiu, tkp, minutes };
}

/**
 * Holds the first SKD sessions as a test site would: start, a disqualification or two (after
 * some live progress), final results for those present in batches of 100 through
 * submitExamResults, then close (absentees become TH, the ledger head is published). Sessions in
 * timetable order: the first `sessions`, or by default those that started before {@link DEMO_NOW}.
 * Closed sessions are skipped and batch ids are `seed-<sessionId>-<k>`, so a second run writes
 * nothing and a run cut short resumes where it stopped. Start and close times are then set to the
 * session's own timetable (2024), not the wall clock of the seeding.
 */
export async function simulateSkdResults(
  prisma: PrismaClient,
  /** `events`: where the sessions' changes are announced; by default nowhere (a seed fills a database no screen watches yet). */
  options: { seed: number; sessions?: number; events?: Publisher },
): Promise<SimulationResult> {
  const { seed, sessions: count, events = unheard } = options;
  if (count !== undefined && (!Number.isInteger(count) || count < 0)) throw new RangeError(`sessions must be a whole number, got ${count}`);
  const year = await yearId(prisma);
  const timetable = await prisma.examSession.findMany({
    where: { selectionYearId: year.id, stage: 'SKD', site: { code: { in: seededSiteCodes() } } },
    orderBy: [{ date: 'asc' }, { number: 'asc' }, { site: { code: 'asc' } }],
    select: { id: true, date: true, number: true, status: true },
  });
  const chosen = count === undefined ? timetable.filter((s) => sessionStart(s.date, s.number) < DEMO_NOW) : timetable.slice(0, count);
  const result: SimulationResult = { sessionsClosed: 0, sessionsSkipped: 0, resultsCreated: 0, absent: 0, disqualified: 0, batches: 0, replayedBatches: 0 };

  for (const session of chosen) {
    if (session.status === 'CLOSED') {
      result.sessionsSkipped += 1;
      continue;
    }
    if (session.status === 'SCHEDULED') await startSession(prisma, events, session.id);
    const start = sessionStart(session.date, session.number);
    const seats = await prisma.examSeat.findMany({
      where: { sessionId: session.id },
      orderBy: { participantNumber: 'asc' },
      select: { participantNumber: true, disqualifiedReason: true },
    });
    const present: ResultInput[] = [];
    const caught: Array<{ participantNumber: string; outcome: SimulatedSeat; already: boolean }> = [];
    for (const seat of seats) {
      const outcome = simulatedSeat(year.rules, seed, seat.participantNumber);
      if (outcome.absent) result.absent += 1;
      else if (outcome.disqualified || seat.disqualifiedReason)
        caught.push({ participantNumber: seat.participantNumber, outcome, already: seat.disqualifiedReason !== null });
      else
        present.push({
          participantNumber: seat.participantNumber,
          twk: outcome.twk,
          tiu: outcome.tiu,
          tkp: outcome.tkp,
          finishedAt: new Date(start.getTime() + outcome.minutes * 60_000),
        });
    }

    // Caught mid-test: screens showed their progress, then the site disqualified them.
    const fresh = caught.filter((c) => !c.already);
    if (fresh.length) {
      const half = (n: number, step: number) => Math.floor(n / 2 / step) * step;
      const { subtests } = year.rules.skd;
      await reportExamProgress(prisma, events, {
        sessionId: session.id,
        updates: fresh.map((c) => ({
          participantNumber: c.participantNumber,
          twk: half(c.outcome.twk, subtests.TWK.step),
          tiu: half(c.outcome.tiu, subtests.TIU.step),
          tkp: half(c.outcome.tkp, subtests.TKP.step),
        })),
      });
      for (const c of fresh)
        await disqualify(
          prisma,
          events,
          session.id,
          c.participantNumber,
          DISQUALIFICATION_REASONS[hash32(c.participantNumber) % DISQUALIFICATION_REASONS.length]!,
        );
    }
    result.disqualified += caught.length;

    for (let k = 0; k * SIMULATION_BATCH < present.length; k++) {
      const results = present.slice(k * SIMULATION_BATCH, (k + 1) * SIMULATION_BATCH);
      const { answer } = await submitExamResults(prisma, events, { sessionId: session.id, batchId: `seed-${session.id}-${k}`, results });
      result.batches += 1;
      if (answer.replayed) result.replayedBatches += 1;
      else result.resultsCreated += answer.created;
    }
    await closeSession(prisma, events, session.id);
    await prisma.examSession.update({
      where: { id: session.id },
      data: { startedAt: start, closedAt: new Date(start.getTime() + (year.rules.skd.durationMinutes + 15) * 60_000) },
    });
    result.sessionsClosed += 1;
  }
  return result;
}
