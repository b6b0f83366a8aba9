/**
 * Subscriptions over Server-Sent Events (for screens behind proxies that block WebSockets), in
 * the format of graphql-sse's distinct-connections mode (`event: next` / `event: complete`), as
 * Yoga speaks it. Subscriptions join the same SharedSubscriptions groups as graphql-ws, so a crowd
 * on SSE also costs one execution and one serialization per update; queries and mutations sent
 * with `Accept: text/event-stream` are left to Yoga.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOperationAST, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Context } from '../context.js';
import { sharingKey, type SharedSubscriptions } from './shared-subscriptions.js';

const KEEP_ALIVE_MS = 12_000;
const MAX_BODY = 100_000;

interface Params {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

async function readParams(req: IncomingMessage, url: URL): Promise<Params | null> {
  if (req.method === 'GET') {
    const query = url.searchParams.get('query');
    if (!query) return null;
    const variables = url.searchParams.get('variables');
    return { query, variables: variables ? JSON.parse(variables) : undefined, operationName: url.searchParams.get('operationName') ?? undefined };
  }
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_BODY) throw new Error('request body too large');
  }
  const parsed = JSON.parse(body) as Params;
  return typeof parsed.query === 'string' ? parsed : null;
}

/** Whether this request is an SSE subscription this module serves; otherwise Yoga handles it. */
export function wantsEventStream(req: IncomingMessage): boolean {
  return (req.method === 'GET' || req.method === 'POST') && (req.headers.accept ?? '').includes('text/event-stream');
}

/** Hands a request whose body was already read to Yoga, and streams Yoga's answer back. */
async function viaYoga(yoga: YogaServerInstance<object, object>, url: URL, headers: Headers, params: Params, res: ServerResponse) {
  headers.set('content-type', 'application/json');
  const response = await yoga.fetch(url, { method: 'POST', headers, body: JSON.stringify(params) });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body) for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
  res.end();
}

export function sseHandler(yoga: YogaServerInstance<object, object>, shared: SharedSubscriptions) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
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
    const enveloped = yoga.getEnveloped({ request, params });
    let document;
    try {
      document = enveloped.parse(params.query);
    } catch {
      return viaYoga(yoga, url, headers, params, res);
    }
    const operation = getOperationAST(document, params.operationName);
    if (operation?.operation !== 'subscription') return viaYoga(yoga, url, headers, params, res);

    const writeEvent = (event: string, data: string) => res.write(`event: ${event}\ndata: ${data}\n\n`);
    const finish = (result?: ExecutionResult) => {
      if (result) writeEvent('next', JSON.stringify(result));
      writeEvent('complete', '');
      res.end();
    };
    const errors = enveloped.validate(enveloped.schema, document);
    let contextValue: Context;
    try {
      contextValue = (await enveloped.contextFactory()) as unknown as Context;
    } catch (err) {
      const status = (err as { extensions?: { http?: { status?: number } } }).extensions?.http?.status ?? 500;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: (err as Error).message }] }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.flushHeaders();
    if (errors.length) return finish({ errors });

    const args = { schema: enveloped.schema, document, variableValues: params.variables, operationName: params.operationName, contextValue } as ExecutionArgs;
    const start = () => enveloped.subscribe(args) as Promise<AsyncIterable<ExecutionResult> | ExecutionResult>;
    const stream = await shared.subscribe(sharingKey(contextValue.viewer, params), start, (payload) => writeEvent('next', payload));
    if (!(Symbol.asyncIterator in stream)) return finish(stream);
    const keepAlive = setInterval(() => res.write(':\n\n'), KEEP_ALIVE_MS);
    req.socket.once('close', () => void stream.return?.());
    await stream.next(); // resolves when the group's stream ends or the client leaves
    clearInterval(keepAlive);
    if (!res.writableEnded && !res.destroyed) finish();
  };
}
