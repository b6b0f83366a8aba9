/**
 * A PostgreSQL that is restarting, stopped or unreachable, told apart from every other database
 * error, and turned into one typed error: clients get `DATABASE_UNAVAILABLE` (HTTP 503) at once
 * instead of a masked "Unexpected error", and know that retrying later is the right move.
 */
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQueryable, Transaction } from '@prisma/driver-adapter-utils';
import { PantauError } from '../errors.js';

/** Driver adapter error kinds (`@prisma/adapter-pg`) that mean the server is not there. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/**
 * SQLSTATEs of a server going away or refusing connections: admin_shutdown, crash_shutdown,
 * cannot_connect_now (starting up or shutting down), the connection_exception class, too_many_connections.
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** node-postgres reports a dropped or timed-out connection with plain messages and no code. */
const MESSAGES = /Connection terminated|not queryable|timeout exceeded when trying to connect|Connection ended unexpectedly/i;
/**
 * Prisma's own codes for the same (can't reach, timed out, server closed the connection, pool
 * timeout), and ours: Prisma re-wraps an error with a `code` thrown by the adapter into its own
 * known-request error carrying that code.
 */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1017', 'P2024', 'DATABASE_UNAVAILABLE']);

/** True when the error (or anything it wraps) says the database server is unavailable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if (e instanceof DatabaseUnavailableError) return true;
    const { code, originalCode, kind, message, cause, meta } = e as Record<string, unknown>;
    if (typeof kind === 'string' && ADAPTER_KINDS.has(kind)) return true;
    for (const c of [code, originalCode]) {
      if (typeof c === 'string' && (SQLSTATES.has(c) || SOCKET_CODES.has(c) || PRISMA_CODES.has(c))) return true;
    }
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
    queue.push(cause, (meta as Record<string, unknown> | undefined)?.driverAdapterError);
  }
  return false;
}

/**
 * The database cannot be reached right now. A typed error of its own, so no error masking
 * hides it, with HTTP status 503. Whatever the request was writing was not committed, unless the
 * connection dropped during the commit itself: ingestion batches are retried safely by batchId.
 */
export class DatabaseUnavailableError extends PantauError {
  constructor(cause: unknown) {
    super('DATABASE_UNAVAILABLE', 'The database is unavailable right now; try again shortly', { httpStatus: 503 });
    this.name = 'DatabaseUnavailableError';
    Object.defineProperty(this, 'cause', { value: cause, enumerable: false });
  }
}

function translated<A extends unknown[], R>(run: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await run(...args);
    } catch (error) {
      throw isDatabaseUnavailable(error) ? new DatabaseUnavailableError(error) : error;
    }
  };
}

function wrapQueryable<Q extends SqlQueryable>(q: Q): Q {
  q.queryRaw = translated(q.queryRaw.bind(q));
  q.executeRaw = translated(q.executeRaw.bind(q));
  return q;
}

/**
 * Wraps a driver adapter factory so that every query, transaction start and commit that fails
 * because the server is gone throws DatabaseUnavailableError. Prisma passes errors that are not
 * its adapters' own through unchanged, so resolvers, the request context and the CLI all see it.
 */
export function translateUnavailable<F extends SqlDriverAdapterFactory>(factory: F): F {
  const connect = factory.connect.bind(factory);
  factory.connect = translated(async () => {
    const adapter: SqlDriverAdapter = wrapQueryable(await connect());
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = translated(async (isolationLevel) => {
      const tx: Transaction = wrapQueryable(await startTransaction(isolationLevel));
      tx.commit = translated(tx.commit.bind(tx));
      return tx;
    });
    return adapter;
  }) as F['connect'];
  return factory;
}
