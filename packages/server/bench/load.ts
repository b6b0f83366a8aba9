/** A small closed-loop HTTP load generator: fixed concurrency, fixed duration, latency percentiles. */

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** POSTs the same GraphQL operation from `concurrency` loops for `seconds`, after a short warm-up. */
export async function graphqlLoad(url: string, body: unknown, { concurrency, seconds, warmupSeconds = 1 }: { concurrency: number; seconds: number; warmupSeconds?: number }): Promise<LoadResult> {
  const payload = JSON.stringify(body);
  const once = async () => {
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
    const json = (await res.json()) as { errors?: unknown };
    if (!res.ok || json.errors) throw new Error(JSON.stringify(json.errors ?? res.status));
  };
  const run = async (durationMs: number, latencies?: number[]) => {
    let errors = 0;
    const end = performance.now() + durationMs;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < end) {
          const t0 = performance.now();
          try {
            await once();
            latencies?.push(performance.now() - t0);
          } catch {
            errors++;
          }
        }
      }),
    );
    return errors;
  };
  await run(warmupSeconds * 1000);
  const latencies: number[] = [];
  const t0 = performance.now();
  const errors = await run(seconds * 1000, latencies);
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    seconds: elapsed,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}
