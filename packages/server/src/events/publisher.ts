/**
 * How a service announces what it committed. Services take a `Publisher` and call it after their
 * own commit, whoever called them: the server passes its bus (held until the mutation's
 * transaction commits, see `heldUntilCommit`), the CLI the bus that reaches running servers,
 * tests whatever they listen to.
 */
import type { EventTopics, Topic } from './topics.js';

export interface Publisher {
  /** Announces `payload` on `topic`; call it only after the change is committed. */
  publish<K extends Topic>(topic: K, payload: EventTopics[K]): void;
}

/** A publisher that announces nothing: for writes no one can be watching (a first seed). */
export const unheard: Publisher = { publish: () => {} };

/** A `Publisher` that keeps events until `release()`, for a write running inside a larger transaction. */
export interface HeldPublisher extends Publisher {
  /** Publishes what was held, in order, on the target (call after the commit). */
  release(): void;
  /** Forgets what was held (the transaction rolled back). */
  drop(): void;
}

/**
 * Holds events published inside a transaction until it commits: a service publishes after its own
 * `$transaction`, which inside a mutation only joins the mutation's one, so nothing may reach
 * subscribers before the outer commit (and nothing at all when it rolls back).
 */
export function heldUntilCommit(target: Publisher): HeldPublisher {
  let held: Array<() => void> = [];
  return {
    publish: (topic, payload) => void held.push(() => target.publish(topic, payload)),
    release: () => {
      const events = held;
      held = [];
      for (const publish of events) publish();
    },
    drop: () => {
      held = [];
    },
  };
}
