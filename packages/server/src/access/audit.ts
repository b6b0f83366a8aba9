/**
 * The audit trail: every mutation call, whoever makes it and however it ends (but for calls
 * refused by a rate limit), leaves one append-only `AuditEntry`. The schema runs every Mutation
 * field's resolver through {@link auditedCall} (schema/mutation-guards.ts), so mutations added
 * later are audited without doing anything. A mutation adds the values before and after what it
 * changed with `ctx.audit.change`.
 *
 * The entry is part of the write: the resolver runs inside one database transaction (services'
 * own `$transaction` calls join it) and the entry is inserted in that transaction before it
 * commits, so a change without its entry cannot be committed. Events the services publish
 * (through `ctx.events`) are held until the commit and dropped when it rolls back. What is stored
 * is cleaned first (lone surrogates, NUL), so no text can make the entry fail. Anonymous operations (matrix rows marked `anonymous`) keep only the
 * operation, its outcome and the day: no address, account, request id, free text or answer.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { Context } from '../context.js';
import { maskRecord } from '../domain/masking.js';
import { currentRequest, log } from '../logger.js';
import { heldUntilCommit } from '../events/publisher.js';

export { AuditTrail, type AuditChange } from './audit-trail.js';

// A high surrogate not followed by a low one, a low one not preceded by a high one, or NUL.
const UNSTORABLE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/g;

/**
 * `value` with every string (keys too) made storable in a jsonb/text column: lone surrogates
 * become U+FFFD and NUL (which PostgreSQL refuses in text) becomes U+FFFD too.
 */
export function storable(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(UNSTORABLE, '\uFFFD');
  if (Array.isArray(value)) return value.map(storable);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k) as string, storable(v)]));
  }
  return value;
}

/** Scalars of a mutation's answer (ids, counts, flags), masked: enough to see what came back. */
function summarize(result: unknown): Prisma.InputJsonValue | undefined {
  if (result === null || result === undefined) return undefined;
  if (typeof result !== 'object') return storable(result) as Prisma.InputJsonValue;
  const scalars = Object.entries(result).filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v) || v instanceof Date);
  return storable(maskRecord(Object.fromEntries(scalars))) as Prisma.InputJsonValue;
}

/** Midnight UTC of `at`: the only time an anonymous entry keeps. */
export function dayOf(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** One mutation call as the audit records it; `anonymous` for the matrix rows marked so. */
export interface AuditedCall {
  operation: string;
  operationName: string | undefined;
  args: unknown;
  anonymous: boolean;
}

/** The row of one call. */
function entryOf(ctx: Context, call: AuditedCall, outcome: string, result?: unknown): Prisma.AuditEntryCreateInput {
  const changes = ctx.audit.take();
  if (call.anonymous) {
    return { at: dayOf(new Date()), requestId: 'anonymous', role: 'ANONYMOUS', ip: '', operation: call.operation, arguments: {}, outcome, changes: [] };
  }
  const { viewer } = ctx;
  return {
    requestId: currentRequest()?.requestId ?? 'none',
    role: viewer.role,
    userId: viewer.userId ?? null,
    apiKeyId: viewer.apiKeyId ?? null,
    applicantId: viewer.applicantId ?? null,
    ip: storable(ctx.ip) as string,
    operation: call.operation,
    operationName: call.operationName === undefined ? null : (storable(call.operationName) as string),
    arguments: storable(maskRecord(call.args)) as Prisma.InputJsonValue,
    outcome,
    result: summarize(result),
    changes: storable(changes) as Prisma.InputJsonValue,
  };
}

/**
 * A client whose `$transaction` joins `tx` instead of opening another one, so a service's own
 * transaction becomes part of the mutation's.
 */
function joined(tx: Prisma.TransactionClient): PrismaClient {
  return new Proxy(tx, {
    get(target, prop, receiver) {
      if (prop === '$transaction') {
        return async (work: unknown) => {
          if (typeof work === 'function') return (work as (t: Prisma.TransactionClient) => unknown)(target);
          const out: unknown[] = [];
          for (const query of work as Promise<unknown>[]) out.push(await query);
          return out;
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  }) as unknown as PrismaClient;
}

/** Longest a mutation's transaction may wait for a connection and run (the execution limit is 10 s). */
const TRANSACTION = { maxWait: 10_000, timeout: 60_000 } as const;

/**
 * Runs one mutation call (`run`, given the context to resolve it with) in its own transaction
 * together with its audit entry, holding the events it publishes until the commit. A call that
 * fails is rolled back and recorded on its own with `outcomeOf` its error (the error's code), then
 * the error is thrown on.
 */
export async function auditedCall<T>(ctx: Context, call: AuditedCall, run: (inner: Context) => Promise<T>, outcomeOf: (err: unknown) => string): Promise<T> {
  ctx.audit.take();
  const events = heldUntilCommit(ctx.events);
  const committed: Array<() => Promise<unknown>> = [];
  let result: T;
  try {
    result = await ctx.prisma.$transaction(async (tx) => {
      const inner: Context = {
        ...ctx,
        prisma: joined(tx),
        events,
        afterCommit: async (work) => void committed.push(() => ctx.afterCommit(work)),
      };
      const value = await run(inner);
      const entry = await tx.auditEntry.create({ data: entryOf(ctx, call, 'OK', value), select: { id: true } });
      events.publish('auditEntryAdded', { id: entry.id });
      return value;
    }, TRANSACTION);
  } catch (err) {
    events.drop();
    // Nothing was changed (the transaction rolled back): the refusal is recorded on its own.
    try {
      const entry = await ctx.prisma.auditEntry.create({ data: entryOf(ctx, call, outcomeOf(err)), select: { id: true } });
      ctx.events.publish('auditEntryAdded', { id: entry.id });
    } catch (auditErr) {
      log.error({ err: auditErr, operation: call.operation }, 'audit entry of a refused call could not be written');
    }
    throw err;
  }
  events.release();
  // ctx.afterCommit logs a failure: the change is committed whatever the work after it does.
  for (const work of committed) await work();
  return result;
}
