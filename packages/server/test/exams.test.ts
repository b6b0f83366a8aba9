/** CAT score ingestion, rankings, the ledger and live scores, end to end over HTTP and WebSocket. */
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { verifyLogOfSession } from '../src/exams/ledger-verify.js';
import { ENGINES } from './databases.js';
import { startTestApp, type TestApp } from './app.js';
import { createExamWorld, type ExamWorld } from './exam-fixture.js';

const SUBMIT = `mutation($s: ID!, $b: String!, $r: [ExamResultInput!]!) {
  submitExamResults(sessionId: $s, batchId: $b, results: $r) { batchId created unchanged corrected replayed }
}`;
const RANKING = `query($f: ID!, $first: Int, $after: String) {
  ranking(formationId: $f, first: $first, after: $after) {
    totalCount cutRank pageInfo { hasNextPage endCursor }
    edges { node { rank participantNumber displayName twk tiu tkp total resultCode } }
  }
}`;

const at = '2024-10-21T03:00:00.000Z';
// Scores chosen so the ranking, the threshold (UMUM: TWK 65, TIU 80, TKP 166) and the cut are known.
const SHEET = [
  { twk: 120, tiu: 130, tkp: 190 }, // 440
  { twk: 100, tiu: 120, tkp: 200 }, // 420, TKP 200
  { twk: 110, tiu: 110, tkp: 200 }, // 420, TKP 200, TIU 110 < 120 → after #1
  { twk: 100, tiu: 100, tkp: 190 }, // 390
  { twk: 100, tiu: 100, tkp: 190 }, // 390 tie with the one above
  { twk: 100, tiu: 100, tkp: 190 }, // 390 tie: the cut (3 x quota 2 = 6) falls inside this tie
  { twk: 95, tiu: 100, tkp: 190 }, // 385 → rank 7: still inside? no, key differs: P
  { twk: 60, tiu: 145, tkp: 200 }, // 405 but TWK 60 < 65 → TL
];

