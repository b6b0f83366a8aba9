/**
 * Fan-out: N graphql-ws subscribers on one formation's ranking, one real score commit per event;
 * latency from commit to the last subscriber, and server CPU per event. Against (a) graphql-ws's
 * default per-subscriber execution on the same server, and (b) a raw `ws` broadcast of one
 * pre-serialized frame (the floor). The same N on SSE (screens behind proxies that block
 * WebSockets) against the same floor and the graphql-ws figure; for both transports the server's
 * memory per idle subscriber.
 *
 * FANOUT_SIZES=500 and FANOUT_VARIANTS=shared,sse (a subset of shared, "shared, random ids",
 * per-subscriber, sse) make a short run while developing; FANOUT_PROFILE=1 profiles the shared pushes.
 */
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { WebSocketServer } from 'ws';
import type { EventBus } from '../../src/events/bus.js';
import { formationRules, skdRankingPage } from '../../src/exams/ranking.js';
import { createEventBus } from '../../src/transport/pubsub.js';
import { seedReference } from '../../src/seed/seed.js';
import { startInstance } from '../../test/app.js';
import { freshDatabase, type TestDatabase } from '../../test/databases.js';
import { createExamWorld, scoreCommits, type ExamWorld } from '../../test/exam-fixture.js';
import { underProfiler, writeProfile } from '../profiling.js';
import { measureFanout, now, sleep, spawnCrowd, type Measured, WARM_UP_EVENTS } from '../crowd.js';
import { percentile } from '../load.js';
import { betterRatio, type BenchRow, type Suite } from '../types.js';

const INTERVAL_MS = 250;
export const RANKING_QUERY = `subscription($f: ID!) { rankingUpdated(formationId: $f) {
  sequence totalCount cutRank updatedAt
  top { rank participantNumber displayName twk tiu tkp total resultCode movement }
  changed { rank participantNumber displayName total resultCode movement } } }`;

type Variant = 'shared' | 'shared, random ids' | 'per-subscriber' | 'sse';

let gc: (() => void) | undefined;

/** The server's memory (it runs in this process) once garbage is collected. */
async function settledMemory(): Promise<{ heap: number; rss: number }> {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(20);
  }
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external, rss: m.rss };
}

