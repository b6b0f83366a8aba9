/**
 * A catalogue of hostile and broken requests. Each row sends one request and names the exact
 * error code (and HTTP status where the edge answers); after each, no table a request could
 * write to has changed, and no mutation was recorded as successful.
 */
import http from 'node:http';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiKey, revokeApiKey } from '../src/access/api-keys.js';
import { loadTokenSigner, TokenSigner } from '../src/access/tokens.js';
import { createUser } from '../src/access/users.js';
import { startTestApp, type TestApp } from './app.js';
import { createExamWorld, type ExamWorld } from './exam-fixture.js';

interface Answer {
  status: number;
  body: { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } | null;
}

const SQL = `'; DROP TABLE "ExamResult"; --`;
const SQL_OR = `' OR '1'='1`;
const SCRIPT = '<script>alert(document.cookie)</script>';
const at = '2024-10-21T03:00:00.000Z';

const SUBMIT = `mutation ($s: ID!, $b: String!, $r: [ExamResultInput!]!) { submitExamResults(sessionId: $s, batchId: $b, results: $r) { batchId created replayed } }`;
const PROGRESS = `mutation ($s: ID!, $u: [ExamProgressInput!]!) { reportExamProgress(sessionId: $s, updates: $u) { accepted } }`;
const DISQUALIFY = `mutation ($s: ID!, $p: String!, $r: String!) { disqualifyParticipant(sessionId: $s, participantNumber: $p, reason: $r) }`;
const LOGIN = `mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`;
const LOGIN_APPLICANT = `mutation ($e: String!, $p: String!) { loginApplicant(email: $e, password: $p) { token } }`;
const CREATE_USER = `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`;
const ATTACK = `query ($ids: [ID!]!, $b: Int) { a: nodes(ids: $ids) { ...E } b: nodes(ids: $ids) { ...E } c: nodes(ids: $ids) { ...E } }
  fragment E on Announcement { entries(first: $b) { edges { node { participantNumber name resultCode rank } } } }`;
const DISABLE_USER = `mutation ($id: ID!) { disableUser(id: $id) { id } }`;

