import type { Publisher } from './events/publisher.js';

/** Publishes this instance's beat on the shared bus; returns the stop function. */
export function startHeartbeat(events: Publisher, instance: string, intervalMs: number): () => void {
  if (intervalMs <= 0) return () => {};
  let sequence = 0;
  const timer = setInterval(() => {
    sequence += 1;
    events.publish('heartbeat', { instance, sequence, at: new Date().toISOString() });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
