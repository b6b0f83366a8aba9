/**
 * Events through PostgreSQL, for a deployment without Redis: a process that is not the server
 * (`import-results`) announces what it committed with `pg_notify` on one channel, and a server on
 * PostgreSQL without Redis LISTENs on it and publishes what it hears on its own bus.
 *
 * Why NOTIFY and not an outbox table: the only writer outside the server is an operator's CLI,
 * and a server that is not running has no cache or screen to bring up to date (it starts from the
 * database), so nothing needs to be kept for later; NOTIFY needs no table, no migration, no
 * polling delay and no cleanup, and reaches every server listening on the database within
 * milliseconds. A server whose LISTEN connection drops reports it like a Redis outage (no cached
 * ranking summaries, live topics resent from the database once it listens again), so nothing
 * missed meanwhile stays missing. Notifications are per database: test databases do not hear each
 * other. A payload must stay under PostgreSQL's 8000 bytes: score changes are sent in parts.
 */
import pg from 'pg';
import { pgConfig } from '../db/client.js';
import type { Publisher } from '../events/publisher.js';
import { isTopic, type EventTopics, type Topic } from '../events/topics.js';
import { log } from '../logger.js';

/** The one channel every Pantau event travels on through the database. */
export const EVENTS_CHANNEL = 'pantau_events';

/** Participant numbers per notification: 200 numbers of up to 30 characters stay far below 8000 bytes. */
const NUMBERS_PER_NOTIFICATION = 200;

/** `payload` in parts small enough for one notification each. */
function parts<K extends Topic>(topic: K, payload: EventTopics[K]): Array<EventTopics[K]> {
  if (topic !== 'scoresChanged') return [payload];
  const scores = payload as EventTopics['scoresChanged'];
  const out: Array<EventTopics['scoresChanged']> = [];
  for (let i = 0; i < scores.participantNumbers.length || i === 0; i += NUMBERS_PER_NOTIFICATION) {
    out.push({ ...scores, participantNumbers: scores.participantNumbers.slice(i, i + NUMBERS_PER_NOTIFICATION) });
  }
  return out as Array<EventTopics[K]>;
}

/** What a NOTIFY needs of the database: Prisma's raw query. */
interface RawQueries {
  $executeRaw(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<number>;
}

/** A `Publisher` for a process that is not the server: NOTIFY through the database; `flush()` before closing it. */
export interface DatabaseNotifier extends Publisher {
  /** Resolves once every notification was sent (rejects with the first that failed). */
  flush(): Promise<void>;
}

export function databaseNotifier(db: RawQueries): DatabaseNotifier {
  const pending: Array<PromiseLike<unknown>> = [];
  return {
    publish: (topic, payload) => {
      for (const part of parts(topic, payload)) {
        pending.push(db.$executeRaw`select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify({ topic, payload: part })})`);
      }
    },
    flush: async () => {
      await Promise.all(pending.splice(0));
    },
  };
}

export interface DatabaseListener {
  connected(): boolean;
  onConnectionChange(listener: (connected: boolean) => void): () => void;
  close(): Promise<void>;
}

/**
 * LISTENs on the events channel of the database at `url` with a connection of its own (a pool's
 * connections come and go) and hands every well-formed event to `deliver`. Reconnects by itself
 * with a capped backoff; resolves once it listens.
 */
export async function listenToDatabase(url: string, deliver: <K extends Topic>(topic: K, payload: EventTopics[K]) => void): Promise<DatabaseListener> {
  const listeners = new Set<(connected: boolean) => void>();
  let client: pg.Client | undefined;
  let listening = false;
  let closed = false;
  let attempt = 0;
  let retry: NodeJS.Timeout | undefined;
  const report = (now: boolean) => {
    if (now === listening) return;
    listening = now;
    for (const listener of listeners) listener(now);
  };
  const hear = (message: pg.Notification) => {
    if (message.channel !== EVENTS_CHANNEL || !message.payload) return;
    try {
      const { topic, payload } = JSON.parse(message.payload) as { topic: string; payload: unknown };
      if (isTopic(topic) && payload && typeof payload === 'object') deliver(topic, payload as never);
    } catch (err) {
      log.warn({ err }, 'ignored a malformed event notification');
    }
  };
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ ...pgConfig(url), connectionTimeoutMillis: 5000, keepAlive: true });
    client = c;
    const lost = () => {
      if (client !== c) return;
      client = undefined;
      report(false);
      c.removeAllListeners('notification');
      void c.end().catch(() => {});
      if (!closed) retry = setTimeout(() => void connect().catch(() => {}), Math.min(++attempt * 200, 2000));
    };
    c.on('error', lost);
    c.on('end', lost);
    c.on('notification', hear);
    try {
      await c.connect();
      await c.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (err) {
      lost();
      throw err;
    }
    attempt = 0;
    report(true);
  };
  await connect();
  return {
    connected: () => listening,
    onConnectionChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      closed = true;
      clearTimeout(retry);
      listeners.clear();
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}
