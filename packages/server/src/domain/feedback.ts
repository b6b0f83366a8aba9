/**
 * Complaints and suggestions (SKM element U8, penanganan pengaduan): open -> answered -> closed.
 * Officials may add further answers to an answered item; nothing is closed unanswered, and a
 * closed item stays closed. Pure.
 */

export type FeedbackStatus = 'OPEN' | 'ANSWERED' | 'CLOSED';
export const FEEDBACK_STATUSES: readonly FeedbackStatus[] = ['OPEN', 'ANSWERED', 'CLOSED'];

const NEXT: Record<FeedbackStatus, readonly FeedbackStatus[]> = {
  OPEN: ['ANSWERED'],
  ANSWERED: ['ANSWERED', 'CLOSED'],
  CLOSED: [],
};

/** Whether an item in `from` may move to `to` (ANSWERED -> ANSWERED is a further answer). */
export function canMoveFeedback(from: FeedbackStatus, to: FeedbackStatus): boolean {
  return NEXT[from]?.includes(to) ?? false;
}

/** Longest complaint or answer text kept; longer ones are refused, not cut. */
export const MAX_FEEDBACK_TEXT = 2_000;
