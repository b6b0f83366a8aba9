/**
 * Composes one Pantau instance: Yoga over the schema, graphql-ws and SSE on `/graphql`, health
 * probes, the built dashboard, and the heartbeat. Transport lives here, at the edge.
 */
import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga } from 'graphql-yoga';
import type { Config } from './config.js';
import { resolveViewer, type Credentials } from './access/viewer.js';
import type { Context } from './context.js';
import type { Database } from './db/client.js';
import { expectedMigrations, pendingMigrations } from './db/readiness.js';
import { startHeartbeat } from './heartbeat.js';
import { LiveHub } from './live/hub.js';
import { SurveyGuard, type FloodLimits } from './quality/guard.js';
import { schema } from './schema/index.js';
import { useNamedArgumentErrors } from './transport/argument-errors.js';
import { attachGraphqlWs } from './transport/graphql-ws.js';
import { SharedSubscriptions } from './transport/shared-subscriptions.js';
import { sseHandler, wantsEventStream } from './transport/sse.js';
import type { PubSubHandle } from './transport/pubsub.js';
import { staticHandler } from './transport/static.js';

export interface PantauServer {
  /** Base URL, e.g. http://localhost:4000 */
  url: string;
  port: number;
  /** WebSocket subscription groups, for tests and benchmarks that check sharing. */
  subscriptions: SharedSubscriptions;
  close(): Promise<void>;
}

export type ServerOptions = Pick<Config, 'port' | 'host' | 'production' | 'instanceId' | 'heartbeatIntervalMs' | 'dashboardDir' | 'liveIntervalMs'> & {
  /** Off only to measure graphql-ws's default per-subscriber execution as a baseline. */
  sharedSubscriptions?: boolean;
  /** Key of the SKM duplicate guard (main.ts resolves it); a fresh one per process when absent. */
  surveySecret?: string;
  floodLimits?: FloodLimits;
  trustProxy?: boolean;
  /** Called after each live topic computation (tests count them). */
  onLiveCompute?: (topic: string) => void;
};

/** The caller's address: the socket's peer, or behind a trusted proxy the last X-Forwarded-For hop. */
function clientAddress(req: IncomingMessage | undefined, trustProxy: boolean): string | null {
  if (!req) return null;
  const forwarded = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').map((h) => h.trim()).filter(Boolean);
  if (trustProxy && hops.length) return hops.at(-1)!;
  return req.socket?.remoteAddress ?? null;
}

export interface ReadyReport {
  status: 'ready' | 'degraded' | 'unavailable';
  database: 'ok' | 'unreachable';
  pendingMigrations: string[];
  pubsub: 'memory' | 'redis' | 'redis-disconnected';
}

async function readiness(db: Database, events: PubSubHandle, expected: string[]): Promise<ReadyReport> {
  let database: ReadyReport['database'] = 'ok';
  let pending: string[] = [];
  try {
    await db.ping();
    pending = await pendingMigrations(db, expected);
  } catch {
    database = 'unreachable';
  }
  const pubsub = events.kind === 'memory' ? 'memory' : events.connected() ? 'redis' : 'redis-disconnected';
  const status = database !== 'ok' || pending.length ? 'unavailable' : pubsub === 'redis-disconnected' ? 'degraded' : 'ready';
  return { status, database, pendingMigrations: pending, pubsub };
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

export async function startServer(options: ServerOptions, db: Database, events: PubSubHandle): Promise<PantauServer> {
  const live = new LiveHub(db.prisma, events.pubsub, { intervalMs: options.liveIntervalMs, onCompute: options.onLiveCompute }).start();
  const surveyGuard = new SurveyGuard(options.surveySecret ?? randomBytes(32).toString('base64url'), options.floodLimits);
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: !options.production && { title: 'Pantau GraphQL' },
    landingPage: false,
    healthCheckEndpoint: null as never,
    plugins: [useNamedArgumentErrors()],
    context: async (initial): Promise<Context> => ({
      viewer: await resolveViewer(db.prisma, initial as Credentials),
      prisma: db.prisma,
      pubsub: events.pubsub,
      live,
      surveyGuard,
      clientAddress: clientAddress((initial as { req?: IncomingMessage }).req, options.trustProxy ?? false),
    }),
  });
  const expected = expectedMigrations();
  const serveDashboard = staticHandler(options.dashboardDir);

  const shared = new SharedSubscriptions();
  const serveSse = sseHandler(yoga as never, shared);
  const share = options.sharedSubscriptions ?? true;
  const server = http.createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname === '/health') return json(res, 200, { status: 'alive', instance: options.instanceId });
    if (pathname === '/ready') {
      void readiness(db, events, expected).then((r) => json(res, r.status === 'unavailable' ? 503 : 200, r));
      return;
    }
    if (pathname === '/graphql') {
      if (share && wantsEventStream(req)) {
        serveSse(req, res).catch((err) => {
          console.error('SSE request failed', err);
          if (!res.headersSent) res.writeHead(500).end();
          else res.end();
        });
        return;
      }
      return void yoga(req, res);
    }
    void serveDashboard(req, res);
  });
  const ws = attachGraphqlWs(server, yoga as never, shared, { share });
  const stopHeartbeat = startHeartbeat(events.pubsub, options.instanceId, options.heartbeatIntervalMs);

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
    close: () =>
      (closing ??= (async () => {
        stopHeartbeat();
        live.close();
        await ws.close();
        // Ends open SSE streams and keep-alive sockets so close() does not wait on idle clients.
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await yoga.dispose();
      })()),
  };
}
