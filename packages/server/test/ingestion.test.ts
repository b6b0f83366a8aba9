/**
 * The guarantees of final-score ingestion, held by SKD and SKB alike through the API: a batch is
 * all or nothing, a replay writes nothing, disqualified and absent seats are refused, a final score
 * changes only by a correction with a reason that is kept as history, and every score is a
 * score-log entry of its year and stage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import { verifyLogOfSession } from '../src/exams/ledger-verify.js';
import { ENGINES } from './databases.js';
import { startTestApp, type TestApp } from './app.js';
import { createExamWorld, openSkbSession, type ExamWorld } from './exam-fixture.js';

const at = '2024-10-21T03:00:00.000Z';

/** How one stage's results are sent and read back. */
interface StageCase {
  stage: 'SKD' | 'SKB';
  mutation: 'submitExamResults' | 'submitSkbResults';
  inputType: string;
  /** The session the stage's results go to. */
  session(prisma: PrismaClient, world: ExamWorld): Promise<{ sessionId: number; sessionGlobalId: string }>;
  /** A valid score, different for each k. */
  score(k: number): Record<string, unknown>;
  /** How the score of `score(k)` is recorded in a correction's before/after and in its log entry. */
  recorded(k: number): Record<string, unknown>;
  /** A score the year's rules refuse, and the field the refusal names below the item. */
  invalid: { score: Record<string, unknown>; field: string };
  stored(prisma: PrismaClient): Promise<Array<{ participantNumber: string; version: number }>>;
}

const STAGES: StageCase[] = [
  {
    stage: 'SKD',
    mutation: 'submitExamResults',
    inputType: 'ExamResultInput',
    session: async (_prisma, world) => ({ sessionId: world.sessionId, sessionGlobalId: world.sessionGlobalId }),
    score: (k) => ({ twk: 100, tiu: 100, tkp: 170 + k }),
    recorded: (k) => ({ twk: 100, tiu: 100, tkp: 170 + k, total: 370 + k }),
    invalid: { score: { twk: 67, tiu: 100, tkp: 170 }, field: 'twk' },
    stored: (prisma) => prisma.examResult.findMany({ select: { participantNumber: true, version: true } }),
  },
  {
    stage: 'SKB',
    mutation: 'submitSkbResults',
    inputType: 'SkbResultInput',
    session: (prisma, world) =>
      openSkbSession(
        prisma,
        world,
        world.participants.map((p) => p.participantNumber),
      ),
    score: (k) => ({ components: [{ name: 'CAT', score: 60 + k }] }),
    recorded: (k) => ({ skb: 60 + k, components: { CAT: 60 + k } }),
    invalid: { score: { components: [{ name: 'CAT', score: 101 }] }, field: 'components.CAT' },
    stored: (prisma) => prisma.skbResult.findMany({ select: { participantNumber: true, version: true } }),
  },
];

