/**
 * Where a CLI announces what it committed, so running servers hear it as if it came through the
 * API: the Redis bus the servers share, else the database they listen on (PostgreSQL, see
 * `transport/pg-notify.ts`), else nowhere (embedded: the CLI holds the folder, so no server runs
 * on it). `done()` waits until everything was sent and lets go of the bus.
 */
import type { Database } from '../db/client.js';
import { unheard, type Publisher } from '../events/publisher.js';
import { databaseNotifier } from '../transport/pg-notify.js';
import { createEventBus } from '../transport/pubsub.js';

export type Announcer = Publisher & { done(): Promise<void> };

export async function announcer(redisUrl: string | undefined, namespace: string, db: Database): Promise<Announcer> {
  if (redisUrl) {
    const bus = await createEventBus({ redisUrl, namespace });
    let closed: Promise<void> | undefined;
    return { publish: (topic, payload) => bus.publish(topic, payload), done: () => (closed ??= bus.close()) };
  }
  if (db.engine === 'postgres') {
    const notifier = databaseNotifier(db.prisma);
    return { publish: notifier.publish, done: notifier.flush };
  }
  return { ...unheard, done: async () => {} };
}
