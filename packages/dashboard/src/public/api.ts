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

const body = (operationName: OperationName, variables: Record<string, unknown>) =>
  JSON.stringify({ operationName, variables, extensions: { persistedQuery: { version: 1, sha256Hash: persistedOperationIds[operationName] } } });

/** Runs one persisted operation; throws ApiError (code NETWORK when the server cannot be reached). */
export async function call<T>(operationName: OperationName, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        'x-graphql-yoga-csrf': 'pantau-public',
        ...headers,
      },
      body: body(operationName, variables),
    });
  } catch {
    throw new ApiError('NETWORK', 'no connection');
  }
  const result = (await response.json().catch(() => ({}))) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }> };
  const error = result.errors?.[0];
  if (error) throw new ApiError(error.extensions?.code ?? 'ERROR', error.message, error.extensions?.field);
  if (!result.data) throw new ApiError(response.status === 429 ? 'RATE_LIMITED' : 'ERROR', `HTTP ${response.status}`);
  return result.data;
}

/**
 * Follows a persisted subscription (with its variables) over Server-Sent Events (the server's graphql-sse format),
 * with the caller's own headers (an applicant's token), calling `onData` for each result until the
 * returned function is called or the stream ends (then `onEnd`).
 */
export function subscribe<T>(
  operationName: OperationName,
  headers: Record<string, string>,
  onData: (data: T) => void,
  onEnd: () => void = () => {},
  variables: Record<string, unknown> = {},
): () => void {
  const controller = new AbortController();
  void (async () => {
    try {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
        body: body(operationName, variables),
        signal: controller.signal,
      });
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = message.split('\n').find((line) => line.startsWith('data:'));
          if (/^event: ?next/m.test(message) && data) {
            const parsed = JSON.parse(data.slice(5)) as { data?: T };
            if (parsed.data) onData(parsed.data);
          }
        }
      }
    } catch {
      // aborted or dropped
    }
    if (!controller.signal.aborted) onEnd();
  })();
  return () => controller.abort();
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
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, unknown> = {},
  ...children: Array<Node | string | null | false>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value as EventListener);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== false) element.append(child);
  return element;
}
