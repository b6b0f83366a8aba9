import { createPubSub } from 'graphql-yoga';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redisUrl } from '../../test/app.js';
import pg from 'pg';
import { createPostgresDatabase } from '../../test/databases.js';
import { pgConfig } from '../db/client.js';
import type { EventBus } from '../events/bus.js';
import { databaseNotifier, EVENTS_CHANNEL } from './pg-notify.js';
import { createEventBus } from './pubsub.js';

const open: EventBus[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

async function handle(namespace: string) {
  const h = await createEventBus({ redisUrl, namespace });
  open.push(h);
  return h;
}

/** Collects heartbeats for a while: long enough for Redis to deliver on localhost. */
async function heard(h: EventBus, ms = 300) {
  const seen: string[] = [];
  const iterator = h.subscribe('heartbeat');
  const pump = (async () => {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      seen.push(next.value.instance);
    }
  })();
  return {
    seen,
    stop: async () => {
      await new Promise((r) => setTimeout(r, ms));
      await iterator.return?.();
      await pump;
      return seen;
    },
  };
}

describe('Redis channel namespaces', () => {
  it('delivers within a namespace and never across namespaces', async () => {
    const ns = `ns-${process.pid}-${Date.now()}`;
    const [a1, a2, b] = await Promise.all([handle(`${ns}-a:`), handle(`${ns}-a:`), handle(`${ns}-b:`)]);
    const listenA = await heard(a2);
    const listenB = await heard(b);
    await new Promise((r) => setTimeout(r, 100)); // let SUBSCRIBE reach Redis
    a1.publish('heartbeat', { instance: 'a1', sequence: 1, at: new Date().toISOString() });
    expect(await listenA.stop()).toEqual(['a1']);
    expect(await listenB.stop()).toEqual([]);
  });
});

describe('events on the publishing instance', () => {
  it('reach its own listeners exactly once (directly, not also through the Redis echo)', async () => {
    const ns = `own-${process.pid}-${Date.now()}:`;
    const [a, other] = await Promise.all([handle(ns), handle(ns)]);
    const own = await heard(a);
    const remote = await heard(other);
    await new Promise((r) => setTimeout(r, 100));
    a.publish('heartbeat', { instance: 'a', sequence: 1, at: new Date().toISOString() });
    expect(await own.stop()).toEqual(['a']);
    expect(await remote.stop()).toEqual(['a']);
  });
});

describe('what the Redis event target expects of graphql-yoga’s PubSub (if this fails after an upgrade, read redisEventTarget’s header)', () => {
  it('listens with the topic as the event type, publishes a CustomEvent carrying the payload in detail, and removes the same listener', async () => {
    const calls: Array<[string, string, unknown]> = [];
    const listeners = new Map<string, EventListenerOrEventListenerObject>();
    const recording: EventTarget = {
      addEventListener: (type, listener) => {
        calls.push(['add', type, listener]);
        listeners.set(type, listener!);
      },
      removeEventListener: (type, listener) => void calls.push(['remove', type, listener]),
      dispatchEvent: (event) => {
        calls.push(['dispatch', event.type, (event as CustomEvent).detail]);
        const listener = listeners.get(event.type);
        if (typeof listener === 'function') listener(event);
        else listener?.handleEvent(event);
        return true;
      },
    };
    const pubsub = createPubSub<{ heartbeat: [{ instance: string }] }>({ eventTarget: recording as never });
    const iterator = pubsub.subscribe('heartbeat')[Symbol.asyncIterator]();
    const next = iterator.next();
    pubsub.publish('heartbeat', { instance: 'a' });
    expect(await next).toEqual({ value: { instance: 'a' }, done: false });
    await iterator.return?.();
    expect(calls.map(([kind, type]) => [kind, type])).toEqual([
      ['add', 'heartbeat'],
      ['dispatch', 'heartbeat'],
      ['remove', 'heartbeat'],
    ]);
    expect(calls[1]![2]).toEqual({ instance: 'a' });
    expect(calls[2]![2]).toBe(calls[0]![2]);
  });
});

describe('events through PostgreSQL (no Redis)', () => {
  let url: string;
  let drop: () => Promise<void>;
  let client: pg.Client;
  beforeAll(async () => {
    ({ url, drop } = await createPostgresDatabase());
    client = new pg.Client(pgConfig(url));
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await drop?.();
  });

  /** What a CLI process does: Prisma's raw query, here over a plain connection. */
  const notifier = () =>
    databaseNotifier({
      $executeRaw: (strings, ...values) =>
        client
          .query(
            strings.reduce((sql, part, i) => `${sql}$${i}${part}`),
            values,
          )
          .then((r) => r.rowCount ?? 0),
    });

  it("the server's bus hears what another process announces, a large score change in parts", async () => {
    const bus = await createEventBus({ databaseUrl: url });
    open.push(bus);
    expect(bus.kind).toBe('postgres');
    expect(bus.connected()).toBe(true);
    const iterator = bus.subscribe('scoresChanged');
    let next = iterator.next(); // a subscription listens from its first read
    const numbers = Array.from({ length: 450 }, (_, i) => `2415710T${String(i).padStart(6, '0')}`);
    const events = notifier();
    events.publish('scoresChanged', { sessionId: 7, formationIds: [3], participantNumbers: numbers, final: true });
    await events.flush();
    const parts = [];
    for (let heardNumbers = 0; heardNumbers < numbers.length; ) {
      const { value } = await next;
      next = iterator.next();
      parts.push(value!);
      heardNumbers += value!.participantNumbers.length;
    }
    await iterator.return?.();
    expect(parts.length).toBeGreaterThan(1); // one notification is at most 8000 bytes
    expect(parts.every((p) => p.sessionId === 7 && p.final && p.formationIds[0] === 3)).toBe(true);
    expect(parts.flatMap((p) => p.participantNumbers)).toEqual(numbers);
  });

  it('ignores what is not a Pantau event, and reports losing its connection and getting it back', async () => {
    const bus = await createEventBus({ databaseUrl: url });
    open.push(bus);
    const changes: boolean[] = [];
    bus.onConnectionChange((connected) => changes.push(connected));
    const iterator = bus.subscribe('applicationsChanged');
    const first = iterator.next(); // a subscription listens from its first read
    await client.query(`select pg_notify('${EVENTS_CHANNEL}', 'not json'), pg_notify('${EVENTS_CHANNEL}', '{"topic":"dropTables","payload":{}}')`);
    const events = notifier();
    events.publish('applicationsChanged', { regionIds: [1] });
    await events.flush();
    expect((await first).value).toEqual({ regionIds: [1] });
    const second = iterator.next();

    // An administrator (or a failover) ends the listening connection: the bus says so, then listens again.
    await client.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'LISTEN%'`);
    await expect.poll(() => changes).toEqual([false, true]);
    events.publish('applicationsChanged', { regionIds: [2] });
    await events.flush();
    expect((await second).value).toEqual({ regionIds: [2] });
    await iterator.return?.();
  });
});
