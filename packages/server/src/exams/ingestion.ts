/**
 * Score ingestion from test sites (the CAT centre): live progress and final results. Final
 * results of both stages go through one pipeline ({@link ingestFinalResults}): a batch is all or
 * nothing, a replayed batch returns the stored answer, disqualified and absent seats are refused,
 * a final score changes only by a correction with a reason (kept as ScoreCorrection history), rows
 * are written set-based, every score is a score-log entry, and the answer is given only after the
 * commit. What differs between SKD and SKB (scoring, table, columns) is a {@link ResultStage};
 * the SKD one is here, the SKB one in skb.ts.
 */
import { Prisma, type PrismaClient } from '../generated/prisma/client.js';
import { parseRuleSet, skdTotal, type RuleSet, type SkdScores } from '../domain/rules.js';
import { validateSkdScores } from '../domain/scoring.js';
import { canonicalJson, sha256 } from './canonical.js';
import { IngestionError, reasonOf } from './errors.js';
import type { Publisher } from '../events/publisher.js';
import type { ScoresChanged } from '../events/topics.js';
import { appendToLedger, scoreRecord, type PendingEntry, type ScoreRecord } from './ledger.js';

/** Largest batch accepted: a session room's worth, small enough to commit in one short transaction. */
export const MAX_BATCH = 500;

/** What every final result carries, whatever its stage. */
export interface FinalResultInput {
  participantNumber: string;
  finishedAt: Date;
  /** Set to change an already-final score; recorded, never overwriting history. */
  correctionReason?: string | null;
}

export interface ResultInput extends FinalResultInput {
  twk: number;
  tiu: number;
  tkp: number;
}

export interface ProgressInput {
  participantNumber: string;
  twk?: number | null;
  tiu?: number | null;
  tkp?: number | null;
}

export interface SubmitResultsAnswer {
  batchId: string;
  sessionId: number;
  created: number;
  unchanged: number;
  corrected: number;
  /** True when this batch id was already committed and this is its stored answer. */
  replayed: boolean;
}

type Tx = Prisma.TransactionClient;

/** A stage's score as its log entry and its correction history show it (SKD: TWK/TIU/TKP/total; SKB: score and components). */
export type StageScore = Partial<Pick<ScoreRecord, 'twk' | 'tiu' | 'tkp' | 'total' | 'skb' | 'components'>>;

/** One column of a set-based write: a value per row, sent as one array of `type`, cast to `cast` where the column needs it (an enum, jsonb). */
export interface Column {
  name: string;
  type: 'integer' | 'text' | 'double precision' | 'timestamp(3)';
  values: unknown[];
  cast?: string;
}

/** A final score stored for an application. */
export interface StoredFinal<Score> {
  id: number;
  applicationId: number;
  version: number;
  score: Score;
}

/**
 * What one stage adds to the pipeline: how an item is checked and scored, which table holds its
 * final scores (one row per application) and with which columns, and how a correction names its row.
 */
export interface ResultStage<Item extends FinalResultInput, Score extends StageScore> {
  stage: 'SKD' | 'SKB';
  /** Recorded with the batch, for replays. */
  kind: 'RESULTS' | 'SKB_RESULTS';
  table: 'ExamResult' | 'SkbResult';
  /** Checks one item against the year's rules and scores it; a refusal names `field` (the item) or a field below it. */
  score(rules: RuleSet, item: Item, field: string): Score;
  finals(tx: Tx, applicationIds: number[]): Promise<Array<StoredFinal<Score>>>;
  /** Whether a score sent again is the stored one (then nothing is written for it). */
  same(stored: Score, sent: Score): boolean;
  /** A score as a refusal quotes it. */
  describe(score: Score): string;
  /** The table's own columns for these rows (the pipeline adds application, formation, participant, session, batch and version). */
  columns(rows: Array<{ item: Item; score: Score }>): Column[];
  /** The correction's link to the row it changed. */
  correctionOf(id: number): { resultId: number } | { skbResultId: number };
}

const quoted = (name: string) => Prisma.raw(`"${name}"`);
const picked = (c: Column, i: number) => Prisma.raw(c.cast ? `t.c${i}::${c.cast}` : `t.c${i}`);
const unnest = (columns: Column[]) =>
  Prisma.sql`unnest(${Prisma.join(columns.map((c) => Prisma.sql`${c.values}::${Prisma.raw(c.type)}[]`))}) as t(${Prisma.raw(columns.map((_, i) => `c${i}`).join(', '))})`;

