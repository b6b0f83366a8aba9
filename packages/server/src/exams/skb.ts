/**
 * SKB results from SKB sessions: the components the rule set weighs (CAT SKB, and any extra test
 * an agency adds), turned into the 0-100 SKB score by the domain's skbScore. Same guarantees as
 * SKD ingestion: one transaction per batch, replay by batchId, explicit corrections, the ledger.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { skbScore } from '../domain/scoring.js';
import { canonicalJson, sha256 } from './canonical.js';
import { IngestionError, reasonOf } from './errors.js';
import { checkBatchId, checkBatchShape, loadSeats, lockRunningSession, previousAnswer, type SubmitResultsAnswer } from './ingestion.js';
import type { Publisher } from '../events/publisher.js';
import type { ScoresChanged } from '../events/topics.js';
import { appendToLedger, scoreRecord, type PendingEntry } from './ledger.js';

export interface SkbResultInput {
  participantNumber: string;
  /** Component name (as in the rule set's skb.components) to its 0-100 score. */
  components: Record<string, number>;
  finishedAt: Date;
  correctionReason?: string | null;
}


export async function submitSkbResults(
  prisma: PrismaClient,
  events: Publisher,
  input: { sessionId: number; batchId: string; results: SkbResultInput[] },
): Promise<{ answer: SubmitResultsAnswer; changed: ScoresChanged | null }> {
  const { sessionId, batchId, results } = input;
  checkBatchId(batchId);
  checkBatchShape(results, 'results');
  const requestHash = sha256(canonicalJson({ sessionId, stage: 'SKB', results: results.map((r) => ({ ...r, finishedAt: r.finishedAt.toISOString(), correctionReason: r.correctionReason ?? null })) }));

  const outcome = await prisma.$transaction(async (tx): Promise<{ answer: SubmitResultsAnswer; changed: ScoresChanged | null }> => {
    const replayed = await previousAnswer(tx, { batchId, sessionId, requestHash });
    if (replayed) return { answer: replayed, changed: null };
    const { rules } = await lockRunningSession(tx, sessionId, 'SKB');
    const scores = results.map((r, i) => {
      try {
        return skbScore(rules, r.components);
      } catch (err) {
        const component = Object.keys(r.components).find((c) => (err as Error).message.includes(c));
        throw new IngestionError('INVALID_SCORE', (err as Error).message, `results[${i}].components${component ? `.${component}` : ''}`);
      }
    });
    const seats = await loadSeats(tx, sessionId, results.map((r) => r.participantNumber), 'results');
    const existing = new Map(
      (await tx.skbResult.findMany({ where: { applicationId: { in: [...seats.values()].map((s) => s.applicationId) } } })).map((r) => [r.applicationId, r]),
    );
    const answer: SubmitResultsAnswer = { batchId, sessionId, created: 0, unchanged: 0, corrected: 0, replayed: false };
    const ledger: PendingEntry[] = [];
    const changed: string[] = [];
    const formationIds = new Set<number>();
    for (const [i, r] of results.entries()) {
      const seat = seats.get(r.participantNumber)!;
      const score = scores[i]!;
      const before = existing.get(seat.applicationId);
      const record = { sessionId, skb: score, components: r.components, finishedAt: r.finishedAt.toISOString() };
      const entry = (kind: 'RESULT' | 'CORRECTION', version: number) => scoreRecord(r.participantNumber, seat.examCardCode, { ...record, kind, version });
      if (!before) {
        await tx.skbResult.create({
          data: { applicationId: seat.applicationId, formationId: seat.application.formationId, participantNumber: r.participantNumber, sessionId, components: r.components, score, batchId },
        });
        ledger.push(entry('RESULT', 1));
        answer.created += 1;
      } else if (canonicalJson(before.components) === canonicalJson(r.components)) {
        answer.unchanged += 1;
        continue;
      } else if (!reasonOf(r.correctionReason, `results[${i}].correctionReason`)) {
        throw new IngestionError('RESULT_ALREADY_FINAL', `Participant ${r.participantNumber} already has an SKB result; send a correction with a reason to change it`, `results[${i}]`);
      } else {
        const reason = reasonOf(r.correctionReason, `results[${i}].correctionReason`)!;
        const version = before.version + 1;
        await tx.skbResult.update({ where: { id: before.id }, data: { components: r.components, score, batchId, version } });
        ledger.push(entry('CORRECTION', version));
        answer.corrected += 1;
      }
      changed.push(r.participantNumber);
      formationIds.add(seat.application.formationId);
    }
    if (changed.length) await tx.examSeat.updateMany({ where: { sessionId, participantNumber: { in: changed } }, data: { attendance: 'PRESENT' } });
    await appendToLedger(tx, sessionId, ledger);
    await tx.ingestionBatch.create({ data: { id: batchId, sessionId, kind: 'SKB_RESULTS', requestHash, response: answer as unknown as Prisma.InputJsonValue } });
    return { answer, changed: changed.length ? { sessionId, formationIds: [...formationIds], participantNumbers: changed, final: true } : null };
  });
  if (outcome.changed) events.publish('scoresChanged', outcome.changed); // after the commit, never for a replay
  return outcome;
}
