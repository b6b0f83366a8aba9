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
      for (const instance of [app, second])
        codes.push((await instance.gql('{ viewer { role } }', {}, { 'x-api-key': a })).errors?.[0]?.extensions?.code ?? 'OK');
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

describe('guessing and probing across keys, addresses and instances', () => {
  let app: TestApp;
  let second: TestInstance;
  const rateLimits = {
    login: { limit: 3, windowMs: 60_000 },
    'login-account': { limit: 4, windowMs: 60_000 },
    'public-write': { limit: 3, windowMs: 60_000 },
    write: { limit: 5, windowMs: 60_000 },
  };
  const from = (address: string) => ({ 'x-forwarded-for': address });
  beforeAll(async () => {
    app = await startTestApp('postgres', { redis: true, rateLimits, trustProxy: true });
    second = await startInstance(app.db, { redis: true, rateLimits, trustProxy: true });
  });
  afterAll(async () => {
    await second?.close();
    await app?.close();
  });

  it('five partner keys from one address get no more password guesses than the address alone', async () => {
    const codes = [];
    for (let i = 0; i < 5; i++) {
      const { key } = await createApiKey(app.db.prisma, { name: `portal ${i}`, scopes: ['kpis:read'] });
      codes.push(
        (await (i % 2 ? second : app).gql(LOGIN, { u: `admin${i}`, p: 'tebakan-sandi-1' }, { 'x-api-key': key, ...from('203.0.113.10') })).errors?.[0]
          ?.extensions?.code,
      );
    }
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('guesses at one account from many addresses, on both instances, are limited per account', async () => {
    const codes = [];
    for (let i = 0; i < 6; i++)
      codes.push(
        (await (i % 2 ? second : app).gql(LOGIN, { u: ' Admin.Utama ', p: `tebakan-${i}-panjang` }, from(`198.51.100.${i + 1}`))).errors?.[0]?.extensions?.code,
      );
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED', 'RATE_LIMITED']);
    // Another account is not locked by them.
    expect((await app.gql(LOGIN, { u: 'pejabat.lain', p: 'tebakan-sandi-1' }, from('198.51.100.99'))).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a session does not lift the registration limit, and every logged-in caller has a write limit', async () => {
    const { createUser } = await import('./users.js');
    await createUser(app.db.prisma, { username: 'pejabat', displayName: 'Pejabat', role: 'OFFICIAL', password: 'sandi-pejabat-panjang' });
    const token = (await app.gql(LOGIN, { u: 'pejabat', p: 'sandi-pejabat-panjang' }, from('192.0.2.1'))).data.login.token;
    const official = { authorization: `Bearer ${token}` };
    const probe = 'mutation ($i: RegisterApplicantInput!) { registerApplicant(input: $i) { __typename } }';
    const input = {
      nik: '1671144101990001',
      fullName: 'Siti',
      birthDate: '1999-01-01',
      gender: 'FEMALE',
      email: 'x@contoh.test',
      phone: '081234567890',
      educationLevel: 'S1',
      major: 'x',
      gpa: 3,
      disability: false,
      originRegionCode: '99',
      password: 'kata-sandi-rahasia',
    };
    const probes = [];
    for (let i = 0; i < 4; i++) probes.push((await app.gql(probe, { i: input }, { ...official, ...from('192.0.2.2') })).errors?.[0]?.extensions?.code);
    expect(probes.slice(-1)).toEqual(['RATE_LIMITED']);
    const writes = [];
    const close = 'mutation ($id: ID!) { closeFeedback(id: $id) { id } }';
    for (let i = 0; i < 7; i++)
      writes.push(
        (await (i % 2 ? second : app).gql(close, { id: 'RmVlZGJhY2s6OTk5OTk=' }, { ...official, ...from(`192.0.2.${10 + i}`) })).errors?.[0]?.extensions?.code,
      );
    // 5 writes a minute for this caller (the registrations above count too), whichever address and instance.
    expect(writes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(3);
    expect(writes.at(-1)).toBe('RATE_LIMITED');
  });
});
