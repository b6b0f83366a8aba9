import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { sendTextFrame, textFrame } from './ws-frames.js';

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
      expect(received).toEqual([{ text: `${head}${body}`, binary: false }, { text: 'after', binary: false }]);
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
