/**
 * What the live transports need of the metrics, without loading them: the topic a subscription
 * counts under, and a stream wrapper that counts a subscriber while it is open. The metrics
 * themselves (metrics.ts, prom-client) load only when PANTAU_METRICS_PORT is set.
 */
import { getOperationAST, Kind, type DocumentNode } from 'graphql';

export type LiveTransport = 'ws' | 'sse';

/** Counts live subscribers (PantauMetrics). */
export interface LiveMeter {
  /** Counts one subscriber of `topic` until the returned function is called (once). */
  subscribed(topic: string | undefined, transport: LiveTransport): () => void;
}

/** The root field a subscription document asks for (`rankingUpdated`), which names its live topic. */
export function subscriptionTopic(document: DocumentNode, operationName?: string | null): string | undefined {
  const first = getOperationAST(document, operationName)?.selectionSet.selections[0];
  return first?.kind === Kind.FIELD ? first.name.value : undefined;
}

export const isAsyncIterable = (x: unknown): x is AsyncIterable<unknown> => typeof x === 'object' && x !== null && Symbol.asyncIterator in x;

/**
 * Wraps a subscription's stream so the subscriber is counted while it is open: until the client
 * leaves (`return`), the stream fails, or it ends. Anything but a stream passes unchanged.
 */
export function countedWhileOpen<T>(result: T, open: () => () => void): T {
  if (!isAsyncIterable(result)) return result;
  const done = open();
  const inner = result[Symbol.asyncIterator]();
  const wrapped: AsyncIterableIterator<unknown> = {
    next: async () => {
      try {
        const step = await inner.next();
        if (step.done) done();
        return step;
      } catch (err) {
        done();
        throw err;
      }
    },
    return: (value?: unknown) => {
      done();
      return inner.return?.(value) ?? Promise.resolve({ value: undefined, done: true });
    },
    throw: (err?: unknown) => {
      done();
      return inner.throw?.(err) ?? Promise.reject(err);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return wrapped as T;
}
