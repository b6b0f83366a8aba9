import { createPubSub } from 'graphql-yoga';
import { afterEach, describe, expect, it } from 'vitest';
import { redisUrl } from '../../test/app.js';
import { createPantauPubSub, type PubSubHandle } from './pubsub.js';

const open: PubSubHandle[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

async function handle(namespace: string) {
  const h = await createPantauPubSub(redisUrl, namespace);
  open.push(h);
  return h;
}

/** Collects heartbeats for a while: long enough for Redis to deliver on localhost. */
async function heard(h: PubSubHandle, ms = 300) {
  const seen: string[] = [];
  const iterator = h.pubsub.subscribe('heartbeat')[Symbol.asyncIterator]();
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
    a1.pubsub.publish('heartbeat', { instance: 'a1', sequence: 1, at: new Date().toISOString() });
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
    a.pubsub.publish('heartbeat', { instance: 'a', sequence: 1, at: new Date().toISOString() });
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
