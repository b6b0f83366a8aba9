/**
 * The crowd for the fan-out benchmarks, in its own process: N WebSocket subscribers
 * (graphql-transport-ws, or raw frames from a plain `ws` server) or N SSE subscribers (a POST with
 * `Accept: text/event-stream`, as public screens behind WebSocket-blocking proxies use), recording
 * when each update arrives. Driven by the parent over IPC.
 *
 * The crowd is the measuring instrument, standing in for thousands of screens that each have a CPU
 * of their own; here all of them share one core. So it is a bare RFC 6455 client over `net`: it
 * parses frame headers, reads the update's key straight from the payload bytes and decodes nothing
 * else. With the `ws` client it spent about 14 µs of CPU per message (140 ms per push to 10,000),
 * finishing well after the server had written the last frame, so the measured latency was partly
 * the crowd's own.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import { clientFrame, frameReader, OP_CLOSE, OP_PING, OP_PONG, OP_TEXT } from './ws-client.js';
import { sseReader } from './sse-client.js';

type Mode = 'graphql-ws' | 'raw' | 'sse';
interface Start {
  type: 'start';
  url: string;
  count: number;
  mode: Mode;
  query?: string;
  variables?: Record<string, unknown>;
  /** The text just before the number that tells updates apart; `"sequence":` by default. */
  key?: string;
  /**
   * Each subscriber's subscription id: `numbered` ("1", as the dashboard numbers them) or
   * `random` (a UUID, as graphql-ws clients do by default). The server shares whole frames
   * between subscribers with the same id; the others get their own envelope.
   */
  ids?: 'numbered' | 'random';
}

const now = () => performance.timeOrigin + performance.now();
const arrivals = new Map<number, { count: number; last: number }>();
const sockets: net.Socket[] = [];
let key = Buffer.from('"sequence":');

const PING_MESSAGE = Buffer.from('{"type":"ping"');

function record(payload: Buffer) {
  let at = payload.indexOf(key);
  if (at < 0) return;
  let seq = 0;
  for (at += key.length; payload[at]! >= 0x30 && payload[at]! <= 0x39; at++) seq = seq * 10 + payload[at]! - 0x30;
  const a = arrivals.get(seq);
  if (a) {
    a.count += 1;
    a.last = now();
  } else arrivals.set(seq, { count: 1, last: now() });
}

const NEXT_EVENT = Buffer.from('event: next\n');

/** One SSE subscriber: subscribed once its first `next` (the snapshot) arrives, then every update recorded. */
function openSse(msg: Start): Promise<void> {
  const url = new URL(msg.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port), noDelay: true });
    sockets.push(socket);
    socket.once('error', reject);
    const body = Buffer.from(JSON.stringify({ query: msg.query, variables: msg.variables }));
    socket.once('connect', () =>
      socket.write(
        `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n` +
          `Content-Length: ${body.length}\r\n\r\n${body}`,
      ),
    );
    let subscribed = false;
    socket.on(
      'data',
      sseReader(
        (head) => {
          if (head.status !== 200) {
            reject(new Error(`SSE refused: ${head.text.split('\r\n')[0]}`));
            socket.destroy();
          }
        },
        (event) => {
          if (subscribed) return record(event);
          if (event.indexOf(NEXT_EVENT) !== 0) return;
          subscribed = true;
          resolve();
        },
        () => !subscribed && reject(new Error('SSE stream ended before its first result')),
      ),
    );
  });
}

function open(msg: Start): Promise<void> {
  if (msg.mode === 'sse') return openSse(msg);
  const url = new URL(msg.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port), noDelay: true });
    sockets.push(socket);
    socket.once('error', reject);
    const nonce = randomBytes(16).toString('base64');
    const accept = createHash('sha1').update(`${nonce}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.once('connect', () =>
      socket.write(
        `GET ${url.pathname || '/'} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${nonce}\r\nSec-WebSocket-Version: 13\r\n` +
          (msg.mode === 'graphql-ws' ? 'Sec-WebSocket-Protocol: graphql-transport-ws\r\n' : '') +
          '\r\n',
      ),
    );
    const send = (opcode: number, text: string | Buffer) => socket.write(clientFrame(opcode, typeof text === 'string' ? Buffer.from(text) : text));
    let subscribed = msg.mode === 'raw';
    const read = frameReader((opcode, payload) => {
      if (opcode === OP_PING) return void send(OP_PONG, payload);
      if (opcode === OP_CLOSE) {
        // Refused before its first result (e.g. 4029, too many connections from this address): say so rather than wait forever.
        if (!subscribed) reject(new Error(`closed before subscribing: ${payload.length >= 2 ? payload.readUInt16BE(0) : 'no code'}`));
        return void socket.end();
      }
      if (opcode !== OP_TEXT || payload.length === 0) return;
      if (subscribed) {
        if (msg.mode === 'graphql-ws' && payload.indexOf(PING_MESSAGE) === 0) return void send(OP_TEXT, '{"type":"pong"}');
        return record(payload);
      }
      const text = payload.toString();
      if (text.startsWith('{"type":"connection_ack"')) {
        send(
          OP_TEXT,
          JSON.stringify({ id: msg.ids === 'random' ? randomUUID() : '1', type: 'subscribe', payload: { query: msg.query, variables: msg.variables } }),
        );
      } else if (text.startsWith('{"type":"ping"')) {
        send(OP_TEXT, '{"type":"pong"}');
      } else {
        // The first result a subscriber gets is its snapshot: that counts as "subscribed".
        subscribed = true;
        resolve();
      }
    });
    let head: Buffer | undefined;
    const onHandshake = (chunk: Buffer) => {
      head = head ? Buffer.concat([head, chunk]) : chunk;
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const response = head.subarray(0, end).toString();
      socket.off('data', onHandshake);
      if (!response.startsWith('HTTP/1.1 101') || !response.includes(`Sec-WebSocket-Accept: ${accept}`)) {
        reject(new Error(`WebSocket handshake refused: ${response.split('\r\n')[0]}`));
        socket.destroy();
        return;
      }
      socket.on('data', read);
      if (msg.mode === 'raw') resolve();
      else send(OP_TEXT, JSON.stringify({ type: 'connection_init' }));
      if (head.length > end + 4) read(head.subarray(end + 4));
    };
    socket.on('data', onHandshake);
  });
}

process.on('message', async (msg: Start | { type: 'report' } | { type: 'reset' } | { type: 'stop' }) => {
  if (msg.type === 'start') {
    if (msg.key) key = Buffer.from(msg.key);
    // Open in waves: a burst of thousands of handshakes at once only measures the accept queue.
    for (let i = 0; i < msg.count; i += 200) {
      await Promise.all(Array.from({ length: Math.min(200, msg.count - i) }, () => open(msg)));
    }
    process.send!({ type: 'ready' });
  } else if (msg.type === 'report') {
    process.send!({ type: 'report', arrivals: [...arrivals.entries()] });
  } else if (msg.type === 'reset') {
    arrivals.clear();
    process.send!({ type: 'reset' });
  } else if (msg.type === 'stop') {
    for (const socket of sockets) socket.destroy();
    process.exit(0);
  }
});
