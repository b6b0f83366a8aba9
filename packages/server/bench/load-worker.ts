/** The loops of graphqlLoad (load.ts), in their own process: one job from the parent, one answer back. */
import { percentile, postOperation, type LoadJob, type LoadResult } from './load.js';

async function get(url: string, headers: Record<string, string>): Promise<void> {
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
}

async function run({ url, body, paths, headers = {}, options: { concurrency, seconds, warmupSeconds = 1 } }: LoadJob): Promise<LoadResult> {
  const payload = JSON.stringify(body);
  let turn = 0;
  const once = paths ? () => get(`${url}${paths[turn++ % paths.length]}`, headers) : () => postOperation(url, payload);
  const loop = async (durationMs: number, latencies?: number[]) => {
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
  await loop(warmupSeconds * 1000);
  const latencies: number[] = [];
  const t0 = performance.now();
  const errors = await loop(seconds * 1000, latencies);
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

process.once('message', async (job: LoadJob) => process.send!(await run(job)));
