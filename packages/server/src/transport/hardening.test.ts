/**
 * The edge in production mode: masked errors with a request id, no suggestions, no introspection
 * and only persisted operations for PUBLIC, CSRF prevention, body limits, the execution timeout,
 * request ids in every log line; and long-lived connections that end when their credentials do.
 */
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startInstance, startTestApp, type TestApp, type TestInstance } from '../../test/app.js';
import { createApiKey, revokeApiKey } from '../access/api-keys.js';
import { loadTokenSigner } from '../access/tokens.js';
import { createUser } from '../access/users.js';
import { tapLogs } from '../logger.js';
import { loadPersistedManifest } from './persisted.js';

/** The persisted id of a packages/schema operation, by name. */
function persistedId(name: string): string {
  for (const [id, text] of loadPersistedManifest()) if (new RegExp(`^(query|subscription|mutation) ${name}\\b`).test(text)) return id;
  throw new Error(`no persisted operation ${name}`);
}
const REGIONS_ID = persistedId('Regions');
const HEARTBEAT_ID = persistedId('Heartbeat');

async function post(base: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, requestId: res.headers.get('x-request-id'), body: (await res.json()) as { data?: any; errors?: any[] } };
}

/** Opens a graphql-ws connection and resolves with its close code once the server closes it. */
function connect(base: string, connectionParams: Record<string, unknown> = {}) {
  let closed!: (event: { code: number; reason: string }) => void;
  const closedWith = new Promise<{ code: number; reason: string }>((resolve) => (closed = resolve));
  const client: Client = createClient({
    url: `${base.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams,
    // graphql-ws reconnects (code 1000) after a lone operation completes; the server's own codes are what count.
    on: { closed: (e) => void ((e as { code: number }).code !== 1000 && closed(e as { code: number; reason: string })) },
    onNonLazyError: () => {},
  });
  return { client, closedWith };
}

/** The first message of a subscription, or the error it ends with. */
function firstOf(client: Client, payload: Parameters<Client['subscribe']>[0]): Promise<unknown> {
  return new Promise((resolve) => {
    const stop = client.subscribe(payload, {
      next: (value) => {
        stop();
        resolve(value);
      },
      error: (err) => resolve({ error: err }),
      complete: () => resolve('complete'),
    });
  });
}

describe('production mode', () => {
  let app: TestApp;
  let key: string;
  beforeAll(async () => {
    // PostgreSQL: PGlite runs queries on this thread, so a timer cannot fire during one.
    app = await startTestApp('postgres', { production: true, executionTimeoutMs: 5_000 });
    key = (await createApiKey(app.db.prisma, { name: 'portal', scopes: ['kpis:read'] })).key;
  });
  afterAll(() => app?.close());
  const base = () => app.server.url;

  it('runs persisted ids for the public and refuses their own documents', async () => {
    const byId = await post(base(), { extensions: { persistedQuery: { version: 1, sha256Hash: REGIONS_ID } } });
    expect(byId.body.errors).toBeUndefined();
    expect(byId.body.data.regions.length).toBeGreaterThan(5);
    const text = await post(base(), { query: '{ regions { name } }' });
    expect(text.status).toBe(403);
    expect(text.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
    const unknown = await post(base(), { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    // A partner (like staff) may send its own documents.
    expect((await post(base(), { query: '{ regions { name } }' }, { 'x-api-key': key })).body.data.regions.length).toBeGreaterThan(5);
    // GET with an id works with the CSRF header, and is refused without it.
    const url = `${base()}/graphql?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: REGIONS_ID } }))}`;
    expect((await fetch(url, { headers: { 'x-graphql-yoga-csrf': '1' } }).then((r) => r.json())).data.regions.length).toBeGreaterThan(5);
    const noHeader = await fetch(url);
    expect(noHeader.status).toBe(403);
    expect((await noHeader.json()).errors[0].message).toBe('Required CSRF header(s) not present');
  });

  it('hides introspection and field suggestions from the public, not from a partner', async () => {
    const introspect = await post(base(), { query: '{ __schema { types { name } } }' }, { 'x-api-key': key });
    expect(introspect.body.data.__schema.types.length).toBeGreaterThan(10);
    const typo = await post(base(), { query: '{ regionz { name } }' }, { 'x-api-key': key });
    expect(typo.body.errors?.[0]?.message).toBe('Cannot query field "regionz" on type "Query". [Suggestion hidden]');
    const dev = await startInstance(app.db);
    try {
      expect((await dev.gql('{ regionz { name } }')).errors?.[0]?.message).toMatch(/Did you mean "region"/);
    } finally {
      await dev.close();
    }
  });

  it('masks unexpected errors: a message, a code and the request id, which the logs carry too; no stack, no SQL', async () => {
    const lines: string[] = [];
    const untap = tapLogs((line) => lines.push(line));
    // A fault no input can cause: the table is briefly out of reach (formations, which every read takes from the database).
    await app.db.prisma.$executeRawUnsafe('ALTER TABLE "Formation" RENAME TO "FormationAway"');
    const res = await post(
      base(),
      { query: 'query ($c: String!) { formations(regionCode: $c, first: 1) { edges { node { code } } } }', variables: { c: '17.71' } },
      { 'x-api-key': key },
    ).finally(() => app.db.prisma.$executeRawUnsafe('ALTER TABLE "FormationAway" RENAME TO "Formation"'));
    untap();
    expect(res.body.errors).toHaveLength(1);
    const [error] = res.body.errors!;
    expect(error.message).toBe('Unexpected error.');
    expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: res.requestId });
    expect(JSON.stringify(res.body)).not.toMatch(/prisma|select|stack|FormationAway|relation/i);
    const logged = lines.map((l) => JSON.parse(l));
    expect(logged.length).toBeGreaterThanOrEqual(2);
    for (const line of logged) expect(line.requestId).toBe(res.requestId);
    expect(logged.some((l) => l.msg === 'unexpected error' && l.err)).toBe(true);
  });

  it('keeps personal data and secrets out of the logs', async () => {
    await createUser(app.db.prisma, { username: 'log.check', displayName: 'Log', role: 'OFFICIAL', password: 'sandi-log-panjang' });
    const lines: string[] = [];
    const untap = tapLogs((line) => lines.push(line));
    const { log } = await import('../logger.js');
    log.info({ applicant: { nik: '1571024405900003', email: 'a@b.id', phone: '081234567890', fullName: 'Siti Aminah' }, apiKey: key }, 'probe');
    await post(base(), { query: 'mutation { login(username: "log.check", password: "sandi-log-panjang") { token } }' }, { 'x-api-key': key });
    untap();
    const text = lines.join('');
    for (const secret of ['1571024405900003', 'a@b.id', '081234567890', 'Siti Aminah', key, 'sandi-log-panjang']) expect(text).not.toContain(secret);
    expect(text).toContain('[REDACTED]');
  });

  it('refuses oversized and unmeasured bodies before reading them, and times out slow executions', async () => {
    const big = await post(base(), { query: '{ viewer { role } }', variables: { pad: 'x'.repeat(600_000) } }, { 'x-api-key': key });
    expect(big.status).toBe(413);
    expect(big.body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    const slow = await startInstance(app.db, { production: true, executionTimeoutMs: 1 });
    try {
      const res = await post(
        slow.server.url,
        { query: '{ regions { children { children { agencies { name } serviceUnits { name } } } } }' },
        { 'x-api-key': key },
      );
      expect(res.body.errors?.[0]?.extensions?.code).toBe('TIMEOUT');
    } finally {
      await slow.close();
    }
  });

  it('refuses credentials of the wrong type (UNAUTHENTICATED, 4403), never treating them as PUBLIC', async () => {
    for (const name of ['apiKey', 'authorization']) {
      for (const value of [true, 1, {}, ['x'], '']) {
        const { client, closedWith } = connect(base(), { [name]: value });
        try {
          // Were it PUBLIC, this document would run (or be refused as PERSISTED_QUERY_ONLY) on an open socket.
          void firstOf(client, { query: '{ __schema { types { name } } }' });
          expect(await closedWith, `${name}: ${JSON.stringify(value)}`).toMatchObject({ code: 4403 });
        } finally {
          await client.dispose();
        }
      }
    }
    for (const headers of [{ 'x-api-key': '' }, { authorization: '' }, { authorization: 'Basic eDp5' }] as Array<Record<string, string>>) {
      const res = await post(base(), { query: '{ __schema { types { name } } }' }, headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('decides introspection from the resolved caller on every transport: a partner may over graphql-ws, the public may not over SSE', async () => {
    const { client } = connect(base(), { apiKey: key });
    try {
      const answer = (await firstOf(client, { query: '{ __schema { queryType { name } } }' })) as { data?: { __schema: { queryType: { name: string } } } };
      expect(answer.data?.__schema.queryType.name).toBe('Query');
    } finally {
      await client.dispose();
    }
    const sse = await fetch(`${base()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { __schema: __typename }' }),
    });
    expect(sse.status).toBe(403);
    expect((await sse.json()).errors[0].extensions.code).toBe('PERSISTED_QUERY_ONLY');
  });

  it('over graphql-ws: the public subscribes by id only', async () => {
    const { client } = connect(base());
    try {
      const text = (await firstOf(client, { query: 'subscription { heartbeat { instance } }' })) as { error: Array<{ extensions: { code: string } }> };
      expect(text.error[0]!.extensions.code).toBe('PERSISTED_QUERY_ONLY');
      const byId = await firstOf(client, { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: REGIONS_ID } } });
      expect((byId as { data: { regions: unknown[] } }).data.regions.length).toBeGreaterThan(5);
    } finally {
      await client.dispose();
    }
  });
});