describe.each(ENGINES.flatMap((engine) => STAGES.map((stage) => [stage.stage, engine, stage] as const)))('%s results on %s', (_name, engine, stage) => {
  let app: TestApp;
  let world: ExamWorld;
  let session: { sessionId: number; sessionGlobalId: string };
  let auth: Record<string, string>;
  const SUBMIT = `mutation($s: ID!, $b: String!, $r: [${stage.inputType}!]!) {
    ${stage.mutation}(sessionId: $s, batchId: $b, results: $r) { batchId created unchanged corrected replayed }
  }`;
  const submit = (batchId: string, results: Array<Record<string, unknown>>) => app.gql(SUBMIT, { s: session.sessionGlobalId, b: batchId, r: results }, auth);
  const item = (i: number, score = stage.score(i), extra: Record<string, unknown> = {}) => ({
    participantNumber: world.participants[i]!.participantNumber,
    ...score,
    finishedAt: at,
    ...extra,
  });
  const batch = (n: number) => Array.from({ length: n }, (_, i) => item(i));
  /** The ids of this stage's logs (entries name their log by id only). */
  const logsOf = async (stage: 'SKD' | 'SKB') => (await app.db.prisma.ledgerLog.findMany({ where: { stage }, select: { id: true } })).map((l) => l.id);
  /** What a refused batch must have left untouched. */
  const written = async () => ({
    results: (await stage.stored(app.db.prisma)).length,
    entries: await app.db.prisma.ledgerEntry.count({ where: { logId: { in: await logsOf(stage.stage) } } }),
    batches: await app.db.prisma.ingestionBatch.count({ where: { sessionId: session.sessionId } }),
    corrections: await app.db.prisma.scoreCorrection.count({ where: { stage: stage.stage } }),
  });

  beforeAll(async () => {
    app = await startTestApp(engine);
    world = await createExamWorld(app.db.prisma, { applicants: 8, quota: 2 });
    session = await stage.session(app.db.prisma, world);
    auth = { 'x-api-key': world.apiKey };
  });
  afterAll(() => app?.close());

  it('refuses a bad batch whole, naming the item and field, and writes nothing', async () => {
    const invalid = batch(4);
    invalid[3] = item(3, stage.invalid.score);
    expect((await submit('bad-1', invalid)).errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_SCORE', field: `results[3].${stage.invalid.field}` });
    const twice = batch(4);
    twice[2] = item(0);
    expect((await submit('bad-2', twice)).errors?.[0]?.extensions).toMatchObject({ code: 'DUPLICATE_PARTICIPANT', field: 'results[2].participantNumber' });
    const unknown = [...batch(2), { ...item(2), participantNumber: '999' }];
    expect((await submit('bad-3', unknown)).errors?.[0]?.extensions).toMatchObject({ code: 'UNKNOWN_PARTICIPANT', field: 'results[2].participantNumber' });
    expect(await written()).toEqual({ results: 0, entries: 0, batches: 0, corrections: 0 });
  });

  it('commits a batch once: a replay returns the same answer and writes nothing', async () => {
    const first = await submit('batch-1', batch(4));
    expect(first.data[stage.mutation]).toEqual({ batchId: 'batch-1', created: 4, unchanged: 0, corrected: 0, replayed: false });
    const before = await written();
    expect(before).toEqual({ results: 4, entries: 4, batches: 1, corrections: 0 });
    expect((await submit('batch-1', batch(4))).data[stage.mutation]).toEqual({ ...first.data[stage.mutation], replayed: true });
    expect(await written()).toEqual(before);
    expect((await submit('batch-1b', batch(2))).data[stage.mutation]).toMatchObject({ created: 0, unchanged: 2 });
    expect((await submit('batch-1', batch(3))).errors?.[0]?.extensions).toMatchObject({ code: 'BATCH_CONFLICT', field: 'batchId' });
  });

  it('refuses a disqualified or absent seat, naming the item, and writes nothing of the batch', async () => {
    const DISQUALIFY = `mutation($s: ID!, $p: String!) { disqualifyParticipant(sessionId: $s, participantNumber: $p, reason: "Membawa catatan ke ruang ujian") }`;
    expect((await app.gql(DISQUALIFY, { s: session.sessionGlobalId, p: world.participants[5]!.participantNumber }, auth)).errors).toBeUndefined();
    const before = await written();
    const dis = await submit('dis-1', [item(4), item(5)]);
    expect(dis.errors?.[0]?.extensions).toMatchObject({ code: 'PARTICIPANT_DISQUALIFIED', field: 'results[1].participantNumber' });
    await app.db.prisma.examSeat.update({
      where: { sessionId_participantNumber: { sessionId: session.sessionId, participantNumber: world.participants[6]!.participantNumber } },
      data: { attendance: 'ABSENT' },
    });
    const absent = await submit('absent-1', [item(4), item(6)]);
    expect(absent.errors?.[0]?.extensions).toMatchObject({ code: 'PARTICIPANT_ABSENT', field: 'results[1].participantNumber' });
    expect(await written()).toEqual(before);
  });

  it('refuses to change a final score silently; a correction with a reason is kept as history and logged', async () => {
    const changed = item(1, stage.score(7));
    const refused = await submit('fix-1', [item(0), changed]);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RESULT_ALREADY_FINAL', field: 'results[1]' });
    const noReason = await submit('fix-2', [{ ...changed, correctionReason: '\u200b' }]);
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_REASON', field: 'results[0].correctionReason' });
    expect(await app.db.prisma.scoreCorrection.count()).toBe(0);

    const corrected = await submit('fix-3', [item(0), { ...changed, correctionReason: 'Rekap ulang nilai' }]);
    expect(corrected.data[stage.mutation]).toMatchObject({ created: 0, unchanged: 1, corrected: 1 });
    const history = await app.db.prisma.scoreCorrection.findMany();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ stage: stage.stage, reason: 'Rekap ulang nilai', batchId: 'fix-3' });
    expect(history[0]!.before).toEqual({ ...stage.recorded(1), version: 1 });
    expect(history[0]!.after).toEqual({ ...stage.recorded(7), version: 2 });
    expect((await stage.stored(app.db.prisma)).find((r) => r.participantNumber === changed.participantNumber)?.version).toBe(2);

    const entries = await app.db.prisma.ledgerEntry.findMany({
      where: { logId: { in: await logsOf(stage.stage) } },
      orderBy: { leafIndex: 'asc' },
      select: { kind: true, participantNumber: true, record: true },
    });
    expect(entries.map((e) => e.kind)).toEqual(['RESULT', 'RESULT', 'RESULT', 'RESULT', 'CORRECTION']);
    expect(entries.at(-1)!.participantNumber).toBe(changed.participantNumber);
    expect(JSON.parse(entries.at(-1)!.record)).toMatchObject({ ...stage.recorded(7), kind: 'CORRECTION', version: 2 });
    expect((await verifyLogOfSession(app.db.prisma, session.sessionId)).problem).toBeUndefined();
  });
});