export const fanoutSuite: Suite = async ({ quick }) => {
  const sizes = process.env.FANOUT_SIZES ? process.env.FANOUT_SIZES.split(',').map(Number) : quick ? [1_000, 5_000] : [1_000, 5_000, 10_000];
  const events = quick ? 20 : 100;
  const rows: BenchRow[] = [];
  const db: TestDatabase = await freshDatabase('postgres');
  try {
    await seedReference(db.prisma);
    const world: ExamWorld = await createExamWorld(db.prisma, { applicants: (events + WARM_UP_EVENTS) * (sizes.length * 4 + 1), quota: 20 });
    const commitOne = scoreCommits(db.prisma, world, 'fanout');
    const fr = (await formationRules(db.prisma, world.formationId))!;
    const commitCpu = await commitOnlyCpu(commitOne, events);
    rows.push({
      suite: 'fanout',
      benchmark: `score commit without subscribers, ${events} events`,
      metric: 'server CPU per event',
      unit: 'ms',
      value: commitCpu,
    });

    for (const n of sizes) {
      const results: Record<string, Measured> = {};
      /** Server memory per idle subscriber (bytes), by variant. */
      const idle: Record<string, { heap: number; rss: number }> = {};
      // Screens number their subscriptions alike (as the dashboard does) and share whole frames;
      // with random ids (graphql-ws's default, some partner apps) each gets its own envelope.
      const all: Variant[] = quick ? ['shared', 'per-subscriber', 'sse'] : ['shared', 'shared, random ids', 'per-subscriber', 'sse'];
      const variants = process.env.FANOUT_VARIANTS ? all.filter((v) => process.env.FANOUT_VARIANTS!.split(',').includes(v)) : all;
      for (const variant of variants) {
        // The whole crowd comes from one address: lift the per-address bound above it.
        const instance = await startInstance(db, {
          liveIntervalMs: INTERVAL_MS,
          sharedSubscriptions: variant !== 'per-subscriber',
          maxLiveConnectionsPerAddress: n + 10,
        });
        const crowd = spawnCrowd();
        try {
          console.log(`  ${variant}: ${n} subscribers…`);
          const ids = variant === 'shared, random ids' ? 'random' : 'numbered';
          const start =
            variant === 'sse'
              ? { url: `${instance.server.url}/graphql`, mode: 'sse' }
              : { url: `${instance.server.url.replace('http', 'ws')}/graphql`, mode: 'graphql-ws', ids };
          const before = await settledMemory();
          await crowd.request({ type: 'start', count: n, query: RANKING_QUERY, variables: { f: world.formationGlobalId }, ...start }, 'ready');
          await sleep(INTERVAL_MS + 50);
          const after = await settledMemory();
          idle[variant] = { heap: (after.heap - before.heap) / n, rss: (after.rss - before.rss) / n };
          // The per-subscriber baseline takes seconds per event at 5k+: fewer events keep the run short.
          const count = variant === 'per-subscriber' && n >= 5_000 ? Math.min(events, quick ? 5 : 30) : events;
          const measure = () => measureFanout(crowd, n, count, 2, INTERVAL_MS, () => commitOne(instance.events));
          results[variant] = process.env.FANOUT_PROFILE && variant === 'shared' ? await profiledPushes(n, measure) : await measure();
        } finally {
          crowd.child.send({ type: 'stop' });
          await instance.close();
        }
      }
      // (b) the floor: one pre-serialized frame of the same size sent to every socket.
      const page = await skdRankingPage(db.prisma, fr, { offset: 0, limit: 20 });
      const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
      await new Promise((r) => wss.once('listening', r));
      const crowd = spawnCrowd();
      try {
        await crowd.request({ type: 'start', url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, count: n, mode: 'raw' }, 'ready');
        results.raw = await measureFanout(crowd, n, events, 1, INTERVAL_MS, async (i) => {
          // Encoded once; ws frames it per socket and writes these bytes without copying them.
          const message = Buffer.from(
            JSON.stringify({
              id: '1',
              type: 'next',
              payload: { data: { rankingUpdated: { sequence: i + 1, totalCount: page.totalCount, top: page.entries, changed: page.entries.slice(0, 1) } } },
            }),
          );
          const t0 = now();
          for (const client of wss.clients) client.send(message, { binary: false });
          return t0;
        });
      } finally {
        crowd.child.send({ type: 'stop' });
        for (const c of wss.clients) c.terminate();
        await new Promise((r) => wss.close(r));
      }

      rows.push(...sseRows(n, events, results, idle));
      const s = results.shared;
      const per = results['per-subscriber'];
      const raw = results.raw!;
      const name = `rankingUpdated, ${n.toLocaleString('en')} graphql-ws subscribers, ${events} events`;
      if (s && idle.shared) rows.push(...memoryRows('fanout', name, idle.shared));
      // What the push itself costs: the server CPU per event less the score commit's own.
      if (s) rows.push({ suite: 'fanout', benchmark: name, metric: 'push CPU per event (less the commit)', unit: 'ms', value: s.cpuMsPerEvent - commitCpu });
      if (!s || !per) {
        if (s)
          rows.push(
            { suite: 'fanout', benchmark: name, metric: 'p99 commit→last subscriber', unit: 'ms', value: percentile(s.latencies, 99) },
            { suite: 'fanout', benchmark: name, metric: 'server CPU per event', unit: 'ms', value: s.cpuMsPerEvent },
          );
        if (s)
          rows.push({
            suite: 'fanout',
            benchmark: name,
            metric: 'p99 overhead over raw broadcast',
            unit: 'x',
            value: percentile(s.latencies, 99) / percentile(raw.latencies, 99),
            baseline: 'raw ws broadcast p99 (ms)',
            baselineValue: percentile(raw.latencies, 99),
          });
        continue;
      }
      rows.push(
        ...latencyRows(name, s.latencies, { name: 'graphql-ws per-subscriber', latencies: per.latencies }, (p, v) =>
          p === 99 && n === 10_000 ? { target: '<= 200 ms', met: v <= 200 } : {},
        ),
      );
      const rawP99 = percentile(raw.latencies, 99);
      rows.push({
        suite: 'fanout',
        benchmark: name,
        metric: 'p99 overhead over raw broadcast',
        unit: 'x',
        value: percentile(s.latencies, 99) / rawP99,
        baseline: 'raw ws broadcast p99 (ms)',
        baselineValue: rawP99,
        target: '<= 2x',
        met: percentile(s.latencies, 99) / rawP99 <= 2,
      });
      rows.push({
        suite: 'fanout',
        benchmark: name,
        metric: 'server CPU per event',
        unit: 'ms',
        value: s.cpuMsPerEvent,
        baseline: 'graphql-ws per-subscriber',
        baselineValue: per.cpuMsPerEvent,
        ratio: betterRatio(s.cpuMsPerEvent, per.cpuMsPerEvent, true),
        ...(n === 5_000 ? { target: '>= 10x less than per-subscriber', met: per.cpuMsPerEvent / s.cpuMsPerEvent >= 10 } : {}),
      });
      rows.push({ suite: 'fanout', benchmark: name, metric: 'raw broadcast CPU per event', unit: 'ms', value: raw.cpuMsPerEvent });
      const random = results['shared, random ids'];
      if (random) {
        const v = percentile(random.latencies, 99);
        rows.push({
          suite: 'fanout',
          benchmark: name,
          metric: 'p99 with random subscription ids',
          unit: 'ms',
          value: v,
          baseline: 'graphql-ws per-subscriber',
          baselineValue: percentile(per.latencies, 99),
          ratio: betterRatio(v, percentile(per.latencies, 99), true),
        });
      }
      rows.push({
        suite: 'fanout',
        benchmark: name,
        metric: 'delivered',
        unit: '%',
        value: (100 * s.delivered) / s.expected,
        baseline: 'per-subscriber',
        baselineValue: (100 * per.delivered) / per.expected,
      });
    }
  } finally {
    await db.close();
  }
  return rows;
};

