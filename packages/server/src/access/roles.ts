/**
 * Who is asking, as every layer names it. Kept apart from the request context (`context.ts`, which
 * re-exports it) so access rules and services name it without depending on the context.
 */

/** Who is asking: a session token (users, applicants), a partner key, or nothing (PUBLIC). */
export type Role = 'PUBLIC' | 'APPLICANT' | 'PARTNER' | 'VERIFIER' | 'OFFICIAL' | 'ADMIN';

export interface Viewer {
  role: Role;
  /** Partner key scopes (`scores:write`, ...); empty for everyone else. */
  scopes: ReadonlySet<string>;
  apiKeyId?: number;
  /** The logged-in official, verifier or administrator. */
  userId?: number;
  /** The logged-in applicant, who may read and change only their own data. */
  applicantId?: number;
  /** When the session token stops being accepted (subscriptions end there). */
  expiresAt?: Date;
}

/** The viewer of a request that carries no credentials. */
export const publicViewer: Viewer = Object.freeze({ role: 'PUBLIC', scopes: new Set<string>() });

/** Whether the viewer may see personal data and unmasked names. */
export function seesPersonalData(viewer: Viewer): boolean {
  return viewer.role === 'OFFICIAL' || viewer.role === 'VERIFIER' || viewer.role === 'ADMIN' || viewer.scopes.has('pii:read');
}
