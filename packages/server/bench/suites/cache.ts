/**
 * Announcement day behind a real cache: a crowd reads one contested formation's announcement
 * (`AnnouncementEntries`, first 50) and ranking (`Ranking`, first 50) as persisted GETs through
 * nginx from Debian with `proxy_cache` in front of two production instances on PostgreSQL + Redis,
 * against the same crowd through nginx without a cache to two instances with their response cache
 * off (uncached Pantau, the baseline), and through nginx without a cache to instances with theirs
 * on (Pantau's own cache alone). Reports nginx's hits (its access log's `$upstream_cache_status`),
 * the throughputs, and the staleness after a score commit: from the commit's answer to the first
 * answer through nginx that shows it.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createApiKey } from '../../src/access/api-keys.js';
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { liveMaxAge } from '../../src/transport/response-cache.js';
import { redisUrl } from '../../test/app.js';
import { freshDatabase } from '../../test/databases.js';
import { startProductionPair } from '../../test/main-process.js';
import { startNginx, type Nginx } from '../../test/nginx.js';
import { GET_HEADERS, getPersisted, persistedPath } from '../../test/persisted-get.js';
import { bulkApplications, bulkSeats, contestedRegion, secondsSince, vacuumAnalyze, type BenchApplication } from '../fixtures.js';
import { getLoad, percentile, type LoadResult } from '../load.js';
import { betterRatio, type Suite } from '../types.js';

const REGION = '15.71';
const LIVE_INTERVAL_MS = 250;
const CONCURRENCY = 16;
const COMMITS = 6;
const SUBMIT = `mutation($s: ID!, $b: String!, $r: [ExamResultInput!]!) { submitExamResults(sessionId: $s, batchId: $b, results: $r) { created } }`;
const log = (line: string) => console.log(`  [cache] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Formation {
  formationId: string;
  announcementId: string;
  sessionId: string;
  /** Seated applicants of the formation without a score yet: the commits of the staleness run. */
  late: BenchApplication[];
  apiKey: string;
}

/** `n` applicants of the region, 60% of them in one formation, with SKD results, and its published SKD announcement. */
async function buildFormation(prisma: PrismaClient, n: number): Promise<Formation> {
  const { world, big, session } = await contestedRegion(prisma, { tag: 'C', region: REGION, applicants: n, prefixes: ['41', '42'] });
  const late = await bulkApplications(prisma, world, { count: COMMITS + 1, formationIds: [big], prefix: '43' });
  await bulkSeats(prisma, session.id, late);
  const [announcement] = await prisma.$queryRaw<Array<{ id: number }>>`
    insert into "Announcement" ("selectionYearId", "stage", "formationId", "version") values (${world.yearId}::int, 'SKD', ${big}::int, 1) returning "id"`;
  await prisma.$executeRaw`
    insert into "AnnouncementEntry" ("announcementId", "applicationId", "participantNumber", "resultCode", "rank")
    select ${announcement!.id}::int, r."applicationId", r."participantNumber", case when r."disqualified" then 'DIS' else 'P' end,
      row_number() over (order by r."total" desc, r."tkp" desc, r."tiu" desc, r."twk" desc)::int
    from "ExamResult" r where r."formationId" = ${big}::int and r."stage" = 'SKD'`;
  await vacuumAnalyze(prisma, ['Applicant', 'Application', 'ExamResult', 'ApplicationTally', 'AnnouncementEntry']);
  const { key } = await createApiKey(prisma, { name: 'bench CAT centre', scopes: ['scores:write'] });
  return {
    formationId: encodeGlobalID('Formation', big),
    announcementId: encodeGlobalID('Announcement', announcement!.id),
    sessionId: encodeGlobalID('ExamSession', session.id),
    late,
    apiKey: key,
  };
}

