/**
 * Subscriptions over Server-Sent Events (for screens behind proxies that block WebSockets), in
 * the format of graphql-sse's distinct-connections mode (`event: next` / `event: complete`), as
 * Yoga speaks it. Subscriptions join the same SharedSubscriptions groups as graphql-ws, so a crowd
 * on SSE also costs one execution and one serialization per update; queries and mutations sent
 * with `Accept: text/event-stream` are left to Yoga.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOperationAST, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Context, Viewer } from '../context.js';
import type { Credentials } from '../access/viewer.js';
import { closeFor, watchCredentials } from './credential-watch.js';
import { resolvePersisted, type PersistedManifest } from './persisted.js';
import { callerRefusal, type Callers } from './caller.js';
import { BadRequestError } from './boundary.js';
import { LIMITS } from './limits.js';
import type { LiveConnections } from './live-connections.js';
import { sharingKey, type SharedSubscriptions } from './shared-subscriptions.js';
import { subscriptionTopic, type LiveMeter } from '../metrics/live.js';

const KEEP_ALIVE_MS = 12_000;
const MAX_BODY = 100_000;
const CRLF = Buffer.from('\r\n');

/** A result as one `next` event inside one HTTP/1.1 chunk: the bytes every SSE subscriber of a group gets. */
function nextEventChunk(json: string): Buffer {
  const event = Buffer.from(`event: next\ndata: ${json}\n\n`);
  return Buffer.concat([Buffer.from(`${event.length.toString(16)}\r\n`), event, CRLF]);
}

interface Params {
  query?: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  extensions?: Record<string, unknown>;
}

export interface SseOptions {
  /** Resolves the viewer of a request's credentials again; throws when they are refused. */
  authenticate: (credentials: Credentials) => Promise<Viewer>;
  /** Who calls each operation, resolved once for every rule (see `caller.ts`). */
  callers: Callers;
  /** Live connections per address, shared with graphql-ws. */
  connections: LiveConnections;
  /** The caller's address (see `clientAddress`). */
  address: (req: IncomingMessage) => string;
  credentialCheckMs: number;
  manifest: PersistedManifest;
  production: boolean;
  /** Counts open subscriptions per topic when metrics are on. */
  metrics?: LiveMeter;
}

const hasPersistedId = (p: Params) => typeof (p.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash === 'string';

async function readParams(req: IncomingMessage, url: URL): Promise<Params | null> {
  if (req.method === 'GET') {
    const query = url.searchParams.get('query') ?? undefined;
    const variables = url.searchParams.get('variables');
    const extensions = url.searchParams.get('extensions');
    return wellShaped({
      query,
      variables: variables ? JSON.parse(variables) : undefined,
      operationName: url.searchParams.get('operationName') ?? undefined,
      extensions: extensions ? JSON.parse(extensions) : undefined,
    });
  }
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_BODY) throw new Error('request body too large');
  }
  return wellShaped(JSON.parse(body));
}

const isRecord = (value: unknown) => value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value));

/** The parameters of a request body, or null without a query; a body of another shape is the client's fault. */
function wellShaped(parsed: unknown): Params | null {
  const params = parsed as Params | null;
  if (!params || typeof params !== 'object' || Array.isArray(params) || !isRecord(params.variables) || !isRecord(params.extensions)) {
    throw new BadRequestError('The body must be a JSON object with query, variables (an object) and extensions (an object)');
  }
  return typeof params.query === 'string' || hasPersistedId(params) ? params : null;
}

/** Whether this request is an SSE subscription this module serves; otherwise Yoga handles it. */
export function wantsEventStream(req: IncomingMessage): boolean {
  return (req.method === 'GET' || req.method === 'POST') && (req.headers.accept ?? '').includes('text/event-stream');
}

/**
 * Hands a request whose body was already read to Yoga, and streams Yoga's answer back. A GET stays
 * a GET (so Yoga's rules for it hold: no mutations, the CSRF header); a POST's body goes as JSON,
 * its original content type having been checked first.
 */
async function viaYoga(yoga: YogaServerInstance<object, object>, url: URL, headers: Headers, params: Params, res: ServerResponse, method: string) {
  let response: Response;
  if (method === 'GET') response = await yoga.fetch(url, { method: 'GET', headers });
  else {
    headers.set('content-type', 'application/json');
    response = await yoga.fetch(url, { method: 'POST', headers, body: JSON.stringify(params) });
  }
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body) for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
  res.end();
}

/**
 * Serves SSE subscriptions; credentials (headers) are checked when the stream starts, and the
 * stream ends with an UNAUTHENTICATED error when the session expires or a periodic check refuses them.
 */