/**
 * One statement for the whole batch: an array parameter per column through unnest instead of
 * createMany's per-row values, which the driver adapters make several times slower (the
 * ingestion benchmark measures it). Column names follow the migrations; tests run it on both engines.
 */
async function insertRows(tx: Tx, table: string, columns: Column[]) {
  await tx.$executeRaw`insert into ${quoted(table)} (${Prisma.join(columns.map((c) => quoted(c.name)))}, "updatedAt")
    select ${Prisma.join(columns.map(picked))}, now() from ${unnest(columns)}`;
}

/** The same for corrections: one update of every corrected row, matched by id. */
async function updateRows(tx: Tx, table: string, ids: number[], columns: Column[]) {
  const all: Column[] = [{ name: 'id', type: 'integer', values: ids }, ...columns];
  await tx.$executeRaw`update ${quoted(table)} r set ${Prisma.join(columns.map((c, i) => Prisma.sql`${quoted(c.name)} = ${picked(c, i + 1)}`))}, "updatedAt" = now()
    from ${unnest(all)} where r."id" = t.c0`;
}

/** Timestamps as PostgreSQL reads them for `timestamp(3)` (UTC, as Prisma stores DateTime). */
const sqlTimestamp = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

/** Batch size and duplicate participants: refused before anything touches the database. */
function checkBatchShape<T extends { participantNumber: string }>(items: T[], field: string) {
  if (!items.length) throw new IngestionError('BATCH_EMPTY', 'A batch needs at least one item', field);
  if (items.length > MAX_BATCH) throw new IngestionError('BATCH_TOO_LARGE', `A batch holds at most ${MAX_BATCH} items, got ${items.length}`, field);
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const before = seen.get(item.participantNumber);
    if (before !== undefined) {
      throw new IngestionError(
        'DUPLICATE_PARTICIPANT',
        `Participant ${item.participantNumber} appears twice in the batch (items ${before} and ${i})`,
        `${field}[${i}].participantNumber`,
      );
    }
    seen.set(item.participantNumber, i);
  });
}

/** Locks the session row for the transaction: ingestions of one session commit one at a time. */
async function lockRunningSession(tx: Tx, sessionId: number, stage: 'SKD' | 'SKB'): Promise<{ rules: RuleSet }> {
  await tx.$queryRaw`select id from "ExamSession" where id = ${sessionId} for update`;
  const session = await tx.examSession.findUnique({ where: { id: sessionId }, include: { selectionYear: { select: { rules: true } } } });
  if (!session) throw new IngestionError('SESSION_NOT_FOUND', `No exam session ${sessionId}`, 'sessionId');
  if (session.status !== 'RUNNING')
    throw new IngestionError('SESSION_NOT_RUNNING', `Exam session ${sessionId} is ${session.status.toLowerCase()}, not running`, 'sessionId');
  if (session.stage !== stage)
    throw new IngestionError('WRONG_STAGE', `Exam session ${sessionId} is an ${session.stage} session; ${stage} scores go to ${stage} sessions`, 'sessionId');
  return { rules: parseRuleSet(session.selectionYear.rules) };
}

/** The seats of these participants in the session; an unscheduled one is refused, naming its item. */
async function loadSeats(tx: Tx, sessionId: number, numbers: string[], field: string) {
  const seats = await tx.examSeat.findMany({
    where: { sessionId, participantNumber: { in: numbers } },
    select: {
      id: true,
      participantNumber: true,
      examCardCode: true,
      applicationId: true,
      attendance: true,
      disqualifiedReason: true,
      application: { select: { formationId: true } },
    },
  });
  const byNumber = new Map(seats.map((s) => [s.participantNumber, s]));
  numbers.forEach((n, i) => {
    if (!byNumber.has(n))
      throw new IngestionError('UNKNOWN_PARTICIPANT', `Participant ${n} is not scheduled in session ${sessionId}`, `${field}[${i}].participantNumber`);
  });
  return byNumber;
}

type Seat = Awaited<ReturnType<typeof loadSeats>> extends Map<string, infer S> ? S : never;

/** A disqualified (DIS) or absent (TH) seat has no score to take: the batch is refused, naming the item. */
function checkSeatScorable(seat: Seat, field: string) {
  if (seat.disqualifiedReason) throw new IngestionError('PARTICIPANT_DISQUALIFIED', `Participant ${seat.participantNumber} is disqualified`, field);
  if (seat.attendance === 'ABSENT')
    throw new IngestionError('PARTICIPANT_ABSENT', `Participant ${seat.participantNumber} is recorded absent (TH) in this session`, field);
}

