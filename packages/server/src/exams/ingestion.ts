/**
 * Score ingestion from test sites (the CAT centre): live progress and final results. Final
 * results are idempotent and atomic: a batch is all or nothing, a replayed batch returns the
 * stored answer, and the answer is given only after the commit.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { parseRuleSet, skdTotal, type RuleSet, type SkdScores } from '../domain/rules.js';
import { validateSkdScores } from '../domain/scoring.js';
import { canonicalJson, sha256 } from './canonical.js';
import { IngestionError, reasonOf } from './errors.js';
import { appendToLedger, scoreRecord, type PendingEntry } from './ledger.js';
import type { Publisher } from '../events/publisher.js';
import type { ScoresChanged } from '../events/topics.js';

/** Largest batch accepted: a session room's worth, small enough to commit in one short transaction. */
export const MAX_BATCH = 500;

export interface ResultInput {
  participantNumber: string;
  twk: number;
  tiu: number;
  tkp: number;
  finishedAt: Date;
  /** Set to change an already-final score; recorded, never overwriting history. */
  correctionReason?: string | null;
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

interface NewResult {
  applicationId: number;
  formationId: number;
  participantNumber: string;
  sessionId: number;
  twk: number;
  tiu: number;
  tkp: number;
  total: number;
  finishedAt: Date;
  batchId: string;
}

/** Timestamps as PostgreSQL reads them for `timestamp(3)` (UTC, as Prisma stores DateTime). */
const sqlTimestamp = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

/**
 * One statement for the whole batch: a dozen array parameters through unnest instead of
 * createMany's per-row values, which the driver adapters make several times slower (the
 * ingestion benchmark measures it). Column names follow the migrations; tests run it on both engines.
 */
async function insertResults(tx: Tx, rows: NewResult[]) {
  await tx.$executeRaw`
    insert into "ExamResult" ("applicationId", "formationId", "participantNumber", "stage", "sessionId", "twk", "tiu", "tkp", "total", "finishedAt", "batchId", "updatedAt")
    select a, f, p, 'SKD'::"ExamStage", s, twk, tiu, tkp, total, fin, b, now()
    from unnest(
      ${rows.map((r) => r.applicationId)}::integer[], ${rows.map((r) => r.formationId)}::integer[], ${rows.map((r) => r.participantNumber)}::text[],
      ${rows.map((r) => r.sessionId)}::integer[], ${rows.map((r) => r.twk)}::integer[], ${rows.map((r) => r.tiu)}::integer[],
      ${rows.map((r) => r.tkp)}::integer[], ${rows.map((r) => r.total)}::integer[], ${rows.map((r) => sqlTimestamp(r.finishedAt))}::timestamp(3)[],
      ${rows.map((r) => r.batchId)}::text[]
    ) as t(a, f, p, s, twk, tiu, tkp, total, fin, b)`;
}

/** Batch size and duplicate participants: refused before anything touches the database. */
export function checkBatchShape<T extends { participantNumber: string }>(items: T[], field: string) {
  if (!items.length) throw new IngestionError('BATCH_EMPTY', 'A batch needs at least one item', field);
  if (items.length > MAX_BATCH) throw new IngestionError('BATCH_TOO_LARGE', `A batch holds at most ${MAX_BATCH} items, got ${items.length}`, field);
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const before = seen.get(item.participantNumber);
    if (before !== undefined) {
      throw new IngestionError('DUPLICATE_PARTICIPANT', `Participant ${item.participantNumber} appears twice in the batch (items ${before} and ${i})`, `${field}[${i}].participantNumber`);
    }
    seen.set(item.participantNumber, i);
  });
}

/** Locks the session row for the transaction: ingestions of one session commit one at a time. */
export async function lockRunningSession(tx: Tx, sessionId: number, stage: 'SKD' | 'SKB' = 'SKD'): Promise<{ rules: RuleSet; stage: string }> {
  await tx.$queryRaw`select id from "ExamSession" where id = ${sessionId} for update`;
  const session = await tx.examSession.findUnique({ where: { id: sessionId }, include: { selectionYear: { select: { rules: true } } } });
  if (!session) throw new IngestionError('SESSION_NOT_FOUND', `No exam session ${sessionId}`, 'sessionId');
  if (session.status !== 'RUNNING') throw new IngestionError('SESSION_NOT_RUNNING', `Exam session ${sessionId} is ${session.status.toLowerCase()}, not running`, 'sessionId');
  if (session.stage !== stage) throw new IngestionError('WRONG_STAGE', `Exam session ${sessionId} is an ${session.stage} session; ${stage} scores go to ${stage} sessions`, 'sessionId');
  return { rules: parseRuleSet(session.selectionYear.rules), stage: session.stage };
}

