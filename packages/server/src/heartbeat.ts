import type { PantauPubSub } from './transport/pubsub.js';

/** Publishes this instance's beat on the shared bus; returns the stop function. */
export function startHeartbeat(pubsub: PantauPubSub, instance: string, intervalMs: number): () => void {
  if (intervalMs <= 0) return () => {};
  let sequence = 0;
  const timer = setInterval(() => {
    sequence += 1;
    pubsub.publish('heartbeat', { instance, sequence, at: new Date().toISOString() });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
