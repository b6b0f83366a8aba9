/** Complaints and suggestions (U8): officials answer them, then close them (domain/feedback.ts). */
import type { PrismaClient } from '../generated/prisma/client.js';
import { canMoveFeedback, type FeedbackStatus } from '../domain/feedback.js';
import { RefusedError } from '../errors.js';
import { checkText } from './surveys.js';

export interface FeedbackMove {
  feedbackId: number;
  to: FeedbackStatus;
  /** Required to answer: the text and who signs it. */
  answer?: { text: string; official: string } | null;
}

/**
 * Moves an item along open -> answered -> closed, refusing any other move with ILLEGAL_TRANSITION.
 * Answering records the answer and, the first time, when it came; closing records when.
 */
export async function moveFeedback(prisma: PrismaClient, move: FeedbackMove, now = new Date()) {
  const answer =
    move.to === 'ANSWERED' && move.answer ? { text: checkText(move.answer.text, 'text'), official: checkText(move.answer.official, 'official') } : null;
  return prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ status: FeedbackStatus; firstAnsweredAt: Date | null }>>`
      select "status"::text as "status", "firstAnsweredAt" from "Feedback" where "id" = ${move.feedbackId} for update`;
    if (!row) throw new RefusedError('FEEDBACK_NOT_FOUND', `no complaint or suggestion ${move.feedbackId}`, 'id');
    if (!canMoveFeedback(row.status, move.to)) throw new RefusedError('ILLEGAL_TRANSITION', `cannot go from ${row.status} to ${move.to}`, 'status');
    if (move.to === 'ANSWERED') {
      if (!answer) throw new RefusedError('INVALID_TEXT', 'an answer needs a text', 'text');
      await tx.feedbackAnswer.create({ data: { feedbackId: move.feedbackId, text: answer.text, official: answer.official, answeredAt: now } });
      return tx.feedback.update({ where: { id: move.feedbackId }, data: { status: 'ANSWERED', firstAnsweredAt: row.firstAnsweredAt ?? now } });
    }
    return tx.feedback.update({ where: { id: move.feedbackId }, data: { status: move.to, closedAt: move.to === 'CLOSED' ? now : null } });
  });
}
