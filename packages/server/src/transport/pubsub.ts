/**
 * One PubSub built from config: in memory for a single process, Redis when `REDIS_URL` is set so
 * that several instances behind a load balancer deliver each other's events.
 */
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { ScoresChanged } from '../exams/ingestion.js';
import type { ResponsesArrived } from '../quality/surveys.js';

/** Payloads cross Redis as JSON: keep them plain (dates as ISO strings). */
export interface HeartbeatEvent {
  instance: string;
  sequence: number;
  at: string;
}

export type PubSubTopics = {
  heartbeat: [HeartbeatEvent];
  /** Committed score changes, from whichever instance ingested them. */
  scoresChanged: [ScoresChanged];
  /** Committed SKM responses, from whichever instance took them. */
  responsesArrived: [ResponsesArrived];
};

export type PantauPubSub = ReturnType<typeof createPubSub<PubSubTopics>>;

export interface PubSubHandle {
  pubsub: PantauPubSub;
  kind: 'memory' | 'redis';
  /** Whether events currently reach other instances (always true in memory: there are none). */
  connected(): boolean;
  close(): Promise<void>;
}

function redisClient(url: string): Redis {
  return new Redis(url, {
    // Keep retrying forever with a capped backoff: events resume when Redis returns.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    // Publishes made while Redis is away wait in ioredis' offline queue instead of rejecting.
    enableOfflineQueue: true,
  });
}

/** Raised at start when Redis does not answer, so the CLI prints one clear line. */
export class RedisUnreachableError extends Error {
  override name = 'RedisUnreachableError';
}

function guardFireAndForget(client: Redis, method: 'publish' | 'unsubscribe') {
  const original = (client[method] as (...args: unknown[]) => Promise<unknown>).bind(client);
  (client as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => original(...args).catch(() => 0);
}

function waitReady(client: Redis, url: string): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new RedisUnreachableError(`Cannot reach Redis at ${new URL(url).host}`)), 5000);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Prefixes every channel, so deployments (or concurrent test runs) sharing one Redis do not hear
 * each other's events. Listeners only read `detail`, so the prefixed event type is invisible to them.
 */
function namespaced(target: EventTarget, namespace: string): EventTarget {
  if (!namespace) return target;
  return {
    addEventListener: (type, listener, options) => target.addEventListener(namespace + type, listener, options),
    removeEventListener: (type, listener, options) => target.removeEventListener(namespace + type, listener, options),
    dispatchEvent: (event) => target.dispatchEvent(new CustomEvent(namespace + event.type, { detail: (event as CustomEvent).detail })),
  };
}

export async function createPantauPubSub(redisUrl: string | undefined, namespace = ''): Promise<PubSubHandle> {
  if (!redisUrl) {
    return { pubsub: createPubSub<PubSubTopics>(), kind: 'memory', connected: () => true, close: async () => {} };
  }
  const publishClient = redisClient(redisUrl);
  const subscribeClient = redisClient(redisUrl);
  // Swallow connection errors here: ioredis reconnects by itself, and /ready reports the state.
  publishClient.on('error', () => {});
  subscribeClient.on('error', () => {});
  try {
    await Promise.all([publishClient, subscribeClient].map((c) => waitReady(c, redisUrl)));
  } catch (err) {
    publishClient.disconnect();
    subscribeClient.disconnect();
    throw err;
  }
  // The event target fires publish/unsubscribe without awaiting them; once Redis is gone (or this
  // instance is closing) their rejections must not become unhandled and crash the process.
  guardFireAndForget(publishClient, 'publish');
  guardFireAndForget(subscribeClient, 'unsubscribe');
  const eventTarget = namespaced(createRedisEventTarget({ publishClient, subscribeClient }) as EventTarget, namespace) as never;
  return {
    pubsub: createPubSub<PubSubTopics>({ eventTarget }),
    kind: 'redis',
    connected: () => publishClient.status === 'ready' && subscribeClient.status === 'ready',
    close: async () => {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
