/**
 * One notion of "who is calling", for every rule that depends on it. The caller of an operation
 * is resolved once from its credentials (an HTTP request's headers, a WebSocket's
 * `connection_init`), and the persisted-only rule, introspection, the context (and with it scopes,
 * rate limits and audit) all read that one answer: never whether some header or field is present.
 */
import { GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Credentials } from '../access/viewer.js';
import type { Viewer } from '../context.js';
import { RateLimitedError, UnauthenticatedError } from '../errors.js';
import { toGraphQLError } from '../schema/errors.js';

/** What identifies one operation's caller: its HTTP request, or the initial context of a graphql-ws operation. */
export interface CallerSource {
  request?: Request;
  connectionParams?: Record<string, unknown>;
}

export class Callers {
  readonly #pending = new WeakMap<object, Promise<Viewer>>();
  readonly #known = new WeakMap<object, Viewer>();

  constructor(private readonly authenticate: (credentials: Credentials) => Promise<Viewer>) {}

  /** The caller of `source`, resolved once however many rules ask; rejects when its credentials are refused. */
  of(source: CallerSource): Promise<Viewer> {
    const key = source.request ?? source;
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = this.authenticate({ request: source.request, connectionParams: source.connectionParams }).then((viewer) => {
        this.#known.set(key, viewer);
        return viewer;
      });
      this.#pending.set(key, pending);
    }
    return pending;
  }

  /** The caller of `source` if already resolved (validation rules run synchronously). */
  known(source: CallerSource): Viewer | undefined {
    return this.#known.get(source.request ?? source);
  }

  /** Whether `source` may send its own documents and introspect: in production, any caller but PUBLIC. */
  async mayUseText(source: CallerSource, production: boolean): Promise<boolean> {
    return !production || (await this.of(source)).role !== 'PUBLIC';
  }
}

/**
 * Resolves the caller of every HTTP operation first (refused credentials end it there with
 * UNAUTHENTICATED), and in production keeps introspection from PUBLIC on every transport: a
 * caller not (yet) resolved counts as PUBLIC.
 */
export function useCallerRules(callers: Callers, production: boolean): Plugin {
  return {
    onParams: async ({ request }) => void (await callers.of({ request })),
    onValidate: ({ context, addValidationRule }) => {
      if (!production) return;
      const viewer = callers.known(context as CallerSource);
      if (!viewer || viewer.role === 'PUBLIC') addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

/**
 * What a live transport (graphql-ws, SSE) answers when resolving a caller or building its context
 * fails: refused credentials and a reached rate limit as the same GraphQL errors HTTP sends,
 * GraphQL errors as they are; null for anything else, which the transport treats as a fault.
 */
export function callerRefusal(err: unknown): GraphQLError | null {
  if (err instanceof UnauthenticatedError || err instanceof RateLimitedError) return toGraphQLError(err);
  return err instanceof GraphQLError ? err : null;
}
