import { describe, expect, it } from 'vitest';
import { APPLICATION_STATUSES, appealDeadline, canMove, illegalMoveMessage, type ApplicationStatusName } from './application-status.js';

// The flow: submitted -> verified (MS/TMS) -> announced -> appealed (once) -> accepted or
// rejected -> re-announced; a verifier may correct a verification until it is announced.
const LEGAL: ReadonlyArray<[ApplicationStatusName, ApplicationStatusName]> = [
  ['SUBMITTED', 'VERIFIED'],
  ['VERIFIED', 'VERIFIED'],
  ['VERIFIED', 'ANNOUNCED'],
  ['ANNOUNCED', 'APPEALED'],
  ['APPEALED', 'APPEAL_ACCEPTED'],
  ['APPEALED', 'APPEAL_REJECTED'],
  ['APPEAL_ACCEPTED', 'REANNOUNCED'],
  ['APPEAL_REJECTED', 'REANNOUNCED'],
];

describe('application status moves', () => {
  it.each(APPLICATION_STATUSES.flatMap((from) => APPLICATION_STATUSES.map((to) => [from, to] as const)))('%s -> %s', (from, to) => {
    const legal = LEGAL.some(([a, b]) => a === from && b === to);
    expect(canMove(from, to)).toBe(legal);
  });

  it('explains a refusal with the next legal step', () => {
    expect(illegalMoveMessage('SUBMITTED', 'APPEALED')).toBe('cannot go from SUBMITTED to APPEALED; from SUBMITTED the next step is VERIFIED');
    expect(illegalMoveMessage('REANNOUNCED', 'APPEALED')).toBe('cannot go from REANNOUNCED to APPEALED; from REANNOUNCED the next step is none (final)');
  });

  it('closes the sanggah window 3 days (the 2024 rule) after the announcement', () => {
    expect(appealDeadline(new Date('2024-09-10T17:00:00Z'), 3).toISOString()).toBe('2024-09-13T17:00:00.000Z');
  });
});
