/**
 * The crowd for the fan-out benchmark, in its own process so it does not share the server's CPU
 * time: N WebSocket subscribers (graphql-transport-ws, or raw frames), recording when each update
 * arrives. Driven by the parent over IPC.
 */
import WebSocket from 'ws';

type Mode = 'graphql-ws' | 'raw';
interface Start {
  type: 'start';
  url: string;
  count: number;
  mode: Mode;
  query?: string;
  variables?: Record<string, unknown>;
  /** The text just before the number that tells updates apart; `"sequence":` by default. */
  key?: string;
}

const now = () => performance.timeOrigin + performance.now();
const arrivals = new Map<number, { count: number; last: number }>();
const sockets: WebSocket[] = [];
let key = '"sequence":';

/**
 * The crowd is the measuring instrument, standing in for thousands of separate screens: it reads
 * the update's key straight from the frame's bytes (no UTF-8 decoding of the whole payload), so
 * its own CPU inflates the measured latency as little as it can.
 */
function record(data: WebSocket.RawData) {
  const bytes = data as Buffer;
  let at = bytes.indexOf(key);
  if (at < 0) return;
  let seq = 0;
  for (at += key.length; bytes[at]! >= 0x30 && bytes[at]! <= 0x39; at++) seq = seq * 10 + bytes[at]! - 0x30;
  const a = arrivals.get(seq) ?? { count: 0, last: 0 };
  a.count += 1;
  a.last = now();
  arrivals.set(seq, a);
}

function open(msg: Start): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(msg.url, msg.mode === 'graphql-ws' ? 'graphql-transport-ws' : undefined, { skipUTF8Validation: true });
    sockets.push(ws);
    ws.once('error', reject);
    ws.on('open', () => {
      if (msg.mode === 'raw') return resolve();
      ws.send(JSON.stringify({ type: 'connection_init' }));
    });
    ws.on('message', (data) => {
      if (msg.mode === 'graphql-ws' && !subscribedSet.has(ws)) {
        const text = data.toString();
        if (text.startsWith('{"type":"connection_ack"')) {
          ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: msg.query, variables: msg.variables } }));
          return;
        }
        if (text.includes('"type":"ping"')) return void ws.send('{"type":"pong"}');
        // The first frame a subscriber gets is its snapshot: that counts as "subscribed".
        subscribedSet.add(ws);
        resolve();
        return;
      }
      if (msg.mode === 'graphql-ws' && (data as Buffer).indexOf('{"type":"ping"') === 0) return void ws.send('{"type":"pong"}');
      record(data);
    });
  });
}
const subscribedSet = new WeakSet<WebSocket>();

process.on('message', async (msg: Start | { type: 'report' } | { type: 'reset' } | { type: 'stop' }) => {
  if (msg.type === 'start') {
    if (msg.key) key = msg.key;
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
    for (const ws of sockets) ws.terminate();
    process.exit(0);
  }
});
