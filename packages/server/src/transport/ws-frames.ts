/**
 * Zero-copy text frames for the shared subscription push. `ws.send` copies each message into a
 * buffer of its own, so a 7.5 KB ranking pushed to 10,000 screens allocates and copies 75 MB per
 * push. Here a socket gets either one frame prebuilt for every socket with the same envelope, or a
 * small header + envelope buffer of its own followed by the group's payload bytes as they are, in
 * one vectored write. It relies on two internals of `ws` 8 (the socket `_socket` and the sender's
 * idle state), checked on every call: when ws is in the middle of anything (a queued frame, a
 * fragmented message, compression), the caller falls back to `send`.
 *
 * Measured (the fan-out bench, `pnpm bench -- --only fanout`; README, Benchmarks; 2 shared cores):
 * 10,000 graphql-ws subscribers on one ranking, commit → last subscriber, p99 289 ms and 186 ms of
 * server CPU per event with one encoding per push but `ws.send` per socket; 236 ms / 164 ms once
 * only the envelope was copied; 133 ms / 116 ms (random subscription ids: 137 ms) with shared
 * frames and the lighter crowd, against a raw `ws` broadcast of one message encoded once at 119 ms.
 *
 * On a `ws` upgrade, what would break: the private names read here (`_socket`, `_sender._state`
 * with 0 meaning idle, `_sender._queue`, `_sender._firstFragment`, `_extensions`) and the fact
 * that `bufferedAmount` counts what is written to `_socket` (the slow-reader drop reads it). A
 * renamed field would send every push through `ws.send` (slower, still correct); a field that kept
 * its name but changed meaning could cut a frame into one of ws's own. ws-frames.test.ts checks
 * each of them on a live connection and fails naming the one that moved.
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

interface WsInternals {
  _socket?: Duplex | null;
  _sender?: { _state?: number; _queue?: unknown[]; _firstFragment?: boolean } | null;
  _extensions?: Record<string, unknown>;
}

/** The socket when ws has nothing of its own in flight that a frame written now could cut into. */
function idleSocket(ws: WebSocket): Duplex | null {
  const internals = ws as unknown as WsInternals;
  const sender = internals._sender;
  if (!internals._socket || !sender || sender._state !== 0 || sender._queue?.length !== 0 || sender._firstFragment !== true) return null;
  for (const _ in internals._extensions) return null; // a negotiated extension (compression)
  return internals._socket;
}

export const OP_TEXT = 0x1;

/** Bytes of the RFC 6455 header of a frame carrying `length` bytes, without a masking key. */
export function frameHeaderLength(length: number): number {
  return length < 126 ? 2 : length < 65_536 ? 4 : 10;
}

/**
 * Writes the header of a final frame carrying `length` bytes at the start of `target`, and returns
 * its size. `masked` sets the mask bit (client frames); the 4-byte key goes right after, by the caller.
 */
export function writeFrameHeader(target: Buffer, length: number, opcode = OP_TEXT, masked = false): number {
  const mask = masked ? 0x80 : 0;
  target[0] = 0x80 | opcode;
  if (length < 126) {
    target[1] = mask | length;
    return 2;
  }
  if (length < 65_536) {
    target[1] = mask | 126;
    target.writeUInt16BE(length, 2);
    return 4;
  }
  target[1] = mask | 127;
  target.writeBigUInt64BE(BigInt(length), 2);
  return 10;
}

/** The whole unmasked text frame of `head + body`, for sockets that all send this same message. */
export function textFrame(head: Buffer, body: Buffer): Buffer {
  const length = head.length + body.length;
  const frame = Buffer.allocUnsafe(frameHeaderLength(length) + length);
  const at = writeFrameHeader(frame, length);
  head.copy(frame, at);
  body.copy(frame, at + head.length);
  return frame;
}

/**
 * Sends `head + body` to an open socket as one text message. The head (this socket's envelope)
 * is copied; the body is written as it is and must not change afterwards. `frame`, when given, is
 * `textFrame(head, body)` built once for many sockets: it is written as it is, in a single write.
 */
export function sendTextFrame(ws: WebSocket, head: Buffer, body: Buffer, frame?: Buffer): void {
  const socket = idleSocket(ws);
  if (!socket) {
    ws.send(Buffer.concat([head, body]), { binary: false });
    return;
  }
  if (frame) {
    socket.write(frame);
    return;
  }
  const length = head.length + body.length;
  const first = Buffer.allocUnsafe(frameHeaderLength(length) + head.length);
  head.copy(first, writeFrameHeader(first, length));
  socket.cork();
  socket.write(first);
  socket.write(body);
  socket.uncork();
}