describe.each(ENGINES)('exam scores on %s', (engine) => {
  let app: TestApp;
  let world: ExamWorld;
  let auth: Record<string, string>;
  const results = () => SHEET.map((s, i) => ({ participantNumber: world.participants[i]!.participantNumber, ...s, finishedAt: at }));

  beforeAll(async () => {
    app = await startTestApp(engine);
    world = await createExamWorld(app.db.prisma, { applicants: 10, quota: 2 });
    auth = { 'x-api-key': world.apiKey };
  });
  afterAll(() => app?.close());

  it('refuses score writes without the scores:write scope', async () => {
    const res = await app.gql(SUBMIT, { s: world.sessionGlobalId, b: 'anon', r: results() });
    expect(res.errors?.[0]?.message).toMatch(/not authorized/i);
    expect(await app.db.prisma.examResult.count()).toBe(0);
  });

  it('refuses oversized batches, unknown sessions and sessions of the wrong stage', async () => {
    const many = Array.from({ length: 501 }, (_, i) => ({ participantNumber: `X${i}`, twk: 100, tiu: 100, tkp: 170, finishedAt: at }));
    const big = await app.gql(SUBMIT, { s: world.sessionGlobalId, b: 'big', r: many }, auth);
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'BATCH_TOO_LARGE', field: 'results' });
    const { encodeGlobalID } = await import('@pothos/plugin-relay');
    const nowhere = await app.gql(SUBMIT, { s: encodeGlobalID('ExamSession', 999999), b: 'nowhere', r: results().slice(0, 1) }, auth);
    expect(nowhere.errors?.[0]?.extensions).toMatchObject({ code: 'SESSION_NOT_FOUND', field: 'sessionId' });
    const skb = await app.db.prisma.examSession.create({
      data: {
        siteId: (await app.db.prisma.examSession.findUniqueOrThrow({ where: { id: world.sessionId } })).siteId,
        selectionYearId: (await app.db.prisma.selectionYear.findFirstOrThrow()).id,
        date: new Date('2024-11-20T00:00:00Z'),
        number: 1,
        stage: 'SKB',
        status: 'RUNNING',
      },
    });
    const wrongStage = await app.gql(SUBMIT, { s: encodeGlobalID('ExamSession', skb.id), b: 'skb', r: results().slice(0, 1) }, auth);
    expect(wrongStage.errors?.[0]?.extensions).toMatchObject({ code: 'WRONG_STAGE', field: 'sessionId' });
    expect(await app.db.prisma.examResult.count()).toBe(0);
  });

  it('ranks with the tie-breaks, the threshold and the 3 x quota cut (ties at the cut included), masked for the public', async () => {
    // The batch guarantees (replay, all or nothing, corrections) are held for both stages in ingestion.test.ts.
    expect((await app.gql(SUBMIT, { s: world.sessionGlobalId, b: 'sheet', r: results() }, auth)).data.submitExamResults).toMatchObject({ created: 8 });
    const { data, errors } = await app.gql(RANKING, { f: world.formationGlobalId, first: 10 });
    expect(errors).toBeUndefined();
    const rows = data.ranking.edges.map((e: any) => e.node);
    expect(data.ranking.totalCount).toBe(8);
    expect(rows.map((r: any) => [r.rank, r.total, r.resultCode])).toEqual([
      [1, 440, 'P_L'],
      [2, 420, 'P_L'],
      [3, 420, 'P_L'],
      [4, 390, 'P_L'],
      [4, 390, 'P_L'],
      [4, 390, 'P_L'], // the 6th place (3 x quota) is a tie of three: all of them go on
      [7, 385, 'P'],
      [8, 405, 'TL'], // TWK 60 < 65: ranked after every passer
    ]);
    expect(rows[1].tiu).toBe(120);
    expect(data.ranking.cutRank).toBe(4);
    for (const row of rows) {
      expect(row.participantNumber).toMatch(/^\*{4}\d{4}$/);
      expect(row.displayName).toMatch(/^[A-Z]\*+ [A-Z]\*+ [A-Z]\*+$/);
    }
    const body = JSON.stringify(data);
    for (const p of world.participants) {
      expect(body).not.toContain(p.fullName);
      expect(body).not.toContain(p.participantNumber);
      expect(body).not.toContain(p.nik);
    }
    const page2 = await app.gql(RANKING, { f: world.formationGlobalId, first: 3, after: null });
    const next = await app.gql(RANKING, { f: world.formationGlobalId, first: 3, after: page2.data.ranking.pageInfo.endCursor });
    expect(next.data.ranking.edges.map((e: any) => e.node.rank)).toEqual([4, 4, 4]);
    const tail = await app.gql(RANKING, { f: world.formationGlobalId, first: 3, after: next.data.ranking.pageInfo.endCursor });
    expect(tail.data.ranking.edges.map((e: any) => [e.node.rank, e.node.resultCode])).toEqual([
      [7, 'P'],
      [8, 'TL'],
    ]);
  });

  it('lets a partner with the key see unmasked participant numbers? no: pii needs its own scope', async () => {
    const { data } = await app.gql(RANKING, { f: world.formationGlobalId, first: 1 }, auth);
    expect(data.ranking.edges[0].node.participantNumber).toContain('****');
  });

  it('never lowers a live score, and ignores progress after the final result', async () => {
    const PROGRESS = `mutation($s: ID!, $u: [ExamProgressInput!]!) { reportExamProgress(sessionId: $s, updates: $u) { accepted ignored } }`;
    const p = world.participants[9]!.participantNumber;
    await app.gql(PROGRESS, { s: world.sessionGlobalId, u: [{ participantNumber: p, twk: 50, tiu: 40 }] }, auth);
    await app.gql(PROGRESS, { s: world.sessionGlobalId, u: [{ participantNumber: p, twk: 45, tkp: 30 }] }, auth);
    const seat = await app.db.prisma.examSeat.findFirstOrThrow({ where: { participantNumber: p } });
    expect([seat.progressTwk, seat.progressTiu, seat.progressTkp]).toEqual([50, 40, 30]);
    const finalDone = world.participants[0]!.participantNumber;
    const res = await app.gql(PROGRESS, { s: world.sessionGlobalId, u: [{ participantNumber: finalDone, twk: 5 }] }, auth);
    expect(res.data.reportExamProgress).toEqual({ accepted: 0, ignored: 1 });
    const off = await app.gql(PROGRESS, { s: world.sessionGlobalId, u: [{ participantNumber: p, tiu: 181 }] }, auth);
    expect(off.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_SCORE', field: 'updates[0].tiu' });
  });

  it('closes the session with a signed head, proves a score to its holder only, and detects a score edited in the database', async () => {
    const CLOSE = `mutation($s: ID!) { closeExamSession(id: $s) { status chainHead closingHead { origin size rootHash timestamp keyId signature } } }`;
    const closed = await app.gql(CLOSE, { s: world.sessionGlobalId }, auth);
    expect(closed.data.closeExamSession.status).toBe('CLOSED');
    const head = closed.data.closeExamSession.closingHead;
    expect(head.rootHash).toBe(closed.data.closeExamSession.chainHead);
    const after = await app.gql(SUBMIT, { s: world.sessionGlobalId, b: 'late', r: results().slice(0, 1) }, auth);
    expect(after.errors?.[0]?.extensions).toMatchObject({ code: 'SESSION_NOT_RUNNING', field: 'sessionId' });

    const p = world.participants[1]!.participantNumber;
    const { examCardCode } = await app.db.prisma.examSeat.findFirstOrThrow({ where: { participantNumber: p, sessionId: world.sessionId } });
    const VERIFY = `query($p: String!, $c: String!) { verifyScore(participantNumber: $p, examCardCode: $c) { entry leafIndex treeSize inclusionProof total head { origin size rootHash timestamp keyId signature } } }`;
    const v = (await app.gql(VERIFY, { p, c: examCardCode.toLowerCase().replace(/(.{4})/g, '$1 ') })).data.verifyScore;
    expect(v).toMatchObject({ total: 420, head, treeSize: head.size });
    // Check the proof the way an outsider would: the entry's hash, the audit path, the signature.
    const { leafHash, verifyInclusion } = await import('../src/domain/merkle.js');
    const { verifyHead } = await import('../src/domain/tree-head.js');
    const { participantCommitment } = await import('../src/domain/masking.js');
    expect(JSON.parse(v.entry).participant).toBe(participantCommitment(p, examCardCode));
    expect(v.entry).not.toContain(p);
    expect(verifyInclusion(leafHash(v.entry), v.leafIndex, v.treeSize, v.inclusionProof, head.rootHash)).toBe(true);
    const key = (await app.gql(`{ ledgerKey { publicKey keyId } }`)).data.ledgerKey;
    expect(key.keyId).toBe(head.keyId);
    expect(verifyHead(head, key.publicKey)).toBe(true);
    expect(verifyHead({ ...head, size: head.size - 1 }, key.publicKey)).toBe(false);

    expect((await verifyLogOfSession(app.db.prisma, world.sessionId)).problem).toBeUndefined();
    await app.db.prisma.$executeRawUnsafe(`update "ExamResult" set tkp = tkp + 1, total = total + 1 where "participantNumber" = '${p}'`);
    const edited = await verifyLogOfSession(app.db.prisma, world.sessionId);
    expect(edited.problem?.reason).toContain(p);
  });
});

