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
  const child = fork(path.join(import.meta.dirname, 'fanout-clients.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return {
    child,
    request: <T>(msg: object, reply: string) =>
      new Promise<T>((resolve) => {
        const onMessage = (m: { type: string }) => {
          if (m.type !== reply) return;
          child.off('message', onMessage);
          resolve(m as T);
        };
        child.on('message', onMessage);
        child.send(msg);
      }),
  };
}

/** The crowd's arrivals so far. */
export async function arrivalsOf(crowd: Crowd): Promise<Arrivals> {
  const { arrivals } = await crowd.request<{ arrivals: [number, { count: number; last: number }][] }>({ type: 'report' }, 'report');
  return new Map(arrivals);
}
