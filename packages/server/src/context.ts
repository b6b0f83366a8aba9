import type { PrismaClient } from './generated/prisma/client.js';
import type { LiveHub } from './live/hub.js';
import type { SurveyGuard } from './quality/guard.js';
import type { PantauPubSub } from './transport/pubsub.js';

/** Who is asking. Credentials arrive with the access issue; without them everyone is PUBLIC. */
export type Role = 'PUBLIC' | 'APPLICANT' | 'PARTNER' | 'VERIFIER' | 'OFFICIAL' | 'ADMIN';

export interface Viewer {
  role: Role;
  /** Partner key scopes (`scores:write`, ...); empty for everyone else. */
  scopes: ReadonlySet<string>;
  apiKeyId?: number;
}

/** What every resolver receives: the request's viewer and the app's services. */
export interface Context {
  viewer: Viewer;
  prisma: PrismaClient;
  pubsub: PantauPubSub;
  live: LiveHub;
  surveyGuard: SurveyGuard;
  /** The caller's network address (for the survey flood guard only); null when unknown. */
  clientAddress: string | null;
}

/** The viewer of a request that carries no credentials. */
export const publicViewer: Viewer = Object.freeze({ role: 'PUBLIC', scopes: new Set<string>() });

/** Whether the viewer may see personal data and unmasked names. */
export function seesPersonalData(viewer: Viewer): boolean {
  return viewer.role === 'OFFICIAL' || viewer.role === 'VERIFIER' || viewer.role === 'ADMIN' || viewer.scopes.has('pii:read');
}
