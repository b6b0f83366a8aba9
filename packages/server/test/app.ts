/** A real Pantau instance for tests: a listening HTTP server on a random port over a real database. */
import type { LedgerKey } from '../src/exams/ledger-heads.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import type { Database } from '../src/db/client.js';
import { seedReference } from '../src/seed/seed.js';
import { startServer, type PantauServer } from '../src/server.js';
import type { EventBus } from '../src/events/bus.js';
import { createEventBus } from '../src/transport/pubsub.js';
import { dashboardDist } from '../src/paths.js';
import type { RateLimits } from '../src/access/rate-limit.js';
import { freshDatabase, type Engine, type TestDatabase } from './databases.js';

export const redisUrl = process.env.PANTAU_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Instances of one test process share events; other processes on the same Redis do not hear them. */
export const redisNamespace = `test-${process.pid}-${threadId}:`;

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export interface TestInstance {
  server: PantauServer;
  events: EventBus;
  /** POSTs one operation to /graphql and returns the parsed body. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export interface InstanceOptions {
  /** A fixed port (to restart an instance where its clients expect it); random by default. */
  port?: number;
  redis?: boolean;
  /** Another Redis than the shared test one (implies `redis`), e.g. a private one a test stops. */
  redisUrl?: string;
  heartbeatIntervalMs?: number;
  instanceId?: string;
  liveIntervalMs?: number;
  sharedSubscriptions?: boolean;
  /** Defaults to a new temporary folder. */
  documentsDir?: string;
  /** Production mode: masked errors, no suggestions, persisted operations only for PUBLIC. */
  production?: boolean;
  /** Rate limits; tests get limits too high to reach unless they set their own. */
  rateLimits?: Partial<RateLimits>;
  credentialCheckMs?: number;
  executionTimeoutMs?: number;
  trustProxy?: boolean;
  /** The survey secret (device tokens, duplicate guard); instances given the same one accept each other's tokens. */
  surveySecret?: string;
  onLiveCompute?: (topic: string) => void;
  /** The ledger signing key (the same one across a restart); a fresh one by default. */
  ledgerKey?: LedgerKey;
  /** Background head signing; off (0) by default so it adds no statements to what tests count. Heads are still signed at session close. */
  ledgerHeadIntervalMs?: number;
  maxLiveConnectionsPerAddress?: number;
  maxQueuedBytesPerClient?: number;
  /** The server's clock (ServerOptions.clock), for a scenario that lets a window pass. */
  clock?: () => Date;
  /** The Prometheus endpoint's port (0: any free one); no metrics when absent. */
  metricsPort?: number;
  /** Where OpenTelemetry spans go; no tracing when absent. */
  spanExporter?: import('@opentelemetry/sdk-trace-base').SpanExporter;
}

const UNREACHABLE_LIMITS: RateLimits = {
  'public-write': { limit: 100_000, windowMs: 60_000 },
  login: { limit: 100_000, windowMs: 60_000 },
  'login-account': { limit: 100_000, windowMs: 60_000 },
  write: { limit: 100_000, windowMs: 60_000 },
  upload: { limit: 100_000, windowMs: 60_000 },
  partner: { limit: 100_000, windowMs: 60_000 },
  'device-token': { limit: 100_000, windowMs: 60_000 },
  'anonymous-input': { limit: 100_000, windowMs: 60_000 },
  kiosk: { limit: 100_000, windowMs: 60_000 },
  aspiration: { limit: 100_000, windowMs: 60_000 },
};

/** Starts one instance over an existing database (several may share one). */
export async function startInstance(db: Database, options: InstanceOptions = {}): Promise<TestInstance> {
  const events = await createEventBus({ redisUrl: options.redisUrl ?? (options.redis ? redisUrl : undefined), namespace: redisNamespace });
  const server = await startServer(
    {
      port: options.port ?? 0,
      host: '127.0.0.1',
      production: options.production ?? false,
      instanceId: options.instanceId ?? 'test',
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 0,
      liveIntervalMs: options.liveIntervalMs ?? 50,
      sharedSubscriptions: options.sharedSubscriptions,
      trustProxy: options.trustProxy,
      surveySecret: options.surveySecret,
      onLiveCompute: options.onLiveCompute,
      maxLiveConnectionsPerAddress: options.maxLiveConnectionsPerAddress,
      maxQueuedBytesPerClient: options.maxQueuedBytesPerClient,
      metricsPort: options.metricsPort,
      spanExporter: options.spanExporter,
      dashboardDir: dashboardDist,
      documentsDir: options.documentsDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-documents-')),
      // With Redis, rate limits are counted there too (shared by the instances of a test).
      redisUrl: options.redis ? redisUrl : undefined,
      redisNamespace,
      rateLimits: { ...UNREACHABLE_LIMITS, ...options.rateLimits },
      credentialCheckMs: options.credentialCheckMs,
      executionTimeoutMs: options.executionTimeoutMs,
      ledgerKey: options.ledgerKey,
      ledgerHeadIntervalMs: options.ledgerHeadIntervalMs ?? 0,
      clock: options.clock,
    },
    db,
    events,
  );
  return {
    server,
    events,
    gql: async (query, variables, headers = {}) => {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GraphQLResponse;
    },
    close: async () => {
      await server.close();
      await events.close();
    },
  };
}

export interface TestApp extends TestInstance {
  db: TestDatabase;
}

/** A fresh, migrated and seeded database with one instance on it; close() tears down both. */
export async function startTestApp(engine: Engine, options: InstanceOptions & { onQuery?: (sql: string) => void } = {}): Promise<TestApp> {
  const db = await freshDatabase(engine, { onQuery: options.onQuery });
  await seedReference(db.prisma);
  const instance = await startInstance(db, options);
  return {
    ...instance,
    db,
    close: async () => {
      await instance.close();
      await db.close();
    },
  };
}
