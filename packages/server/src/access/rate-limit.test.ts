/**
 * Rate limits: per IP for public writes and logins, per key for partners; in Redis a limit holds
 * across instances, so a second instance does not double the allowance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, startTestApp, type TestApp, type TestInstance } from '../../test/app.js';
import { createApiKey } from './api-keys.js';
import { RateLimiter } from './rate-limit.js';

const LOGIN = 'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }';

describe.each(['memory', 'redis'] as const)('the %s limiter', (kind) => {
  it('allows `limit` hits per window and subject, then refuses with the seconds to wait', async () => {
    const limiter = RateLimiter.create({
      redisUrl: kind === 'redis' ? (process.env.PANTAU_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379') : undefined,
      namespace: `test-${process.pid}-${Date.now()}:`,
      limits: { login: { limit: 3, windowMs: 1000 } },
    });
    await limiter.ready();
    try {
      expect(limiter.kind).toBe(kind);
      for (let i = 0; i < 3; i++) await limiter.consume('login', 'ip:1.1.1.1');
      await limiter.consume('login', 'ip:2.2.2.2'); // another subject has its own count
      const refused = await limiter.consume('login', 'ip:1.1.1.1').catch((e: unknown) => e);
      expect(refused).toMatchObject({ extensions: { code: 'RATE_LIMITED', retryAfter: 1 } });
      await new Promise((r) => setTimeout(r, 1100));
      await limiter.consume('login', 'ip:1.1.1.1'); // a new window
    } finally {
      await limiter.close();
    }
  });
});

it('lets requests through, promptly, while Redis is unreachable', async () => {
  const limiter = RateLimiter.create({ redisUrl: 'redis://127.0.0.1:1', limits: { login: { limit: 1, windowMs: 1000 } } });
  try {
    await limiter.ready(200);
    const started = Date.now();
    for (let i = 0; i < 3; i++) await limiter.consume('login', 'ip:1.1.1.1');
    expect(Date.now() - started).toBeLessThan(100);
  } finally {
    await limiter.close();
  }
});

describe('limits across two instances sharing Redis', () => {
  let app: TestApp;
  let second: TestInstance;
  const rateLimits = { login: { limit: 4, windowMs: 60_000 }, partner: { limit: 5, windowMs: 60_000 } };
  beforeAll(async () => {
    app = await startTestApp('postgres', { redis: true, rateLimits });
    second = await startInstance(app.db, { redis: true, rateLimits });
  });
  afterAll(async () => {
    await second?.close();
    await app?.close();
  });

  it('counts one IP’s logins on both instances together and answers RATE_LIMITED with retryAfter', async () => {
    const answers = [];
    for (let i = 0; i < 3; i++) {
      answers.push(await app.gql(LOGIN, { u: 'nobody', p: 'wrong-password-1' }));
      answers.push(await second.gql(LOGIN, { u: 'nobody', p: 'wrong-password-1' }));
    }
    const codes = answers.map((a) => a.errors?.[0]?.extensions?.code);
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(answers[5]!.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(50);
    // Refused by the limit: nothing reached the login, nothing was audited for those two.
    expect(await app.db.prisma.auditEntry.count({ where: { operation: 'login' } })).toBe(4);
  });

  it('counts a partner key’s requests on both instances together; another key is unaffected', async () => {
    const a = (await createApiKey(app.db.prisma, { name: 'portal A', scopes: ['kpis:read'] })).key;
    const b = (await createApiKey(app.db.prisma, { name: 'portal B', scopes: ['kpis:read'] })).key;
    const codes = [];
    for (let i = 0; i < 4; i++) {
      for (const instance of [app, second]) codes.push((await instance.gql('{ viewer { role } }', {}, { 'x-api-key': a })).errors?.[0]?.extensions?.code ?? 'OK');
    }
    expect(codes).toEqual(['OK', 'OK', 'OK', 'OK', 'OK', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect((await second.gql('{ viewer { role } }', {}, { 'x-api-key': b })).data.viewer.role).toBe('PARTNER');
  });
});

describe('public writes', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('pglite', { rateLimits: { 'public-write': { limit: 2, windowMs: 60_000 } } });
  });
  afterAll(() => app?.close());

  it('every mutation sent without credentials counts against the IP’s public-write limit', async () => {
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await app.gql(LOGIN, { u: 'nobody', p: 'wrong-password-1' })).errors?.[0]?.extensions?.code);
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED']);
    // Reads are not writes.
    expect((await app.gql('{ viewer { role } }')).data.viewer.role).toBe('PUBLIC');
  });
});
