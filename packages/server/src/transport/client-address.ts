import type { IncomingMessage } from 'node:http';

/**
 * The caller's address, decided once at the edge so rate limits, the SKM flood guard and the audit
 * log all count the same caller: the socket's peer, or behind a trusted load balancer the last
 * `X-Forwarded-For` hop (the one the balancer itself added; earlier hops are the client's say-so).
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    if (hops.length) return hops.at(-1)!;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
