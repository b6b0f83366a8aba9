/**
 * The reproductions of issue 16, each failing the way it should, on PGlite and PostgreSQL:
 * filters match literally, passwords follow the stated policy, tokens parse strictly, a
 * correction reason must say something, and two simultaneous score batches with one id give one
 * write and one replay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/access/users.js';
import { createExamWorld, type ExamWorld } from './exam-fixture.js';
import { startTestApp, type TestApp } from './app.js';
import { ENGINES } from './databases.js';

const LOGIN = 'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }';
const SUBMIT = `mutation($s: ID!, $b: String!, $r: [ExamResultInput!]!) {
  submitExamResults(sessionId: $s, batchId: $b, results: $r) { batchId created unchanged corrected replayed }
}`;

describe.each(ENGINES)('privacy and authority on %s', (engine) => {
  let app: TestApp;
  let official: Record<string, string>;
  let token: string;
  let world: ExamWorld;

  beforeAll(async () => {
    app = await startTestApp(engine);
    await createUser(app.db.prisma, { username: 'pejabat', displayName: 'Pejabat', role: 'OFFICIAL', password: 'sandi-pejabat-panjang' });
    token = (await app.gql(LOGIN, { u: 'pejabat', p: 'sandi-pejabat-panjang' })).data.login.token;
    official = { authorization: `Bearer ${token}` };
    world = await createExamWorld(app.db.prisma, { applicants: 4 });
  });
  afterAll(() => app?.close());

  it('region filters match literally: "%" and "_" are no wildcards', async () => {
    const count = async (code: string) =>
      (await app.gql('query ($c: String) { formations(regionCode: $c, first: 100) { totalCount } }', { c: code })).data.formations.totalCount as number;
    expect(await count('15')).toBeGreaterThan(0);
    for (const wildcard of ['%', '_', '1%', '15.%', '1_', '15._1', '\\']) expect(await count(wildcard), wildcard).toBe(0);
    await app.db.prisma.serviceAspiration.create({
      data: {
        regionId: (await app.db.prisma.region.findUniqueOrThrow({ where: { code: '16.71' } })).id,
        category: 'KESEHATAN',
        text: 'Butuh bidan tambahan di kecamatan kami',
      },
    });
    for (const field of ['feedback(regionCode: $c, first: 10)', 'employees(regionCode: $c, first: 10)', 'serviceAspirationTexts(regionCode: $c, first: 10)']) {
      const res = await app.gql(`query ($c: String!) { ${field} { edges { node { __typename } } } }`, { c: '%' }, official);
      expect(res.errors, field).toBeUndefined();
      expect(Object.values(res.data as Record<string, { edges: unknown[] }>)[0]!.edges, field).toEqual([]);
    }
    const literal = await app.gql(
      'query ($c: String!) { serviceAspirationTexts(regionCode: $c, first: 10) { edges { node { text } } } }',
      { c: '16' },
      official,
    );
    expect(literal.data.serviceAspirationTexts.edges).toHaveLength(1);
  });

  it('passwords follow the stated policy: ten spaces, one repeated character or a control character are refused', async () => {
    const create = 'mutation ($i: CreateUserInput!) { createUser(input: $i) { id } }';
    const admin = await createUser(app.db.prisma, { username: 'admin', displayName: 'Admin', role: 'ADMIN', password: 'sandi-admin-panjang' });
    const adminAuth = { authorization: `Bearer ${(await app.gql(LOGIN, { u: 'admin', p: 'sandi-admin-panjang' })).data.login.token}` };
    expect(admin.id).toBeGreaterThan(0);
    for (const password of [
      '          ',
      '\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B',
      'aaaaaaaaaaaa',
      '1111111111',
      'sandi\u0000panjang-x',
    ]) {
      const res = await app.gql(create, { i: { username: 'baru', displayName: 'Pegawai Baru', role: 'OFFICIAL', password } }, adminAuth);
      // The policy names `password`; a control character is refused earlier, at the edge, as `input.password`.
      expect(res.errors?.[0]?.extensions, JSON.stringify(password)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: expect.stringMatching(/^(input\.)?password$/),
      });
    }
    expect(await app.db.prisma.user.findUnique({ where: { username: 'baru' } })).toBeNull();
    expect(
      (await app.gql(create, { i: { username: 'baru', displayName: 'Pegawai Baru', role: 'OFFICIAL', password: 'kuda liar berlari' } }, adminAuth)).errors,
    ).toBeUndefined();
  });

  it('tokens are parsed strictly: anything added to a genuine token is refused', async () => {
    expect((await app.gql('{ viewer { role } }', {}, official)).data.viewer.role).toBe('OFFICIAL');
    for (const forged of [`${token}.extra`, `${token}.`, `x.${token}`, `${token}=`, token.replace(/^v1\./, 'v1..')]) {
      const res = await app.gql('{ viewer { role } }', {}, { authorization: `Bearer ${forged}` });
      expect(res.errors?.[0]?.extensions?.code, forged.slice(-12)).toBe('UNAUTHENTICATED');
    }
  });

  it('a correction reason must say something: one zero-width space or direction controls are refused and nothing changes', async () => {
    const p = world.participants[0]!.participantNumber;
    const key = { 'x-api-key': world.apiKey };
    const first = await app.gql(
      SUBMIT,
      { s: world.sessionGlobalId, b: 'reason-1', r: [{ participantNumber: p, twk: 100, tiu: 100, tkp: 180, finishedAt: '2024-10-21T02:00:00Z' }] },
      key,
    );
    expect(first.errors).toBeUndefined();
    for (const [i, reason] of ['\u200B', ' \u200B\u200D ', 'salah \u202Eketik\u202C'].entries()) {
      const res = await app.gql(
        SUBMIT,
        {
          s: world.sessionGlobalId,
          b: `reason-bad-${i}`,
          r: [{ participantNumber: p, twk: 105, tiu: 100, tkp: 180, finishedAt: '2024-10-21T02:00:00Z', correctionReason: reason }],
        },
        key,
      );
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(reason)).toMatch(/^(INVALID_REASON|RESULT_ALREADY_FINAL)$/);
    }
    expect(await app.db.prisma.scoreCorrection.count()).toBe(0);
    expect((await app.db.prisma.examResult.findFirstOrThrow({ where: { participantNumber: p } })).twk).toBe(100);
  });

  it('two simultaneous batches with one id: one write and one replay, never a 500', async () => {
    const key = { 'x-api-key': world.apiKey };
    const results = world.participants
      .slice(1)
      .map((p, i) => ({ participantNumber: p.participantNumber, twk: 90 + 5 * i, tiu: 95, tkp: 170, finishedAt: '2024-10-21T02:30:00Z' }));
    for (let round = 0; round < 3; round++) {
      const batch = `race-${round}`;
      const answers = await Promise.all(
        [0, 1].map(() =>
          app.gql(
            SUBMIT,
            {
              s: world.sessionGlobalId,
              b: batch,
              r: round === 0 ? results : results.map((r) => ({ ...r, twk: r.twk + 5 * round, correctionReason: `koreksi putaran ${round}` })),
            },
            key,
          ),
        ),
      );
      expect(answers.map((a) => a.errors)).toEqual([undefined, undefined]);
      expect(answers.map((a) => a.data.submitExamResults.replayed).sort()).toEqual([false, true]);
      expect(answers[0]!.data.submitExamResults).toMatchObject({
        ...answers[1]!.data.submitExamResults,
        replayed: answers[0]!.data.submitExamResults.replayed,
      });
      expect(await app.db.prisma.ingestionBatch.count({ where: { id: batch } })).toBe(1);
    }
    expect(await app.db.prisma.scoreCorrection.count()).toBe(2 * results.length);
  });
});
