/**
 * The authorization matrix holds: every operation of the schema (Query, Mutation, Subscription),
 * called as every kind of caller (public, an applicant, each partner scope alone, VERIFIER,
 * OFFICIAL, ADMIN), is refused with FORBIDDEN exactly when src/access/matrix.ts says so. Calls are
 * built from the schema itself (arguments of the right type, made up), so a new operation is
 * walked without touching this file, and one without a row in the matrix fails. An applicant
 * acting on another applicant's rows is refused too. (docs/access.md prints the same matrix:
 * src/docs.test.ts.)
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { getNamedType, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType, type GraphQLInputType, type GraphQLObjectType } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiKey, PARTNER_SCOPES } from '../src/access/api-keys.js';
import { ACCESS_MATRIX, accessOf, allows, type OperationType } from '../src/access/matrix.js';
import { createUser } from '../src/access/users.js';
import type { Role } from '../src/context.js';
import { schema } from '../src/schema/index.js';
import { startTestApp, type TestApp } from './app.js';
import { registerConfirmed } from './registration.js';

interface Caller {
  name: string;
  role: Role;
  scopes: Set<string>;
  headers: Record<string, string>;
  connectionParams: Record<string, unknown>;
}

/** A made-up value of an input type: enough to get past validation to the authorization check. */
function sample(type: GraphQLInputType, extensions?: { relayGlobalIDFor?: Array<{ typename: string }> } | null): unknown {
  if (isNonNullType(type)) return sample(type.ofType, extensions);
  if (isListType(type)) return [];
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0]!.name;
  if (isInputObjectType(named)) {
    return Object.fromEntries(
      Object.values(named.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, sample(f.type, f.extensions as never)]),
    );
  }
  switch (named.name) {
    case 'ID': {
      // An id of the type the argument asks for (Pothos checks the type before anything else); a
      // partner key that does not exist, so the administrator's walk revokes none of the callers'.
      const typename = extensions?.relayGlobalIDFor?.[0]?.typename ?? 'Formation';
      return encodeGlobalID(typename, typename === 'ApiKey' ? 999_999 : 1);
    }
    case 'Int':
      return 1;
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'DateTime':
      return '2024-01-01T00:00:00.000Z';
    case 'Date':
      return '2024-01-01';
    case 'File':
      return null;
    default:
      return 'x';
  }
}

interface Call {
  type: OperationType;
  field: string;
  query: string;
  variables: Record<string, unknown>;
  /** Variable paths holding a file (sent as a multipart upload). */
  files: string[];
}

function calls(): Call[] {
  const out: Call[] = [];
  const roots: Array<[OperationType, GraphQLObjectType | null | undefined]> = [
    ['Query', schema.getQueryType()],
    ['Mutation', schema.getMutationType()],
    ['Subscription', schema.getSubscriptionType()],
  ];
  for (const [type, root] of roots) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
      const variables = Object.fromEntries(required.map((a) => [a.name, sample(a.type, a.extensions as never)]));
      const files = required.filter((a) => getNamedType(a.type).name === 'File').map((a) => `variables.${a.name}`);
      const declared = required.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
      const passed = required.map((a) => `${a.name}: $${a.name}`).join(', ');
      const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
      const operation = type === 'Query' ? 'query' : type === 'Mutation' ? 'mutation' : 'subscription';
      const query = `${operation} Walk${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selection} }`;
      out.push({ type, field: field.name, query, variables, files });
    }
  }
  return out;
}

type Answer = { errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> };

