/**
 * Personal data never reaches PUBLIC or a partner without `pii:read`: every field either caller
 * can reach is walked (queries and subscriptions, built from the schema itself, so types added
 * later are covered without a change here) on seeded applicants, and no answer may contain a
 * seeded NIK, phone, email or full name. The same walk as ADMIN does find the names, which shows
 * the walk reaches the fields where they would leak.
 */
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../../test/app.js';
import { coordinateOf, Harvest, reachedCoordinates, walkQueries, type WalkQuery } from '../../test/schema-walker.js';
import { schema } from '../schema/index.js';
import { seedExamSchedule, simulateSkdResults } from '../seed/exams.js';
import { seedSynthetic } from '../seed/seed.js';
import { createApiKey, PARTNER_SCOPES } from './api-keys.js';
import { createUser } from './users.js';

interface Caller {
  headers: Record<string, string>;
  connectionParams: Record<string, unknown>;
}

interface WalkResult {
  /** Every answer, as JSON text, with the root field it came from. */
  answers: Array<{ root: string; text: string }>;
  reached: Set<string>;
  refused: Set<string>;
  /** Errors other than refusals and rejected arguments: the walk must not be stopped by anything else. */
  unexpected: string[];
}

// Refusals, arguments that do not fit the field (an id of another type), and not-found answers.
const EXPECTED_CODES = new Set(['FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND']);

