import type { PrismaClient } from './generated/prisma/client.js';
import type { KpiLive } from './kpis/live.js';
import type { LiveHub } from './live/hub.js';
import type { SurveyGuard } from './quality/guard.js';
import type { EventBus } from './events/bus.js';
import type { Publisher } from './events/publisher.js';
import type { TokenSigner } from './access/tokens.js';
import type { DocumentStore } from './recruitment/document-store.js';
import type { AuditTrail } from './access/audit-trail.js';
import type { RateLimiter } from './access/rate-limit.js';
import type { LedgerSigner } from './exams/ledger-heads.js';
import type { Viewer } from './access/roles.js';
import type { ReferenceCatalogue } from './reference/catalogue.js';

export { publicViewer, seesPersonalData, type Role, type Viewer } from './access/roles.js';

/** What every resolver receives: the request's viewer and the app's services. */
export interface Context {
  viewer: Viewer;
  prisma: PrismaClient;
  /**
   * Where services announce what they committed: the server's bus, or inside a mutation the same
   * bus held until the mutation's transaction commits (see access/audit.ts).
   */
  events: Publisher;
  /** Where subscriptions listen (writes publish through `events`). */
  bus: Pick<EventBus, 'subscribe'>;
  live: LiveHub;
  /** Recruitment KPIs: queries and the kpisUpdated topics share its caches. */
  kpis: KpiLive;
  /** Regions, agencies, service units and selection years held in this process (reference/catalogue.ts). */
  catalogue: ReferenceCatalogue;
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
