/**
 * Ingestion: final SKD results per second through the real submitExamResults (batches of 100:
 * idempotent, atomic, ledgered, under the session row lock) on PGlite and on PostgreSQL, beside a
 * naive per-row ingestion on the same engine in the same run: one prisma.examResult.create per
 * result (its own implicit transaction), no ledger, no batch record, no idempotency, with the
 * application id and formation looked up beforehand outside the clock (so the baseline is, if
 * anything, flattered). On PostgreSQL also 4 sessions at once (several test sites sending
 * together; one session's batches serialise on its row lock, so each worker has its own session).
 */
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { skdTotal } from '../../src/domain/rules.js';
import { submitExamResults, type ResultInput } from '../../src/exams/ingestion.js';
import { appendLeaves, isStored, leafHash } from '../../src/domain/merkle.js';
import { consistencyProof, inclusionProof } from '../../src/exams/ledger.js';
import { freshDatabase, type Engine } from '../../test/databases.js';
import {
  benchWorld,
  bulkApplications,
  bulkSeats,
  outcomeOf,
  resetIngestion,
  runningSession,
  secondsSince,
  vacuumAnalyze,
  type BenchApplication,
  type BenchWorld,
} from '../fixtures.js';
import { percentile } from '../load.js';
import { betterRatio, type BenchRow, type Suite } from '../types.js';
import { unheard } from '../../src/events/publisher.js';

const BATCH = 100;
const CONCURRENCY = 4;
/** Alternated with/without-log pairs behind the score log's cost. */
const LOG_COST_ROUNDS = 5;
const TARGET_PER_SECOND = 2_000;
const log = (line: string) => console.log(`  [ingestion] ${line}`);

interface SessionLoad {
  sessionId: number;
  results: ResultInput[];
}

interface RunResult {
  results: number;
  seconds: number;
  perSecond: number;
  /** Per call: a batch of 100 for ours, one row for the naive path. */
  p50: number;
  p95: number;
}

function loadFor(world: BenchWorld, sessionId: number, startedAt: Date, apps: BenchApplication[]): SessionLoad {
  return {
    sessionId,
    results: apps.map((a) => {
      const o = outcomeOf(world, a.participantNumber);
      return { participantNumber: a.participantNumber, twk: o.twk, tiu: o.tiu, tkp: o.tkp, finishedAt: new Date(startedAt.getTime() + o.minutes * 60_000) };
    }),
  };
}