export function sseHandler(yoga: YogaServerInstance<object, object>, shared: SharedSubscriptions, sseOptions: SseOptions) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // The same CSRF rule as Yoga's: a POST a cross-site page could send without asking (a form,
    // text/plain) needs a header no such page can set.
    const contentType = (req.headers['content-type'] ?? '').toLowerCase();
    if (
      req.method === 'POST' &&
      !contentType.startsWith('application/json') &&
      !req.headers['x-graphql-yoga-csrf'] &&
      !req.headers['apollo-require-preflight']
    ) {
      res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: 'Required CSRF header(s) not present' }] }));
      return;
    }
    let params: Params | null;
    try {
      params = await readParams(req, url);
    } catch (err) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: (err as Error).message }] }));
      return;
    }
    if (!params) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: 'Missing query' }] }));
      return;
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const request = new Request(url, { method: 'GET', headers });
    let resolved: Params & { query: string };
    try {
      resolved = resolvePersisted(params, sseOptions.manifest, true);
    } catch {
      return viaYoga(yoga, url, headers, params, res, req.method ?? 'GET'); // Yoga answers an unknown id itself
    }
    const enveloped = yoga.getEnveloped({ request, params: resolved });
    let document: DocumentNode;
    try {
      document = enveloped.parse(resolved.query);
    } catch {
      return viaYoga(yoga, url, headers, params, res, req.method ?? 'GET');
    }
    const operation = getOperationAST(document, params.operationName);
    if (operation?.operation !== 'subscription') return viaYoga(yoga, url, headers, params, res, req.method ?? 'GET');
    let contextValue: Context;
    try {
      // The caller first: validation (introspection) and the persisted-only rule depend on it.
      if (params.query) resolvePersisted(params, sseOptions.manifest, await sseOptions.callers.mayUseText({ request }, sseOptions.production));
      contextValue = (await enveloped.contextFactory()) as unknown as Context;
    } catch (err) {
      const status = closeFor(err) ? 401 : ((err as { extensions?: { http?: { status?: number } } }).extensions?.http?.status ?? 500);
      const error = callerRefusal(err)?.toJSON() ?? { message: 'Unexpected error.' };
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [error] }));
      return;
    }
    const errors = enveloped.validate(enveloped.schema, document);
    const writeEvent = (event: string, data: string) => res.write(`event: ${event}\ndata: ${data}\n\n`);
    const finish = (result?: ExecutionResult) => {
      if (result) writeEvent('next', JSON.stringify(result));
      writeEvent('complete', '');
      res.end();
    };
    const address = sseOptions.address(req);
    if (!sseOptions.connections.tryOpen(address)) {
      res
        .writeHead(429, { 'content-type': 'application/json' })
        .end(JSON.stringify({ errors: [{ message: 'Too many connections from this address', extensions: { code: 'TOO_MANY_CONNECTIONS' } }] }));
      return;
    }
    res.once('close', () => sseOptions.connections.closed(address));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.flushHeaders();
    if (errors.length) return finish({ errors });

    const args = { schema: enveloped.schema, document, variableValues: params.variables, operationName: params.operationName, contextValue } as ExecutionArgs;
    const start = () => enveloped.subscribe(args) as Promise<AsyncIterable<ExecutionResult> | ExecutionResult>;
    const stream = await shared.subscribe(sharingKey(contextValue.viewer, resolved), start, (payload) => {
      if (res.destroyed) return;
      // A reader that lets more than the bound pile up unread is dropped, so it costs the others nothing.
      if (res.writableLength > LIMITS.maxQueuedBytesPerClient) {
        res.destroy();
        return;
      }
      // One buffer for the whole group, chunk framing included, written straight to the socket:
      // one write per subscriber and no per-subscriber bytes (the response's own writes, keep-alives
      // and the end, are whole chunks too, so the stream stays well formed).
      if (res.chunkedEncoding && res.socket) {
        res.socket.write(payload.sameForAll('sse-chunk', nextEventChunk));
        return;
      }
      res.cork();
      res.write('event: next\ndata: ');
      res.write(payload.bytesEndingWith('\n\n'));
      process.nextTick(() => res.uncork());
    });
    if (!(Symbol.asyncIterator in stream)) return finish(stream);
    const leave = sseOptions.metrics?.subscribed(subscriptionTopic(document, params.operationName), 'sse');
    const keepAlive = setInterval(() => res.write(':\n\n'), KEEP_ALIVE_MS);
    let refusal: ExecutionResult | undefined;
    const stopWatch = watchCredentials(
      contextValue.viewer,
      () => sseOptions.authenticate({ request }),
      (_code, reason) => {
        refusal = { errors: [{ message: reason, extensions: { code: 'UNAUTHENTICATED' } }] as never };
        void stream.return?.();
      },
      sseOptions.credentialCheckMs,
    );
    req.socket.once('close', () => void stream.return?.());
    await stream.next(); // resolves when the group's stream ends, the client leaves or the credentials lapse
    leave?.();
    clearInterval(keepAlive);
    stopWatch();
    if (!res.writableEnded && !res.destroyed) finish(refusal);
  };
}