function checkScores(rules: RuleSet, scores: Partial<SkdScores>, partial: boolean, field: string) {
  const issue = validateSkdScores(rules, scores, { partial })[0];
  if (issue) throw new IngestionError('INVALID_SCORE', issue.message, `${field}.${issue.field.toLowerCase()}`);
}

/**
 * The stored answer of a batch committed before (marked replayed), or null for a new batch.
 * The same id with other content is refused: a client retry must be the same request.
 */
async function previousAnswer(
  tx: Tx,
  { batchId, sessionId, requestHash }: { batchId: string; sessionId: number; requestHash: string },
): Promise<SubmitResultsAnswer | null> {
  // Two calls with one batch id at once: the second waits here for the first to commit, then
  // finds its batch and replays it (never a unique violation, never two writes).
  await tx.$executeRaw`select pg_advisory_xact_lock(${BATCH_LOCK_CLASS}::int, hashtext(${batchId}))`;
  const previous = await tx.ingestionBatch.findUnique({ where: { id: batchId } });
  if (!previous) return null;
  if (previous.requestHash !== requestHash || previous.sessionId !== sessionId) {
    throw new IngestionError('BATCH_CONFLICT', `Batch ${batchId} was already committed with different content`, 'batchId');
  }
  return { ...(previous.response as unknown as SubmitResultsAnswer), replayed: true };
}

/** The advisory lock class of batch ids (the second key is the id's hash). */
const BATCH_LOCK_CLASS = 2024_1021;

/** Batch ids are keys, not text: letters, digits and `._:-` only, so nothing else can hide in one. */
function checkBatchId(batchId: string) {
  if (!/^[A-Za-z0-9._:-]{1,100}$/.test(batchId)) {
    throw new IngestionError('INVALID_BATCH_ID', 'batchId must be 1 to 100 letters, digits, dots, colons, dashes or underscores', 'batchId');
  }
}

/** A batch's items as its hash reads them (times as ISO text, no reason as null). */
export const batchContent = (results: FinalResultInput[]) =>
  results.map((r) => ({ ...r, finishedAt: r.finishedAt.toISOString(), correctionReason: r.correctionReason ?? null }));

/** SKD hashes predate the stage key (kept so batches committed before still replay). */
const batchHash = (stage: 'SKD' | 'SKB', sessionId: number, results: FinalResultInput[]) =>
  sha256(canonicalJson({ sessionId, ...(stage === 'SKD' ? {} : { stage }), results: batchContent(results) }));

/**
 * Final scores of a batch of participants, for either stage. Replaying a committed batch id with
 * the same content returns the stored answer and writes nothing; with other content it is refused.
 */