describe('credentials of long-lived connections', () => {
  let app: TestApp;
  let second: TestInstance;
  beforeAll(async () => {
    app = await startTestApp('pglite', { credentialCheckMs: 150 });
    second = await startInstance(app.db, { credentialCheckMs: 150 });
  });
  afterAll(async () => {
    await second?.close();
    await app?.close();
  });
  const heartbeat = { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: HEARTBEAT_ID } } };

  it('refuses connection_init with an expired token (4401) or a revoked key (4403)', async () => {
    const signer = await loadTokenSigner(app.db.prisma);
    const expired = signer.sign({ kind: 'applicant', id: 1 }, Date.now() - 3 * 3600_000).token;
    expect(await connect(app.server.url, { authorization: `Bearer ${expired}` }).closedWith).toMatchObject({ code: 4401, reason: 'Session expired' });
    const { key, prefix } = await createApiKey(app.db.prisma, { name: 'gone', scopes: ['kpis:read'] });
    await revokeApiKey(app.db.prisma, prefix);
    expect(await connect(app.server.url, { apiKey: key }).closedWith).toMatchObject({ code: 4403, reason: 'Invalid or revoked API key' });
  });

  it('closes the socket when the session token expires', async () => {
    const signer = await loadTokenSigner(app.db.prisma);
    const { token, expiresAt } = signer.sign({ kind: 'applicant', id: 1 }, Date.now(), 2);
    const { client, closedWith } = connect(app.server.url, { authorization: `Bearer ${token}` });
    client.subscribe(heartbeat, { next: () => {}, error: () => {}, complete: () => {} });
    const closed = await closedWith;
    expect(closed).toMatchObject({ code: 4401, reason: 'Session expired' });
    // Seconds resolution: the token stops at its expiry, and the socket with it.
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime());
  });

  it('closes a partner’s socket on another instance when its key is revoked (4403)', async () => {
    const { key, prefix } = await createApiKey(app.db.prisma, { name: 'portal', scopes: ['kpis:read'] });
    const { client, closedWith } = connect(second.server.url, { apiKey: key });
    const first = await firstOf(client, { query: '{ viewer { role } }' });
    expect(first).toMatchObject({ data: { viewer: { role: 'PARTNER' } } });
    client.subscribe(heartbeat, { next: () => {}, error: () => {}, complete: () => {} });
    await revokeApiKey(app.db.prisma, prefix);
    const started = Date.now();
    expect(await closedWith).toMatchObject({ code: 4403, reason: 'Invalid or revoked API key' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('checks credentials again on each subscribe: a disabled account’s next subscribe closes the socket', async () => {
    const user = await createUser(app.db.prisma, { username: 'pejabat.ws', displayName: 'P', role: 'OFFICIAL', password: 'sandi-pejabat-panjang' });
    const token = (await app.gql('mutation { login(username: "pejabat.ws", password: "sandi-pejabat-panjang") { token } }')).data.login.token;
    // No periodic check on this instance: only the subscribe itself can notice.
    const unwatched = await startInstance(app.db, { credentialCheckMs: 0 });
    try {
      const { client, closedWith } = connect(unwatched.server.url, { authorization: `Bearer ${token}` });
      expect(await firstOf(client, { query: '{ viewer { role } }' })).toMatchObject({ data: { viewer: { role: 'OFFICIAL' } } });
      await app.db.prisma.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
      void firstOf(client, { query: '{ viewer { role } }' });
      expect(await closedWith).toMatchObject({ code: 4403, reason: 'Account disabled' });
    } finally {
      await unwatched.close();
    }
  });

  it('ends an SSE stream with UNAUTHENTICATED when its key is revoked', async () => {
    const { key, prefix } = await createApiKey(app.db.prisma, { name: 'sse', scopes: ['kpis:read'] });
    const res = await fetch(`${app.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-api-key': key },
      body: JSON.stringify(heartbeat),
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    await revokeApiKey(app.db.prisma, prefix);
    const text = await res.text(); // the server ends the stream
    expect(text).toContain('"code":"UNAUTHENTICATED"');
    expect(text).toContain('event: complete');
  });
});
