/**
 * Typed refusals for every bad value, on both databases, in production mode: a null byte or a
 * lone surrogate in any string, an impossible date, an id that is not there or not the caller's to
 * see, a malformed or wrong-typed global id. Each is BAD_USER_INPUT naming the argument (or null
 * for Relay node lookups), the same whether the id exists for another type or not, and nothing is written.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/access/api-keys.js';
import { loadTokenSigner } from '../src/access/tokens.js';
import { createUser } from '../src/access/users.js';
import { loadPersistedManifest } from '../src/transport/persisted.js';
import { startTestApp, type TestApp } from './app.js';
import { ENGINES } from './databases.js';
import { createExamWorld, type ExamWorld } from './exam-fixture.js';

const ANNOUNCEMENT_ENTRIES = [...loadPersistedManifest()].find(([, text]) => /^query AnnouncementEntries\b/.test(text))![0];
const NODE = 'query ($id: ID!) { node(id: $id) { __typename id } }';
const NODES = 'query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }';
const DISQUALIFY = 'mutation ($s: ID!, $p: String!, $r: String!) { disqualifyParticipant(sessionId: $s, participantNumber: $p, reason: $r) }';
const OPEN_PERIOD =
  'mutation ($u: ID!, $o: DateTime!, $c: DateTime!) { openSurveyPeriod(serviceUnitId: $u, label: "Triwulan", opensAt: $o, closesAt: $c) { id } }';

describe.each(ENGINES)('typed refusals (%s)', (engine) => {
  let app: TestApp;
  let world: ExamWorld;
  let admin: Record<string, string>;
  let partner: Record<string, string>;
  let userId: string;
  let unitId: string;

  beforeAll(async () => {
    app = await startTestApp(engine, { production: true });
    world = await createExamWorld(app.db.prisma, { applicants: 3 });
    const user = await createUser(app.db.prisma, { username: 'admin', displayName: 'Admin', role: 'ADMIN', password: 'sandi-admin-panjang' });
    userId = encodeGlobalID('User', user.id);
    const signer = await loadTokenSigner(app.db.prisma);
    admin = { authorization: `Bearer ${signer.sign({ kind: 'user', id: user.id, role: 'ADMIN' }).token}` };
    partner = { 'x-api-key': (await createApiKey(app.db.prisma, { name: 'portal', scopes: ['kpis:read'] })).key };
    unitId = encodeGlobalID('ServiceUnit', (await app.db.prisma.serviceUnit.findFirstOrThrow()).id);
  }, 120_000);
  afterAll(() => app?.close());

  const written = async () => ({
    periods: await app.db.prisma.surveyPeriod.count(),
    disqualified: await app.db.prisma.examSeat.count({ where: { disqualifiedReason: { not: null } } }),
    ok: await app.db.prisma.auditEntry.count({ where: { outcome: 'OK' } }),
  });

  it('answers node(id:) and nodes(ids:) with null for an unknown id and for one the caller may not see, alike for every role', async () => {
    const hidden = [encodeGlobalID('Formation', 987654), encodeGlobalID('User', 987654), userId, encodeGlobalID('AuditEntry', 1)];
    // PUBLIC runs only persisted documents in production: its node lookup is AnnouncementEntries, below.
    for (const headers of [partner]) {
      for (const id of hidden) expect(await app.gql(NODE, { id }, headers), id).toEqual({ data: { node: null } });
      expect(await app.gql(NODES, { ids: [world.formationGlobalId, ...hidden] }, headers)).toEqual({
        data: { nodes: [{ __typename: 'Formation', id: world.formationGlobalId }, null, null, null, null] },
      });
    }
    // The administrator sees the account; a missing one is still null.
    expect((await app.gql(NODE, { id: userId }, admin)).data.node).toEqual({ __typename: 'User', id: userId });
    expect(await app.gql(NODE, { id: encodeGlobalID('User', 987654) }, admin)).toEqual({ data: { node: null } });
  });

  it('refuses a malformed id in node lookups as BAD_USER_INPUT naming the argument', async () => {
    for (const id of ['not-an-id', encodeGlobalID('NoSuchType', 1), encodeGlobalID('Formation', 'abc'), encodeGlobalID('Formation', '99999999999')]) {
      const one = await app.gql(NODE, { id }, partner);
      expect(one.errors?.[0]?.extensions, id).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      const many = await app.gql(NODES, { ids: [world.formationGlobalId, id] }, partner);
      expect(many.errors?.[0]?.extensions, id).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
    }
  });

  it('answers the public AnnouncementEntries operation for an announcement that does not exist with null, not a 500', async () => {
    for (const id of [encodeGlobalID('Announcement', 987654), encodeGlobalID('Announcement', 0)]) {
      const res = await fetch(`${app.server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ variables: { id, first: 10 }, extensions: { persistedQuery: { version: 1, sha256Hash: ANNOUNCEMENT_ENTRIES } } }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data: { node: null } });
    }
  });

  it('refuses a null byte, a lone surrogate or a control character in any string, variable or literal, naming the argument; nothing written', async () => {
    const before = await written();
    const participant = world.participants[0]!.participantNumber;
    for (const bad of ['Membawa\u0000ponsel', 'Membawa \ud800 ponsel', 'Membawa\u0007ponsel', 'x\u009b']) {
      const res = await app.gql(DISQUALIFY, { s: world.sessionGlobalId, p: participant, r: bad }, { 'x-api-key': world.apiKey });
      expect(res.errors?.[0]?.extensions, JSON.stringify(bad)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    }
    const literal = await app.gql(
      `mutation { disqualifyParticipant(sessionId: "${world.sessionGlobalId}", participantNumber: "${participant}", reason: "a\\u0000b") }`,
      {},
      { 'x-api-key': world.apiKey },
    );
    expect(literal.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const region = await app.gql('query ($c: String!) { region(code: $c) { name } }', { c: '17\u000071' }, partner);
    expect(region.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
    // Tabs and line breaks pass the edge; a one-line field's own rule (domain/text.ts) then refuses them, naming it.
    const twoLines = await app.gql(DISQUALIFY, { s: world.sessionGlobalId, p: participant, r: 'Membawa ponsel\n\tdi saku' }, { 'x-api-key': world.apiKey });
    expect(twoLines.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_REASON', field: 'reason' });
    expect(
      (await app.gql(DISQUALIFY, { s: world.sessionGlobalId, p: participant, r: 'Membawa ponsel di saku' }, { 'x-api-key': world.apiKey })).data
        ?.disqualifyParticipant,
    ).toBe(true);
    expect(await written()).toEqual({ ...before, disqualified: before.disqualified + 1, ok: before.ok + 1 });
  });

  it('refuses impossible dates ("yesterday", year 275760, year -50, 31 February) naming the argument; nothing written', async () => {
    const before = await written();
    for (const bad of ['yesterday', '+275760-09-13T00:00:00Z', '-000050-01-01T00:00:00Z', '2025-02-31T00:00:00Z', '', '1800-01-01T00:00:00Z']) {
      const viaVariable = await app.gql(OPEN_PERIOD, { u: unitId, o: bad, c: '2025-06-30T00:00:00Z' }, admin);
      expect(viaVariable.errors?.[0]?.extensions, bad).toMatchObject({ code: 'BAD_USER_INPUT', field: 'opensAt' });
      const literal = await app.gql(
        `mutation { openSurveyPeriod(serviceUnitId: "${unitId}", label: "x", opensAt: ${JSON.stringify(bad)}, closesAt: "2025-06-30T00:00:00Z") { id } }`,
        {},
        admin,
      );
      expect(literal.errors?.[0]?.extensions, bad).toMatchObject({ code: 'BAD_USER_INPUT', field: 'opensAt' });
    }
    expect(await written()).toEqual(before);
  });

  it('gives the same refusal for an id of another type whether or not that row exists', async () => {
    const strip = (r: { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }) =>
      r.errors?.map((e) => ({ code: e.extensions?.code, field: e.extensions?.field }));
    // (the messages differ only in the id they quote)
    const existing = await app.gql(OPEN_PERIOD, { u: world.formationGlobalId, o: '2025-01-01T00:00:00Z', c: '2025-06-30T00:00:00Z' }, admin);
    const missing = await app.gql(OPEN_PERIOD, { u: encodeGlobalID('Formation', 987654), o: '2025-01-01T00:00:00Z', c: '2025-06-30T00:00:00Z' }, admin);
    expect(strip(existing)).toEqual([{ code: 'BAD_USER_INPUT', field: 'serviceUnitId' }]);
    expect(strip(missing)).toEqual(strip(existing));
    expect(missing.errors?.[0]?.message.replace(/\S+=*/g, '')).toBe(existing.errors?.[0]?.message.replace(/\S+=*/g, ''));
  });
});
