import type { PrismaClient } from './generated/prisma/client.js';
import type { PantauPubSub } from './transport/pubsub.js';

/** Who is asking. Credentials arrive with the access issue; without them everyone is PUBLIC. */
export type Role = 'PUBLIC' | 'APPLICANT' | 'PARTNER' | 'VERIFIER' | 'OFFICIAL' | 'ADMIN';

export interface Viewer {
  role: Role;
}

/** What every resolver receives: the request's viewer and the app's services. */
export interface Context {
  viewer: Viewer;
  prisma: PrismaClient;
  pubsub: PantauPubSub;
}

/** The viewer of a request that carries no credentials. */
export const publicViewer: Viewer = Object.freeze({ role: 'PUBLIC' });