export async function ingestFinalResults<Item extends FinalResultInput, Score extends StageScore>(
  prisma: PrismaClient,
  events: Publisher,
  stage: ResultStage<Item, Score>,
  input: { sessionId: number; batchId: string; results: Item[] },
  /** Where entries go: the score log; the benchmark swaps in a no-op to measure what the log costs. */
  appendEntries: typeof appendToLedger = appendToLedger,
): Promise<{ answer: SubmitResultsAnswer; changed: ScoresChanged | null }> {
  const { sessionId, batchId, results } = input;
  checkBatchId(batchId);
  checkBatchShape(results, 'results');
  const requestHash = batchHash(stage.stage, sessionId, results);

  const outcome = await prisma.$transaction(async (tx): Promise<{ answer: SubmitResultsAnswer; changed: ScoresChanged | null }> => {
    const replayed = await previousAnswer(tx, { batchId, sessionId, requestHash });
    if (replayed) return { answer: replayed, changed: null };
    const { rules } = await lockRunningSession(tx, sessionId, stage.stage);
    const scores = results.map((r, i) => stage.score(rules, r, `results[${i}]`));
    const seats = await loadSeats(
      tx,
      sessionId,
      results.map((r) => r.participantNumber),
      'results',
    );
    const finals = new Map(
      (
        await stage.finals(
          tx,
          [...seats.values()].map((s) => s.applicationId),
        )
      ).map((f) => [f.applicationId, f]),
    );

    const answer: SubmitResultsAnswer = { batchId, sessionId, created: 0, unchanged: 0, corrected: 0, replayed: false };
    const ledger: PendingEntry[] = [];
    type Row = { seat: Seat; item: Item; score: Score; version: number };
    const creates: Row[] = [];
    const corrections: Array<Row & { before: StoredFinal<Score>; reason: string }> = [];
    const changedNumbers: string[] = [];
    const formationIds = new Set<number>();

    for (const [i, item] of results.entries()) {
      const seat = seats.get(item.participantNumber)!;
      checkSeatScorable(seat, `results[${i}].participantNumber`);
      const score = scores[i]!;
      const before = finals.get(seat.applicationId);
      if (before && stage.same(before.score, score)) {
        answer.unchanged += 1;
        continue;
      }
      const row = { seat, item, score, version: (before?.version ?? 0) + 1 };
      if (!before) {
        creates.push(row);
        answer.created += 1;
      } else {
        const reason = reasonOf(item.correctionReason, `results[${i}].correctionReason`);
        if (!reason) {
          throw new IngestionError(
            'RESULT_ALREADY_FINAL',
            `Participant ${item.participantNumber} already has a final result (${stage.describe(before.score)}); send a correction with a reason to change it`,
            `results[${i}]`,
          );
        }
        corrections.push({ ...row, before, reason });
        answer.corrected += 1;
      }
      const record = {
        sessionId,
        ...score,
        finishedAt: item.finishedAt.toISOString(),
        kind: before ? ('CORRECTION' as const) : ('RESULT' as const),
        version: row.version,
      };
      ledger.push(scoreRecord(item.participantNumber, seat.examCardCode, record));
      changedNumbers.push(item.participantNumber);
      formationIds.add(seat.application.formationId);
    }

    if (creates.length) {
      await insertRows(tx, stage.table, [
        { name: 'applicationId', type: 'integer', values: creates.map((r) => r.seat.applicationId) },
        { name: 'formationId', type: 'integer', values: creates.map((r) => r.seat.application.formationId) },
        { name: 'participantNumber', type: 'text', values: creates.map((r) => r.item.participantNumber) },
        { name: 'sessionId', type: 'integer', values: creates.map(() => sessionId) },
        { name: 'batchId', type: 'text', values: creates.map(() => batchId) },
        ...stage.columns(creates),
      ]);
    }
    if (corrections.length) {
      await updateRows(
        tx,
        stage.table,
        corrections.map((c) => c.before.id),
        [
          { name: 'version', type: 'integer', values: corrections.map((c) => c.version) },
          { name: 'batchId', type: 'text', values: corrections.map(() => batchId) },
          ...stage.columns(corrections),
        ],
      );
      await tx.scoreCorrection.createMany({
        data: corrections.map((c) => ({
          stage: stage.stage,
          ...stage.correctionOf(c.before.id),
          before: { ...c.before.score, version: c.before.version } as Prisma.InputJsonValue,
          after: { ...c.score, version: c.version } as Prisma.InputJsonValue,
          reason: c.reason,
          batchId,
        })),
      });
    }
    if (changedNumbers.length) {
      await tx.examSeat.updateMany({ where: { sessionId, participantNumber: { in: changedNumbers } }, data: { attendance: 'PRESENT' } });
    }
    await tx.ingestionBatch.create({ data: { id: batchId, sessionId, kind: stage.kind, requestHash, response: answer as unknown as Prisma.InputJsonValue } });
    // Last: the log's row lock (shared by every session of the year and stage) is held only from here to the commit.
    await appendEntries(tx, sessionId, ledger);
    const changed = changedNumbers.length ? { sessionId, formationIds: [...formationIds], participantNumbers: changedNumbers, final: true } : null;
    return { answer, changed };
  });
  if (outcome.changed) events.publish('scoresChanged', outcome.changed); // after the commit, never for a replay
  return outcome;
}

type SkdScore = Required<Pick<StageScore, 'twk' | 'tiu' | 'tkp' | 'total'>>;

