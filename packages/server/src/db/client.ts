/**
 * One code path, two engines: the same Prisma client runs over embedded PGlite (a folder on disk,
 * the default) or PostgreSQL (`DATABASE_URL`), through Prisma 7 driver adapters.
 */
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import { lockDataDir } from './lock.js';
import type { MigrationTarget } from './migrations.js';
import { log } from '../logger.js';
import { translateUnavailable } from './unavailable.js';

export type DatabaseConfig = { engine: 'pglite'; dataDir: string } | { engine: 'postgres'; url: string; poolSize?: number };

export interface Database {
  readonly engine: DatabaseConfig['engine'];
  readonly prisma: PrismaClient;
  /** PostgreSQL's connection pool (for its metrics); PGlite is one connection and has none. */
  readonly pool?: pg.Pool;
  /** A connection for the schema engine, separate from the app's pool where the engine allows. */
  migrationTarget(): MigrationTarget;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Called with each SQL statement Prisma sends; tests count statements with it. */
  onQuery?: (sql: string) => void;
}

/** Raised at start when PostgreSQL cannot be reached, so the CLI can print one clear line. */
export class DatabaseUnreachableError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
    cause: unknown,
  ) {
    super(`Cannot reach PostgreSQL at ${host}:${port} (${(cause as { code?: string }).code ?? (cause as Error).message})`);
    this.name = 'DatabaseUnreachableError';
  }
}

/**
 * Neither adapter's executeScript is fit for migrations: pglite-prisma-adapter does not await
 * exec() (a failing migration would be recorded as applied) and adapter-pg splits on ";" (breaks
 * $$ bodies, not atomic). Send the whole script as one simple query, as the native engine does.
 */
function wholeScript<F extends SqlMigrationAwareDriverAdapterFactory>(factory: F, run: (client: unknown, sql: string) => Promise<unknown>): F {
  for (const method of ['connect', 'connectToShadowDb'] as const) {
    const original = factory[method].bind(factory);
    factory[method] = async () => {
      const adapter = (await original()) as Awaited<ReturnType<F['connect']>> & { client: unknown; onError(e: unknown): never };
      adapter.executeScript = async (sql: string) => {
        try {
          await run(adapter.client, sql);
        } catch (e) {
          adapter.onError(e);
        }
      };
      return adapter;
    };
  }
  return factory;
}

/** Discrete fields, not connectionString: node-postgres lets a connection string override the shadow database name. */
export function pgConfig(url: string): pg.PoolConfig {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username) || undefined,
    password: decodeURIComponent(u.password) || undefined,
    database: u.pathname.slice(1) || undefined,
  };
}

function queryLogging(options: DatabaseOptions) {
  return options.onQuery ? { log: [{ emit: 'event' as const, level: 'query' as const }] } : {};
}

function attachQueryListener(prisma: PrismaClient, options: DatabaseOptions) {
  if (options.onQuery) {
    const onQuery = options.onQuery;
    (prisma as unknown as { $on(e: 'query', cb: (e: { query: string }) => void): void }).$on('query', (e) => onQuery(e.query));
  }
}

async function openPglite(dataDir: string, options: DatabaseOptions): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  const release = inMemory ? () => {} : lockDataDir(path.resolve(dataDir));
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(inMemory ? dataDir : path.resolve(dataDir, 'pglite'));
  } catch (err) {
    release();
    throw err;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite), ...queryLogging(options) });
  attachQueryListener(prisma, options);
  return {
    engine: 'pglite',
    prisma,
    // PGlite is one connection in this process: the engine shares it (its advisory lock is re-entrant).
    migrationTarget: () => ({
      factory: wholeScript(new PrismaPGlite(pglite), (c, sql) => (c as PGlite).exec(sql)),
      close: async () => {},
    }),
    ping: async () => {
      await pglite.query('select 1');
    },
    close: async () => {
      await prisma.$disconnect();
      await pglite.close(); // $disconnect does not close PGlite
      release();
    },
  };
}

async function openPostgres(url: string, options: DatabaseOptions, poolSize = 10): Promise<Database> {
  const config = pgConfig(url);
  const probe = new pg.Client({ ...config, connectionTimeoutMillis: 5000 });
  try {
    await probe.connect();
    await probe.query('select 1');
  } catch (err) {
    throw new DatabaseUnreachableError(config.host ?? 'localhost', Number(config.port), err);
  } finally {
    await probe.end().catch(() => {});
  }
  // A connection that cannot be made within 5 s fails the request instead of queueing it forever;
  // a refused one (server stopped or restarting) fails at once. Keepalive notices dead peers.
  const pool = new pg.Pool({ ...config, max: poolSize, connectionTimeoutMillis: 5000, keepAlive: true });
  // An idle connection that PostgreSQL ends (a restart, an admin, a dropped test database) emits
  // 'error' on the pool; unhandled, that would end the process. The pool replaces the connection.
  const lost = (err: Error) => log.warn({ code: (err as { code?: string }).code ?? err.message }, 'PostgreSQL connection lost');
  pool.on('error', lost);
  // A connection checked out when the server goes away errors on the client itself.
  pool.on('connect', (client) => client.on('error', lost));
  const prisma = new PrismaClient({ adapter: translateUnavailable(new PrismaPg(pool)), ...queryLogging(options) });
  attachQueryListener(prisma, options);
  return {
    engine: 'postgres',
    prisma,
    pool,
    // The engine takes pg_advisory_lock and never releases it: give it a pool of one, closed afterwards.
    migrationTarget: () => {
      const migrationPool = new pg.Pool({ ...config, max: 1 });
      // See the app pool above; the engine may keep its connection checked out until the pool ends.
      migrationPool.on('error', () => {});
      migrationPool.on('connect', (client) => client.on('error', () => {}));
      return {
        factory: wholeScript(new PrismaPg(migrationPool), (c, sql) => (c as pg.PoolClient).query(sql)),
        close: () => migrationPool.end(),
      };
    },
    ping: async () => {
      await pool.query('select 1');
    },
    close: async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}

/** Opens the configured database. PGlite folders are locked to this process. */
export function openDatabase(config: DatabaseConfig, options: DatabaseOptions = {}): Promise<Database> {
  return config.engine === 'pglite' ? openPglite(config.dataDir, options) : openPostgres(config.url, options, config.poolSize);
}

/** Throwaway in-memory PGlite for authoring migrations (main and shadow database). */
export function scratchMigrationTarget(): MigrationTarget {
  const pglite = new PGlite('memory://');
  return {
    factory: wholeScript(new PrismaPGlite(pglite), (c, sql) => (c as PGlite).exec(sql)),
    close: () => pglite.close(),
  };
}
