import { describe, expect, it } from 'vitest';
import { loadPersistedManifest } from './persisted.js';
import { CACHEABLE_OPERATIONS, liveMaxAge, MemoryAnswerStore, RedisAnswerStore, type AnswerStore, type StoredAnswer } from './response-cache.js';

const live: StoredAnswer = { body: '{"data":{}}', contentType: 'application/json', etag: '"a"', kind: 'live' };
const immutable: StoredAnswer = { ...live, etag: '"b"', kind: 'immutable' };
const redisUrl = process.env.PANTAU_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe.each([
  ['memory', () => new MemoryAnswerStore()],
  ['Redis', () => new RedisAnswerStore(redisUrl, `test-cache-${process.pid}-${Date.now()}:`)],
] as const)('the %s answer store', (_name, open) => {
  async function withStore(run: (store: AnswerStore) => Promise<void>) {
    const store = open();
    try {
      // A fresh Redis client connects first; lookups before that find nothing (and do not wait).
      for (let i = 0; i < 50 && (await store.lookup('probe')).generation === undefined; i++) await new Promise((r) => setTimeout(r, 20));
      await run(store);
    } finally {
      await store.close();
    }
  }

  it('drops live answers on invalidation, keeps immutable ones, and refuses an answer computed before a commit', () =>
    withStore(async (store) => {
      const { generation } = await store.lookup('ranking');
      await store.store('ranking', live, generation!, 10_000);
      await store.store('announcement', immutable, generation!, 10_000);
      expect((await store.lookup('ranking')).answer).toEqual(live);
      // A request looked up before a commit and stores after it: its answer may predate the commit.
      const late = (await store.lookup('kpis')).generation!;
      await store.invalidateLive();
      await store.store('kpis', live, late, 10_000);
      expect((await store.lookup('kpis')).answer).toBeUndefined();
      expect((await store.lookup('ranking')).answer).toBeUndefined();
      expect((await store.lookup('announcement')).answer).toEqual(immutable);
    }));

  it('lets live answers expire', () =>
    withStore(async (store) => {
      const { generation } = await store.lookup('short');
      await store.store('short', live, generation!, 50);
      expect((await store.lookup('short')).answer).toEqual(live);
      await new Promise((r) => setTimeout(r, 120));
      expect((await store.lookup('short')).answer).toBeUndefined();
    }));
});

describe('the response cache', () => {
  it('does not stall a request when Redis cannot be reached: no answer, at once', async () => {
    const store = new RedisAnswerStore('redis://127.0.0.1:1', 'unreachable:');
    const t0 = performance.now();
    expect(await store.lookup('anything')).toEqual({});
    await store.store('anything', live, 0, 1000);
    await store.invalidateLive();
    expect(performance.now() - t0).toBeLessThan(200);
    await store.close();
  });

  it('keeps live answers one live interval, in whole seconds, at least one', () => {
    expect(liveMaxAge(250)).toBe(1);
    expect(liveMaxAge(1000)).toBe(1);
    expect(liveMaxAge(2500)).toBe(3);
  });

  it('allows only queries of the persisted contract, and nothing that names a replacing version as immutable', () => {
    const documents = new Map(
      [...loadPersistedManifest().values()]
        .map((text) => [/^(query|mutation|subscription) (\w+)/m.exec(text)?.slice(1) ?? [], text] as const)
        .map(([[kind, name], text]) => [name, { kind, text }]),
    );
    for (const name of Object.keys(CACHEABLE_OPERATIONS)) expect(documents.get(name)?.kind, name).toBe('query');
    // A published announcement's answer never changes only while its document leaves out what can: the version that replaces it.
    expect(documents.get('AnnouncementEntries')!.text).not.toContain('replacedBy');
  });
});
