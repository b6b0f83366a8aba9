/**
 * Ranking: the top 50 of one formation with 100,000 applicants (about 97,000 SKD results, the
 * project's simulated score model: correlated sub-scores on their steps, many ties) through the
 * real skdRankingPage on PostgreSQL, beside the naive way in the same run: load every result of
 * the formation, rank it in JS with the domain's rankSkd, take 50 and fetch their names. Also a
 * deep page (offset 50,000) for information, the plan of the page query (does it use the ranking
 * index?), and a per-statement breakdown of where a page's time goes.
 */
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { rankSkd } from '../../src/domain/ranking.js';
import { formationRules, RankingSummaries, skdRankingPage, type FormationRules, type RankingPage } from '../../src/exams/ranking.js';
import { benchWorld, bulkApplications, bulkResults, recordingDatabase, runningSession, secondsSince, vacuumAnalyze } from '../fixtures.js';
import { percentile, timeRuns as time, type Timing } from '../load.js';
import { betterRatio, type Suite } from '../types.js';

const PAGE = 50;
const TARGET_P95_MS = 20;
const QUOTA = 100;
/** The name the issue gives; PostgreSQL truncates identifiers to 63 bytes, so the stored name may be shorter. */
const INDEX_NAME = 'ExamResult_formationId_stage_total_tkp_tiu_twk_participantNumber_idx';
const log = (line: string) => console.log(`  [ranking] ${line}`);

const show = (t: Timing) => `p50 ${t.p50.toFixed(2)} ms, p95 ${t.p95.toFixed(2)} ms, max ${t.max.toFixed(2)} ms over ${t.runs} runs`;

/** The naive page: every result of the formation into JS, ranked by rankSkd, sliced, then 50 names. */
async function naivePage(prisma: PrismaClient, fr: FormationRules, offset: number, limit: number) {
  const results = await prisma.examResult.findMany({
    where: { formationId: fr.formationId, stage: 'SKD' },
    select: { applicationId: true, participantNumber: true, twk: true, tiu: true, tkp: true, disqualified: true },
  });
  const ranked = rankSkd(
    fr.rules,
    { type: fr.type, quota: fr.quota },
    results.map((r) => ({
      key: String(r.applicationId),
      participantNumber: r.participantNumber,
      scores: { TWK: r.twk, TIU: r.tiu, TKP: r.tkp },
      disqualified: r.disqualified,
    })),
  ).slice(offset, offset + limit);
  const names = new Map(
    (
      await prisma.application.findMany({
        where: { id: { in: ranked.map((r) => Number(r.key)) } },
        select: { id: true, applicant: { select: { fullName: true } } },
      })
    ).map((a) => [a.id, a.applicant.fullName]),
  );
  return ranked.map((r) => ({ ...r, fullName: names.get(Number(r.key))! }));
}

