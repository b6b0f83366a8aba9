/**
 * The one place where the services' typed errors become GraphQL errors. Services throw
 * `PantauError`s (code, field, HTTP status); graphql-js wraps what a resolver throws, and Yoga
 * would mask any wrapped error that is not a GraphQL error of its own, so the edge's error
 * masking asks this first.
 */
import { GraphQLError } from 'graphql';
import { DatabaseUnavailableError, isDatabaseUnavailable } from '../db/unavailable.js';
import { PantauError } from '../errors.js';

/**
 * The GraphQL error for a service's refusal (thrown in a resolver, or while the request's context
 * was built), keeping the location and path of the field it came from. A database that went away
 * is recognised in whatever Prisma wrapped it in. Null for anything else: a bug, to be masked.
 */
export function toGraphQLError(error: unknown): GraphQLError | null {
  const located = error instanceof GraphQLError ? error : undefined;
  const original = located ? located.originalError : error;
  const refusal = original instanceof PantauError ? original : isDatabaseUnavailable(original) ? new DatabaseUnavailableError(original) : null;
  if (!refusal) return null;
  return new GraphQLError(refusal.message, {
    nodes: located?.nodes ?? null,
    source: located?.source ?? null,
    positions: located?.positions ?? null,
    path: located?.path ?? null,
    extensions: refusal.extensions,
  });
}
