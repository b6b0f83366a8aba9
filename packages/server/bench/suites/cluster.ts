/**
 * Several instances: two server processes (`src/main.ts`) on one fresh PostgreSQL database and
 * one Redis (a namespace of their own), subscribers split across both, results ingested through
 * one. Every subscriber must receive every update; latency runs from the moment the mutation is
 * sent to the last subscriber on either instance, so it includes the commit and the Redis hop.
 */
import { redisUrl } from '../../test/app.js';
import { freshDatabase } from '../../test/databases.js';
import { createExamWorld } from '../../test/exam-fixture.js';
import { killHard, startMain, waitForUrl, type MainProcess } from '../../test/main-process.js';
import { seedReference } from '../../src/seed/seed.js';
import { arrivalsOf, spawnCrowd, type Crowd } from '../crowd.js';
import { percentile } from '../load.js';
import type { BenchRow, Suite } from '../types.js';

const INTERVAL_MS = 250;
const QUERY = `subscription($f: ID!) { rankingUpdated(formationId: $f) {
  sequence totalCount cutRank updatedAt
  top { rank participantNumber displayName twk tiu tkp total resultCode movement }
  changed { rank participantNumber displayName total resultCode movement } } }`;
const SUBMIT = `mutation($s: ID!, $b: String!, $r: [ExamResultInput!]!) { submitExamResults(sessionId: $s, batchId: $b, results: $r) { created } }`;
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const clusterSuite: Suite = async ({ quick }) => {
  const subscribers = Number(process.env.CLUSTER_SUBSCRIBERS ?? (quick ? 1_000 : 5_000));
  const events = Number(process.env.CLUSTER_EVENTS ?? (quick ? 10 : 50));
  const perInstance = [Math.ceil(subscribers / 2), Math.floor(subscribers / 2)];
  const db = await freshDatabase('postgres');
  const instances: MainProcess[] = [];
  const crowds: Crowd[] = [];
  try {
    await seedReference(db.prisma);
    const world = await createExamWorld(db.prisma, { applicants: events + 1, quota: 20 });
    const namespace = `cluster-${process.pid}-${Date.now()}:`;
    const urls: string[] = [];
    for (const id of ['a', 'b']) {
      const run = startMain({
        DATABASE_URL: db.url!,
        REDIS_URL: redisUrl,
        PANTAU_REDIS_NAMESPACE: namespace,
        PANTAU_INSTANCE_ID: id,
        PANTAU_LIVE_INTERVAL_MS: String(INTERVAL_MS),
        PANTAU_DB_POOL: '4',
        PANTAU_LIVE_CONNECTIONS_PER_ADDRESS: '100000',
      });
      instances.push(run);
      urls.push(await waitForUrl(run));
    }
    console.log(`  instances a ${urls[0]}, b ${urls[1]}; ${subscribers} subscribers…`);
    // Updates are told apart by totalCount: each event adds one result to the formation.
    for (const [i, url] of urls.entries()) {
      const crowd = spawnCrowd();
      crowds.push(crowd);
      await crowd.request(
        {
          type: 'start',
          url: `${url.replace('http', 'ws')}/graphql`,
          count: perInstance[i],
          mode: 'graphql-ws',
          query: QUERY,
          variables: { f: world.formationGlobalId },
          key: '"totalCount":',
        },
        'ready',
      );
    }
    await sleep(INTERVAL_MS + 50);

    // Event 0 warms up both processes (first mutation, first Redis message) and is not measured.
    const sent: number[] = [];
    for (let i = 0; i <= events; i++) {
      const p = world.participants[i]!;
      const t0 = now();
      sent.push(t0);
      const res = await fetch(`${urls[0]}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': world.apiKey },
        body: JSON.stringify({
          query: SUBMIT,
          variables: {
            s: world.sessionGlobalId,
            b: `cluster-${i}`,
            r: [
              {
                participantNumber: p.participantNumber,
                twk: 60 + 5 * (i % 18),
                tiu: 70 + 5 * (i % 21),
                tkp: 150 + (i % 70),
                finishedAt: new Date().toISOString(),
              },
            ],
          },
        }),
      });
      const body = (await res.json()) as { errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(5)) {
        const counts = await Promise.all(crowds.map(async (c) => (await arrivalsOf(c)).get(i + 1)?.count ?? 0));
        if (counts.every((n, c) => n >= perInstance[c]!)) break;
      }
      await sleep(Math.max(0, INTERVAL_MS + 20 - (now() - t0)));
    }

    const arrivals = await Promise.all(crowds.map(arrivalsOf));
    let delivered = 0;
    const latency = (c: number | undefined, i: number) => {
      const on = c === undefined ? arrivals : [arrivals[c]!];
      const sizes = c === undefined ? perInstance : [perInstance[c]!];
      const got = on.map((a) => a.get(i + 1));
      return got.every((a, k) => a && a.count >= sizes[k]!) ? Math.max(...got.map((a) => a!.last)) - sent[i]! : Number.POSITIVE_INFINITY;
    };
    for (const a of arrivals) for (let i = 0; i <= events; i++) delivered += a.get(i + 1)?.count ?? 0;
    const measured = (c: number | undefined) =>
      sent
        .slice(1)
        .map((_, i) => latency(c, i + 1))
        .sort((x, y) => x - y);
    const [all, onA, onB] = [measured(undefined), measured(0), measured(1)];
    const deliveredPct = (100 * delivered) / (subscribers * (events + 1));
    if (deliveredPct < 100) process.exitCode = 1;
    const name = `2 instances, ${subscribers.toLocaleString('en')} subscribers (split), ${events} results through one`;
    return [
      ...([50, 95, 99] as const).map(
        (p): BenchRow => ({ suite: 'cluster', benchmark: name, metric: `p${p} mutation sent→last subscriber`, unit: 'ms', value: percentile(all, p) }),
      ),
      { suite: 'cluster', benchmark: name, metric: 'p99 on the ingesting instance (a)', unit: 'ms', value: percentile(onA, 99) },
      { suite: 'cluster', benchmark: name, metric: 'p99 on the other instance (b, via Redis)', unit: 'ms', value: percentile(onB, 99) },
      {
        suite: 'cluster',
        benchmark: name,
        metric: 'every subscriber got every update',
        unit: '%',
        value: deliveredPct,
        target: '100%',
        met: deliveredPct === 100,
      },
    ];
  } finally {
    for (const crowd of crowds) crowd.child.send({ type: 'stop' });
    for (const run of instances) await killHard(run);
    await db.close();
  }
};
