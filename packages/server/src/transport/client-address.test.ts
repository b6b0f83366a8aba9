import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.js';

const request = (peer: string, forwarded?: string | string[]) =>
  ({ headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded }, socket: { remoteAddress: peer } }) as unknown as IncomingMessage;

describe('clientAddress', () => {
  it('ignores X-Forwarded-For unless the proxy is trusted: a caller cannot pick its own address', () => {
    expect(clientAddress(request('10.0.0.9', '1.2.3.4'), false)).toBe('10.0.0.9');
  });

  it('behind a trusted balancer takes the hop the balancer added, not the ones the client wrote', () => {
    expect(clientAddress(request('10.0.0.2', 'spoofed, 203.0.113.7'), true)).toBe('203.0.113.7');
    expect(clientAddress(request('10.0.0.2', ['spoofed', '198.51.100.1']), true)).toBe('198.51.100.1');
  });

  it('falls back to the peer when a trusted balancer sent no header', () => {
    expect(clientAddress(request('10.0.0.2'), true)).toBe('10.0.0.2');
  });
});
