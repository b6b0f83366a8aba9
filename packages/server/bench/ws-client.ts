/** The few pieces of RFC 6455 a bare benchmark client needs: masked client frames and a reader of server frames. */
import { randomBytes } from 'node:crypto';
import { frameHeaderLength, OP_TEXT, writeFrameHeader } from '../src/transport/ws-frames.js';

export { OP_TEXT };
export const OP_CLOSE = 0x8;
export const OP_PING = 0x9;
export const OP_PONG = 0xa;

/** A client frame: final, masked (RFC 6455 §5.3), with `opcode` and `payload`. */
export function clientFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const frame = Buffer.allocUnsafe(frameHeaderLength(length) + 4 + length);
  const at = writeFrameHeader(frame, length, opcode, true);
  const mask = randomBytes(4);
  mask.copy(frame, at);
  for (let i = 0; i < length; i++) frame[at + 4 + i] = payload[i]! ^ mask[i & 3]!;
  return frame;
}

/**
 * Splits server frames out of the byte stream (unmasked, any length, possibly split across reads
 * or several in one read) and hands each complete message to `onMessage`.
 */
export function frameReader(onMessage: (opcode: number, payload: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer | undefined;
  let fragments: Buffer[] = [];
  let fragmentedOpcode = 0;
  return (chunk) => {
    const buffer = pending ? Buffer.concat([pending, chunk]) : chunk;
    pending = undefined;
    let offset = 0;
    for (;;) {
      if (buffer.length - offset < 2) break;
      const fin = (buffer[offset]! & 0x80) !== 0;
      const opcode = buffer[offset]! & 0x0f;
      let length = buffer[offset + 1]! & 0x7f;
      let header = 2;
      if (length === 126) {
        if (buffer.length - offset < 4) break;
        length = buffer.readUInt16BE(offset + 2);
        header = 4;
      } else if (length === 127) {
        if (buffer.length - offset < 10) break;
        length = Number(buffer.readBigUInt64BE(offset + 2));
        header = 10;
      }
      if (buffer.length - offset < header + length) break;
      const payload = buffer.subarray(offset + header, offset + header + length);
      offset += header + length;
      if (opcode === 0 || !fin) {
        // A fragmented message: gather it until its final frame.
        if (opcode !== 0) fragmentedOpcode = opcode;
        fragments.push(Buffer.from(payload));
        if (!fin) continue;
        const whole = Buffer.concat(fragments);
        fragments = [];
        onMessage(fragmentedOpcode, whole);
      } else onMessage(opcode, payload);
    }
    if (offset < buffer.length) pending = Buffer.from(buffer.subarray(offset));
  };
}
