/** Persisted queries sent the way a cache can serve them: GET, the operation's id, no document. */
import { getOperationAST, parse } from 'graphql';
import { loadPersistedManifest } from '../src/transport/persisted.js';

let ids: Map<string, string> | undefined;

/** The persisted id of an operation of @pantau/schema, by its name. */
export function persistedId(name: string): string {
  ids ??= new Map([...loadPersistedManifest()].map(([id, text]) => [getOperationAST(parse(text))?.name?.value ?? '', id]));
  const id = ids.get(name);
  if (!id) throw new Error(`no persisted operation ${name}`);
  return id;
}

/** The path and query string of a persisted GET, as the dashboard's GraphQL client sends it. */
export function persistedPath(name: string, variables: Record<string, unknown> = {}): string {
  const params = new URLSearchParams({
    operationName: name,
    variables: JSON.stringify(variables),
    extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: persistedId(name) } }),
  });
  return `/graphql?${params}`;
}

/** Headers every persisted GET carries: the CSRF header the server requires, and the GraphQL media types. */
export const GET_HEADERS = { 'x-graphql-yoga-csrf': 'pantau-dashboard', accept: 'application/graphql-response+json, application/json' };

export interface PersistedAnswer {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } | null;
}

/** GETs a persisted query from `baseUrl` (a Pantau instance or a cache in front of it). */
export async function getPersisted(
  baseUrl: string,
  name: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<PersistedAnswer> {
  const res = await fetch(`${baseUrl}${persistedPath(name, variables)}`, { headers: { ...GET_HEADERS, ...headers } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : null };
}