/** SKD: TWK, TIU and TKP checked against the year's maxima, their total ranked; stored in ExamResult. */
export const SKD_RESULTS: ResultStage<ResultInput, SkdScore> = {
  stage: 'SKD',
  kind: 'RESULTS',
  table: 'ExamResult',
  score(rules, r, field) {
    checkScores(rules, { TWK: r.twk, TIU: r.tiu, TKP: r.tkp }, false, field);
    return { twk: r.twk, tiu: r.tiu, tkp: r.tkp, total: skdTotal({ TWK: r.twk, TIU: r.tiu, TKP: r.tkp }) };
  },
  async finals(tx, applicationIds) {
    const rows = await tx.examResult.findMany({
      where: { applicationId: { in: applicationIds }, stage: 'SKD' },
      select: { id: true, applicationId: true, version: true, twk: true, tiu: true, tkp: true, total: true },
    });
    return rows.map(({ id, applicationId, version, ...score }) => ({ id, applicationId, version, score }));
  },
  same: (a, b) => a.twk === b.twk && a.tiu === b.tiu && a.tkp === b.tkp,
  describe: (s) => `${s.twk}/${s.tiu}/${s.tkp}`,
  columns: (rows) => [
    { name: 'stage', type: 'text', values: rows.map(() => 'SKD'), cast: '"ExamStage"' },
    { name: 'twk', type: 'integer', values: rows.map((r) => r.score.twk) },
    { name: 'tiu', type: 'integer', values: rows.map((r) => r.score.tiu) },
    { name: 'tkp', type: 'integer', values: rows.map((r) => r.score.tkp) },
    { name: 'total', type: 'integer', values: rows.map((r) => r.score.total) },
    { name: 'finishedAt', type: 'timestamp(3)', values: rows.map((r) => sqlTimestamp(r.item.finishedAt)) },
  ],
  correctionOf: (resultId) => ({ resultId }),
};

/** Final TWK/TIU/TKP of a batch of participants of an SKD session (see {@link ingestFinalResults}). */
export function submitExamResults(
  prisma: PrismaClient,
  events: Publisher,
  input: { sessionId: number; batchId: string; results: ResultInput[] },
  appendEntries: typeof appendToLedger = appendToLedger,
): Promise<{ answer: SubmitResultsAnswer; changed: ScoresChanged | null }> {
  return ingestFinalResults(prisma, events, SKD_RESULTS, input, appendEntries);
}

/**
 * Running scores while participants answer. Partial scores only climb: an update never lowers
 * a sub-score already shown, and a participant with a final result is left alone.
 */
export async function reportExamProgress(
  prisma: PrismaClient,
  events: Publisher,
  input: { sessionId: number; updates: ProgressInput[] },
): Promise<{ accepted: number; ignored: number; changed: ScoresChanged | null }> {
  const { sessionId, updates } = input;
  checkBatchShape(updates, 'updates');
  const outcome = await prisma.$transaction(async (tx) => {
    const { rules } = await lockRunningSession(tx, sessionId, 'SKD');
    updates.forEach((u, i) => {
      if (u.twk == null && u.tiu == null && u.tkp == null)
        throw new IngestionError('INVALID_SCORE', 'An update needs at least one of twk, tiu, tkp', `updates[${i}]`);
      checkScores(rules, { TWK: u.twk ?? undefined, TIU: u.tiu ?? undefined, TKP: u.tkp ?? undefined }, true, `updates[${i}]`);
    });
    const seats = await loadSeats(
      tx,
      sessionId,
      updates.map((u) => u.participantNumber),
      'updates',
    );
    const finals = new Set(
      (
        await tx.examResult.findMany({
          where: { applicationId: { in: [...seats.values()].map((s) => s.applicationId) }, stage: 'SKD' },
          select: { applicationId: true },
        })
      ).map((r) => r.applicationId),
    );
    let accepted = 0;
    const changed: string[] = [];
    const formationIds = new Set<number>();
    for (const u of updates) {
      const seat = seats.get(u.participantNumber)!;
      if (finals.has(seat.applicationId) || seat.disqualifiedReason) continue;
      // GREATEST keeps a late, out-of-order update from lowering what screens already showed.
      const n = await tx.$executeRaw`
        update "ExamSeat" set
          "progressTwk" = greatest("progressTwk", ${u.twk ?? null}::int),
          "progressTiu" = greatest("progressTiu", ${u.tiu ?? null}::int),
          "progressTkp" = greatest("progressTkp", ${u.tkp ?? null}::int),
          "progressAt" = now(),
          attendance = 'PRESENT'
        where id = ${seat.id}`;
      accepted += n;
      changed.push(u.participantNumber);
      formationIds.add(seat.application.formationId);
    }
    return {
      accepted,
      ignored: updates.length - accepted,
      changed: changed.length ? { sessionId, formationIds: [...formationIds], participantNumbers: changed, final: false } : null,
    };
  });
  if (outcome.changed) events.publish('scoresChanged', outcome.changed);
  return outcome;
}
