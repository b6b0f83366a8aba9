import { seesPersonalData, type Context } from '../context.js';
import { maskName, maskParticipantNumber } from '../domain/masking.js';

/**
 * The one place where a viewer's right to see names decides what a row about an applicant shows
 * (scores, rankings, announcements): the masking rules themselves live in domain/masking.ts.
 */
export const identity = {
  participantNumber: (n: string, ctx: Context) => (seesPersonalData(ctx.viewer) ? n : maskParticipantNumber(n)),
  displayName: (name: string, ctx: Context) => (seesPersonalData(ctx.viewer) ? name : maskName(name)),
};
