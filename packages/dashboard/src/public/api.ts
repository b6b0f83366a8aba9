/**
 * The public pages' GraphQL calls without a GraphQL client: a POST of the persisted operation's
 * id (from @pantau/schema) and its variables, as production requires of callers without
 * credentials. Errors come back typed by their `code` so pages can word a kind refusal.
 */
import { persistedOperationIds } from '@pantau/schema';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

type OperationName = keyof typeof persistedOperationIds;

/** Runs one persisted operation; throws ApiError (code NETWORK when the server cannot be reached). */
export async function call<T>(operationName: OperationName, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', 'x-graphql-yoga-csrf': 'pantau-public', ...headers },
      body: JSON.stringify({ operationName, variables, extensions: { persistedQuery: { version: 1, sha256Hash: persistedOperationIds[operationName] } } }),
    });
  } catch {
    throw new ApiError('NETWORK', 'no connection');
  }
  const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }> };
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.extensions?.code ?? 'ERROR', error.message, error.extensions?.field);
  if (!body.data) throw new ApiError(response.status === 429 ? 'RATE_LIMITED' : 'ERROR', `HTTP ${response.status}`);
  return body.data;
}

interface StoredToken {
  token: string;
  expiresAt: string;
}

/** A token kept in this browser under `key`, unless it expires within the hour. */
export function storedToken(key: string): string | null {
  try {
    const stored = JSON.parse(localStorage.getItem(key) ?? 'null') as StoredToken | null;
    return stored && Date.parse(stored.expiresAt) > Date.now() + 3_600_000 ? stored.token : null;
  } catch {
    return null;
  }
}

export function storeToken(key: string, value: StoredToken | null): void {
  try {
    if (value) localStorage.setItem(key, JSON.stringify(value));
    else localStorage.removeItem(key);
  } catch {
    // Private mode without storage: the token lives as long as the page.
  }
}

const DEVICE_KEY = 'pantau:device-token';

/**
 * This phone's device token: the stored one, else a new one from the server (kept a year). With
 * `renew`, the stored one is dropped first (the server refused it as expired or unknown).
 */
export async function deviceToken(renew = false): Promise<string> {
  if (!renew) {
    const stored = storedToken(DEVICE_KEY);
    if (stored) return stored;
  }
  const { issueDeviceToken } = await call<{ issueDeviceToken: StoredToken }>('IssueDeviceToken');
  storeToken(DEVICE_KEY, issueDeviceToken);
  return issueDeviceToken.token;
}

/** Builds an element: `h('p', { class: 'x' }, 'text', child)`. Attributes set as given; `on*` functions become listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, unknown> = {}, ...children: Array<Node | string | null | false>): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value as EventListener);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== false) element.append(child);
  return element;
}
