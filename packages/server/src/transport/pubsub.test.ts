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