describe('live ranking across two instances on one PostgreSQL and one Redis', () => {
  it('a score committed through one instance reaches a ranking subscriber on the other', async () => {
    const { freshDatabase } = await import('./databases.js');
    const { startInstance } = await import('./app.js');
    const { seedReference } = await import('../src/seed/seed.js');
    const db = await freshDatabase('postgres');
    const a = await startInstance(db, { redis: true, instanceId: 'a', liveIntervalMs: 50 });
    const b = await startInstance(db, { redis: true, instanceId: 'b', liveIntervalMs: 50 });
    const client = createClient({ url: `${b.server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      await seedReference(db.prisma);
      const world = await createExamWorld(db.prisma, { applicants: 3, quota: 1 });
      const updates: any[] = [];
      client.subscribe(
        { query: `subscription($f: ID!) { rankingUpdated(formationId: $f) { sequence totalCount top { total } } }`, variables: { f: world.formationGlobalId } },
        { next: (m) => updates.push(m.data?.rankingUpdated), error: () => {}, complete: () => {} },
      );
      await expect.poll(() => updates.length, { timeout: 10_000 }).toBe(1);
      const res = await a.gql(
        SUBMIT,
        {
          s: world.sessionGlobalId,
          b: 'via-a',
          r: [{ participantNumber: world.participants[0]!.participantNumber, twk: 100, tiu: 100, tkp: 180, finishedAt: at }],
        },
        { 'x-api-key': world.apiKey },
      );
      expect(res.errors).toBeUndefined();
      await expect.poll(() => updates.at(-1)?.totalCount, { timeout: 10_000 }).toBe(1);
      expect(updates.at(-1).top[0].total).toBe(380);
    } finally {
      await client.dispose();
      await a.close();
      await b.close();
      await db.close();
    }
  });
});

describe('live scores over graphql-ws', () => {
  let app: TestApp;
  let world: ExamWorld;
  const statements: string[] = [];
  beforeAll(async () => {
    app = await startTestApp('postgres', { liveIntervalMs: 100, onQuery: (sql) => statements.push(sql) });
    world = await createExamWorld(app.db.prisma, { applicants: 8, quota: 1 });
  });
  afterAll(() => app?.close());

  function subscribeMany(count: number, onUpdate: (i: number, update: any) => void) {
    const clients = Array.from({ length: Math.min(count, 10) }, () =>
      createClient({ url: `${app.server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, lazy: false }),
    );
    const stops = Array.from({ length: count }, (_, i) =>
      clients[i % clients.length]!.subscribe(
        {
          query: `subscription($f: ID!) { rankingUpdated(formationId: $f) { sequence totalCount top { rank participantNumber total movement } changed { total } } }`,
          variables: { f: world.formationGlobalId },
        },
        { next: (m) => onUpdate(i, m.data?.rankingUpdated ?? m), error: (e) => onUpdate(i, { error: e }), complete: () => {} },
      ),
    );
    return async () => {
      for (const stop of stops) stop();
      await Promise.all(clients.map((c) => c.dispose()));
    };
  }

  /** Subscribes `subscribers` screens, submits one score, returns what they saw and the SQL it took. */
  async function round(subscribers: number, batch: string, i: number) {
    const seen = new Map<number, any[]>();
    const stop = subscribeMany(subscribers, (n, u) => seen.set(n, [...(seen.get(n) ?? []), u]));
    try {
      await expect.poll(() => seen.size, { timeout: 15_000 }).toBe(subscribers); // every snapshot in
      await new Promise((r) => setTimeout(r, 300));
      statements.length = 0;
      const serializedBefore = app.server.subscriptions.stats.serializations;
      const res = await app.gql(
        SUBMIT,
        {
          s: world.sessionGlobalId,
          b: batch,
          r: [{ participantNumber: world.participants[i]!.participantNumber, twk: 100, tiu: 100, tkp: 170 + i, finishedAt: at }],
        },
        { 'x-api-key': world.apiKey },
      );
      expect(res.errors).toBeUndefined();
      await expect.poll(() => [...seen.values()].filter((u) => u.length >= 2).length, { timeout: 15_000 }).toBe(subscribers);
      await new Promise((r) => setTimeout(r, 300));
      return {
        // The score log's append is one statement or two (appendToLedger), whoever listens.
        statements: statements.filter((sql) => !sql.includes('"LedgerLog"')).length,
        serializations: app.server.subscriptions.stats.serializations - serializedBefore,
        first: [...seen.values()].map((u) => u[0]),
        last: [...seen.values()].map((u) => u.at(-1)),
      };
    } finally {
      await stop();
    }
  }

  it('sends every subscriber the snapshot first, then the change; database work per event does not grow with subscribers', async () => {
    const one = await round(1, 'live-1', 0);
    expect(one.first[0]).toMatchObject({ totalCount: 0, top: [] });
    expect(one.last[0]).toMatchObject({ totalCount: 1, changed: [{ total: 370 }] });
    expect(one.last[0].top[0].participantNumber).toMatch(/\*{4}/);

    const many = await round(500, 'live-2', 1);
    expect(many.first.every((u) => u.totalCount === 1)).toBe(true);
    expect(many.last.every((u) => u.totalCount === 2 && u.top[0].total === 371 && u.top[0].movement === null && u.top[1].movement === -1)).toBe(true);
    expect(many.statements).toBe(one.statements);
    // One execution and one JSON encoding of the update for all 500 (graphql-ws only wraps the envelope).
    expect(many.serializations).toBe(1);
  });
  it('coalesces a burst: at most one push per interval, the last one carrying every change', async () => {
    const updates: any[] = [];
    const stop = subscribeMany(1, (_n, u) => updates.push(u));
    try {
      await expect.poll(() => updates.length, { timeout: 10_000 }).toBe(1);
      const before = updates[0].totalCount;
      const burstStart = performance.now();
      // Four commits inside one interval (100 ms here): the screen gets one or two pushes, not four.
      await Promise.all(
        [2, 3, 4, 5].map((i, k) =>
          app.gql(
            SUBMIT,
            {
              s: world.sessionGlobalId,
              b: `burst-${k}`,
              r: [{ participantNumber: world.participants[i]!.participantNumber, twk: 100, tiu: 100, tkp: 170 + i, finishedAt: at }],
            },
            { 'x-api-key': world.apiKey },
          ),
        ),
      );
      const burstMs = performance.now() - burstStart;
      await expect.poll(() => updates.at(-1)?.totalCount, { timeout: 10_000 }).toBe(before + 4);
      await new Promise((r) => setTimeout(r, 400));
      // At most one push per 100 ms interval while the commits arrive (plus the one that follows
      // the last commit): however slowly a loaded machine commits the four, never one per commit
      // when they come within an interval.
      expect(updates.length - 1).toBeLessThanOrEqual(Math.min(4, Math.floor(burstMs / 100) + 2));
      const seqs = updates.map((u) => u.sequence);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    } finally {
      await stop();
    }
  });

  it('shares one execution across SSE subscribers too, each getting the snapshot then the update', async () => {
    const controller = new AbortController();
    const received: any[][] = Array.from({ length: 50 }, () => []);
    const body = JSON.stringify({
      query: `subscription($f: ID!) { rankingUpdated(formationId: $f) { sequence totalCount } }`,
      variables: { f: world.formationGlobalId },
    });
    const streams = received.map(async (events) => {
      const res = await fetch(`${app.server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body,
        signal: controller.signal,
      });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const data = buffer
              .slice(0, end)
              .split('\n')
              .find((l) => l.startsWith('data: '))
              ?.slice(6);
            buffer = buffer.slice(end + 2);
            if (data) events.push(JSON.parse(data).data.rankingUpdated);
          }
        }
      } catch {
        /* aborted */
      }
    });
    try {
      await expect.poll(() => received.filter((e) => e.length >= 1).length, { timeout: 15_000 }).toBe(50);
      const before = received[0]![0].totalCount;
      const serializedBefore = app.server.subscriptions.stats.serializations;
      await app.gql(
        SUBMIT,
        {
          s: world.sessionGlobalId,
          b: 'sse-1',
          r: [{ participantNumber: world.participants[6]!.participantNumber, twk: 100, tiu: 100, tkp: 190, finishedAt: at }],
        },
        { 'x-api-key': world.apiKey },
      );
      await expect.poll(() => received.filter((e) => e.at(-1)?.totalCount === before + 1).length, { timeout: 15_000 }).toBe(50);
      expect(app.server.subscriptions.stats.serializations - serializedBefore).toBe(1);
    } finally {
      controller.abort();
      await Promise.allSettled(streams);
    }
  });

  it("pushes the shared payload as a text frame inside each subscriber's own envelope, as a browser's WebSocket needs", async () => {
    // Two screens number their subscription alike (they share one prebuilt frame), one does not.
    const ids = ['1', 'écran-7', '1'];
    const screens = await Promise.all(
      ids.map(async (id) => {
        const frames: Array<{ text: string; binary: boolean }> = [];
        const socket = new WebSocket(`${app.server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
        socket.on('message', (data, binary) => frames.push({ text: String(data), binary }));
        await new Promise((resolve) => socket.once('open', resolve));
        socket.send(JSON.stringify({ type: 'connection_init' }));
        await expect.poll(() => frames.length, { timeout: 10_000 }).toBe(1);
        socket.send(
          JSON.stringify({
            id,
            type: 'subscribe',
            payload: { query: `subscription($f: ID!) { rankingUpdated(formationId: $f) { totalCount } }`, variables: { f: world.formationGlobalId } },
          }),
        );
        await expect.poll(() => frames.length, { timeout: 10_000 }).toBe(2);
        return { id, socket, frames };
      }),
    );
    try {
      const before = JSON.parse(screens[0]!.frames[1]!.text).payload.data.rankingUpdated.totalCount;
      await app.gql(
        SUBMIT,
        {
          s: world.sessionGlobalId,
          b: 'text-frames',
          r: [{ participantNumber: world.participants[7]!.participantNumber, twk: 100, tiu: 100, tkp: 191, finishedAt: at }],
        },
        { 'x-api-key': world.apiKey },
      );
      for (const { id, frames } of screens) {
        await expect.poll(() => frames.length, { timeout: 10_000 }).toBe(3);
        expect(frames.map((f) => f.binary)).toEqual([false, false, false]);
        expect(JSON.parse(frames[2]!.text)).toEqual({ id, type: 'next', payload: { data: { rankingUpdated: { totalCount: before + 1 } } } });
      }
    } finally {
      for (const { socket } of screens) socket.close();
    }
  });
});