/** The seats of these participants in the session; an unscheduled one is refused, naming its item. */
export async function loadSeats(tx: Tx, sessionId: number, numbers: string[], field: string) {
  const seats = await tx.examSeat.findMany({
    where: { sessionId, participantNumber: { in: numbers } },
    select: { id: true, participantNumber: true, examCardCode: true, applicationId: true, disqualifiedReason: true, application: { select: { formationId: true } } },
  });
  const byNumber = new Map(seats.map((s) => [s.participantNumber, s]));
  numbers.forEach((n, i) => {
    if (!byNumber.has(n)) throw new IngestionError('UNKNOWN_PARTICIPANT', `Participant ${n} is not scheduled in session ${sessionId}`, `${field}[${i}].participantNumber`);
  });
  return byNumber;
}

function checkScores(rules: RuleSet, scores: Partial<SkdScores>, partial: boolean, field: string) {
  const issue = validateSkdScores(rules, scores, { partial })[0];
  if (issue) throw new IngestionError('INVALID_SCORE', issue.message, `${field}.${issue.field.toLowerCase()}`);
}

/**
 * The stored answer of a batch committed before (marked replayed), or null for a new batch.
 * The same id with other content is refused: a client retry must be the same request.
 */
export async function previousAnswer(tx: Tx, { batchId, sessionId, requestHash }: { batchId: string; sessionId: number; requestHash: string }): Promise<SubmitResultsAnswer | null> {
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
export function checkBatchId(batchId: string) {
  if (!/^[A-Za-z0-9._:-]{1,100}$/.test(batchId)) {
    throw new IngestionError('INVALID_BATCH_ID', 'batchId must be 1 to 100 letters, digits, dots, colons, dashes or underscores', 'batchId');
  }
}

/**
 * Final TWK/TIU/TKP of a batch of participants. Replaying a committed batch id with the same
 * content returns the stored answer; with other content it is refused.
 */
export async function submitExamResults(
  prisma: PrismaClient,
  events: Publisher,
  input: { sessionId: number; batchId: string; results: ResultInput[] },
  /** Where entries go: the score log; the benchmark swaps in a no-op to measure what the log costs. */
  appendEntries: typeof appendToLedger = appendToLedger,
): Promise<{ answer: SubmitResultsAnswer; changed: ScoresChanged | null }> {
  const { sessionId, batchId, results } = input;
  checkBatchId(batchId);
  checkBatchShape(results, 'results');
  const requestHash = sha256(canonicalJson({ sessionId, results: results.map((r) => ({ ...r, finishedAt: r.finishedAt.toISOString(), correctionReason: r.correctionReason ?? null })) }));

  const outcome = await prisma.$transaction(async (tx) => {
    const replayed = await previousAnswer(tx, { batchId, sessionId, requestHash });
    if (replayed) return { answer: replayed, changed: null };
    const { rules } = await lockRunningSession(tx, sessionId);
    results.forEach((r, i) => checkScores(rules, { TWK: r.twk, TIU: r.tiu, TKP: r.tkp }, false, `results[${i}]`));
    const seats = await loadSeats(tx, sessionId, results.map((r) => r.participantNumber), 'results');
    const existing = new Map(
      (
        await tx.examResult.findMany({
          where: { applicationId: { in: [...seats.values()].map((s) => s.applicationId) }, stage: 'SKD' },
        })
      ).map((r) => [r.applicationId, r]),
    );

    const answer: SubmitResultsAnswer = { batchId, sessionId, created: 0, unchanged: 0, corrected: 0, replayed: false };
    const ledger: PendingEntry[] = [];
    const creates: NewResult[] = [];
    const changedNumbers: string[] = [];
    const formationIds = new Set<number>();

    for (const [i, r] of results.entries()) {
      const seat = seats.get(r.participantNumber)!;
      if (seat.disqualifiedReason) {
        throw new IngestionError('PARTICIPANT_DISQUALIFIED', `Participant ${r.participantNumber} is disqualified`, `results[${i}].participantNumber`);
      }
      const total = skdTotal({ TWK: r.twk, TIU: r.tiu, TKP: r.tkp });
      const before = existing.get(seat.applicationId);
      const record = { sessionId, twk: r.twk, tiu: r.tiu, tkp: r.tkp, total, finishedAt: r.finishedAt.toISOString() };
      const entry = (kind: 'RESULT' | 'CORRECTION', version: number) => scoreRecord(r.participantNumber, seat.examCardCode, { ...record, kind, version });
      if (!before) {
        creates.push({ applicationId: seat.applicationId, formationId: seat.application.formationId, participantNumber: r.participantNumber, sessionId, twk: r.twk, tiu: r.tiu, tkp: r.tkp, total, finishedAt: r.finishedAt, batchId });
        ledger.push(entry('RESULT', 1));
        answer.created += 1;
      } else if (before.twk === r.twk && before.tiu === r.tiu && before.tkp === r.tkp) {
        answer.unchanged += 1;
        continue;
      } else if (!reasonOf(r.correctionReason, `results[${i}].correctionReason`)) {
        throw new IngestionError(
          'RESULT_ALREADY_FINAL',
          `Participant ${r.participantNumber} already has a final result (${before.twk}/${before.tiu}/${before.tkp}); send a correction with a reason to change it`,
          `results[${i}]`,
        );
      } else {
        const reason = reasonOf(r.correctionReason, `results[${i}].correctionReason`)!;
        const version = before.version + 1;
        await tx.examResult.update({ where: { id: before.id }, data: { twk: r.twk, tiu: r.tiu, tkp: r.tkp, total, finishedAt: r.finishedAt, batchId, version } });
        await tx.scoreCorrection.create({
          data: {
            resultId: before.id,
            before: { twk: before.twk, tiu: before.tiu, tkp: before.tkp, total: before.total, version: before.version },
            after: { twk: r.twk, tiu: r.tiu, tkp: r.tkp, total, version },
            reason,
            batchId,
          },
        });
        ledger.push(entry('CORRECTION', version));
        answer.corrected += 1;
      }
      changedNumbers.push(r.participantNumber);
      formationIds.add(seat.application.formationId);
    }
    if (creates.length) await insertResults(tx, creates);
    if (changedNumbers.length) {
      await tx.examSeat.updateMany({ where: { sessionId, participantNumber: { in: changedNumbers } }, data: { attendance: 'PRESENT' } });
    }
    await tx.ingestionBatch.create({ data: { id: batchId, sessionId, kind: 'RESULTS', requestHash, response: answer as unknown as Prisma.InputJsonValue } });
    // Last: the log's row lock (shared by every session of the year and stage) is held only from here to the commit.
    await appendEntries(tx, sessionId, ledger);
    const changed = changedNumbers.length ? { sessionId, formationIds: [...formationIds], participantNumbers: changedNumbers, final: true } : null;
    return { answer, changed };
  });
  if (outcome.changed) events.publish('scoresChanged', outcome.changed); // after the commit, never for a replay
  return outcome;
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
    const { rules } = await lockRunningSession(tx, sessionId);
    updates.forEach((u, i) => {
      if (u.twk == null && u.tiu == null && u.tkp == null) throw new IngestionError('INVALID_SCORE', 'An update needs at least one of twk, tiu, tkp', `updates[${i}]`);
      checkScores(rules, { TWK: u.twk ?? undefined, TIU: u.tiu ?? undefined, TKP: u.tkp ?? undefined }, true, `updates[${i}]`);
    });
    const seats = await loadSeats(tx, sessionId, updates.map((u) => u.participantNumber), 'updates');
    const finals = new Set(
      (await tx.examResult.findMany({ where: { applicationId: { in: [...seats.values()].map((s) => s.applicationId) }, stage: 'SKD' }, select: { applicationId: true } })).map((r) => r.applicationId),
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