/** Milliseconds from each committed score to the first ranking through `nginx` that shows it. */
async function stalenessAfterCommits(nginx: Nginx, instances: string[], f: Formation): Promise<number[]> {
  const variables = { formationId: f.formationId, first: 50 };
  const measured: number[] = [];
  for (let i = 0; i < COMMITS; i++) {
    const before = (await getPersisted(nginx.url, 'Ranking', variables)).body!.data.ranking.totalCount as number;
    await sleep(137 * (i + 1));
    const p = f.late[i]!;
    const res = await fetch(`${instances[i % 2]}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': f.apiKey },
      body: JSON.stringify({
        query: SUBMIT,
        variables: {
          s: f.sessionId,
          b: `cache-bench-${i}`,
          r: [{ participantNumber: p.participantNumber, twk: 100, tiu: 100, tkp: 180, finishedAt: new Date().toISOString() }],
        },
      }),
    });
    const body = (await res.json()) as { errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    const committed = performance.now();
    for (;;) {
      if ((await getPersisted(nginx.url, 'Ranking', variables)).body!.data.ranking.totalCount === before + 1) break;
      if (performance.now() - committed > 10_000) throw new Error('a committed score never reached nginx');
      await sleep(5);
    }
    measured.push(performance.now() - committed);
  }
  return measured;
}

export const cacheSuite: Suite = async ({ quick }) => {
  const n = Number(process.env.CACHE_APPLICANTS ?? (quick ? 5_000 : 100_000));
  const seconds = Number(process.env.CACHE_SECONDS ?? (quick ? 3 : 10));
  const t0 = performance.now();
  const db = await freshDatabase('postgres');
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    log(`building ${REGION} with ${n.toLocaleString('en')} applicants, their SKD results and one formation's announcement…`);
    const f = await buildFormation(db.prisma, n);
    log(`built in ${secondsSince(t0)}`);
    const paths = [
      persistedPath('AnnouncementEntries', { id: f.announcementId, first: 50 }),
      persistedPath('Ranking', { formationId: f.formationId, first: 50 }),
    ];
    const load = (url: string): Promise<LoadResult> => getLoad(url, paths, GET_HEADERS, { concurrency: CONCURRENCY, seconds });
    const env = { PANTAU_LIVE_INTERVAL_MS: String(LIVE_INTERVAL_MS) };

    const uncachedPair = await startProductionPair(db.url!, redisUrl, { ...env, PANTAU_RESPONSE_CACHE: 'off' });
    stops.push(uncachedPair.close);
    const plainProxy = await startNginx({ upstreams: uncachedPair.urls, cache: false, accessLog: false });
    stops.push(plainProxy.close);
    const uncached = await load(plainProxy.url);
    log(`uncached Pantau (2 instances, nginx without a cache): ${uncached.rps.toFixed(0)} req/s p99 ${uncached.p99.toFixed(1)} ms (${uncached.errors} errors)`);
    await stopAll();

    const pair = await startProductionPair(db.url!, redisUrl, env);
    stops.push(pair.close);
    const appOnlyProxy = await startNginx({ upstreams: pair.urls, cache: false, accessLog: false });
    stops.push(appOnlyProxy.close);
    const appCache = await load(appOnlyProxy.url);
    log(`Pantau's own response cache (nginx without a cache): ${appCache.rps.toFixed(0)} req/s p99 ${appCache.p99.toFixed(1)} ms (${appCache.errors} errors)`);
    const nginx = await startNginx({ upstreams: pair.urls, cache: true, accessLog: true });
    stops.push(nginx.close);
    const cached = await load(nginx.url);
    await sleep(300); // the access log's buffer is flushed every 100 ms
    const statuses = nginx.cacheStatuses();
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    const hits = statuses.get('HIT') ?? 0;
    log(
      `through nginx proxy_cache: ${cached.rps.toFixed(0)} req/s p99 ${cached.p99.toFixed(1)} ms (${cached.errors} errors); cache statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    const staleness = (await stalenessAfterCommits(nginx, pair.urls, f)).sort((a, b) => a - b);
    const bound = LIVE_INTERVAL_MS + liveMaxAge(LIVE_INTERVAL_MS) * 1000;
    log(`staleness after a commit (ms): ${staleness.map((s) => s.toFixed(0)).join(', ')}; bound ${bound} ms`);

    const name = `announcement + ranking pages of a ${Math.round(n * 0.6).toLocaleString('en')}-applicant formation, 2 instances (PostgreSQL + Redis), ${CONCURRENCY} concurrent GETs`;
    const baseline = 'uncached Pantau';
    const ratio = betterRatio(cached.rps, uncached.rps, false);
    const worst = staleness.at(-1)!;
    return [
      {
        suite: 'cache',
        benchmark: name,
        metric: 'throughput through nginx proxy_cache',
        unit: 'req/s',
        value: cached.rps,
        baseline,
        baselineValue: uncached.rps,
        ratio,
        target: '≥ 10x',
        met: ratio >= 10,
      },
      {
        suite: 'cache',
        benchmark: name,
        metric: 'p99 through nginx proxy_cache',
        unit: 'ms',
        value: cached.p99,
        baseline,
        baselineValue: uncached.p99,
        ratio: betterRatio(cached.p99, uncached.p99, true),
      },
      {
        suite: 'cache',
        benchmark: name,
        metric: "throughput with Pantau's response cache alone",
        unit: 'req/s',
        value: appCache.rps,
        baseline,
        baselineValue: uncached.rps,
        ratio: betterRatio(appCache.rps, uncached.rps, false),
      },
      { suite: 'cache', benchmark: name, metric: 'nginx cache hits', unit: '%', value: total ? (100 * hits) / total : 0 },
      {
        suite: 'cache',
        benchmark: name,
        metric: 'errors (cached, own cache, uncached)',
        unit: 'count',
        value: cached.errors + appCache.errors + uncached.errors,
        target: '0',
        met: cached.errors + appCache.errors + uncached.errors === 0,
      },
      {
        suite: 'cache',
        benchmark: `score commit → ranking through nginx, ${COMMITS} commits`,
        metric: 'p50 staleness',
        unit: 'ms',
        value: percentile(staleness, 50),
      },
      {
        suite: 'cache',
        benchmark: `score commit → ranking through nginx, ${COMMITS} commits`,
        metric: 'worst staleness',
        unit: 'ms',
        value: worst,
        target: `≤ ${bound} ms (live interval + max-age)`,
        met: worst <= bound,
      },
    ];
  } finally {
    await stopAll();
    await db.close();
  }
};
