/**
 * Persisted operations: the documents in packages/schema, each known by the sha256 of its text
 * (`pnpm schema:print` writes the manifest). Clients send `extensions.persistedQuery.sha256Hash`
 * instead of a document. In production a PUBLIC caller (see `caller.ts`) may run nothing else, so a
 * public screen cannot be turned into a query console; partners and staff may send their own
 * documents, within the limits.
 */
import fs from 'node:fs';
import { GraphQLError } from 'graphql';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import { persistedOperationsPath } from '../paths.js';

export type PersistedManifest = ReadonlyMap<string, string>;

export function loadPersistedManifest(file = persistedOperationsPath): PersistedManifest {
  return new Map(Object.entries(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>));
}

const onlyPersisted = () =>
  new GraphQLError('Without credentials only persisted operations are accepted; send extensions.persistedQuery.sha256Hash', {
    extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 403 } },
  });

const notFound = () => new GraphQLError('PersistedQueryNotFound', { extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });

/** Persisted operations over HTTP; `mayUseText` says whether the request's caller may send its own document. */
export function usePantauPersistedOperations(manifest: PersistedManifest, mayUseText: (request: Request) => Promise<boolean>): Plugin {
  return usePersistedOperations({
    getPersistedOperation: (id) => manifest.get(id) ?? null,
    allowArbitraryOperations: mayUseText,
    customErrors: {
      persistedQueryOnly: onlyPersisted,
      notFound,
      keyNotFound: { message: 'Send a query or extensions.persistedQuery.sha256Hash', extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
    },
  }) as Plugin;
}

export interface OperationParams {
  query?: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  extensions?: Record<string, unknown> | null;
}

/**
 * The same rules for transports that parse their own messages (graphql-ws, SSE): the document of
 * a persisted id, or the caller's own document when they may send one. Throws the error to send.
 */
export function resolvePersisted<P extends OperationParams>(params: P, manifest: PersistedManifest, mayUseText: boolean): P & { query: string } {
  const persisted = (params.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
  if (params.query) {
    if (!mayUseText) throw onlyPersisted();
    return params as P & { query: string };
  }
  if (typeof persisted !== 'string') throw new GraphQLError('Send a query or extensions.persistedQuery.sha256Hash', { extensions: { code: 'BAD_REQUEST' } });
  const query = manifest.get(persisted);
  if (!query) throw notFound();
  return { ...params, query };
}
