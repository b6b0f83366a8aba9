/** Drives a subscriber crowd (bench/fanout-clients.ts) in a child process over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface Crowd {
  child: ChildProcess;
  request<T>(msg: object, reply: string): Promise<T>;
}

/** Arrivals per update key: how many subscribers got it, and when the last one did (epoch ms). */
export type Arrivals = Map<number, { count: number; last: number }>;

export function spawnCrowd(): Crowd {
  // From the server package, where `tsx` resolves (a test may run from the workspace root).
  const child = fork(path.join(import.meta.dirname, 'fanout-clients.ts'), [], {
    cwd: path.join(import.meta.dirname, '..'),
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  return {
    child,
    request: <T>(msg: object, reply: string) =>
      new Promise<T>((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`the crowd exited (${code}) before its ${reply}`));
        const onMessage = (m: { type: string }) => {
          if (m.type !== reply) return;
          child.off('message', onMessage);
          child.off('exit', onExit);
          resolve(m as T);
        };
        child.on('message', onMessage);
        child.once('exit', onExit);
        child.send(msg);
      }),
  };
}

/** The crowd's arrivals so far. */
export async function arrivalsOf(crowd: Crowd): Promise<Arrivals> {
  const { arrivals } = await crowd.request<{ arrivals: [number, { count: number; last: number }][] }>({ type: 'report' }, 'report');
  return new Map(arrivals);
}

export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Measured {
  /** Per event, commit → the last subscriber's arrival (ms), sorted; Infinity where some never got it. */
  latencies: number[];
  cpuMsPerEvent: number;
  delivered: number;
  expected: number;
}

/** Events sent before measuring: the first pushes after a start run cold code and fresh pool connections. */
export const WARM_UP_EVENTS = 3;

/**
 * Runs `events` events after the warm-up ones: `fire(i)` commits and pushes event i, returns its
 * t0; waits for the crowd each time. Events are at least the coalescing interval (`intervalMs`)
 * apart, counted from the previous t0, so each is pushed at once rather than held back for the
 * next interval. Event i is expected under the key `firstSequence + i`.
 */
export async function measureFanout(
  crowd: Crowd,
  subscribers: number,
  events: number,
  firstSequence: number,
  intervalMs: number,
  fire: (i: number) => Promise<number>,
): Promise<Measured> {
  let t0s: number[] = [];
  let cpu0 = process.cpuUsage();
  let delivered = 0;
  for (let i = 0; i < WARM_UP_EVENTS + events; i++) {
    if (i > 0) await sleep(Math.max(0, t0s.at(-1)! + intervalMs + 20 - now()));
    if (i === WARM_UP_EVENTS) {
      await crowd.request({ type: 'reset' }, 'reset');
      t0s = [];
      cpu0 = process.cpuUsage();
    }
    t0s.push(await fire(i));
    const seq = firstSequence + i;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const a = (await arrivalsOf(crowd)).get(seq);
      if ((a && a.count >= subscribers) || Date.now() > deadline) break;
      await sleep(5);
    }
  }
  const cpu = process.cpuUsage(cpu0);
  const byseq = await arrivalsOf(crowd);
  const latencies = t0s.map((t0, i) => {
    const a = byseq.get(firstSequence + WARM_UP_EVENTS + i);
    if (a) delivered += a.count;
    return a && a.count >= subscribers ? a.last - t0 : Number.POSITIVE_INFINITY;
  });
  latencies.sort((x, y) => x - y);
  return { latencies, cpuMsPerEvent: (cpu.user + cpu.system) / 1000 / events, delivered, expected: subscribers * events };
}
