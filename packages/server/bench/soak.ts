/**
 * `pnpm --filter @pantau/server soak [--minutes 10] [--subscribers 2000]`: one server process
 * (`src/main.ts`) on a fresh PostgreSQL database under mixed load for N minutes: public queries,
 * a crowd of live-ranking subscribers, and steady result ingestion through the API. Reports the
 * server's heap after a full GC at the start and the end (target: growth under 10%) and its
 * event-loop delay; writes bench/results/soak-<time>.json. REDIS_URL set: events go through Redis.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createApiKey } from '../src/access/api-keys.js';
import { repoRoot } from '../src/paths.js';
import { freshDatabase } from '../test/databases.js';
import { parseCliArgs, wholeNumber } from '../src/cli/args.js';
import { killHard, startMain, waitForUrl } from '../test/main-process.js';
import { arrivalsOf, spawnCrowd } from './crowd.js';
import { benchWorld, bulkApplications, bulkSeats, outcomeOf, runningSession, secondsSince, vacuumAnalyze } from './fixtures.js';
import { percentile } from './load.js';
import type { Measurement } from './soak-server.js';

const USAGE = 'usage: pnpm --filter @pantau/server soak [--minutes N] [--subscribers N]';
const { values } = parseCliArgs(process.argv.slice(2), { minutes: { type: 'string' }, subscribers: { type: 'string' } }, USAGE);
const minutes = values.minutes === undefined ? 10 : wholeNumber('minutes', values.minutes, { min: 1, max: 24 * 60, usage: USAGE });
const subscribers = values.subscribers === undefined ? 2_000 : wholeNumber('subscribers', values.subscribers, { min: 1, max: 50_000, usage: USAGE });
const BATCH = 10;
const BATCH_EVERY_MS = 500;
const QUERY_LOOPS = 2;
const THINK_MS = 50;
const WARMUP_S = Math.min(60, Math.max(15, minutes * 6));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const RANKING_LIVE = `subscription($f: ID!) { rankingUpdated(formationId: $f) {
  sequence totalCount cutRank updatedAt top { rank participantNumber displayName total resultCode movement } changed { rank total } } }`;
const SUBMIT = `mutation($s: ID!, $b: String!, $r: [ExamResultInput!]!) { submitExamResults(sessionId: $s, batchId: $b, results: $r) { created } }`;

async function main() {
  const t0 = performance.now();
  const db = await freshDatabase('postgres');
  const run = { server: undefined as ReturnType<typeof startMain> | undefined, crowd: undefined as ReturnType<typeof spawnCrowd> | undefined };
  try {
    // Enough seated participants for the whole run at the ingestion rate, in one formation.
    const perSecond = (BATCH * 1000) / BATCH_EVERY_MS;
    const world = await benchWorld(db.prisma, 'S');
    const formationId = world.formationIds[0]!;
    const apps = await bulkApplications(db.prisma, world, {
      count: Math.ceil((minutes * 60 + WARMUP_S + 60) * perSecond),
      formationIds: [formationId],
      prefix: '71',
    });
    const session = await runningSession(db.prisma, world, 0);
    await bulkSeats(db.prisma, session.id, apps);
    await vacuumAnalyze(db.prisma, ['Applicant', 'Application', 'ExamSeat']);
    const { key } = await createApiKey(db.prisma, { name: 'soak CAT centre', scopes: ['scores:write'] });
    console.log(`${apps.length.toLocaleString('en')} participants seated (${secondsSince(t0)})`);

    const redis: Record<string, string> = process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, PANTAU_REDIS_NAMESPACE: `soak-${process.pid}:` } : {};
    const server = startMain(
      { DATABASE_URL: db.url!, PANTAU_LIVE_INTERVAL_MS: '250', PANTAU_LIVE_CONNECTIONS_PER_ADDRESS: '100000', ...redis },
      { nodeArgs: ['--expose-gc'], entry: 'bench/soak-server.ts', ipc: true },
    );
    run.server = server;
    const url = await waitForUrl(server);
    const measure = () =>
      new Promise<Measurement>((resolve) => {
        server.child.once('message', (m) => resolve(m as Measurement));
        server.child.send({ type: 'measure' });
      });

    const formation = encodeGlobalID('Formation', formationId);
    const crowd = spawnCrowd();
    run.crowd = crowd;
    await crowd.request(
      { type: 'start', url: `${url.replace('http', 'ws')}/graphql`, count: subscribers, mode: 'graphql-ws', query: RANKING_LIVE, variables: { f: formation } },
      'ready',
    );
    console.log(`${subscribers} subscribers on ${url} (${secondsSince(t0)})`);

    const queries = [
      {
        query: `query($f: ID!) { ranking(formationId: $f, first: 20) { totalCount cutRank edges { node { rank participantNumber displayName total resultCode } } } }`,
        variables: { f: formation },
      },
      { query: `query { formations(first: 20) { totalCount edges { node { code quota applicantCount agency { name region { name } } region { code } } } } }` },
      {
        query: `query($s: ID!) { examSession(id: $s) { status participantCount site { name } } }`,
        variables: { s: encodeGlobalID('ExamSession', session.id) },
      },
      { query: `query { region(code: "15.71") { name } }` },
    ].map((q) => JSON.stringify(q));
    const stats = { queries: [] as number[], queryErrors: 0, batches: 0, results: 0, ingestErrors: 0 };
    let stop = false;
    let recording = false;
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then(
        (r) => r.json() as Promise<{ errors?: unknown }>,
      );

    const queryLoops = Array.from({ length: QUERY_LOOPS }, async (_, loop) => {
      for (let i = loop; !stop; i++) {
        const started = performance.now();
        const body = await post(queries[i % queries.length]!).catch((err: Error) => ({ errors: err.message }));
        if (body.errors) stats.queryErrors++;
        else if (recording) stats.queries.push(performance.now() - started);
        await sleep(THINK_MS);
      }
    });
    let next = 0;
    const ingestion = (async () => {
      while (!stop && next + BATCH <= apps.length) {
        const started = Date.now();
        const results = apps.slice(next, next + BATCH).map((a) => {
          const o = outcomeOf(world, a.participantNumber);
          return { participantNumber: a.participantNumber, twk: o.twk, tiu: o.tiu, tkp: o.tkp, finishedAt: new Date().toISOString() };
        });
        const body = await post(JSON.stringify({ query: SUBMIT, variables: { s: encodeGlobalID('ExamSession', session.id), b: `soak-${next}`, r: results } }), {
          'x-api-key': key,
        }).catch((err: Error) => ({ errors: err.message }));
        next += BATCH;
        if (body.errors) stats.ingestErrors++;
        else {
          stats.batches++;
          stats.results += BATCH;
        }
        await sleep(Math.max(0, BATCH_EVERY_MS - (Date.now() - started)));
      }
    })();

    console.log(`warm-up ${WARMUP_S} s…`);
    await sleep(WARMUP_S * 1000);
    const start = await measure();
    await crowd.request({ type: 'reset' }, 'reset');
    recording = true;
    const samples: Array<{ minute: number; heapUsedMiB: number; eventLoopP99Ms: number }> = [];
    for (let minute = 1; minute <= minutes; minute++) {
      await sleep(60_000);
      if (minute === minutes) break;
      // A forced GC once a minute shows the trend; its pause is excluded from the delay figures.
      const m = await measure();
      samples.push({ minute, heapUsedMiB: m.heapUsed / 2 ** 20, eventLoopP99Ms: m.loop.p99 });
      console.log(
        `  minute ${minute}: heap after GC ${(m.heapUsed / 2 ** 20).toFixed(1)} MiB, event-loop p99 ${m.loop.p99.toFixed(1)} ms, ${stats.results} results, ${stats.queries.length} queries`,
      );
    }
    const end = await measure();
    const updates = [...(await arrivalsOf(crowd)).values()].reduce((sum, a) => sum + a.count, 0);
    stop = true;
    await Promise.all([...queryLoops, ingestion]);

    stats.queries.sort((a, b) => a - b);
    const growth = (100 * (end.heapUsed - start.heapUsed)) / start.heapUsed;
    const loopP99 = Math.max(end.loop.p99, ...samples.map((s) => s.eventLoopP99Ms));
    const report = {
      minutes,
      subscribers,
      heapAfterGcMiB: { start: start.heapUsed / 2 ** 20, end: end.heapUsed / 2 ** 20, growthPct: growth, target: '< 10%', met: growth < 10 },
      rssMiB: { start: start.rss / 2 ** 20, end: end.rss / 2 ** 20 },
      eventLoopDelayMs: { p99: loopP99, lastWindow: end.loop, perMinute: samples },
      queries: { count: stats.queries.length, errors: stats.queryErrors, p50Ms: percentile(stats.queries, 50), p99Ms: percentile(stats.queries, 99) },
      ingestion: { batches: stats.batches, results: stats.results, errors: stats.ingestErrors, resultsPerSecond: perSecond },
      subscriberUpdatesDelivered: updates,
    };
    console.table({
      'heap after GC, start (MiB)': report.heapAfterGcMiB.start.toFixed(1),
      'heap after GC, end (MiB)': report.heapAfterGcMiB.end.toFixed(1),
      'heap growth (%)': `${growth.toFixed(1)} (target < 10: ${growth < 10 ? '✓' : '✗'})`,
      'event-loop delay p99 (ms)': loopP99.toFixed(1),
      'queries (p99 ms, errors)': `${stats.queries.length} (${report.queries.p99Ms.toFixed(1)}, ${stats.queryErrors})`,
      'results ingested (errors)': `${stats.results} (${stats.ingestErrors})`,
      'updates delivered to subscribers': updates,
    });
    const cpus = os.cpus();
    const out = path.join(repoRoot, 'bench/results');
    fs.mkdirSync(out, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const body = JSON.stringify(
      {
        soak: report,
        machine: { cpus: cpus.length, cpuModel: cpus[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
        at: new Date().toISOString(),
      },
      null,
      2,
    );
    fs.writeFileSync(path.join(out, `soak-${stamp}.json`), body);
    fs.writeFileSync(path.join(out, 'soak-latest.json'), body);
    console.log(`wrote bench/results/soak-${stamp}.json`);
  } finally {
    run.crowd?.child.send({ type: 'stop' });
    if (run.server) await killHard(run.server);
    await db.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
