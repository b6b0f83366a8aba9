/**
 * Metrics' cost on the request path: the trivial query (`{ regions { code name } }`, where any
 * per-request overhead shows most) on two instances over the same PostgreSQL database, one with
 * the Prometheus endpoint on (PANTAU_METRICS_PORT) and one without, alternated three times at a
 * fixed concurrency. Target: under 5% fewer requests per second. The servers' CPU per request is
 * reported too (the load runs in another process): on a busy machine it moves less than throughput.
 */
import { seedReference } from '../../src/seed/seed.js';
import { startInstance } from '../../test/app.js';
import { freshDatabase } from '../../test/databases.js';
import { graphqlLoad, postOperation, type LoadResult } from '../load.js';
import { betterRatio, type BenchRow, type Suite } from '../types.js';

const CONCURRENCY = 8;
const ROUNDS = 3;
const TRIVIAL = { query: '{ regions { code name } }', variables: {} };
const log = (line: string) => console.log(`  [metrics] ${line}`);

/** The trivial query's count in the request histogram (an anonymous document is `operation="other"`). */
async function countedRequests(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  return Number(/^pantau_graphql_request_duration_seconds_count\{[^}]*operation="other"[^}]*transport="http"[^}]*\} (\d+)/m.exec(text)?.[1] ?? 0);
}

export const metricsSuite: Suite = async ({ quick }) => {
  const seconds = quick ? 2 : 5;
  const db = await freshDatabase('postgres');
  try {
    await seedReference(db.prisma);
    const plain = await startInstance(db);
    const measured = await startInstance(db, { metricsPort: 0 });
    try {
      const same = JSON.stringify(await postOperation(plain.server.url, TRIVIAL)) === JSON.stringify(await postOperation(measured.server.url, TRIVIAL));
      const runs: Record<'with' | 'without', LoadResult[]> = { with: [], without: [] };
      const cpuMs: Record<'with' | 'without', number> = { with: 0, without: 0 };
      for (const instance of [plain, measured]) await graphqlLoad(instance.server.url, TRIVIAL, { concurrency: CONCURRENCY, seconds: 1, warmupSeconds: 0 });
      const countedBefore = await countedRequests(measured.server.metricsUrl!);
      for (let round = 0; round < ROUNDS; round++) {
        // Alternated, each first in turn, so drift on a shared machine falls on both.
        const order = round % 2 ? (['with', 'without'] as const) : (['without', 'with'] as const);
        for (const which of order) {
          const cpu0 = process.cpuUsage();
          const result = await graphqlLoad((which === 'with' ? measured : plain).server.url, TRIVIAL, { concurrency: CONCURRENCY, seconds, warmupSeconds: 0 });
          const cpu = process.cpuUsage(cpu0);
          cpuMs[which] += (cpu.user + cpu.system) / 1000;
          runs[which].push(result);
          log(`round ${round + 1}, ${which} metrics: ${result.rps.toFixed(0)} req/s, p99 ${result.p99.toFixed(1)} ms, ${result.errors} errors`);
        }
      }
      const rps = (results: LoadResult[]) => results.reduce((n, r) => n + r.requests, 0) / results.reduce((s, r) => s + r.seconds, 0);
      const p99 = (results: LoadResult[]) => Math.max(...results.map((r) => r.p99));
      const withRps = rps(runs.with);
      const withoutRps = rps(runs.without);
      const counted = (await countedRequests(measured.server.metricsUrl!)) - countedBefore;
      const name = `{ regions { code name } }, PostgreSQL, ${CONCURRENCY} concurrent, ${ROUNDS} alternated rounds of ${seconds} s`;
      const overhead = 100 * (1 - withRps / withoutRps);
      const requests = (results: LoadResult[]) => results.reduce((n, r) => n + r.requests, 0);
      const cpuWith = cpuMs.with / requests(runs.with);
      const cpuWithout = cpuMs.without / requests(runs.without);
      return [
        {
          suite: 'metrics',
          benchmark: name,
          metric: 'throughput with metrics',
          unit: 'req/s',
          value: withRps,
          baseline: 'without metrics',
          baselineValue: withoutRps,
          ratio: betterRatio(withRps, withoutRps, false),
        },
        {
          suite: 'metrics',
          benchmark: name,
          metric: 'worst p99 with metrics',
          unit: 'ms',
          value: p99(runs.with),
          baseline: 'without metrics',
          baselineValue: p99(runs.without),
          ratio: betterRatio(p99(runs.with), p99(runs.without), true),
        },
        { suite: 'metrics', benchmark: name, metric: 'throughput cost of metrics', unit: '%', value: overhead, target: '< 5%', met: overhead < 5 },
        {
          suite: 'metrics',
          benchmark: name,
          metric: 'server CPU per request with metrics',
          unit: 'ms',
          value: cpuWith,
          baseline: 'without metrics',
          baselineValue: cpuWithout,
          ratio: betterRatio(cpuWith, cpuWithout, true),
        },
        {
          suite: 'metrics',
          benchmark: name,
          metric: 'requests the histogram counted',
          unit: 'count',
          value: counted,
          baseline: 'requests answered',
          baselineValue: requests(runs.with),
        },
        { suite: 'metrics', benchmark: `${name}: same answer with and without`, metric: 'same answer', unit: '1/0', value: same ? 1 : 0 },
      ] satisfies BenchRow[];
    } finally {
      await plain.close();
      await measured.close();
    }
  } finally {
    await db.close();
  }
};
