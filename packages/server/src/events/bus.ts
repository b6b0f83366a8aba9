/**
 * The event bus a server runs on: publishing reaches this process's subscribers and every other
 * instance's. The edge implementations (in memory, Redis) are in `transport/pubsub.ts`.
 */
import type { Publisher } from './publisher.js';
import type { EventTopics, Topic } from './topics.js';

export interface EventBus extends Publisher {
  /**
   * Where events travel: this process only (`memory`), Redis between instances (`redis`), or this
   * process plus what other processes announce through PostgreSQL (`postgres`, without Redis).
   */
  readonly kind: 'memory' | 'redis' | 'postgres';
  /** Every event of `topic` from now on, from any process, until the iterator is returned. */
  subscribe<K extends Topic>(topic: K): AsyncIterableIterator<EventTopics[K]>;
  /** Whether events currently reach other instances (always true in memory: there are none). */
  connected(): boolean;
  /**
   * Calls `listener(false)` when events stop reaching other instances (Redis went away, the
   * database's notifications stopped) and `listener(true)` when they flow again. Returns the
   * unsubscribe.
   */
  onConnectionChange(listener: (connected: boolean) => void): () => void;
  close(): Promise<void>;
}
