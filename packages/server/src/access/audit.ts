/**
 * The audit trail: every mutation field, whoever calls it and however it ends (but for calls
 * refused by a rate limit), leaves one
 * append-only `AuditEntry`. It is applied to the built schema (every Mutation field's resolver is
 * wrapped), so mutations added later are audited without doing anything. A mutation adds the
 * values before and after what it changed with `ctx.audit.change(...)`.
 */
import { GraphQLError, isObjectType, type GraphQLSchema } from 'graphql';
import type { Prisma } from '../generated/prisma/client.js';
import type { Context } from '../context.js';
import { maskRecord } from '../domain/masking.js';
import { currentRequest, log } from '../logger.js';

export interface AuditChange {
  entity: string;
  id: string | number;
  before: unknown;
  after: unknown;
}

/** Collects what the mutation being resolved reports it changed (mutation fields run one at a time). */
export class AuditTrail {
  private changes: AuditChange[] = [];

  /** Records that `entity` `id` went from `before` to `after` (null for created or removed). */
  change(entity: string, id: string | number, before: unknown, after: unknown): void {
    this.changes.push({ entity, id, before: maskRecord(before), after: maskRecord(after) });
  }

  /** The changes recorded since the last call. */
  take(): AuditChange[] {
    const taken = this.changes;
    this.changes = [];
    return taken;
  }
}

/** Scalars of a mutation's answer (ids, counts, flags), masked: enough to see what came back. */
function summarize(result: unknown): Prisma.InputJsonValue | undefined {
  if (result === null || result === undefined) return undefined;
  if (typeof result !== 'object') return result as Prisma.InputJsonValue;
  const scalars = Object.entries(result).filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v) || v instanceof Date);
  return maskRecord(Object.fromEntries(scalars)) as Prisma.InputJsonValue;
}

function outcomeOf(err: unknown): string {
  const code = err instanceof GraphQLError ? err.extensions?.code : undefined;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

async function write(ctx: Context, operation: string, operationName: string | undefined, args: unknown, outcome: string, result?: unknown) {
  const { viewer } = ctx;
  try {
    const entry = await ctx.prisma.auditEntry.create({
      data: {
        requestId: currentRequest()?.requestId ?? 'none',
        role: viewer.role,
        userId: viewer.userId ?? null,
        apiKeyId: viewer.apiKeyId ?? null,
        applicantId: viewer.applicantId ?? null,
        ip: ctx.ip,
        operation,
        operationName: operationName ?? null,
        arguments: maskRecord(args) as Prisma.InputJsonValue,
        outcome,
        result: summarize(result),
        changes: ctx.audit.take() as unknown as Prisma.InputJsonValue,
      },
      select: { id: true },
    });
    ctx.pubsub.publish('auditEntryAdded', { id: entry.id });
  } catch (err) {
    // The mutation has already happened: losing its entry is logged loudly, not turned into a failure.
    log.error({ err, operation }, 'audit entry could not be written');
  }
}

/** Wraps every Mutation field of `schema` so each call is audited; returns the same schema. */
export function auditMutations(schema: GraphQLSchema): GraphQLSchema {
  const mutation = schema.getMutationType();
  if (!mutation || !isObjectType(mutation)) return schema;
  for (const field of Object.values(mutation.getFields())) {
    const resolve = field.resolve;
    if (!resolve) continue;
    field.resolve = async (root, args, ctx: Context, info) => {
      ctx.audit.take();
      try {
        const result = await resolve(root, args, ctx, info);
        await write(ctx, info.fieldName, info.operation.name?.value, args, 'OK', result);
        return result;
      } catch (err) {
        const outcome = outcomeOf(err);
        // A call refused by a rate limit did nothing; recording it would let a flood write rows.
        if (outcome !== 'RATE_LIMITED') await write(ctx, info.fieldName, info.operation.name?.value, args, outcome);
        throw err;
      }
    };
  }
  return schema;
}