/** Each session's results as its site sends them: batches of 100, one after another; sessions side by side. */
async function runOurs(prisma: PrismaClient, loads: SessionLoad[], tag: string, withLog = true): Promise<RunResult> {
  const latencies: number[] = [];
  let created = 0;
  const t0 = performance.now();
  await Promise.all(
    loads.map(async ({ sessionId, results }) => {
      for (let k = 0; k * BATCH < results.length; k++) {
        const t = performance.now();
        const { answer } = await submitExamResults(
          prisma,
          unheard,
          { sessionId, batchId: `${tag.replace(/[^A-Za-z0-9._:-]+/g, '-')}-${sessionId}-${k}`, results: results.slice(k * BATCH, (k + 1) * BATCH) },
          withLog ? undefined : async () => {},
        );
        latencies.push(performance.now() - t);
        created += answer.created;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const expected = loads.reduce((n, l) => n + l.results.length, 0);
  if (created !== expected) throw new Error(`ingestion created ${created} results, expected ${expected}`);
  latencies.sort((a, b) => a - b);
  return { results: created, seconds, perSecond: created / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

/** The baseline: one create (one implicit transaction) per result, nothing else. */
async function runNaive(prisma: PrismaClient, loads: SessionLoad[], byNumber: Map<string, BenchApplication>): Promise<RunResult> {
  const latencies: number[] = [];
  let created = 0;
  const t0 = performance.now();
  await Promise.all(
    loads.map(async ({ sessionId, results }) => {
      for (const r of results) {
        const app = byNumber.get(r.participantNumber)!;
        const t = performance.now();
        await prisma.examResult.create({
          data: {
            applicationId: app.id,
            formationId: app.formationId,
            participantNumber: r.participantNumber,
            stage: 'SKD',
            sessionId,
            twk: r.twk,
            tiu: r.tiu,
            tkp: r.tkp,
            total: skdTotal({ TWK: r.twk, TIU: r.tiu, TKP: r.tkp }),
            finishedAt: r.finishedAt,
            batchId: 'naive',
          },
        });
        latencies.push(performance.now() - t);
        created += 1;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { results: created, seconds, perSecond: created / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

async function counts(prisma: PrismaClient) {
  const [row] = await prisma.$queryRaw<Array<{ results: number; ledger: number; batches: number }>>`
    select (select count(*) from "ExamResult")::int as "results", (select count(*) from "LedgerEntry")::int as "ledger", (select count(*) from "IngestionBatch")::int as "batches"`;
  return row!;
}

const describe = (r: RunResult, unit: string) =>
  `${r.results} results in ${r.seconds.toFixed(2)} s = ${r.perSecond.toFixed(0)}/s (per ${unit}: p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms)`;

async function onEngine(engine: Engine, n: number): Promise<BenchRow[]> {
  const engineName = engine === 'postgres' ? 'PostgreSQL' : 'PGlite';
  const t0 = performance.now();
  log(`${engineName}: building ${n.toLocaleString('en')} seats…`);
  const db = await freshDatabase(engine);
  try {
    const prisma = db.prisma;
    const world = await benchWorld(prisma);
    const formations = world.formationIds.slice(0, 20);
    const apps = await bulkApplications(prisma, world, { count: n, formationIds: formations, prefix: '11' });
    const warmApps = await bulkApplications(prisma, world, { count: 2 * BATCH, formationIds: formations, prefix: '12' });
    const byNumber = new Map([...apps, ...warmApps].map((a) => [a.participantNumber, a]));

    // One session holding every seat (sequential case) ...
    const main = await runningSession(prisma, world, 0);
    await bulkSeats(prisma, main.id, apps);
    const sequential = [loadFor(world, main.id, main.startedAt, apps)];
    // ... and, on PostgreSQL, the same applications split over 4 more sessions (concurrent case).
    const concurrent: SessionLoad[] = [];
    if (engine === 'postgres') {
      const part = Math.ceil(n / CONCURRENCY);
      for (let i = 0; i < CONCURRENCY; i++) {
        const s = await runningSession(prisma, world, 1 + i);
        const share = apps.slice(i * part, (i + 1) * part);
        await bulkSeats(prisma, s.id, share);
        concurrent.push(loadFor(world, s.id, s.startedAt, share));
      }
    }
    const warm = await runningSession(prisma, world, 9);
    await bulkSeats(prisma, warm.id, warmApps);
    const warmLoad = loadFor(world, warm.id, warm.startedAt, warmApps);
    await vacuumAnalyze(prisma, ['Applicant', 'Application', 'ExamSession', 'ExamSeat']);
    log(`${engineName}: fixtures ready (${secondsSince(t0)}); warming up`);

    // Warm-up: both code paths once (Prisma's query caches, the pool, PGlite's wasm), then a clean slate.
    await runOurs(prisma, [{ sessionId: warm.id, results: warmLoad.results.slice(0, BATCH) }], 'warm');
    await runNaive(prisma, [{ sessionId: warm.id, results: warmLoad.results.slice(BATCH) }], byNumber);

    const measure = async (label: string, loads: SessionLoad[]) => {
      await resetIngestion(prisma);
      const ours = await runOurs(prisma, loads, label);
      const c = await counts(prisma);
      log(
        `${engineName} ${label} submitExamResults: ${describe(ours, 'batch of 100')}; stored ${c.results} results, ${c.ledger} ledger entries, ${c.batches} batches`,
      );
      if (c.results !== ours.results || c.ledger !== ours.results) throw new Error(`${label}: stored counts do not match the results sent`);
      // The log's cost is a ratio of two runs a few seconds apart: alternated pairs (with first,
      // then without first) and the median of the pairs' ratios, so a burst of other load on the
      // machine moves one pair, not the figure.
      const pairs: Array<{ logged: RunResult; unlogged: RunResult }> = [];
      for (let round = 0; round < LOG_COST_ROUNDS; round++) {
        const run = async (withLog: boolean) => {
          await resetIngestion(prisma);
          return runOurs(prisma, loads, `${label}-${withLog ? 'log' : 'nolog'}-${round}`, withLog);
        };
        const first = await run(round % 2 === 0);
        const second = await run(round % 2 !== 0);
        const pair = round % 2 === 0 ? { logged: first, unlogged: second } : { logged: second, unlogged: first };
        log(
          `${engineName} ${label} round ${round + 1}: with the score log ${pair.logged.perSecond.toFixed(0)}/s, without ${pair.unlogged.perSecond.toFixed(0)}/s (${(pair.logged.perSecond / pair.unlogged.perSecond).toFixed(2)})`,
        );
        pairs.push(pair);
      }
      const median = pairs.sort((a, b) => a.logged.perSecond / a.unlogged.perSecond - b.logged.perSecond / b.unlogged.perSecond)[Math.floor(pairs.length / 2)]!;
      await resetIngestion(prisma);
      const naive = await runNaive(prisma, loads, byNumber);
      log(`${engineName} ${label} naive per-row create: ${describe(naive, 'row')}`);
      return { ours, naive, logCost: median };
    };
    const logRow = (benchmark: string, { logCost: m }: { logCost: { logged: RunResult; unlogged: RunResult } }): BenchRow => ({
      suite: 'ingestion',
      benchmark: `${benchmark} (median of ${LOG_COST_ROUNDS} alternated pairs)`,
      metric: 'throughput',
      unit: 'results/s',
      value: m.logged.perSecond,
      baseline: 'the same without the score log',
      baselineValue: m.unlogged.perSecond,
      ratio: betterRatio(m.logged.perSecond, m.unlogged.perSecond, false),
      target: '>= 90% of the throughput without the log',
      met: m.logged.perSecond >= 0.9 * m.unlogged.perSecond,
    });

    const rows: BenchRow[] = [];
    const row = (benchmark: string, ours: RunResult, naive: RunResult, withTarget: boolean): BenchRow => ({
      suite: 'ingestion',
      benchmark,
      metric: 'throughput',
      unit: 'results/s',
      value: ours.perSecond,
      baseline: 'naive per-row create',
      baselineValue: naive.perSecond,
      ratio: betterRatio(ours.perSecond, naive.perSecond, false),
      ...(withTarget ? { target: `>= ${TARGET_PER_SECOND.toLocaleString('en')}/s`, met: ours.perSecond >= TARGET_PER_SECOND } : {}),
    });

    const seq = await measure('sequential', sequential);
    rows.push(
      row(`submitExamResults, batches of ${BATCH}, ${engineName}, 1 session, ${n.toLocaleString('en')} results`, seq.ours, seq.naive, engine === 'postgres'),
    );
    rows.push(logRow(`score log cost: submitExamResults with vs without the log, ${engineName}, 1 session`, seq));
    if (engine === 'postgres') {
      const con = await measure(`${CONCURRENCY} sessions at once`, concurrent);
      rows.push(
        row(
          `submitExamResults, batches of ${BATCH}, ${engineName}, ${CONCURRENCY} sessions concurrently, ${n.toLocaleString('en')} results`,
          con.ours,
          con.naive,
          true,
        ),
      );
      rows.push(logRow(`score log cost: submitExamResults with vs without the log, ${engineName}, ${CONCURRENCY} sessions concurrently (one log)`, con));
    }
    log(`${engineName}: done (${secondsSince(t0)})`);
    return rows;
  } finally {
    await db.close();
  }
}

/**
 * Proof generation at 250,000 entries: the log of that size is written as the append path writes
 * it (entries with their leaf hashes, perfect subtrees from level 4), then random inclusion and
 * consistency proofs are made through the same functions the API uses, each one read of at most
 * ~2 log2 n stored nodes and the leaf hashes of at most a few 16-entry blocks.
 */
async function proofsAt(engine: Engine, size: number, samples: number): Promise<BenchRow[]> {
  const engineName = engine === 'postgres' ? 'PostgreSQL' : 'PGlite';
  const db = await freshDatabase(engine);
  try {
    const prisma = db.prisma;
    const world = await benchWorld(prisma);
    const [logRowId] = await prisma.$queryRaw<
      Array<{ id: number }>
    >`insert into "LedgerLog" ("selectionYearId", "stage", "size") select "selectionYearId", 'SKD', ${size} from "Formation" where "id" = ${world.formationIds[0]!} returning "id"`;
    const logId = logRowId!.id;
    const session = await runningSession(prisma, world, 0);
    const records = Array.from({ length: size }, (_, i) => `{"bench":${i}}`);
    const leaves = records.map((r) => leafHash(r));
    for (let i = 0; i < size; i += 50_000) {
      await prisma.$executeRaw`
        insert into "LedgerEntry" ("logId", "leafIndex", "sessionId", "sequence", "kind", "participantNumber", "record", "leafHash")
        select ${logId}, ${i} + o - 1, ${session.id}, ${i} + o, 'RESULT', 'bench', r, h
        from unnest(${records.slice(i, i + 50_000)}::text[], ${leaves.slice(i, i + 50_000)}::text[]) with ordinality as t(r, h, o)`;
    }
    const nodes = appendLeaves(0, [], leaves).nodes.filter(isStored);
    for (let i = 0; i < nodes.length; i += 50_000) {
      const chunk = nodes.slice(i, i + 50_000);
      await prisma.$executeRaw`insert into "LedgerNode" ("logId", "level", "index", "hash") select ${logId}, l, x, h from unnest(${chunk.map((n) => n.level)}::integer[], ${chunk.map((n) => n.index)}::integer[], ${chunk.map((n) => n.hash)}::text[]) as t(l, x, h)`;
    }
    await vacuumAnalyze(prisma, ['LedgerNode', 'LedgerEntry']);
    const logInfo = { id: logId, origin: 'bench', size };
    const time = async (make: (i: number) => Promise<string[]>) => {
      const ms: number[] = [];
      let longest = 0;
      for (let i = 0; i < samples; i++) {
        const t = performance.now();
        longest = Math.max(longest, (await make(i)).length);
        ms.push(performance.now() - t);
      }
      ms.sort((a, b) => a - b);
      return { p95: percentile(ms, 95), p50: percentile(ms, 50), longest };
    };
    const random = (i: number) => (i * 2_654_435_761) % size;
    for (let i = 0; i < 50; i++) await inclusionProof(prisma, logId, random(i), size); // warm-up
    const inclusion = await time((i) => inclusionProof(prisma, logId, random(i + 50), size));
    const consistency = await time((i) => consistencyProof(prisma, logInfo, 1 + (random(i) % (size - 1)), size));
    log(
      `${engineName} proofs at ${size.toLocaleString('en')} entries: inclusion p50 ${inclusion.p50.toFixed(2)} ms p95 ${inclusion.p95.toFixed(2)} ms (<= ${inclusion.longest} hashes); consistency p50 ${consistency.p50.toFixed(2)} ms p95 ${consistency.p95.toFixed(2)} ms (<= ${consistency.longest} hashes)`,
    );
    const row = (kind: string, r: { p95: number; longest: number }): BenchRow => ({
      suite: 'ingestion',
      benchmark: `${kind} proof at ${size.toLocaleString('en')} entries, ${engineName} (${r.longest} hashes at most)`,
      metric: 'p95 latency',
      unit: 'ms',
      value: r.p95,
      target: '< 5 ms p95',
      met: r.p95 < 5,
    });
    return [row('inclusion', inclusion), row('consistency', consistency)];
  } finally {
    await db.close();
  }
}

export const ingestionSuite: Suite = async ({ quick }) => {
  const n = quick ? 5_000 : 20_000;
  const samples = quick ? 300 : 2_000;
  return [
    ...(await onEngine('pglite', n)),
    ...(await onEngine('postgres', n)),
    ...(await proofsAt('pglite', 250_000, samples)),
    ...(await proofsAt('postgres', 250_000, samples)),
  ];
};
