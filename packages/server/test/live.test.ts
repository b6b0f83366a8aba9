/**
 * Live transports: the heartbeat subscription over a real graphql-ws client and a real SSE
 * stream, on in-memory and Redis pub/sub, and across two instances sharing Redis.
 */
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freshDatabase, type TestDatabase } from './databases.js';
import { startInstance, type TestInstance } from './app.js';

interface Beat {
  instance: string;
  sequence: number;
  at: string;
}

/** Collects heartbeats over graphql-ws until `done` says enough. */
function beatsOverWebSocket(baseUrl: string, done: (beats: Beat[]) => boolean, timeoutMs = 10_000): Promise<Beat[]> {
  const client = createClient({ url: `${baseUrl.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
  const beats: Beat[] = [];
  return new Promise<Beat[]>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`timed out with ${JSON.stringify(beats)}`)), timeoutMs);
    const finish = (err?: Error) => {
      clearTimeout(timer);
      unsubscribe();
      void client.dispose();
      if (err) reject(err);
      else resolve(beats);
    };
    const unsubscribe = client.subscribe<{ heartbeat: Beat }>(
      { query: 'subscription { heartbeat { instance sequence at } }' },
      {
        next: (msg) => {
          if (msg.errors) return finish(new Error(JSON.stringify(msg.errors)));
          beats.push(msg.data!.heartbeat);
          if (done(beats)) finish();
        },
        error: (err) => finish(err instanceof Error ? err : new Error(JSON.stringify(err))),
        complete: () => {},
      },
    );
  });
}

/** Collects heartbeats over Server-Sent Events (Yoga's distinct-connection SSE). */
async function beatsOverSse(baseUrl: string, count: number, timeoutMs = 10_000): Promise<Beat[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query: 'subscription { heartbeat { instance sequence at } }' }),
    signal: controller.signal,
  });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const beats: Beat[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    const reader = res.body!.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trim())
          .join('');
        if (data) beats.push(JSON.parse(data).data.heartbeat);
        if (beats.length >= count) return beats;
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return beats;
}

describe.each([
  ['memory', false],
  ['redis', true],
] as const)('heartbeat over %s pub/sub', (_name, redis) => {
  let db: TestDatabase;
  let instance: TestInstance;
  beforeAll(async () => {
    db = await freshDatabase('pglite');
    instance = await startInstance(db, { redis, heartbeatIntervalMs: 50, instanceId: `solo-${_name}` });
  });
  afterAll(async () => {
    await instance?.close();
    await db?.close();
  });

  it('reaches a graphql-ws client, in order', async () => {
    const beats = await beatsOverWebSocket(instance.server.url, (b) => b.filter((x) => x.instance === `solo-${_name}`).length >= 3);
    const mine = beats.filter((b) => b.instance === `solo-${_name}`);
    expect(mine.map((b) => b.sequence)).toEqual([...mine.map((b) => b.sequence)].sort((a, b) => a - b));
    expect(Date.parse(mine[0]!.at)).not.toBeNaN();
  });

  it('reaches an SSE client', async () => {
    const beats = await beatsOverSse(instance.server.url, 2);
    expect(beats).toHaveLength(2);
    expect(beats[0]!.instance).toBe(`solo-${_name}`);
  });
});

describe('two instances on one PostgreSQL and one Redis', () => {
  let db: TestDatabase;
  let a: TestInstance;
  let b: TestInstance;
  beforeAll(async () => {
    db = await freshDatabase('postgres');
    a = await startInstance(db, { redis: true, heartbeatIntervalMs: 50, instanceId: 'instance-a' });
    b = await startInstance(db, { redis: true, heartbeatIntervalMs: 0, instanceId: 'instance-b' });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.close();
  });

  it('delivers an event published on one instance to subscribers of the other, over both transports', async () => {
    const overWs = await beatsOverWebSocket(b.server.url, (beats) => beats.length >= 2);
    expect(overWs.every((beat) => beat.instance === 'instance-a')).toBe(true);
    const overSse = await beatsOverSse(b.server.url, 2);
    expect(overSse.map((beat) => beat.instance)).toEqual(['instance-a', 'instance-a']);
  });

  it('keeps events local without Redis: an in-memory instance hears only itself', async () => {
    const local = await startInstance(db, { redis: false, heartbeatIntervalMs: 50, instanceId: 'instance-local' });
    try {
      const beats = await beatsOverWebSocket(local.server.url, (x) => x.length >= 3);
      expect(new Set(beats.map((x) => x.instance))).toEqual(new Set(['instance-local']));
    } finally {
      await local.close();
    }
  });
});
