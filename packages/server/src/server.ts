/**
 * Composes one Pantau instance: Yoga over the schema, graphql-ws and SSE on `/graphql`, health
 * probes, the built dashboard, and the heartbeat. Transport lives here, at the edge.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createFetch } from '@whatwg-node/fetch';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type Plugin } from 'graphql-yoga';
import { AuditTrail } from './access/audit.js';
import { consumeRateLimit, RateLimiter, type RateLimits } from './access/rate-limit.js';
import type { Config } from './config.js';
import { resolveViewer, type Credentials } from './access/viewer.js';
import { loadTokenSigner } from './access/tokens.js';
import { FolderDocumentStore } from './recruitment/document-store.js';
import { DOCUMENTS_PATH, documentsHandler } from './transport/documents.js';
import type { Context } from './context.js';
import type { Database } from './db/client.js';
import type { EventBus } from './events/bus.js';
import { expectedMigrations, pendingMigrations } from './db/readiness.js';
import { startHeartbeat } from './heartbeat.js';
import { KpiLive } from './kpis/live.js';
import { ReferenceCatalogue } from './reference/catalogue.js';
import { LiveHub } from './live/hub.js';
import { SurveyGuard } from './quality/guard.js';
import { toGraphQLError } from './schema/errors.js';
import { schema } from './schema/index.js';
import { useNamedArgumentErrors } from './transport/argument-errors.js';
import { attachGraphqlWs } from './transport/graphql-ws.js';
import { clientAddress } from './transport/client-address.js';
import { SharedSubscriptions } from './transport/shared-subscriptions.js';
import { sseHandler, wantsEventStream } from './transport/sse.js';
import { staticHandler } from './transport/static.js';
import { guarded } from './transport/boundary.js';
import { isLedgerPath, ledgerHandler } from './transport/ledger.js';
import { ephemeralLedgerKey, LedgerSigner, type LedgerKey } from './exams/ledger-heads.js';
import { useWellFormedStrings } from './transport/edge-strings.js';
import { documentLimitPlugins, requestProblem, LIMITS, useExecutionTimeout, useOperationBudget } from './transport/limits.js';
import { loadPersistedManifest, usePantauPersistedOperations } from './transport/persisted.js';
import { PublicResponseCache } from './transport/response-cache.js';
import { Callers, useCallerRules, type CallerSource } from './transport/caller.js';
import { LiveConnections } from './transport/live-connections.js';
import { currentRequest, inRequest, log, yogaLogger } from './logger.js';
import { loadedRegionDataset, REGION_DATASET } from './db/region-dataset.js';
import type { PantauMetrics } from './metrics/metrics.js';
import { startMetricsEndpoint, type MetricsEndpoint } from './metrics/endpoint.js';
import { startTracing } from './metrics/tracing.js';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

export interface PantauServer {
  /** Base URL, e.g. http://localhost:4000 */
  url: string;
  port: number;
  /** WebSocket subscription groups, for tests and benchmarks that check sharing. */
  subscriptions: SharedSubscriptions;
  /** The Prometheus endpoint (its own port), when PANTAU_METRICS_PORT is set. */
  metricsUrl?: string;
  close(): Promise<void>;
}

export type ServerOptions = Pick<
  Config,
  'port' | 'host' | 'production' | 'instanceId' | 'heartbeatIntervalMs' | 'dashboardDir' | 'liveIntervalMs' | 'documentsDir'
> &
  Partial<Pick<Config, 'redisUrl' | 'redisNamespace' | 'credentialCheckMs' | 'responseCache' | 'metricsPort' | 'metricsHost' | 'tracing'>> & {
    /** Spans go here instead of PANTAU_TRACING's exporter (tests read them). */
    spanExporter?: SpanExporter;
    /** Off only to measure graphql-ws's default per-subscriber execution as a baseline. */
    sharedSubscriptions?: boolean;
    /** Overrides of the rate limits' defaults (tests use small ones). */
    rateLimits?: Partial<RateLimits>;
    executionTimeoutMs?: number;
    /** Key of the SKM duplicate guard and of device tokens (main.ts resolves it); a fresh one per process when absent. */
    surveySecret?: string;
    trustProxy?: boolean;
    /** Live connections (WebSocket and SSE) per address (PANTAU_LIVE_CONNECTIONS_PER_ADDRESS); LIMITS' by default. */
    maxLiveConnectionsPerAddress?: number;
    /** Bytes a live client may leave unread before it is dropped; LIMITS' by default (tests lower it). */
    maxQueuedBytesPerClient?: number;
    /** Called after each live topic computation (tests count them). */
    onLiveCompute?: (topic: string) => void;
    /** The key that signs score log heads (main.ts loads PANTAU_LEDGER_KEY); a key for this process only when absent. */
    ledgerKey?: LedgerKey;
    /** Heads are signed at least this often while scores arrive (default LEDGER_HEAD_INTERVAL_MS). */
    ledgerHeadIntervalMs?: number;
    /**
     * The clock behind ctx.now(), for tests and the seed's scenario (seed/scenario.ts), which walk
     * a selection year's windows; the wall clock when absent. Deliberately not in Config, so no
     * environment or request can move it.
     */
    clock?: () => Date;
  };

