import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { sseReader } from './sse-client.js';

/** The raw bytes of a real Node SSE response (chunked, as the server's sse.ts writes it). */
async function responseBytes(events: string[]): Promise<Buffer> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const data of events) {
      res.write('event: next\ndata: ');
      res.write(`${data}\n\n`);
    }
    res.write(':\n\n');
    res.end('event: complete\ndata: \n\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const socket = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
    socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    const chunks: Buffer[] = [];
    for await (const chunk of socket) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } finally {
    server.close();
  }
}

describe('the benchmark crowd’s SSE reader', () => {
  it('reads the head and every event whole from a real chunked response, however the bytes are split', async () => {
    const events = ['{"sequence":1}', `{"sequence":2,"pad":"${'x'.repeat(5_000)}"}`, '{"sequence":3}'];
    const bytes = await responseBytes(events);
    for (const step of [1, 2, 7, 4096, bytes.length]) {
      const got: string[] = [];
      let status = 0;
      let ended = false;
      const read = sseReader(
        (head) => (status = head.status),
        (event) => got.push(event.toString()),
        () => (ended = true),
      );
      for (let i = 0; i < bytes.length; i += step) read(bytes.subarray(i, i + step));
      expect(status, `chunks of ${step}`).toBe(200);
      expect(got, `chunks of ${step}`).toEqual([...events.map((e) => `event: next\ndata: ${e}`), ':', 'event: complete\ndata: ']);
      expect(ended).toBe(true);
    }
  });
});
