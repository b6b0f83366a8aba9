/**
 * Session state reaches screens live: a screen watching a session sees it start and close (with
 * no-shows marked absent and the time of the data, not of the push), and a screen watching a site
 * sees a session scheduled and started there, over a real graphql-ws client on both engines.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from './app.js';
import { ENGINES } from './databases.js';
import { createExamWorld, type ExamWorld } from './exam-fixture.js';

/** Every push of one subscription, kept in order, with a way to wait for one that matches. */
function watch<T>(client: Client, query: string, variables: Record<string, unknown>) {
  const pushes: T[] = [];
  const errors: unknown[] = [];
  const stop = client.subscribe<T>(
    { query, variables },
    { next: (m) => (m.errors ? errors.push(m.errors) : pushes.push(m.data!)), error: (e) => errors.push(e), complete: () => {} },
  );
  const until = async (match: (push: T) => boolean, timeout = 5_000) => {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      const found = pushes.find(match);
      if (found) return found;
      if (errors.length) throw new Error(JSON.stringify(errors));
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no matching push in ${JSON.stringify(pushes)}`);
  };
  return { pushes, until, stop };
}

type SessionPush = {
  examSessionScores: {
    status: string;
    stage: string;
    dataAt: string | null;
    snapshot: boolean;
    scores: Array<{ participantNumber: string; absent: boolean; total: number | null; formationType: string }>;
  };
};
type SitePush = { examSiteSessions: { sessions: Array<{ id: string; number: number; status: string; date: string }> } };

const SESSION = `subscription($s: ID!) { examSessionScores(sessionId: $s) { status stage dataAt snapshot scores { participantNumber absent total formationType } } }`;
const SITE = `subscription($s: ID!) { examSiteSessions(siteId: $s) { sessions { id number status date } } }`;

describe.each(ENGINES)('live session state on %s', (engine) => {
  let app: TestApp;
  let world: ExamWorld;
  let client: Client;
  let siteGlobalId: string;

  beforeAll(async () => {
    app = await startTestApp(engine, { liveIntervalMs: 50 });
    world = await createExamWorld(app.db.prisma, { applicants: 3, quota: 1, tag: 'L' });
    // The fixture's session runs already; this test starts it itself.
    await app.db.prisma.examSession.update({ where: { id: world.sessionId }, data: { status: 'SCHEDULED', startedAt: null } });
    const session = await app.db.prisma.examSession.findUniqueOrThrow({ where: { id: world.sessionId } });
    siteGlobalId = encodeGlobalID('ExamSite', session.siteId);
    client = createClient({ url: `${app.server.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
  });
  afterAll(async () => {
    await client?.dispose();
    await app?.close();
  });

  it('pushes started and closed to a session screen, closing marks no-shows absent, and dataAt is the data’s time', async () => {
    const screen = watch<SessionPush>(client, SESSION, { s: world.sessionGlobalId });
    const site = watch<SitePush>(client, SITE, { s: siteGlobalId });
    const first = await screen.until((p) => p.examSessionScores.snapshot);
    expect(first.examSessionScores).toMatchObject({ status: 'SCHEDULED', stage: 'SKD', dataAt: null });
    expect(first.examSessionScores.scores[0]!.formationType).toBe('UMUM');
    await site.until((p) => p.examSiteSessions.sessions.some((s) => s.id === world.sessionGlobalId && s.status === 'SCHEDULED'));

    const auth = { 'x-api-key': world.apiKey };
    const started = await app.gql(`mutation($id: ID!) { startExamSession(id: $id) { status startedAt } }`, { id: world.sessionGlobalId }, auth);
    expect(started.errors).toBeUndefined();
    const running = await screen.until((p) => p.examSessionScores.status === 'RUNNING');
    expect(running.examSessionScores.dataAt).toBe(started.data.startExamSession.startedAt);
    await site.until((p) => p.examSiteSessions.sessions.some((s) => s.id === world.sessionGlobalId && s.status === 'RUNNING'));

    const submitted = await app.gql(
      `mutation($s: ID!, $r: [ExamResultInput!]!) { submitExamResults(sessionId: $s, batchId: "live-state-1", results: $r) { created } }`,
      {
        s: world.sessionGlobalId,
        r: [{ participantNumber: world.participants[0]!.participantNumber, twk: 100, tiu: 100, tkp: 180, finishedAt: '2024-10-21T03:00:00.000Z' }],
      },
      auth,
    );
    expect(submitted.errors).toBeUndefined();
    const closed = await app.gql(`mutation($id: ID!) { closeExamSession(id: $id) { status closedAt } }`, { id: world.sessionGlobalId }, auth);
    expect(closed.errors).toBeUndefined();
    const final = await screen.until((p) => p.examSessionScores.status === 'CLOSED');
    // A full snapshot: the two who never sat are absent, the one who did keeps the score.
    expect(final.examSessionScores.snapshot).toBe(true);
    expect(final.examSessionScores.scores.filter((s) => s.absent)).toHaveLength(2);
    expect(final.examSessionScores.scores.find((s) => s.total === 380)).toBeTruthy();
    expect(final.examSessionScores.dataAt).toBe(closed.data.closeExamSession.closedAt);
    await site.until((p) => p.examSiteSessions.sessions.some((s) => s.id === world.sessionGlobalId && s.status === 'CLOSED'));
    screen.stop();
    site.stop();
  });

  it('pushes a session newly scheduled at a site to the site’s screens', async () => {
    const site = watch<SitePush>(client, SITE, { s: siteGlobalId });
    const before = await site.until(() => true);
    const count = before.examSiteSessions.sessions.length;
    // An applicant found MS and not yet seated for the SKD.
    const newcomer = world.participants[2]!.participantNumber;
    await app.db.prisma.examSeat.deleteMany({ where: { participantNumber: newcomer } });
    await app.db.prisma.application.update({ where: { participantNumber: newcomer }, data: { adminResult: 'MS' } });
    const scheduled = await app.gql(
      `mutation($site: ID!, $p: [String!]!) { scheduleExamSession(siteId: $site, date: "2024-10-22", number: 3, stage: SKD, participantNumbers: $p) { id } }`,
      { site: siteGlobalId, p: [newcomer] },
      { 'x-api-key': world.apiKey },
    );
    expect(scheduled.errors).toBeUndefined();
    const after = await site.until((p) => p.examSiteSessions.sessions.length === count + 1);
    expect(after.examSiteSessions.sessions.find((s) => s.id === scheduled.data.scheduleExamSession.id)).toMatchObject({
      date: '2024-10-22',
      number: 3,
      status: 'SCHEDULED',
    });
    site.stop();
  });
});