/**
 * Score log heads are signed at least every 10 s while scores arrive (and at every session close):
 * a participant who sees their score on the live screen can check it against a signed head within
 * seconds, while an idle log costs nothing and a busy one one signature (~0.1 ms) and one row per
 * 10 s, far below anything ingestion notices.
 */
export const LEDGER_HEAD_INTERVAL_MS = 10_000;

export interface ReadyReport {
  status: 'ready' | 'degraded' | 'unavailable';
  database: 'ok' | 'unreachable';
  pendingMigrations: string[];
  /** The event bus: `memory`, `redis` or `postgres` (PostgreSQL without Redis), `-disconnected` while its link is down. */
  pubsub: EventBus['kind'] | 'redis-disconnected' | 'postgres-disconnected';
  /** The national region dataset loaded (idn-area-data and its version), null before the first load. */
  regions: { dataset: string; version: string; scope: string } | null;
}

async function readiness(db: Database, events: EventBus, expected: string[]): Promise<ReadyReport> {
  let database: ReadyReport['database'] = 'ok';
  let pending: string[] = [];
  let regions: ReadyReport['regions'] = null;
  try {
    await db.ping();
    pending = await pendingMigrations(db, expected);
    const loaded = pending.length ? null : await loadedRegionDataset(db.prisma);
    regions = loaded && { dataset: REGION_DATASET, ...loaded };
  } catch {
    database = 'unreachable';
  }
  const disconnected = events.kind !== 'memory' && !events.connected();
  const pubsub = disconnected ? (`${events.kind}-disconnected` as const) : events.kind;
  const status = database !== 'ok' || pending.length ? 'unavailable' : disconnected ? 'degraded' : 'ready';
  return { status, database, pendingMigrations: pending, pubsub, regions };
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

/**
 * Errors a client was not meant to see (a bug, a database error) become "Unexpected error." with
 * the request id, which leads to the full error in the logs; errors raised on purpose pass.
 */
function maskUnexpected(production: boolean) {
  return (error: unknown, message: string): Error => {
    // Pothos refuses malformed or mistyped global IDs and cursors with a bare error: they are bad input.
    if (error instanceof GraphQLError && error.originalError?.name === 'PothosValidationError' && !error.extensions.code) {
      const { nodes, source, positions, path } = error;
      return new GraphQLError(error.message, { nodes, source, positions, path, extensions: { code: 'BAD_USER_INPUT' } });
    }
    const refusal = toGraphQLError(error);
    if (refusal) return refusal;
    const masked = maskError(error, message, !production && process.env.NODE_ENV === 'development');
    if (masked === error) return masked;
    const requestId = currentRequest()?.requestId;
    log.error({ err: error instanceof GraphQLError ? (error.originalError ?? error) : error }, 'unexpected error');
    const { nodes, source, positions, path, extensions } = masked as GraphQLError;
    return new GraphQLError(masked.message, { nodes, source, positions, path, extensions: { ...extensions, requestId } });
  };
}

/** The metrics, loaded only when asked for (prom-client alone takes over 100 ms to load). */
async function createMetrics(manifest: ReadonlyMap<string, string>): Promise<PantauMetrics> {
  const { PantauMetrics, persistedOperationNames } = await import('./metrics/metrics.js');
  return new PantauMetrics({ operationNames: persistedOperationNames(manifest.values()), schema });
}

export async function startServer(options: ServerOptions, db: Database, events: EventBus): Promise<PantauServer> {
  const manifest = loadPersistedManifest();
  // Nothing is collected unless the operator asks for the endpoint: no cost on the request path.
  const metrics = options.metricsPort === undefined ? undefined : await createMetrics(manifest);
  const onPush = metrics && ((topic: string, _subscribers: number, ms: number) => metrics.pushed(topic, ms));
  const tracingTarget = options.spanExporter ?? options.tracing;
  const tracing = tracingTarget ? await startTracing(tracingTarget, options.instanceId) : undefined;
  const live = new LiveHub(db.prisma, events, { intervalMs: options.liveIntervalMs, onCompute: options.onLiveCompute, onPush }).start();
  const surveyGuard = new SurveyGuard(options.surveySecret ?? randomBytes(32).toString('base64url'));
  const kpis = new KpiLive(db.prisma, events, live.summaries, { intervalMs: options.liveIntervalMs, onPush }).start();
  const stopFollowingBus = events.onConnectionChange((connected) => {
    live.busConnection(connected);
    kpis.busConnection(connected);
  });
  // Disconnected, a table is trusted for one live interval: the bound public answers keep anyway.
  const catalogue = new ReferenceCatalogue(db.prisma, { maxAgeWhileDisconnected: options.liveIntervalMs });
  const stopCatalogue = catalogue.follow(events);
  const publisher = catalogue.publisherFor(events);
  const tokens = await loadTokenSigner(db.prisma);
  const ledger = new LedgerSigner(db.prisma, options.ledgerKey ?? ephemeralLedgerKey(), {
    intervalMs: options.ledgerHeadIntervalMs ?? LEDGER_HEAD_INTERVAL_MS,
    events,
    onError: (err) => log.error({ err }, 'signing score log heads failed'),
  }).start();
  const serveLedger = ledgerHandler(db.prisma, ledger.key);
  const documents = new FolderDocumentStore(options.documentsDir);
  const store = PublicResponseCache.storeFor({ redisUrl: options.redisUrl, namespace: options.redisNamespace, enabled: options.responseCache });
  const responseCache = new PublicResponseCache({
    store,
    manifest,
    liveIntervalMs: options.liveIntervalMs,
    ...(metrics ? { onHit: (operation: string) => metrics.cacheHit(operation), onMiss: (operation: string) => metrics.cacheMiss(operation) } : {}),
  });
  const stopInvalidating = responseCache.follow(events);
  const rateLimiter = RateLimiter.create({ redisUrl: options.redisUrl, namespace: options.redisNamespace, limits: options.rateLimits });
  await rateLimiter.ready();
  const authenticate = (credentials: Credentials) => resolveViewer(db.prisma, tokens, credentials);
  const credentialCheckMs = options.credentialCheckMs ?? 30_000;
  const production = options.production;
  const callers = new Callers(authenticate);
  // Suggestions are hidden from every caller in production: they would map the schema field by field.
  const productionOnly: Plugin[] = production ? [blockFieldSuggestionsPlugin() as Plugin] : [];
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: !production && { title: 'Pantau GraphQL', headers: JSON.stringify({ 'x-graphql-yoga-csrf': 'graphiql' }) },
    landingPage: false,
    healthCheckEndpoint: null as never,
    maskedErrors: { maskError: maskUnexpected(production) },
    logging: yogaLogger,
    // Multipart (uploads): per-file and per-request limits enforced while parsing.
    fetchAPI: createFetch({
      formDataLimits: { fileSize: LIMITS.maxFileBytes, files: LIMITS.maxFilesPerRequest, fieldSize: LIMITS.maxJsonBodyBytes, fields: 20 },
    }) as never,
    plugins: [
      ...(metrics ? [metrics.plugin()] : []),
      ...(tracing ? [tracing.plugin] : []),
      // Browsers send simple requests (GET, forms, multipart) cross-site without asking: such a
      // request must carry a header no form can set.
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'apollo-require-preflight'] }),
      responseCache.plugin(),
      useCallerRules(callers, production),
      usePantauPersistedOperations(manifest, (request) => callers.mayUseText({ request }, production)),
      ...documentLimitPlugins(),
      ...productionOnly,
      useOperationBudget(),
      useWellFormedStrings(),
      useExecutionTimeout(options.executionTimeoutMs ?? LIMITS.executionTimeoutMs),
      useNamedArgumentErrors(),
    ],
    context: async (initial): Promise<Context> => {
      const context: Context = {
        viewer: await callers.of(initial as CallerSource),
        prisma: db.prisma,
        tokens,
        documents,
        events: publisher,
        bus: events,
        live,
        kpis,
        catalogue,
        ip: currentRequest()?.ip ?? 'unknown',
        rateLimiter,
        audit: new AuditTrail(),
        afterCommit: async (work) => {
          await Promise.resolve()
            .then(() => work(context))
            .catch((err: unknown) => log.error({ err }, 'work after a commit failed'));
        },
        surveyGuard,
        ledger,
        now: options.clock ?? (() => new Date()),
      };
      if (context.viewer.role === 'PARTNER') await consumeRateLimit(context, 'partner');
      return context;
    },
  });
  const expected = expectedMigrations();
  const serveDashboard = staticHandler(options.dashboardDir, production);
  const serveDocument = documentsHandler(db.prisma, tokens, documents);

  const shared = new SharedSubscriptions();
  const share = options.sharedSubscriptions ?? true;
  const trustProxy = options.trustProxy ?? false;
  const connections = new LiveConnections(options.maxLiveConnectionsPerAddress ?? LIMITS.maxLiveConnectionsPerAddress);
  const address = (req: http.IncomingMessage) => clientAddress(req, trustProxy);
  const serveSse = sseHandler(yoga as never, shared, { authenticate, callers, connections, address, credentialCheckMs, manifest, production, metrics });
  const server = http.createServer((req, res) =>
    inRequest(clientAddress(req, trustProxy), ({ requestId }) => guarded(res, requestId, () => handle(req, res, requestId))),
  );
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, requestId: string): Promise<void> => {
    const pathname = (req.url ?? '/').split('?')[0]!;
    res.setHeader('x-request-id', requestId);
    const started = performance.now();
    // The path only: a GET's query string may carry variables with personal data.
    if (pathname === '/graphql') {
      res.once('finish', () =>
        log.info({ method: req.method, path: pathname, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request'),
      );
    }
    if (pathname === '/health') return json(res, 200, { status: 'alive', instance: options.instanceId });
    if (pathname === '/ready') {
      const report = await readiness(db, events, expected);
      return json(res, report.status === 'unavailable' ? 503 : 200, report);
    }
    if (isLedgerPath(pathname)) return serveLedger(req, res);
    const document = DOCUMENTS_PATH.exec(pathname);
    if (document && req.method === 'GET') return serveDocument(req, res, document[1]!);
    if (pathname === '/graphql') {
      const problem = requestProblem(req);
      if (problem) {
        req.resume();
        const { status, message, code, field } = problem;
        return json(res, status, { errors: [{ message, extensions: { code, requestId, ...(field ? { field } : {}) } }] });
      }
      if (share && wantsEventStream(req)) return serveSse(req, res);
      return yoga(req, res);
    }
    serveDashboard(req, res);
  };
  // Idle keep-alive sockets outlive a load balancer's usual 60 s idle timeout, so the balancer (or a
  // client reusing a socket) never sends a request down a socket this side is closing.
  server.keepAliveTimeout = 65_000;
  const ws = attachGraphqlWs(server, yoga as never, shared, {
    share,
    trustProxy,
    authenticate: (connectionParams) => authenticate({ connectionParams }),
    callers,
    connections,
    maxQueuedBytes: options.maxQueuedBytesPerClient,
    credentialCheckMs,
    manifest,
    production,
    metrics,
  });
  const stopHeartbeat = startHeartbeat(events, options.instanceId, options.heartbeatIntervalMs);

  // The metrics port first: a port already taken fails the start before the public one opens.
  let metricsEndpoint: MetricsEndpoint | undefined;
  if (metrics) {
    metrics.watchBus(events, options.instanceId);
    if (db.pool) metrics.watchPool(db.pool);
    metricsEndpoint = await startMetricsEndpoint(metrics, options.metricsPort!, options.metricsHost ?? '127.0.0.1');
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    subscriptions: shared,
    metricsUrl: metricsEndpoint?.url,
    close: () =>
      (closing ??= (async () => {
        stopHeartbeat();
        ledger.stop();
        stopFollowingBus();
        stopCatalogue();
        live.close();
        kpis.close();
        await ws.close();
        // Ends open SSE streams and keep-alive sockets so close() does not wait on idle clients.
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await yoga.dispose();
        await rateLimiter.close();
        stopInvalidating();
        await responseCache.close();
        await metricsEndpoint?.close();
        metrics?.close();
        await tracing?.close();
      })()),
  };
}
