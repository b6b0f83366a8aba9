/**
 * Logging in: staff and applicants get signed, expiring tokens that every instance accepts; a
 * wrong password, a forged or expired token, or a disabled account gets UNAUTHENTICATED.
 */
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ENGINES } from '../../test/databases.js';
import { startInstance, startTestApp, type TestApp } from '../../test/app.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { loadTokenSigner, TokenSigner } from './tokens.js';
import { createUser } from './users.js';

const LOGIN = 'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token expiresAt role } }';
const WHO = '{ viewer { role sessionExpiresAt } }';

describe('passwords', () => {
  it('verifies the password it hashed and nothing else, with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'bcrypt$whatever')).toBe(false);
  });
});

describe('tokens', () => {
  const signer = new TokenSigner(Buffer.alloc(32, 7));
  it('round-trips, expires at its ttl and rejects any edit or another key', () => {
    const now = Date.UTC(2024, 9, 1, 8);
    const { token, expiresAt } = signer.sign({ kind: 'applicant', id: 42 }, now, 60);
    expect(expiresAt.toISOString()).toBe('2024-10-01T08:01:00.000Z');
    expect(signer.verify(token, now + 59_000)).toMatchObject({ sub: { kind: 'applicant', id: 42 } });
    expect(signer.verify(token, now + 60_000)).toBe('expired');
    const [v, payload, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: { kind: 'user', id: 1, role: 'ADMIN' }, iat: 0, exp: 9e9 })).toString('base64url');
    expect(signer.verify(`${v}.${forged}.${sig}`, now)).toBe('invalid');
    expect(signer.verify(`${v}.${payload}.${sig}x`, now)).toBe('invalid');
    expect(new TokenSigner(Buffer.alloc(32, 8)).verify(token, now)).toBe('invalid');
  });
});

describe.each(ENGINES)('sessions on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(engine);
    await createUser(app.db.prisma, { username: 'siti.verifikator', displayName: 'Siti', role: 'VERIFIER', password: 'rahasia-sekali-123' });
  });
  afterAll(() => app?.close());

  it('logs a verifier in and the token identifies them on later requests', async () => {
    const res = await app.gql(LOGIN, { u: 'Siti.Verifikator', p: 'rahasia-sekali-123' });
    expect(res.errors).toBeUndefined();
    expect(res.data.login.role).toBe('VERIFIER');
    const hours = (Date.parse(res.data.login.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(7.9);
    expect(hours).toBeLessThanOrEqual(8);
    const who = await app.gql(WHO, {}, { authorization: `Bearer ${res.data.login.token}` });
    expect(who.data.viewer).toEqual({ role: 'VERIFIER', sessionExpiresAt: res.data.login.expiresAt });
    expect((await app.gql(WHO)).data.viewer).toEqual({ role: 'PUBLIC', sessionExpiresAt: null });
  });

  it('answers a wrong password and an unknown user the same way', async () => {
    const wrong = await app.gql(LOGIN, { u: 'siti.verifikator', p: 'salah-sandi-1234' });
    const unknown = await app.gql(LOGIN, { u: 'tidak.ada', p: 'salah-sandi-1234' });
    expect(wrong.errors?.[0]).toMatchObject({ message: 'Wrong username or password', extensions: { code: 'UNAUTHENTICATED' } });
    expect(unknown.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
  });

  it('refuses an expired token, a forged token and a disabled account', async () => {
    const signer = await loadTokenSigner(app.db.prisma);
    const user = await app.db.prisma.user.findUniqueOrThrow({ where: { username: 'siti.verifikator' } });
    const expired = signer.sign({ kind: 'user', id: user.id, role: 'VERIFIER' }, Date.now() - 10 * 3600_000).token;
    expect((await app.gql(WHO, {}, { authorization: `Bearer ${expired}` })).errors?.[0]).toMatchObject({
      message: 'Session expired; log in again',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const forged = new TokenSigner(Buffer.alloc(32, 1)).sign({ kind: 'user', id: user.id, role: 'ADMIN' }).token;
    expect((await app.gql(WHO, {}, { authorization: `Bearer ${forged}` })).errors?.[0]?.message).toBe('Invalid session token');
    expect((await app.gql(WHO, {}, { authorization: 'Basic abc' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const other = await createUser(app.db.prisma, { username: 'budi.pejabat', displayName: 'Budi', role: 'OFFICIAL', password: 'rahasia-sekali-456' });
    const { data } = await app.gql(LOGIN, { u: 'budi.pejabat', p: 'rahasia-sekali-456' });
    await app.db.prisma.user.update({ where: { id: other.id }, data: { disabledAt: new Date() } });
    expect((await app.gql(WHO, {}, { authorization: `Bearer ${data.login.token}` })).errors?.[0]?.message).toBe('Account disabled');
    expect((await app.gql(LOGIN, { u: 'budi.pejabat', p: 'rahasia-sekali-456' })).errors?.[0]?.message).toBe('Wrong username or password');
  });

  it('a second instance on the same database accepts the first one’s tokens, also over graphql-ws', async () => {
    const second = await startInstance(app.db);
    try {
      const { data } = await app.gql(LOGIN, { u: 'siti.verifikator', p: 'rahasia-sekali-123' });
      expect((await second.gql(WHO, {}, { authorization: `Bearer ${data.login.token}` })).data.viewer.role).toBe('VERIFIER');
      const client = createClient({
        url: `${second.server.url.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: { authorization: `Bearer ${data.login.token}` },
      });
      const role = await new Promise((resolve, reject) => {
        client.subscribe({ query: WHO }, { next: (m) => resolve((m.data as any)?.viewer?.role), error: reject, complete: () => {} });
      });
      await client.dispose();
      expect(role).toBe('VERIFIER');
    } finally {
      await second.close();
    }
  });
});
