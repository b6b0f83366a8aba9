/**
 * Bounded live connections: per address (WebSocket and SSE together), per socket (message size,
 * subscriptions), and per client (what it leaves unread). Each refusal has its own close code or error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LIMITS } from '../src/transport/limits.js';
import { startTestApp, type TestApp } from './app.js';

const MAX_PER_ADDRESS = 5;

/** An open graphql-transport-ws socket, acknowledged. */
async function open(url: string): Promise<WebSocket> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('close', (code) => reject(new Error(`closed ${code}`)));
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    socket.on('message', (data) => String(data).includes('connection_ack') && resolve());
  });
  socket.removeAllListeners('close');
  return socket;
}

const closeCode = (socket: WebSocket) => new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

describe('bounded live connections', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('pglite', { maxLiveConnectionsPerAddress: MAX_PER_ADDRESS, maxQueuedBytesPerClient: 256 * 1024 });
  }, 120_000);
  afterAll(() => app?.close());

  it('refuses live connections past the limit per address (close 4029, SSE 429), and takes new ones once some close', async () => {
    const sockets = await Promise.all(Array.from({ length: MAX_PER_ADDRESS }, () => open(app.server.url)));
    const extra = new WebSocket(`${app.server.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    expect(await closeCode(extra)).toBe(4029);
    const sse = await fetch(`${app.server.url}/graphql?query=${encodeURIComponent('subscription { heartbeat { instance } }')}`, {
      headers: { accept: 'text/event-stream', 'x-graphql-yoga-csrf': '1' },
    });
    expect(sse.status).toBe(429);
    expect((await sse.json()).errors[0].extensions.code).toBe('TOO_MANY_CONNECTIONS');
    const closed = closeCode(sockets[0]!);
    sockets[0]!.close();
    await closed;
    await new Promise((r) => setTimeout(r, 50));
    const again = await open(app.server.url);
    const rest = [again, ...sockets.slice(1)];
    const allClosed = Promise.all(rest.map(closeCode));
    for (const s of rest) s.close();
    await allClosed;
    await new Promise((r) => setTimeout(r, 50));
  });

  it('closes a socket sending a message over the limit (1009) instead of keeping it in memory', async () => {
    const socket = new WebSocket(`${app.server.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((r) => socket.once('open', r));
    const code = closeCode(socket);
    socket.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(LIMITS.maxSocketMessageBytes + 1) } }));
    expect(await code).toBe(1009);
  });

  it(`refuses subscription ${LIMITS.maxSubscriptionsPerSocket + 1} on one socket with TOO_MANY_SUBSCRIPTIONS`, async () => {
    const socket = await open(app.server.url);
    const errors: unknown[] = [];
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'error') errors.push(message);
    });
    for (let i = 1; i <= LIMITS.maxSubscriptionsPerSocket + 1; i++)
      socket.send(JSON.stringify({ id: String(i), type: 'subscribe', payload: { query: 'subscription { heartbeat { instance } }' } }));
    await expect.poll(() => errors.length, { timeout: 5_000 }).toBe(1);
    expect(errors[0]).toMatchObject({ id: String(LIMITS.maxSubscriptionsPerSocket + 1), payload: [{ extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } }] });
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.close();
  });

  // The bound is 256 KB here (4 MB in production) so that the kernel's socket buffers fill in seconds.
  it('drops a client that never reads once its unread messages pass the bound, while a reading client beside it is served', { timeout: 90_000 }, async () => {
    // The schema with its descriptions: an answer of about 100 KB (development mode allows introspection).
    const wide = '{ __schema { types { name description fields { name description args { name description } } } } }';
    const slow = await open(app.server.url);
    const reader = await open(app.server.url);
    const dropped = closeCode(slow);
    // The slow client stops reading its socket: the kernel's buffers fill, then the server's queue.
    (slow as unknown as { _socket: { pause(): void } })._socket.pause();
    let answered = 0;
    reader.on('message', (data) => String(data).includes('"type":"complete"') && answered++);
    let sent = 0;
    let code: number | undefined;
    void dropped.then((c) => (code = c));
    while (code === undefined && sent < 1_000) {
      for (let i = 0; i < 10; i++) slow.send(JSON.stringify({ id: `s${sent++}`, type: 'subscribe', payload: { query: wide } }));
      reader.send(JSON.stringify({ id: `r${sent}`, type: 'subscribe', payload: { query: '{ viewer { role } }' } }));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(code, `dropped after ${sent} unread answers`).toBeDefined();
    expect(answered).toBeGreaterThan(0);
    const before = answered;
    reader.send(JSON.stringify({ id: 'last', type: 'subscribe', payload: { query: '{ viewer { role } }' } }));
    await expect.poll(() => answered, { timeout: 5_000 }).toBe(before + 1);
    reader.close();
  });
});
