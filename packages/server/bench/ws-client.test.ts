import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { clientFrame, frameReader, OP_PING, OP_TEXT } from './ws-client.js';

interface FrameOptions {
  fin: boolean;
  rsv1: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
}
// ws's own framing, which @types/ws does not declare: the reader is checked against the real thing.
const { Sender, Receiver } = ws as unknown as {
  Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] };
  Receiver: new (options: { isServer: boolean }) => NodeJS.WritableStream & { on(event: 'message' | 'ping', cb: (data: Buffer) => void): void };
};

/** Server frames as `ws` writes them (unmasked), for the reader to take apart. */
function serverFrames(messages: string[]): Buffer {
  return Buffer.concat(messages.flatMap((m) => Sender.frame(Buffer.from(m), { fin: true, rsv1: false, opcode: OP_TEXT, mask: false, readOnly: true })));
}

describe('the benchmark crowd’s WebSocket frames', () => {
  const messages = ['{"sequence":1}', 'x'.repeat(300), 'y'.repeat(70_000), ''];

  it('reads messages of every length class whole, however the bytes are split', () => {
    const bytes = serverFrames(messages);
    for (const step of [1, 3, 127, 4096, bytes.length]) {
      const got: string[] = [];
      const read = frameReader((opcode, payload) => got.push(`${opcode}:${payload.toString()}`));
      for (let i = 0; i < bytes.length; i += step) read(bytes.subarray(i, i + step));
      expect(got, `chunks of ${step}`).toEqual(messages.map((m) => `${OP_TEXT}:${m}`));
    }
  });

  it('joins a fragmented message', () => {
    const parts = [
      ...Sender.frame(Buffer.from('hello, '), { fin: false, rsv1: false, opcode: OP_TEXT, mask: false, readOnly: true }),
      ...Sender.frame(Buffer.from('world'), { fin: true, rsv1: false, opcode: 0, mask: false, readOnly: true }),
    ];
    const got: string[] = [];
    frameReader((opcode, payload) => got.push(`${opcode}:${payload}`))(Buffer.concat(parts));
    expect(got).toEqual([`${OP_TEXT}:hello, world`]);
  });

  it('writes masked frames a WebSocket server accepts', async () => {
    const receiver = new Receiver({ isServer: true });
    const got: string[] = [];
    receiver.on('message', (data: Buffer) => got.push(data.toString()));
    receiver.on('ping', (data: Buffer) => got.push(`ping:${data}`));
    const done = new Promise((resolve) =>
      receiver.write(
        Buffer.concat([
          clientFrame(OP_TEXT, Buffer.from('{"type":"pong"}')),
          clientFrame(OP_TEXT, Buffer.from('z'.repeat(200))),
          clientFrame(OP_PING, Buffer.from('p')),
        ]),
        resolve,
      ),
    );
    await done;
    expect(got).toEqual(['{"type":"pong"}', 'z'.repeat(200), 'ping:p']);
  });
});
