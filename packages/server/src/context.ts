import type { PrismaClient } from './generated/prisma/client.js';
import type { KpiLive } from './kpis/live.js';
import type { LiveHub } from './live/hub.js';
import type { SurveyGuard } from './quality/guard.js';
import type { PantauPubSub } from './transport/pubsub.js';
import type { TokenSigner } from './access/tokens.js';
import type { DocumentStore } from './recruitment/document-store.js';
import type { AuditTrail } from './access/audit.js';
import type { RateLimiter } from './access/rate-limit.js';
import type { LedgerSigner } from './exams/ledger-heads.js';

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

/** What every resolver receives: the request's viewer and the app's services. */
export interface Context {
  viewer: Viewer;
  prisma: PrismaClient;
  pubsub: PantauPubSub;
  live: LiveHub;
  /** Recruitment KPIs: queries and the kpisUpdated topics share its caches. */
  kpis: KpiLive;
  tokens: TokenSigner;
  /** Where applicants' uploaded documents are kept. */
  documents: DocumentStore;
  /** The caller's address (per-address rate limits, the SKM flood guard, audit); see `clientAddress`. */
  ip: string;
  rateLimiter: RateLimiter;
  /** Where a mutation reports the values before and after what it changed. */
  audit: AuditTrail;
  surveyGuard: SurveyGuard;
  /** Signs score log heads; its public key is the one witnesses check. */
  ledger: LedgerSigner;
  /**
   * The time services decide windows and stamp steps by (registration, verification, the sanggah
   * window, announcements, phases, survey periods, appraisal years): the wall clock, or
   * the clock a test gave the server (ServerOptions.clock); no request can set it.
   */
  now(): Date;
  /**
   * Runs `work` once the mutation's transaction has committed (see access/audit.ts), at once
   * outside a mutation: for what cannot be rolled back (deleting a stored file) and for what must
   * see the committed change through its own connection (signing a log head). `work` gets the
   * request's context outside the transaction; the mutation answers after it has run.
   */
  afterCommit(work: (committed: Context) => Promise<unknown> | unknown): Promise<void>;
}

/** The viewer of a request that carries no credentials. */
export const publicViewer: Viewer = Object.freeze({ role: 'PUBLIC', scopes: new Set<string>() });

/** Whether the viewer may see personal data and unmasked names. */
export function seesPersonalData(viewer: Viewer): boolean {
  return viewer.role === 'OFFICIAL' || viewer.role === 'VERIFIER' || viewer.role === 'ADMIN' || viewer.scopes.has('pii:read');
}
