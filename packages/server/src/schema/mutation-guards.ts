/**
 * What every mutation goes through, applied to the built schema so that mutations added later are
 * covered without a line of their own: first its rate limits (so a refused flood writes nothing,
 * not even an audit row), then the audit, which runs the resolver in one transaction with its
 * entry. The limiter and the audit trail themselves live in access/ (`rate-limit.ts`, `audit.ts`).
 */
import { GraphQLError, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { auditedCall } from '../access/audit.js';
import { accessOf } from '../access/matrix.js';
import { consumeRateLimit, type RateLimitBucket } from '../access/rate-limit.js';
import type { Context } from '../context.js';
import { PantauError } from '../errors.js';

type MutationResolver = GraphQLFieldResolver<unknown, Context, Record<string, unknown>>;

/** Replaces the resolver of every Mutation field of `schema` by `wrap(resolver, field name)`; returns the same schema. */
function wrapMutations(schema: GraphQLSchema, wrap: (resolve: MutationResolver, field: string) => MutationResolver): GraphQLSchema {
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    if (field.resolve) field.resolve = wrap(field.resolve as MutationResolver, field.name) as typeof field.resolve;
  }
  return schema;
}

const accountName = (value: unknown) =>
  String(value ?? '')
    .trim()
    .toLowerCase();

/**
 * Operations with a bucket of their own: counted per address whoever calls (a session or a key
 * does not lift the limit) and for logins per account too (guessing passwords, probing
 * registrations), or per caller (the upload quota).
 */
const GUARDED: Record<string, { bucket: RateLimitBucket; per: 'address' | 'caller'; account?: (args: Record<string, unknown>) => string }> = {
  login: { bucket: 'login', per: 'address', account: (a) => `user:${accountName(a.username)}` },
  loginApplicant: { bucket: 'login', per: 'address', account: (a) => `applicant:${accountName(a.email)}` },
  registerApplicant: { bucket: 'public-write', per: 'address' },
  confirmApplicant: { bucket: 'login', per: 'address', account: (a) => `applicant:${accountName(a.email)}` },
  uploadDocument: { bucket: 'upload', per: 'caller' },
};

/**
 * Puts every Mutation field of `schema` under a limit before anything else runs: `public-write`
 * per IP for PUBLIC, `write` per caller for everyone else, and the {@link GUARDED} operations per
 * address and account. Returns the same schema.
 */
export function limitMutations(schema: GraphQLSchema): GraphQLSchema {
  return wrapMutations(schema, (resolve, name) => {
    const guard = GUARDED[name];
    return async (root, args, ctx, info) => {
      if (guard) {
        if (guard.per === 'address') await ctx.rateLimiter.consume(guard.bucket, `ip:${ctx.ip}`);
        else await consumeRateLimit(ctx, guard.bucket);
        if (guard.account) await ctx.rateLimiter.consume('login-account', guard.account(args));
      }
      if (ctx.viewer.role === 'PUBLIC') {
        if (guard?.bucket !== 'public-write') await ctx.rateLimiter.consume('public-write', `ip:${ctx.ip}`);
      } else await consumeRateLimit(ctx, 'write');
      return resolve(root, args, ctx, info);
    };
  });
}

/**
 * The outcome an audit entry records for a refused call: the code the client sees. Besides the
 * services' refusals, GraphQL errors raised in the schema layer arrive here (FORBIDDEN from the
 * scope checks, BAD_USER_INPUT for an out-of-range ID); anything without a code is a fault.
 */
function outcomeOf(err: unknown): string {
  const code = err instanceof PantauError ? err.code : err instanceof GraphQLError ? err.extensions?.code : undefined;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

/** Runs every Mutation field of `schema` audited within its own write (see access/audit.ts); returns the same schema. */
export function auditMutations(schema: GraphQLSchema): GraphQLSchema {
  return wrapMutations(schema, (resolve, name) => {
    const anonymous = accessOf('Mutation', name).anonymous === true;
    return (root, args, ctx, info) =>
      auditedCall(
        ctx,
        { operation: info.fieldName, operationName: info.operation.name?.value, args, anonymous },
        async (inner) => resolve(root, args, inner, info),
        outcomeOf,
      );
  });
}