describe('hostile and broken requests', () => {
  let app: TestApp;
  let world: ExamWorld;
  let admin: Record<string, string>;
  let expiredToken: string;
  let forgedToken: string;
  let revokedKey: string;
  let readOnlyKey: string;
  const result = (participantNumber: string, extra: Record<string, unknown> = {}) => ({
    participantNumber,
    twk: 90,
    tiu: 100,
    tkp: 180,
    finishedAt: at,
    ...extra,
  });

  async function send(body: unknown, headers: Record<string, string> = {}, contentType = 'application/json'): Promise<Answer> {
    const res = await fetch(`${app.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': contentType, accept: 'application/graphql-response+json, application/json', ...headers },
      body: typeof body === 'string' || body instanceof FormData ? (body as string) : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // some refusals have no JSON body
    }
    return { status: res.status, body: parsed };
  }
  const gql = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => send({ query, variables }, headers);
  const cat = () => ({ 'x-api-key': world.apiKey });

  /** A raw request: a body sent chunked, without Content-Length. */
  function chunked(): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${app.server.url}/graphql`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.write('{"query":"mutation { login(username: \\"a\\", ');
      req.end('password: \\"b\\") { token } }"}');
    });
  }

  /** A subscription's first message or error, over graphql-ws. */
  function subscribeOnce(query: string, connectionParams: Record<string, unknown> = {}): Promise<Answer> {
    const client = createClient({ url: `${app.server.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams });
    return new Promise<Answer>((resolve) => {
      client.subscribe(
        { query },
        {
          next: (value) => resolve({ status: 200, body: value as Answer['body'] }),
          error: (err) => resolve({ status: 200, body: { errors: Array.isArray(err) ? err : [{ message: String(err) }] } }),
          complete: () => resolve({ status: 200, body: null }),
        },
      );
    }).finally(() => client.dispose());
  }

  async function counts() {
    const p = app.db.prisma;
    return {
      results: await p.examResult.count(),
      ledger: await p.ledgerEntry.count(),
      batches: await p.ingestionBatch.count(),
      corrections: await p.scoreCorrection.count(),
      users: await p.user.count(),
      activeUsers: await p.user.count({ where: { disabledAt: null } }),
      keys: await p.apiKey.count(),
      applicants: await p.applicant.count(),
      applications: await p.application.count(),
      disqualified: await p.examSeat.count({ where: { disqualifiedReason: { not: null } } }),
      progress: await p.examSeat.count({ where: { progressAt: { not: null } } }),
      runningSessions: await p.examSession.count({ where: { status: 'RUNNING' } }),
      successfulMutations: await p.auditEntry.count({ where: { outcome: 'OK' } }),
    };
  }

  beforeAll(async () => {
    app = await startTestApp('pglite');
    world = await createExamWorld(app.db.prisma, { applicants: 6 });
    const adminUser = await createUser(app.db.prisma, { username: 'admin', displayName: 'Admin', role: 'ADMIN', password: 'sandi-admin-panjang' });
    const signer = await loadTokenSigner(app.db.prisma);
    admin = { authorization: `Bearer ${signer.sign({ kind: 'user', id: adminUser.id, role: 'ADMIN' }).token}` };
    expiredToken = signer.sign({ kind: 'user', id: adminUser.id, role: 'ADMIN' }, Date.now() - 9 * 3600_000).token;
    forgedToken = new TokenSigner(Buffer.alloc(32, 3)).sign({ kind: 'user', id: adminUser.id, role: 'ADMIN' }).token;
    const revoked = await createApiKey(app.db.prisma, { name: 'old CAT centre', scopes: ['scores:write'] });
    await revokeApiKey(app.db.prisma, revoked.prefix);
    revokedKey = revoked.key;
    readOnlyKey = (await createApiKey(app.db.prisma, { name: 'portal', scopes: ['kpis:read', 'registrations:read'] })).key;
    // One committed batch, to replay and to conflict with.
    const first = await gql(SUBMIT, { s: world.sessionGlobalId, b: 'batch-1', r: [result(world.participants[0]!.participantNumber)] }, cat());
    expect(first.body?.data?.submitExamResults?.created).toBe(1);
  });
  afterAll(() => app?.close());

  const deep = `{ regions { ${'parent { '.repeat(11)}name${' }'.repeat(11)} } }`;
  const p0 = () => world.participants[1]!.participantNumber;

  /** name, request, error code (null: none), HTTP status, and whether a successful call is audited (a replay is). */
  const cases: Array<[name: string, send: () => Promise<Answer>, code: string | null, status?: number, audited?: boolean]> = [
    // Shapes of documents
    ['a query 12 levels deep', () => gql(deep), 'QUERY_TOO_DEEP'],
    ['a query of 2,500 tokens', () => gql(`{ viewer { ${'role '.repeat(2500)}} }`), 'TOO_MANY_TOKENS'],
    [
      'an alias bomb: 50 aliases of one field',
      () => gql(`{ ${Array.from({ length: 50 }, (_, i) => `a${i}: viewer { role }`).join(' ')} }`),
      'TOO_MANY_ALIASES',
    ],
    ['30 directives on one field', () => gql(`{ viewer { role ${'@include(if: true) '.repeat(30)}} }`), 'TOO_MANY_DIRECTIVES'],
    ['a fragment cycle', () => gql('query { ...A } fragment A on Query { viewer { role } ...B } fragment B on Query { ...A }'), 'GRAPHQL_VALIDATION_FAILED'],
    [
      'a fragment bomb: each fragment spreads the previous twice, 2^12 fields',
      () =>
        gql(
          `{ formations(first: 100) { edges { node { ...F12 } } } } fragment F0 on Formation { region { children { name } } } ${Array.from({ length: 12 }, (_, i) => `fragment F${i + 1} on Formation { ...F${i} ...F${i} }`).join(' ')}`,
        ),
      'QUERY_TOO_COSTLY',
    ],
    [
      'a costly wide page: 100 formations with every region, agency and year field',
      () =>
        gql(
          `{ formations(first: 100) { edges { node { code jobTitle quota region { code name kind population children { code name kind population agencies { code name level } serviceUnits { code name kind populationServed } } parent { code name kind population children { code name kind population agencies { code name level region { code name kind population } } serviceUnits { code name kind populationServed region { code name kind } } } } } agency { code name level region { code name kind } } selectionYear { year name skbCutMultiplier appealWindowDays thresholds { formationType twk tiu tkp total } } } } } }`,
        ),
      'QUERY_TOO_COSTLY',
    ],
    ['a page of 1,000 through a variable', () => gql('query ($n: Int) { formations(first: $n) { edges { node { id } } } }', { n: 1000 }), 'BAD_USER_INPUT'],
    [
      'a huge list: 501 results in one batch',
      () => gql(SUBMIT, { s: world.sessionGlobalId, b: 'huge', r: Array.from({ length: 501 }, () => result(p0())) }, cat()),
      'BATCH_TOO_LARGE',
    ],
    [
      'a list of 5,000 ids in the variables',
      () => gql('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array.from({ length: 5000 }, () => world.formationGlobalId) }),
      'TOO_MANY_ITEMS',
    ],
    [
      'nodes(ids:) with 1,000 ids from a variable (at most 100)',
      () => gql(ATTACK, { ids: Array.from({ length: 1000 }, () => world.formationGlobalId), b: 100 }),
      'TOO_MANY_ITEMS',
    ],
    [
      '100 ids and entries(first: $b) inside a fragment, three aliases: the cost counts the variables',
      () => gql(ATTACK, { ids: Array.from({ length: 100 }, () => world.formationGlobalId), b: 100 }),
      'QUERY_TOO_COSTLY',
    ],
    [
      'a page of 100 inside a page of 100, both sizes from variables',
      () =>
        gql(
          'query ($a: Int, $b: Int) { formations(first: $a) { edges { node { applications: id region { formations: code } } } } announcements(first: $b) { edges { node { entries(first: $a) { edges { node { name rank } } } } } } }',
          { a: 100, b: 100 },
        ),
      'QUERY_TOO_COSTLY',
    ],
    ['a syntax error', () => gql('{ viewer { role }'), 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', () => gql('{ viewer { password } }'), 'GRAPHQL_VALIDATION_FAILED'],
    ['no query at all', () => send({ variables: {} }), 'BAD_REQUEST', 400],
    ['an unknown persisted id', () => send({ extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }), 'PERSISTED_QUERY_NOT_FOUND'],
    // Bodies and content types
    ['a body over 512 KB', () => gql(LOGIN, { u: 'x'.repeat(600_000), p: 'y' }), 'PAYLOAD_TOO_LARGE', 413],
    ['a chunked body without Content-Length', () => chunked(), 'LENGTH_REQUIRED', 411],
    [
      'an upload over 12 MB',
      () => send(multipart(13 * 1024 * 1024), { 'x-graphql-yoga-csrf': '1' }, 'multipart/form-data; boundary=XX'),
      'PAYLOAD_TOO_LARGE',
      413,
    ],
    [
      'a 3 MB file, over the 2 MB a file may be',
      () => send(multipart(3 * 1024 * 1024), { 'x-graphql-yoga-csrf': '1' }, 'multipart/form-data; boundary=XX'),
      'REQUEST_ENTITY_TOO_LARGE',
      413,
    ],
    ['a multipart form without the CSRF header', () => send(multipart(10), {}, 'multipart/form-data; boundary=XX'), null, 403],
    ['text/plain, as a cross-site form would send', () => send(JSON.stringify({ query: LOGIN, variables: { u: 'a', p: 'b' } }), {}, 'text/plain'), null, 403],
    [
      'a form-like text/plain POST asking for an event stream',
      () => send(JSON.stringify({ query: 'mutation { login(username: "a", password: "b") { token } }' }), { accept: 'text/event-stream' }, 'text/plain'),
      null,
      403,
    ],
    [
      'a mutation over GET asking for an event stream',
      () =>
        fetch(`${app.server.url}/graphql?query=${encodeURIComponent('mutation { login(username: "a", password: "b") { token } }')}`, {
          headers: { accept: 'text/event-stream', 'x-graphql-yoga-csrf': '1' },
        }).then(async (r) => ({ status: r.status, body: eventData(await r.text()) })),
      'BAD_REQUEST',
      405,
    ],
    ['an XML body', () => send('<query>{ viewer { role } }</query>', {}, 'application/xml'), null, 415],
    ['malformed JSON', () => send('{"query": "mutation { login(', {}), 'BAD_REQUEST', 400],
    [
      'a batch of operations in one body (batching is off)',
      () =>
        send([
          { query: LOGIN, variables: { u: 'a', p: 'b' } },
          { query: LOGIN, variables: { u: 'c', p: 'd' } },
        ]),
      'BAD_REQUEST',
      400,
    ],
    ...(['extensions', 'variables'] as const).flatMap((param) =>
      ['not-json', '%7B', '[1]', '"text"'].map((raw): (typeof cases)[number] => [
        `a GET whose ${param} is ${decodeURIComponent(raw)}`,
        () =>
          fetch(`${app.server.url}/graphql?query=${encodeURIComponent('{ viewer { role } }')}&${param}=${raw}`).then(async (r) => ({
            status: r.status,
            body: await r.json(),
          })),
        'BAD_REQUEST',
        400,
      ]),
    ),
    [
      'a mutation over GET',
      () =>
        fetch(`${app.server.url}/graphql?query=${encodeURIComponent('mutation { login(username: "a", password: "b") { token } }')}`, {
          headers: { 'x-graphql-yoga-csrf': '1' },
        }).then(async (r) => ({ status: r.status, body: await r.json() })),
      'BAD_REQUEST',
      405,
    ],
    // Credentials and scopes
    [
      'an expired token',
      () =>
        gql(
          CREATE_USER,
          { input: { username: 'x1', displayName: 'X', role: 'ADMIN', password: 'sandi-panjang-sekali' } },
          { authorization: `Bearer ${expiredToken}` },
        ),
      'UNAUTHENTICATED',
      401,
    ],
    [
      'a token signed with another key',
      () =>
        gql(
          CREATE_USER,
          { input: { username: 'x2', displayName: 'X', role: 'ADMIN', password: 'sandi-panjang-sekali' } },
          { authorization: `Bearer ${forgedToken}` },
        ),
      'UNAUTHENTICATED',
      401,
    ],
    ['a revoked key', () => gql(SUBMIT, { s: world.sessionGlobalId, b: 'revoked', r: [result(p0())] }, { 'x-api-key': revokedKey }), 'UNAUTHENTICATED', 401],
    [
      'a key without scores:write',
      () => gql(SUBMIT, { s: world.sessionGlobalId, b: 'no-scope', r: [result(p0())] }, { 'x-api-key': readOnlyKey }),
      'FORBIDDEN',
    ],
    ['scores from the public', () => gql(SUBMIT, { s: world.sessionGlobalId, b: 'public', r: [result(p0())] }), 'FORBIDDEN'],
    [
      'a partner creating an account',
      () => gql(CREATE_USER, { input: { username: 'x3', displayName: 'X', role: 'ADMIN', password: 'sandi-panjang-sekali' } }, cat()),
      'FORBIDDEN',
    ],
    ['a partner reading the audit log', () => gql('{ auditLog(first: 5) { edges { node { id } } } }', {}, cat()), 'FORBIDDEN'],
    ['a subscription without credentials to the audit log', () => subscribeOnce('subscription { auditEntryAdded { id operation } }'), 'FORBIDDEN'],
    // Replays
    [
      'a replayed batch: the first answer again, nothing written',
      () => gql(SUBMIT, { s: world.sessionGlobalId, b: 'batch-1', r: [result(world.participants[0]!.participantNumber)] }, cat()).then(replayed),
      null,
      200,
      true,
    ],
    ['a batch id reused with other content', () => gql(SUBMIT, { s: world.sessionGlobalId, b: 'batch-1', r: [result(p0())] }, cat()), 'BATCH_CONFLICT'],
    // Ids
    ['a session id that is not a global id', () => gql(SUBMIT, { s: 'not-an-id', b: 'bad-id', r: [result(p0())] }, cat()), 'BAD_USER_INPUT'],
    [
      'a formation id where a session id belongs',
      () => gql(SUBMIT, { s: world.formationGlobalId, b: 'wrong-type', r: [result(p0())] }, cat()),
      'BAD_USER_INPUT',
    ],
    [
      'a session id beyond 32 bits',
      () => gql(SUBMIT, { s: encodeGlobalID('ExamSession', '99999999999'), b: 'overflow', r: [result(p0())] }, cat()),
      'BAD_USER_INPUT',
    ],
    [
      'a session that does not exist',
      () => gql(SUBMIT, { s: encodeGlobalID('ExamSession', 424242), b: 'nowhere', r: [result(p0())] }, cat()),
      'SESSION_NOT_FOUND',
    ],
    ['disabling an account that does not exist', () => gql(DISABLE_USER, { id: encodeGlobalID('User', 424242) }, admin), 'BAD_USER_INPUT'],
    // SQL-like and script strings in every text input
    ['SQL in a login username', () => gql(LOGIN, { u: SQL_OR, p: SQL_OR }), 'UNAUTHENTICATED'],
    ['a script in a login username', () => gql(LOGIN, { u: SCRIPT, p: 'sandi-panjang-sekali' }), 'UNAUTHENTICATED'],
    ['SQL in an applicant’s login email', () => gql(LOGIN_APPLICANT, { e: `${SQL_OR}@x.id`, p: SQL }), 'UNAUTHENTICATED'],
    [
      'SQL in a new account’s username',
      () => gql(CREATE_USER, { input: { username: SQL, displayName: 'Budi', role: 'ADMIN', password: 'sandi-panjang-sekali' } }, admin),
      'BAD_USER_INPUT',
    ],
    [
      'a script in a new account’s name',
      () => gql(CREATE_USER, { input: { username: 'budi.s', displayName: SCRIPT, role: 'OFFICIAL', password: 'sandi-panjang-sekali' } }, admin),
      'BAD_USER_INPUT',
    ],
    [
      'SQL in a new account’s password (too short to matter, refused on length)',
      () => gql(CREATE_USER, { input: { username: 'budi.t', displayName: 'Budi', role: 'OFFICIAL', password: "'--" } }, admin),
      'BAD_USER_INPUT',
    ],
    ['a script as a batch id', () => gql(SUBMIT, { s: world.sessionGlobalId, b: SCRIPT, r: [result(p0())] }, cat()), 'INVALID_BATCH_ID'],
    ['SQL as a participant number', () => gql(SUBMIT, { s: world.sessionGlobalId, b: 'sql-pn', r: [result(SQL)] }, cat()), 'UNKNOWN_PARTICIPANT'],
    [
      'a script in a correction reason for a score that is not final',
      () =>
        gql(
          SUBMIT,
          {
            s: world.sessionGlobalId,
            b: 'script-reason',
            r: [result(world.participants[0]!.participantNumber, { twk: 95, correctionReason: SCRIPT }), result(SQL)],
          },
          cat(),
        ),
      'UNKNOWN_PARTICIPANT',
    ],
    [
      'a script as a live-progress participant number',
      () => gql(PROGRESS, { s: world.sessionGlobalId, u: [{ participantNumber: SCRIPT, twk: 10 }] }, cat()),
      'UNKNOWN_PARTICIPANT',
    ],
    ['SQL as the participant to disqualify', () => gql(DISQUALIFY, { s: world.sessionGlobalId, p: SQL, r: 'Membawa ponsel' }, cat()), 'UNKNOWN_PARTICIPANT'],
    ['SQL as an exam date filter', () => gql('query ($d: Date) { examSessions(date: $d) { id } }', { d: SQL }), 'BAD_USER_INPUT'],
    ['a script as a region code', () => gql('query ($c: String!) { region(code: $c) { name } }', { c: SCRIPT }).then(nullData('region')), null],
  ];

  it('holds at least 40 cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it('keeps hostile free text as text: a reason with SQL and a script is stored verbatim and runs nothing', async () => {
    const before = await app.db.prisma.examResult.count();
    const participant = world.participants[2]!.participantNumber;
    const res = await gql(DISQUALIFY, { s: world.sessionGlobalId, p: participant, r: `${SQL} ${SCRIPT}` }, cat());
    expect(res.body?.data?.disqualifyParticipant).toBe(true);
    const seat = await app.db.prisma.examSeat.findFirstOrThrow({ where: { participantNumber: participant } });
    expect(seat.disqualifiedReason).toBe(`${SQL} ${SCRIPT}`);
    expect(await app.db.prisma.examResult.count()).toBe(before);
  });

  it('the audit log subscription is there for an administrator', async () => {
    const client = createClient({
      url: `${app.server.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: admin,
    });
    try {
      const next = new Promise((resolve, reject) =>
        client.subscribe({ query: 'subscription { auditEntryAdded { operation outcome role } }' }, { next: resolve, error: reject, complete: () => {} }),
      );
      await new Promise((r) => setTimeout(r, 200));
      await gql(LOGIN, { u: 'admin', p: 'salah-sandi-123' });
      expect(await next).toEqual({ data: { auditEntryAdded: { operation: 'login', outcome: 'UNAUTHENTICATED', role: 'PUBLIC' } } });
    } finally {
      await client.dispose();
    }
  });

  it.each(cases)('%s', async (_name, request, code, status, audited = false) => {
    const before = await counts();
    const answer = await request();
    if (status !== undefined) expect(answer.status).toBe(status);
    if (code === null) expect(answer.body?.errors?.[0]?.extensions?.code).toBeUndefined();
    else expect(answer.body?.errors?.[0]?.extensions?.code, JSON.stringify(answer.body)).toBe(code);
    expect(await counts()).toEqual({ ...before, successfulMutations: before.successfulMutations + (audited ? 1 : 0) });
  });
});

