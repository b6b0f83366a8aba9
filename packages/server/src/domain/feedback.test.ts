import { describe, expect, it } from 'vitest';
import { canMoveFeedback, FEEDBACK_STATUSES } from './feedback.js';

describe('complaint status', () => {
  it('allows open -> answered -> closed and further answers, nothing else', () => {
    const allowed = FEEDBACK_STATUSES.flatMap((from) => FEEDBACK_STATUSES.filter((to) => canMoveFeedback(from, to)).map((to) => `${from}->${to}`));
    expect(allowed).toEqual(['OPEN->ANSWERED', 'ANSWERED->ANSWERED', 'ANSWERED->CLOSED']);
  });
});
