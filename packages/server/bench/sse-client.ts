/**
 * The few pieces of a Server-Sent Events client a bare benchmark crowd needs: the HTTP/1.1 response
 * head, chunked transfer decoding and events split on their blank line. Each complete event goes
 * on as its bytes (`event: next\ndata: {…}`), undecoded, so a crowd of thousands on one core costs
 * about what its WebSocket counterpart (ws-client.ts) does.
 */
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
const EVENT_END = Buffer.from('\n\n');

export interface SseHead {
  status: number;
  /** The head's text, for a refusal's message. */
  text: string;
}

/** Reads one SSE response from the byte stream of its socket, split across reads anyhow. */
export function sseReader(onHead: (head: SseHead) => void, onEvent: (event: Buffer) => void, onEnd: () => void = () => {}): (chunk: Buffer) => void {
  let head: Buffer | undefined = Buffer.alloc(0) as Buffer;
  let chunked = false;
  /** Bytes of the current chunk still to come; -1 while reading a size line, -2 for the CRLF after a chunk. */
  let remaining = -1;
  let pending: Buffer = Buffer.alloc(0);
  let events: Buffer = Buffer.alloc(0);
  const emit = (bytes: Buffer) => {
    events = events.length ? Buffer.concat([events, bytes]) : bytes;
    for (let end = events.indexOf(EVENT_END); end >= 0; end = events.indexOf(EVENT_END)) {
      if (end > 0) onEvent(events.subarray(0, end));
      events = events.subarray(end + 2);
    }
  };
  return (chunk) => {
    if (head) {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf(HEAD_END);
      if (end < 0) return;
      const text = head.subarray(0, end).toString();
      chunk = head.subarray(end + 4);
      head = undefined;
      chunked = /\r\ntransfer-encoding: *chunked/i.test(text);
      onHead({ status: Number(text.slice(9, 12)), text });
    }
    if (!chunked) return emit(chunk);
    let data = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    pending = Buffer.alloc(0);
    while (data.length) {
      if (remaining === -1) {
        const end = data.indexOf(CRLF);
        if (end < 0) break;
        remaining = parseInt(data.subarray(0, end).toString(), 16);
        data = data.subarray(end + 2);
        if (remaining === 0) return onEnd();
      } else if (remaining === -2) {
        if (data.length < 2) break;
        data = data.subarray(2);
        remaining = -1;
      } else {
        const take = Math.min(remaining, data.length);
        emit(data.subarray(0, take));
        data = data.subarray(take);
        remaining -= take;
        if (remaining === 0) remaining = -2;
      }
    }
    if (data.length) pending = Buffer.from(data);
  };
}
