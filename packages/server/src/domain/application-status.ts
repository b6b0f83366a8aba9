/**
 * The administrative life of an application (seleksi administrasi and sanggah), as a table of
 * legal moves. Pure, so the rule is one place that the services, the API and a test walking every
 * pair of states all read.
 */

export const APPLICATION_STATUSES = ['SUBMITTED', 'VERIFIED', 'ANNOUNCED', 'APPEALED', 'APPEAL_ACCEPTED', 'APPEAL_REJECTED', 'REANNOUNCED'] as const;
export type ApplicationStatusName = (typeof APPLICATION_STATUSES)[number];

/**
 * submitted -> verified (MS or TMS; a verifier may correct it until announced) -> announced ->
 * appealed (TMS only, once, inside the window) -> appeal accepted (becomes MS) or rejected ->
 * re-announced.
 */
const MOVES: Readonly<Record<ApplicationStatusName, readonly ApplicationStatusName[]>> = {
  SUBMITTED: ['VERIFIED'],
  VERIFIED: ['VERIFIED', 'ANNOUNCED'],
  ANNOUNCED: ['APPEALED'],
  APPEALED: ['APPEAL_ACCEPTED', 'APPEAL_REJECTED'],
  APPEAL_ACCEPTED: ['REANNOUNCED'],
  APPEAL_REJECTED: ['REANNOUNCED'],
  REANNOUNCED: [],
};

export function canMove(from: ApplicationStatusName, to: ApplicationStatusName): boolean {
  return MOVES[from].includes(to);
}

/** The refusal for an illegal move, in words an applicant or verifier can act on. */
export function illegalMoveMessage(from: ApplicationStatusName, to: ApplicationStatusName): string {
  const allowed = MOVES[from];
  return `cannot go from ${from} to ${to}; from ${from} the next step is ${allowed.length ? allowed.join(' or ') : 'none (final)'}`;
}

/** Last instant a sanggah is accepted: the rule set's window in whole days after the announcement. */
export function appealDeadline(announcedAt: Date, appealWindowDays: number): Date {
  return new Date(announcedAt.getTime() + appealWindowDays * 86_400_000);
}
