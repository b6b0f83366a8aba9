/**
 * The soak's server: `src/main.ts` itself, plus what the soak measures inside the server process:
 * heap after a full GC and event-loop delay, answered over IPC. Needs `--expose-gc`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';

export interface Measurement {
  type: 'measured';
  /** Heap in use after a full GC, bytes. */
  heapUsed: number;
  rss: number;
  /** Event-loop delay since the previous measurement, ms. */
  loop: { p50: number; p99: number; max: number };
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('soak-server needs node --expose-gc');
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();

process.on('message', async (msg: { type: string }) => {
  if (msg.type !== 'measure') return;
  // Delay is read before the GC below, and reset after it, so the forced GC is never counted.
  const loop = { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
  gc();
  await nextTurn(); // let finalizers run, then collect what they freed
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  delay.reset();
  process.send!({ type: 'measured', heapUsed, rss, loop } satisfies Measurement);
});

await import('../src/main.js');