/** What a statement Prisma sent is for in skdRankingPage, to group the per-statement timings. */
function shape(sql: string): string {
  const from = /FROM\s+("[^"]+"\.)?"(\w+)"/i.exec(sql)?.[2] ?? '?';
  const count = /COUNT\(/i.test(sql);
  const ors = /\bOR\b/.test(sql);
  const threshold = />=/.test(sql);
  if (from === 'ExamResult' && count) return ors ? 'count strictly better (rank, cutRank)' : 'count formation (totalCount)';
  if (from === 'ExamResult' && threshold) return 'cutKey findFirst (passers, skip 3xquota-1)';
  if (from === 'ExamResult') return 'page findMany (order by, limit 50)';
  return `names: ${from} by id (relation load)`;
}

async function explain(prisma: PrismaClient, sql: string, params: unknown[] = []): Promise<string[]> {
  const rows = await prisma.$queryRawUnsafe<Array<{ 'QUERY PLAN': string }>>(`explain (analyze, buffers) ${sql}`, ...params);
  return rows.map((r) => r['QUERY PLAN']);
}

export const rankingSuite: Suite = async ({ quick }) => {
  const n = quick ? 20_000 : 100_000;
  const runs = quick ? 50 : 200;
  const naiveRuns = quick ? 10 : 20;
  const deepRuns = quick ? 20 : 50;
  const deepOffset = quick ? 10_000 : 50_000;
  const t0 = performance.now();

  const { db, record } = await recordingDatabase();
  try {
    const prisma = db.prisma;

    log(`building one formation with ${n.toLocaleString('en')} applicants…`);
    const world = await benchWorld(prisma);
    const formationId = world.formationIds[0]!;
    await prisma.formation.update({ where: { id: formationId }, data: { quota: QUOTA, type: 'UMUM' } });
    const session = await runningSession(prisma, world, 0);
    const apps = await bulkApplications(prisma, world, { count: n, formationIds: [formationId], prefix: '21' });
    const written = await bulkResults(prisma, session.id, session.startedAt, world, apps);
    // Other formations' results in the same table (a fifth as many), as in a real selection year.
    const others = await bulkApplications(prisma, world, { count: Math.round(n / 5), formationIds: world.formationIds.slice(1), prefix: '22' });
    const writtenOthers = await bulkResults(prisma, session.id, session.startedAt, world, others);
    await vacuumAnalyze(prisma, ['Applicant', 'Application', 'ExamResult']);
    const [stats] = await prisma.$queryRaw<Array<{ rows: number; keys: number; totals: number; biggest: number; dis: number }>>`
      select count(*)::int as "rows", count(distinct (total, tkp, tiu, twk))::int as "keys", count(distinct total)::int as "totals",
        (select max(c) from (select count(*) as c from "ExamResult" where "formationId" = ${formationId} group by total, tkp, tiu, twk) g)::int as "biggest",
        count(*) filter (where disqualified)::int as "dis"
      from "ExamResult" where "formationId" = ${formationId}`;
    log(
      `fixtures ready (${secondsSince(t0)}): ${written} results in the formation (${stats!.dis} disqualified), ${writtenOthers} in others; ` +
        `${stats!.keys} distinct (total,tkp,tiu,twk) keys, ${stats!.totals} distinct totals, largest tie ${stats!.biggest}`,
    );

    const fr = (await formationRules(prisma, formationId))!;
    // As the API serves it: the formation's counts and cut are kept between score events (the live
    // layer drops them when a score of the formation changes). `topCold` is the first read after one.
    const summaries = new RankingSummaries();
    const top = () => skdRankingPage(prisma, fr, { offset: 0, limit: PAGE }, summaries);
    const topCold = () => skdRankingPage(prisma, fr, { offset: 0, limit: PAGE });

    // Same answer both ways?
    const ours: RankingPage = await top();
    const theirs = await naivePage(prisma, fr, 0, PAGE);
    const sameOrder = ours.entries.filter((e, i) => e.participantNumber === theirs[i]?.participantNumber).length;
    const sameRank = ours.entries.filter((e, i) => e.rank === theirs[i]?.rank && e.resultCode === theirs[i]?.resultCode).length;
    log(
      `top ${PAGE}: ${sameOrder}/${PAGE} same participants in the same places as rankSkd, ${sameRank}/${PAGE} same rank and code; totalCount ${ours.totalCount}, cutRank ${ours.cutRank}`,
    );
    if (sameOrder < PAGE || sameRank < PAGE) {
      const i = ours.entries.findIndex(
        (e, k) => e.participantNumber !== theirs[k]?.participantNumber || e.rank !== theirs[k]?.rank || e.resultCode !== theirs[k]?.resultCode,
      );
      log(`  first difference at ${i}: page ${JSON.stringify(ours.entries[i])} vs rankSkd ${JSON.stringify({ ...theirs[i], key: undefined })}`);
    }

    log(`timing top ${PAGE} (skdRankingPage)…`);
    const subject = await time(runs, 10, top);
    log(`  skdRankingPage top ${PAGE}: ${show(subject)}`);
    const cold = await time(quick ? 20 : 50, 3, topCold);
    log(`  skdRankingPage top ${PAGE}, first read after a score event (counts and cut recomputed): ${show(cold)}`);

    // Where a page's time goes: Prisma's own durations per statement over a few more pages.
    const diagRuns = quick ? 10 : 30;
    const events = await record(async () => {
      for (let i = 0; i < diagRuns; i++) await top();
    });
    const byShape = new Map<string, { sql: string; params: string; durations: number[] }>();
    for (const e of events) {
      const s = shape(e.query);
      const entry = byShape.get(s) ?? { sql: e.query, params: e.params, durations: [] };
      entry.durations.push(e.duration);
      byShape.set(s, entry);
    }
    log(`  statements per page (Prisma query-event durations, ${diagRuns} pages; count, findMany and cutKey run side by side):`);
    for (const [s, { durations }] of [...byShape].sort((a, b) => b[1].durations.reduce((x, y) => x + y, 0) - a[1].durations.reduce((x, y) => x + y, 0))) {
      const sorted = [...durations].sort((a, b) => a - b);
      log(
        `    ${(durations.length / diagRuns).toFixed(1)}x ${s.padEnd(44)} p50 ${percentile(sorted, 50).toFixed(2)} ms, p95 ${percentile(sorted, 95).toFixed(2)} ms`,
      );
    }

    log(`timing deep page (offset ${deepOffset.toLocaleString('en')})…`);
    const deep = await time(deepRuns, 3, () => skdRankingPage(prisma, fr, { offset: deepOffset, limit: PAGE }, summaries));
    log(`  skdRankingPage offset ${deepOffset}: ${show(deep)}`);

    log(`timing naive baseline (load ${written.toLocaleString('en')} results, rankSkd, slice)…`);
    const naive = await time(naiveRuns, 2, () => naivePage(prisma, fr, 0, PAGE));
    log(`  naive top ${PAGE}: ${show(naive)}`);

    // The plan of the page query, as Prisma sent it, and of an equivalent hand-written statement.
    const [idx] = await prisma.$queryRaw<Array<{ indexname: string }>>`
      select indexname from pg_indexes where tablename = 'ExamResult' and indexdef like '%total DESC, tkp DESC, tiu DESC, twk DESC%'`;
    const indexName = idx?.indexname ?? INDEX_NAME;
    log(`ranking index: "${indexName}"${indexName !== INDEX_NAME ? ` (the issue's "${INDEX_NAME}" cut to PostgreSQL's 63-byte identifier limit)` : ''}`);
    const pageStatement = byShape.get('page findMany (order by, limit 50)');
    let planLines: string[] = [];
    if (pageStatement) {
      try {
        planLines = await explain(prisma, pageStatement.sql, JSON.parse(pageStatement.params) as unknown[]);
        log(`EXPLAIN ANALYZE of Prisma's page statement: ${pageStatement.sql.replace(/\s+/g, ' ').slice(0, 400)}`);
        log(`  params ${pageStatement.params}`);
      } catch (err) {
        log(`EXPLAIN of Prisma's statement failed (${(err as Error).message.split('\n')[0]}); using the equivalent statement`);
      }
    }
    const equivalent = `select "id", "participantNumber", "twk", "tiu", "tkp", "total", "applicationId" from "ExamResult"
      where "formationId" = ${formationId} and "stage" = 'SKD' and "disqualified" = false
      order by "total" desc, "tkp" desc, "tiu" desc, "twk" desc, "participantNumber" asc limit ${PAGE} offset 0`;
    if (!planLines.length) {
      planLines = await explain(prisma, equivalent);
      log(`EXPLAIN ANALYZE of the equivalent statement: ${equivalent.replace(/\s+/g, ' ')}`);
    }
    for (const line of planLines.slice(0, 8)) log(`  | ${line}`);
    const usesIndex = planLines.some((l) => l.includes(indexName));
    log(`page query uses the ranking index: ${usesIndex ? 'yes' : 'NO'}`);

    // The other statements of a page, for the diagnosis (each once, with its recorded parameters).
    for (const [s, v] of byShape) {
      if (v === pageStatement) continue;
      try {
        const plan = await explain(prisma, v.sql, JSON.parse(v.params) as unknown[]);
        const exec = plan.find((l) => l.startsWith('Execution Time')) ?? '';
        const scan = plan.find((l) => /Index|Seq Scan|Bitmap/.test(l) && l !== plan[0])?.trim() ?? '';
        log(`  plan of ${s}: ${plan[0]?.trim().slice(0, 120)} … ${scan.slice(0, 160)} … ${exec}`);
      } catch (err) {
        log(`  plan of ${s}: EXPLAIN failed (${(err as Error).message.split('\n')[0]})`);
      }
    }
    log(`done (${secondsSince(t0)})`);

    const benchmark = `skdRankingPage top ${PAGE}, formation of ${n.toLocaleString('en')} applicants, PostgreSQL`;
    const baseline = 'naive load-all + rankSkd';
    return [
      {
        suite: 'ranking',
        benchmark,
        metric: 'p95',
        unit: 'ms',
        value: subject.p95,
        baseline,
        baselineValue: naive.p95,
        ratio: betterRatio(subject.p95, naive.p95, true),
        // The issue sets the target for 100,000 applicants; a quick run only indicates it.
        target: quick ? `p95 <= ${TARGET_P95_MS} ms (set for 100,000; quick has ${n.toLocaleString('en')})` : `p95 <= ${TARGET_P95_MS} ms`,
        met: subject.p95 <= TARGET_P95_MS,
      },
      {
        suite: 'ranking',
        benchmark,
        metric: 'p50',
        unit: 'ms',
        value: subject.p50,
        baseline,
        baselineValue: naive.p50,
        ratio: betterRatio(subject.p50, naive.p50, true),
      },
      {
        suite: 'ranking',
        benchmark: `${benchmark}, first read after a score event`,
        metric: 'p95',
        unit: 'ms',
        value: cold.p95,
        baseline,
        baselineValue: naive.p95,
        ratio: betterRatio(cold.p95, naive.p95, true),
      },
      {
        suite: 'ranking',
        benchmark: `skdRankingPage offset ${deepOffset.toLocaleString('en')} (information; naive cost does not depend on the offset)`,
        metric: 'p95',
        unit: 'ms',
        value: deep.p95,
        baseline,
        baselineValue: naive.p95,
        ratio: betterRatio(deep.p95, naive.p95, true),
      },
      { suite: 'ranking', benchmark: `top-${PAGE} plan (EXPLAIN ANALYZE)`, metric: 'uses ranking index', unit: '1/0', value: usesIndex ? 1 : 0 },
    ];
  } finally {
    await db.close();
  }
};