describe('the authorization matrix', () => {
  let app: TestApp;
  const callers: Caller[] = [];
  let other: Pick<Caller, 'headers' | 'connectionParams'>;

  async function send(call: Call, caller: Caller): Promise<Answer> {
    if (call.type === 'Subscription') {
      const client = createClient({
        url: `${app.server.url.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: caller.connectionParams,
      });
      try {
        return await new Promise<Answer>((resolve) => {
          // Refusals come at once; an allowed subscription stays open and is closed after a moment.
          const timer = setTimeout(() => resolve({}), 800);
          client.subscribe(
            { query: call.query, variables: call.variables },
            {
              next: (value) => (clearTimeout(timer), resolve(value as Answer)),
              error: (err) => (clearTimeout(timer), resolve({ errors: Array.isArray(err) ? err : [{ message: String(err) }] })),
              complete: () => (clearTimeout(timer), resolve({})),
            },
          );
        });
      } finally {
        await client.dispose();
      }
    }
    if (call.files.length) {
      const form = new FormData();
      form.set('operations', JSON.stringify({ query: call.query, variables: call.variables }));
      form.set('map', JSON.stringify(Object.fromEntries(call.files.map((p, i) => [String(i), [p]]))));
      call.files.forEach((_p, i) => {
        form.set(String(i), new Blob([new Uint8Array(Buffer.from('%PDF-1.7\n%%EOF\n'))]), 'walk.pdf');
      });
      const res = await fetch(`${app.server.url}/graphql`, {
        method: 'POST',
        body: form,
        headers: { ...caller.headers, 'x-graphql-yoga-csrf': 'pantau-test' },
      });
      return (await res.json()) as Answer;
    }
    return app.gql(call.query, call.variables, caller.headers);
  }

  const refused = (answer: Answer, field: string) =>
    (answer.errors ?? []).some((e) => e.extensions?.code === 'FORBIDDEN' && (e.path === undefined || e.path[0] === field));

  beforeAll(async () => {
    app = await startTestApp('pglite');
    const p = app.db.prisma;
    const login = async (u: string, pw: string) =>
      (await app.gql('mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', { u, p: pw })).data.login.token as string;
    const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` }, connectionParams: { authorization: `Bearer ${token}` } });
    callers.push({ name: 'PUBLIC', role: 'PUBLIC', scopes: new Set(), headers: {}, connectionParams: {} });
    for (const role of ['VERIFIER', 'OFFICIAL', 'ADMIN'] as const) {
      await createUser(p, { username: role.toLowerCase(), displayName: role, role, password: `sandi-${role.toLowerCase()}-panjang` });
      callers.push({ name: role, role, scopes: new Set(), ...bearer(await login(role.toLowerCase(), `sandi-${role.toLowerCase()}-panjang`)) });
    }
    const register = async (nik: string, email: string) => {
      const input = {
        nik,
        fullName: 'Siti Aminah',
        birthDate: '1999-01-01',
        gender: 'FEMALE',
        email,
        phone: '081234567890',
        educationLevel: 'S1',
        major: 'Pendidikan',
        gpa: 3.2,
        disability: false,
        originRegionCode: '16.71',
        password: 'kata-sandi-rahasia',
      };
      return (await registerConfirmed(app.gql, p, input)).token;
    };
    callers.push({ name: 'APPLICANT', role: 'APPLICANT', scopes: new Set(), ...bearer(await register('1671144101990001', 'siti@contoh.test')) });
    other = bearer(await register('1671144101990002', 'lain@contoh.test'));
    for (const scope of PARTNER_SCOPES) {
      const { key } = await createApiKey(p, { name: `only ${scope}`, scopes: [scope] });
      callers.push({ name: `PARTNER ${scope}`, role: 'PARTNER', scopes: new Set([scope]), headers: { 'x-api-key': key }, connectionParams: { apiKey: key } });
    }
  }, 60_000);
  afterAll(() => app?.close());

  it('has one row for every operation of the schema, and each field takes its scopes from it', () => {
    const inSchema = calls()
      .map((c) => `${c.type}.${c.field}`)
      .sort();
    const inMatrix = Object.entries(ACCESS_MATRIX)
      .flatMap(([type, rows]) => Object.keys(rows).map((f) => `${type}.${f}`))
      .sort();
    expect(inSchema).toEqual(inMatrix);
    for (const call of calls()) {
      const field = (
        call.type === 'Query' ? schema.getQueryType() : call.type === 'Mutation' ? schema.getMutationType() : schema.getSubscriptionType()
      )!.getFields()[call.field]!;
      const row = accessOf(call.type, call.field);
      expect((field.extensions.pothosOptions as { authScopes?: unknown }).authScopes, `${call.type}.${call.field}`).toEqual(
        row.anyone ? { public: true } : { matrix: row },
      );
    }
  });

  it('every operation, as every caller, is refused exactly where the matrix says', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const caller of callers) {
      const all = calls();
      const answers = await Promise.all(all.filter((c) => c.type === 'Subscription').map((c) => send(c, caller).then((a) => [c, a] as const)));
      for (const c of all.filter((c) => c.type !== 'Subscription')) answers.push([c, await send(c, caller)] as const);
      for (const [call, answer] of answers) {
        const expected = allows(accessOf(call.type, call.field), caller.role, caller.scopes);
        const wasRefused = refused(answer, call.field);
        checked++;
        if (wasRefused === expected)
          mismatches.push(
            `${caller.name} ${call.type}.${call.field}: ${expected ? 'allowed by the matrix, refused' : 'refused by the matrix, allowed'} ${JSON.stringify(answer.errors?.[0] ?? null)}`,
          );
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(callers.length * calls().length);
    // Verifiers verify documents and nothing else: no write but verifyApplication.
    const verifierWrites = Object.entries(ACCESS_MATRIX.Mutation)
      .filter(([, row]) => allows(row, 'VERIFIER', new Set()) && !('anyone' in row))
      .map(([f]) => f);
    expect(verifierWrites).toEqual(['verifyApplication']);
  }, 240_000);

  it("an applicant cannot read or act on another applicant's rows", async () => {
    const p = app.db.prisma;
    const siti = await p.applicant.findUniqueOrThrow({ where: { email: 'siti@contoh.test' } });
    const formation = await p.formation.findFirstOrThrow({ where: { selectionYear: { year: 2024 } }, select: { id: true, selectionYearId: true } });
    const application = await p.application.create({
      data: {
        participantNumber: '24000000000001',
        applicantId: siti.id,
        formationId: formation.id,
        selectionYearId: formation.selectionYearId,
        status: 'ANNOUNCED',
        adminResult: 'TMS',
        tmsReason: 'DOKUMEN_TIDAK_LENGKAP',
        announcedAt: new Date(),
      },
    });
    const applicationId = encodeGlobalID('Application', application.id);
    // Reading: the row and the person behind it are not there for another applicant: null, the
    // same answer as for an id that does not exist, so nothing tells whether it does.
    for (const [type, id] of [
      ['Application', application.id],
      ['Applicant', siti.id],
    ] as const) {
      const read = await app.gql(`query ($id: ID!) { node(id: $id) { __typename ... on ${type} { id } } }`, { id: encodeGlobalID(type, id) }, other.headers);
      const missing = await app.gql(
        `query ($id: ID!) { node(id: $id) { __typename ... on ${type} { id } } }`,
        { id: encodeGlobalID(type, 999_999) },
        other.headers,
      );
      for (const answer of [read, missing]) {
        expect(answer.errors, type).toBeUndefined();
        expect(answer.data.node, type).toBeNull();
      }
    }
    const owner = await app.gql(
      'query ($id: ID!) { node(id: $id) { ... on Application { id } } }',
      { id: applicationId },
      callers.find((c) => c.name === 'APPLICANT')!.headers,
    );
    expect(owner.data.node.id).toBe(applicationId);
    // Acting: a sanggah on someone else's application is refused and nothing is written.
    const appeal = await app.gql(
      'mutation ($a: ID!) { fileAppeal(applicationId: $a, reason: "Dokumen saya sudah lengkap dan sah") { id } }',
      { a: applicationId },
      other.headers,
    );
    expect(appeal.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'applicationId' });
    expect(await p.appeal.count()).toBe(0);
    expect((await p.application.findUniqueOrThrow({ where: { id: application.id } })).status).toBe('ANNOUNCED');
  });
});
