/** A small closed-loop HTTP load generator: fixed concurrency, fixed duration, latency percentiles. */
import { fork } from 'node:child_process';
import path from 'node:path';

export interface LoadOptions {
  concurrency: number;
  seconds: number;
  warmupSeconds?: number;
}

export interface LoadJob {
  url: string;
  /** The operation POSTed; absent when the loops GET `paths` instead. */
  body?: unknown;
  /** GETs these paths of `url` in turn (persisted queries a cache can serve), each answer checked to be 200. */
  paths?: string[];
  headers?: Record<string, string>;
  options: LoadOptions;
}

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

/**
 * POSTs the same GraphQL operation from `concurrency` loops for `seconds`, after a short warm-up.
 * The loops run in a child process, so the load generator shares neither the event loop nor the
 * heap of the servers under test that run in this one.
 */
export function graphqlLoad(url: string, body: unknown, options: LoadOptions): Promise<LoadResult> {
  return runLoad({ url, body, options });
}

/** The same loops, GETting `paths` of `url` in turn with `headers` (a crowd reading cacheable pages). */
export function getLoad(url: string, paths: string[], headers: Record<string, string>, options: LoadOptions): Promise<LoadResult> {
  return runLoad({ url, paths, headers, options });
}

function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(import.meta.dirname, 'load-worker.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    child.once('message', (result: LoadResult) => {
      resolve(result);
      child.disconnect();
    });
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`load process exited with ${code}`)));
    child.send(job);
  });
}

/**
 * POSTs one GraphQL operation (an object, or its JSON when a loop sends it again and again) and
 * returns its data; GraphQL errors (or a failed request) throw.
 */
export async function postOperation(url: string, body: unknown): Promise<unknown> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
  const json = (await res.json()) as { data?: unknown; errors?: unknown };
  if (!res.ok || json.errors) throw new Error(`${url}: ${JSON.stringify(json.errors ?? res.status)}`);
  return json.data;
}

export interface Timing {
  runs: number;
  p50: number;
  p95: number;
  max: number;
}

/** Runs `fn` one call at a time, `warmup` times unmeasured, then `runs` times measured. */
export async function timeRuns(runs: number, warmup: number, fn: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const latencies: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  return { runs, p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies.at(-1)! };
}
