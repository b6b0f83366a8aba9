import path from 'node:path';
import type { DatabaseConfig } from './db/client.js';
import { dashboardDist, repoRoot } from './paths.js';

/** Everything the server reads from the environment, parsed once. See the configuration table in docs/operations.md. */
export interface Config {
  port: number;
  host: string;
  production: boolean;
  database: DatabaseConfig;
  /** Redis pub/sub for events across instances; in-memory when unset. */
  redisUrl: string | undefined;
  /** Prefix of this deployment's Redis channels, so several deployments can share one Redis. */
  redisNamespace: string;
  /** Name of this instance in logs and heartbeats. */
  instanceId: string;
  heartbeatIntervalMs: number;
  /** Live topics push at most once per this many milliseconds. */
  liveIntervalMs: number;
  /** Built dashboard served at `/`; absent folder means API only. */
  dashboardDir: string;
  /** Uploaded documents, by content hash; instances behind one balancer must share it. */
  documentsDir: string;
  /** How often open WebSocket and SSE connections re-check their credentials. */
  credentialCheckMs: number;
  /** Secret keying the SKM duplicate guard; see quality/guard.ts for the default. */
  surveySalt: string | undefined;
  /** Behind a load balancer: take the caller's address from the last X-Forwarded-For entry. */
  trustProxy: boolean;
  /**
   * Live connections (WebSocket and SSE together) one address may hold. A site's screens or a
   * school's pupils share an address; behind a balancer without PANTAU_TRUST_PROXY everyone does.
   * Undefined: the server's limit (transport/limits.ts).
   */
  maxLiveConnectionsPerAddress: number | undefined;
  /**
   * The Ed25519 key file (PEM) that signs score log heads: PANTAU_LEDGER_KEY, else on the embedded
   * default a file beside (not inside) the data folder, made on first start; undefined otherwise.
   */
  ledgerKeyFile: string | undefined;
  /** Keep public answers in a shared response cache (PANTAU_RESPONSE_CACHE, on unless `off`); see transport/response-cache.ts. */
  responseCache: boolean;
  /**
   * Port of the Prometheus endpoint (`/metrics` on a server of its own); undefined: no metrics are
   * collected. Never served on the public port.
   */
  metricsPort: number | undefined;
  /** Interface of the metrics endpoint: loopback unless the operator names another. */
  metricsHost: string;
  /** OpenTelemetry spans per operation, over OTLP/HTTP or to the console; undefined: no tracing. */
  tracing: 'otlp' | 'console' | undefined;
  /** Load the 83,762 villages (kelurahan/desa) with the national regions, not only down to kecamatan. */
  regionVillages: boolean;
}

class ConfigError extends Error {
  override name = 'ConfigError';
}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  return value;
}

function tracingEnv(raw: string | undefined): Config['tracing'] {
  const value = raw?.trim();
  if (!value) return undefined;
  if (value === 'otlp' || value === 'console') return value;
  throw new ConfigError(`PANTAU_TRACING must be "otlp" or "console", got "${value}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = intEnv(env, 'PORT', 4000);
  const databaseUrl = env.DATABASE_URL?.trim();
  const database: DatabaseConfig = databaseUrl
    ? { engine: 'postgres', url: databaseUrl, poolSize: intEnv(env, 'PANTAU_DB_POOL', 10) }
    : { engine: 'pglite', dataDir: path.resolve(repoRoot, env.PANTAU_DATA_DIR || '.data') };
  return {
    port,
    host: env.HOST || '0.0.0.0',
    production: env.NODE_ENV === 'production',
    database,
    redisUrl: env.REDIS_URL?.trim() || undefined,
    redisNamespace: env.PANTAU_REDIS_NAMESPACE ?? 'pantau:',
    instanceId: env.PANTAU_INSTANCE_ID || `pantau-${process.pid}`,
    heartbeatIntervalMs: intEnv(env, 'PANTAU_HEARTBEAT_MS', 5000),
    liveIntervalMs: intEnv(env, 'PANTAU_LIVE_INTERVAL_MS', 250),
    dashboardDir: path.resolve(repoRoot, env.PANTAU_DASHBOARD_DIR || dashboardDist),
    documentsDir: path.resolve(repoRoot, env.PANTAU_DOCUMENTS_DIR || path.join(env.PANTAU_DATA_DIR || '.data', 'documents')),
    credentialCheckMs: intEnv(env, 'PANTAU_CREDENTIAL_CHECK_MS', 30_000),
    maxLiveConnectionsPerAddress: env.PANTAU_LIVE_CONNECTIONS_PER_ADDRESS ? intEnv(env, 'PANTAU_LIVE_CONNECTIONS_PER_ADDRESS', 0) : undefined,
    surveySalt: env.PANTAU_SURVEY_SALT?.trim() || undefined,
    trustProxy: env.PANTAU_TRUST_PROXY === '1' || env.PANTAU_TRUST_PROXY === 'true',
    ledgerKeyFile: env.PANTAU_LEDGER_KEY?.trim()
      ? path.resolve(repoRoot, env.PANTAU_LEDGER_KEY.trim())
      : database.engine === 'pglite' && !database.dataDir.startsWith('memory://')
        ? `${database.dataDir.replace(/[\\/]+$/, '')}.ledger-key.pem`
        : undefined,
    responseCache: !['off', '0', 'false'].includes(env.PANTAU_RESPONSE_CACHE?.trim().toLowerCase() ?? ''),
    metricsPort: env.PANTAU_METRICS_PORT ? intEnv(env, 'PANTAU_METRICS_PORT', 0) : undefined,
    metricsHost: env.PANTAU_METRICS_HOST?.trim() || '127.0.0.1',
    tracing: tracingEnv(env.PANTAU_TRACING),
    regionVillages: env.PANTAU_REGION_VILLAGES === '1' || env.PANTAU_REGION_VILLAGES === 'true',
  };
}