/** A graphql-multipart-request body whose one file has `size` bytes, mapped onto a String variable. */
function multipart(size: number): string {
  const operations = JSON.stringify({ query: LOGIN, variables: { u: null, p: 'x' } });
  return [
    '--XX\r\nContent-Disposition: form-data; name="operations"\r\n\r\n' + operations,
    '--XX\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.u"]}',
    '--XX\r\nContent-Disposition: form-data; name="0"; filename="ktp.pdf"\r\nContent-Type: application/pdf\r\n\r\n' + 'x'.repeat(size),
    '--XX--\r\n',
  ].join('\r\n');
}

/** The first `data:` of an event stream, parsed. */
function eventData(stream: string): Answer['body'] {
  const line = stream.split('\n').find((l) => l.startsWith('data: {'));
  return line ? JSON.parse(line.slice(6)) : null;
}

/** A replay answers like the first call, flagged as replayed. */
function replayed(answer: Answer): Answer {
  expect(answer.body?.data?.submitExamResults).toEqual({ batchId: 'batch-1', created: 1, replayed: true });
  return answer;
}

/** An answer whose `field` is null without errors counts as "nothing found" (the code row is null). */
function nullData(field: string) {
  return (answer: Answer): Answer => {
    expect(answer.body?.data?.[field]).toBeNull();
    return answer;
  };
}