describe('personal data', () => {
  let app: TestApp;
  let admin: Caller;
  const harvest = new Harvest();
  const secrets: string[] = [];

  async function run(
    query: WalkQuery,
    caller: Caller,
  ): Promise<{ data?: unknown; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> }> {
    if (query.operation === 'query')
      return app.gql(query.text, {}, caller.headers).catch((err: Error) => {
        throw new Error(`${err.message}: ${query.text}`);
      });
    const client = createClient({
      url: `${app.server.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: caller.connectionParams,
    });
    try {
      return await new Promise((resolve) => {
        const timer = setTimeout(() => resolve({}), 3000);
        client.subscribe(
          { query: query.text },
          {
            next: (value) => (clearTimeout(timer), resolve(value as never)),
            error: (err) => (clearTimeout(timer), resolve({ errors: Array.isArray(err) ? err : [{ message: String(err) }] })),
            complete: () => (clearTimeout(timer), resolve({})),
          },
        );
      });
    } finally {
      await client.dispose();
    }
  }

  /** Walks everything `caller` can reach, leaving out what it was refused, until nothing new is refused. */
  async function walk(caller: Caller, learn = false): Promise<WalkResult> {
    const result: WalkResult = { answers: [], reached: new Set(), refused: new Set(), unexpected: [] };
    for (let round = 0; round < 6; round++) {
      const before = result.refused.size + harvest.ids.size;
      for (const query of walkQueries(schema, harvest, { maxDepth: 6, skip: result.refused })) {
        const answer = await run(query, caller);
        result.answers.push({ root: query.root, text: JSON.stringify(answer) });
        if (learn) harvest.take(answer.data);
        const rootType = query.operation === 'query' ? schema.getQueryType() : schema.getSubscriptionType();
        reachedCoordinates(schema, rootType, answer.data, result.reached);
        for (const error of answer.errors ?? []) {
          const code = String(error.extensions?.code ?? '');
          if (code === 'FORBIDDEN' && error.path) {
            const refusedAt = error.path.length === 1 && query.as ? `${query.root}:${query.as}` : coordinateOf(schema, query.operation, error.path);
            result.refused.add(refusedAt ?? query.root);
          } else if (!EXPECTED_CODES.has(code) && !/is not of type|expected one of|Invalid global ID/i.test(error.message))
            result.unexpected.push(`${query.root}: ${code} ${error.message}`);
        }
      }
      if (result.refused.size + harvest.ids.size === before) break;
    }
    return result;
  }

  function leaks(result: WalkResult): string[] {
    const found: string[] = [];
    for (const { root, text } of result.answers) for (const secret of secrets) if (text.includes(secret)) found.push(`${root}: ${secret}`);
    return found;
  }

  beforeAll(async () => {
    app = await startTestApp('pglite', { heartbeatIntervalMs: 200 });
    await seedSynthetic(app.db.prisma, { applicants: 700, seed: 9 });
    await seedExamSchedule(app.db.prisma, { seed: 9 });
    await simulateSkdResults(app.db.prisma, { seed: 9, sessions: 2 });
    // A one-word name that is also a public name (a hospital, a university) is not a leak when the public name shows.
    const prisma = app.db.prisma;
    const publicNames = [
      ...(await prisma.region.findMany({ select: { name: true } })),
      ...(await prisma.agency.findMany({ select: { name: true } })),
      ...(await prisma.serviceUnit.findMany({ select: { name: true } })),
      ...(await prisma.examSite.findMany({ select: { name: true } })),
    ]
      .map((r) => r.name)
      .join('\n');
    for (const a of await prisma.applicant.findMany({ select: { nik: true, phone: true, email: true, fullName: true } })) {
      secrets.push(a.nik, a.phone, a.email);
      if (!publicNames.includes(a.fullName)) secrets.push(a.fullName);
    }
    // Rows with scores behind them first, so ranking and session arguments reach real entries.
    const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
    const scored = await prisma.application.findMany({ where: { results: { some: {} } }, select: { formationId: true }, distinct: ['formationId'], take: 2 });
    harvest.prime(
      'Formation',
      scored.map((a) => globalId('Formation', a.formationId)),
    );
    const closed = await prisma.examSession.findMany({ where: { status: 'CLOSED' }, select: { id: true }, take: 2 });
    harvest.prime(
      'ExamSession',
      closed.map((s) => globalId('ExamSession', s.id)),
    );
    await createUser(app.db.prisma, { username: 'admin', displayName: 'Admin', role: 'ADMIN', password: 'sandi-admin-panjang' });
    const token = (await app.gql('mutation { login(username: "admin", password: "sandi-admin-panjang") { token } }')).data.login.token;
    admin = { headers: { authorization: `Bearer ${token}` }, connectionParams: { authorization: `Bearer ${token}` } };
  }, 240_000);
  afterAll(() => app?.close());

  it('the walk reaches identity fields: as ADMIN it finds seeded names', async () => {
    const result = await walk(admin, true);
    expect(result.unexpected).toEqual([]);
    expect(harvest.ids.get('Formation')?.size).toBeGreaterThan(0);
    expect(harvest.ids.get('ExamSession')?.size).toBeGreaterThan(0);
    expect(result.reached).toContain('RankingEntry.displayName');
    expect(result.reached).toContain('SessionScore.displayName');
    // verifyScore needs the exam-card code, which no public field gives: even this walk cannot open a score proof.
    expect(result.reached).not.toContain('ScoreProof.entry');
    expect(leaks(result).length).toBeGreaterThan(0);
  }, 300_000);

  it.each([
    ['PUBLIC', () => ({ headers: {}, connectionParams: {} })],
    [
      'a partner without pii:read',
      async () => {
        const { key } = await createApiKey(app.db.prisma, { name: 'every scope but pii:read', scopes: PARTNER_SCOPES.filter((s) => s !== 'pii:read') });
        return { headers: { 'x-api-key': key }, connectionParams: { apiKey: key } };
      },
    ],
  ] as const)(
    'never reaches %s: no seeded NIK, phone, email or full name in any answer',
    async (_name, caller) => {
      const result = await walk(await caller());
      expect(result.unexpected).toEqual([]);
      expect(leaks(result)).toEqual([]);
      // It did read the masked identities, and everything public.
      expect(result.reached).toContain('RankingEntry.displayName');
      expect(result.reached).toContain('SessionScore.participantNumber');
      expect(result.reached.size).toBeGreaterThan(60);
    },
    300_000,
  );
});