/**
 * CPU of this process per score commit with nobody listening, measured like the pushes
 * (warm-up first): the server CPU per event includes it, so the push's own cost is the difference.
 */
async function commitOnlyCpu(commitOne: (events: EventBus) => Promise<number>, events: number): Promise<number> {
  const bus = await createEventBus();
  try {
    for (let i = 0; i < WARM_UP_EVENTS; i++) await commitOne(bus);
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < events; i++) await commitOne(bus);
    const cpu = process.cpuUsage(cpu0);
    return (cpu.user + cpu.system) / 1000 / events;
  } finally {
    await bus.close();
  }
}

/**
 * The shared pushes under the CPU profiler (FANOUT_PROFILE=1): where a push's time goes. The
 * profiler slows everything: figures of a profiled run are not comparable.
 */
async function profiledPushes<T>(subscribers: number, measure: () => Promise<T>): Promise<T> {
  const { result, profile } = await underProfiler(measure);
  writeProfile(`push-${subscribers}`, profile, `graphql-ws push to ${subscribers} subscribers`);
  return result;
}

const KIB = 1024;

function memoryRows(suite: string, benchmark: string, perSubscriber: { heap: number; rss: number }, ws?: { heap: number; rss: number }): BenchRow[] {
  return (['heap', 'rss'] as const).map((kind) => ({
    suite,
    benchmark,
    metric: `server ${kind === 'heap' ? 'heap (JS + external)' : 'RSS'} per idle subscriber`,
    unit: 'KiB',
    value: perSubscriber[kind] / KIB,
    ...(ws ? { baseline: 'graphql-ws (KiB)', baselineValue: ws[kind] / KIB } : {}),
  }));
}

/** SSE beside graphql-ws and the raw floor, at the same size and with the same events. */
function sseRows(n: number, events: number, results: Record<string, Measured>, idle: Record<string, { heap: number; rss: number }>): BenchRow[] {
  const sse = results.sse;
  if (!sse) return [];
  const ws = results.shared;
  const raw = results.raw!;
  const name = `rankingUpdated, ${n.toLocaleString('en')} SSE subscribers, ${events} events`;
  const rows: BenchRow[] = [];
  rows.push(...latencyRows(name, sse.latencies, ws && { name: 'graphql-ws shared', latencies: ws.latencies }));
  const p99 = percentile(sse.latencies, 99);
  if (ws) {
    const ratio = p99 / percentile(ws.latencies, 99);
    rows.push({
      suite: 'fanout',
      benchmark: name,
      metric: 'p99 SSE / graphql-ws',
      unit: 'x',
      value: ratio,
      baseline: 'graphql-ws p99 (ms)',
      baselineValue: percentile(ws.latencies, 99),
      target: '<= 1.3x',
      met: ratio <= 1.3,
    });
  }
  const rawP99 = percentile(raw.latencies, 99);
  rows.push({
    suite: 'fanout',
    benchmark: name,
    metric: 'p99 overhead over raw broadcast',
    unit: 'x',
    value: p99 / rawP99,
    baseline: 'raw ws broadcast p99 (ms)',
    baselineValue: rawP99,
  });
  rows.push({
    suite: 'fanout',
    benchmark: name,
    metric: 'server CPU per event',
    unit: 'ms',
    value: sse.cpuMsPerEvent,
    ...(ws ? { baseline: 'graphql-ws shared', baselineValue: ws.cpuMsPerEvent, ratio: betterRatio(sse.cpuMsPerEvent, ws.cpuMsPerEvent, true) } : {}),
  });
  rows.push({ suite: 'fanout', benchmark: name, metric: 'delivered', unit: '%', value: (100 * sse.delivered) / sse.expected });
  if (idle.sse) rows.push(...memoryRows('fanout', name, idle.sse, idle.shared));
  return rows;
}

/** The p50/p95/p99 rows of commit→last subscriber latencies, beside a baseline's when there is one. */
function latencyRows(
  name: string,
  latencies: number[],
  baseline: { name: string; latencies: number[] } | undefined,
  extra: (p: number, value: number) => Partial<BenchRow> = () => ({}),
): BenchRow[] {
  return ([50, 95, 99] as const).map((p) => {
    const value = percentile(latencies, p);
    const base = baseline && percentile(baseline.latencies, p);
    return {
      suite: 'fanout',
      benchmark: name,
      metric: `p${p} commit→last subscriber`,
      unit: 'ms',
      value,
      ...(baseline && base !== undefined ? { baseline: baseline.name, baselineValue: base, ratio: betterRatio(value, base, true) } : {}),
      ...extra(p, value),
    };
  });
}
