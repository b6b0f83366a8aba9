import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { Duplex } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { frameHeaderLength, sendTextFrame, textFrame } from './ws-frames.js';

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    for (const c of s.clients) c.terminate();
    await new Promise((r) => s.close(r));
  }
});

/** A server and one connected client; resolves with the server's side of the connection. */
async function pair(perMessageDeflate: boolean) {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate });
  servers.push(server);
  await new Promise((r) => server.once('listening', r));
  const accepted = new Promise<WebSocket>((r) => server.once('connection', r));
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, { perMessageDeflate });
  const received: Array<{ text: string; binary: boolean }> = [];
  client.on('message', (data, binary) => received.push({ text: String(data), binary }));
  await new Promise((r) => client.once('open', r));
  return { socket: await accepted, received };
}

describe('sendTextFrame', () => {
  it('delivers head + body as one text message for each header size, in order with ws.send messages', async () => {
    const { socket, received } = await pair(false);
    const bodies = [10, 200, 70_000].map((n) => Buffer.from(`${'x'.repeat(n)}}`));
    const send = vi.spyOn(socket, 'send');
    for (const body of bodies) {
      sendTextFrame(socket, Buffer.from('{"id":"é","payload":'), body);
      socket.send('between');
    }
    // The frames went out without ws.send (its copy is what this saves): the ws internals are as expected.
    expect(send.mock.calls.map(([data]) => data)).toEqual(['between', 'between', 'between']);
    await expect.poll(() => received.length).toBe(6);
    expect(received.map((m) => m.binary)).toEqual([false, false, false, false, false, false]);
    expect(received.map((m) => m.text)).toEqual(bodies.flatMap((b) => [`{"id":"é","payload":${b.toString()}`, 'between']));
  });

  it('writes a frame prebuilt for many sockets as it is, each socket getting the same message', async () => {
    const screens = [await pair(false), await pair(false)];
    const head = Buffer.from('{"id":"1","type":"next","payload":');
    const body = Buffer.from(`{"n":"${'é'.repeat(40_000)}"}}`);
    const frame = textFrame(head, body);
    for (const { socket } of screens) {
      const write = vi.spyOn((socket as unknown as { _socket: { write(b: Buffer): boolean } })._socket, 'write');
      sendTextFrame(socket, head, body, frame);
      socket.send('after');
      expect(write.mock.calls[0]![0]).toBe(frame);
    }
    for (const { received } of screens) {
      await expect.poll(() => received.length).toBe(2);
      expect(received).toEqual([
        { text: `${head}${body}`, binary: false },
        { text: 'after', binary: false },
      ]);
    }
  });

  it('leaves compressed connections to ws, which frames them itself', async () => {
    const { socket, received } = await pair(true);
    expect(socket.extensions).toContain('permessage-deflate');
    const send = vi.spyOn(socket, 'send');
    sendTextFrame(socket, Buffer.from('{"a":'), Buffer.from(`"${'y'.repeat(5_000)}"}`));
    await expect.poll(() => received.length).toBe(1);
    expect(send).toHaveBeenCalledTimes(1);
    expect(received[0]).toEqual({ text: `{"a":"${'y'.repeat(5_000)}"}`, binary: false });
  });
});

/** The private parts of a ws 8 server socket that ws-frames.ts reads. */
interface Internals {
  _socket: unknown;
  _sender: { _state: unknown; _queue: unknown; _firstFragment: unknown; _socket: unknown };
  _extensions: unknown;
}
const internals = (socket: WebSocket) => socket as unknown as Internals;

describe('the ws internals ws-frames.ts relies on (if one fails after a ws upgrade, read its header before changing anything)', () => {
  it('are ws 8', () => {
    const { version } = createRequire(import.meta.url)('ws/package.json') as { version: string };
    expect(version.split('.')[0], `ws ${version}: ws-frames.ts was written against ws 8's internals`).toBe('8');
  });

  it('are where and as they were on an idle connection', async () => {
    const { socket } = await pair(false);
    const ws = internals(socket);
    expect(ws._socket, "ws._socket: the connection's stream").toBeInstanceOf(Duplex);
    for (const method of ['write', 'cork', 'uncork'] as const) expect(typeof (ws._socket as Duplex)[method], `ws._socket.${method}`).toBe('function');
    expect(ws._sender, 'ws._sender').toBeTypeOf('object');
    expect(ws._sender._socket, 'ws._sender._socket: the sender writes to the same stream').toBe(ws._socket);
    expect(ws._sender._state, 'ws._sender._state: 0 when idle').toBe(0);
    expect(Array.isArray(ws._sender._queue) && ws._sender._queue.length === 0, 'ws._sender._queue: an empty array when idle').toBe(true);
    expect(ws._sender._firstFragment, 'ws._sender._firstFragment: true between messages').toBe(true);
    expect(ws._extensions, 'ws._extensions: an empty object without compression').toEqual({});
  });

  it('mean what ws-frames.ts takes them to mean: busy while compressing, queued behind that, mid-message after a fragment', async () => {
    const compressed = internals((await pair(true)).socket);
    expect(Object.keys(compressed._extensions as object), 'ws._extensions names a negotiated extension').toEqual(['permessage-deflate']);
    const big = 'z'.repeat(64 * 1024);
    (compressed as unknown as WebSocket).send(big);
    expect(compressed._sender._state, 'ws._sender._state: not 0 while a message is being compressed').not.toBe(0);
    (compressed as unknown as WebSocket).send(big);
    expect((compressed._sender._queue as unknown[]).length, 'ws._sender._queue: holds what waits behind it').toBe(1);

    const { socket } = await pair(false);
    socket.send('first part', { fin: false });
    expect(internals(socket)._sender._firstFragment, 'ws._sender._firstFragment: false inside a fragmented message').toBe(false);
    const send = vi.spyOn(socket, 'send');
    sendTextFrame(socket, Buffer.from('head'), Buffer.from('body'));
    expect(send, 'inside a fragmented message, sendTextFrame leaves the frame to ws').toHaveBeenCalledTimes(1);
  });

  it('count a frame written past ws in bufferedAmount (the slow-reader drop reads it)', async () => {
    const { socket, received } = await pair(false);
    const stream = internals(socket)._socket as Duplex;
    const head = Buffer.from('{"id":"1","payload":');
    const body = Buffer.from(`${'q'.repeat(1_000)}}`);
    stream.cork(); // hold the bytes in the stream, where a client that does not read would leave them
    sendTextFrame(socket, head, body);
    expect(socket.bufferedAmount).toBe(frameHeaderLength(head.length + body.length) + head.length + body.length);
    stream.uncork();
    await expect.poll(() => received.length).toBe(1);
    expect(received[0]).toEqual({ text: `${head}${body}`, binary: false });
  });

  it('let a real ws client read every header size intact, at each length boundary', async () => {
    const { socket, received } = await pair(false);
    const head = Buffer.from('{"n":"é"}');
    const lengths = [125, 126, 65_535, 65_536];
    const bodies = lengths.map((n, i) => Buffer.from(String(i).repeat(n - head.length)));
    for (const body of bodies) sendTextFrame(socket, head, body);
    for (const body of bodies) sendTextFrame(socket, head, body, textFrame(head, body));
    await expect.poll(() => received.length).toBe(8);
    const expected = bodies.map((body) => ({ text: `${head}${body}`, binary: false }));
    expect(received).toEqual([...expected, ...expected]);
    expect(received.map((m) => Buffer.byteLength(m.text))).toEqual([...lengths, ...lengths]);
  });
});
