/**
 * Subscriptions for urql: graphql-ws on `/graphql`, and Server-Sent Events on the same path when
 * WebSockets cannot get through (proxies in front of some test-site screens block them). Both
 * reconnect by themselves and the server answers every (re)subscription with a snapshot first,
 * so a screen catches up after a restart without a reload. The link state goes to a ConnectionStore.
 */
import { createClient as createWebSocketClient } from 'graphql-ws';
import type { ConnectionStore } from './connection.ts';

interface Payload {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  /** The persisted operation id travels here (`persistedQuery`), the query text then being empty. */
  extensions?: Record<string, unknown>;
}

interface Sink {
  next(value: unknown): void;
  error(error: unknown): void;
  complete(): void;
}

/** WebSocket attempts that fail before one ever connects: then the network blocks them, use SSE. */
const WS_ATTEMPTS_BEFORE_SSE = 2;

/** Retry quickly at first, then every few seconds: screens should come back soon after the server. */
export function retryDelay(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 4000) + Math.floor(Math.random() * 250);
}

export interface LiveTransport {
  subscribe(payload: Payload, sink: Sink): () => void;
}

export function createLiveTransport(endpoints: { http: string; ws: string }, connection?: ConnectionStore, forceSse = false): LiveTransport {
  let mode: 'ws' | 'sse' = forceSse ? 'sse' : 'ws';
  let everConnected = false;
  /** The socket dropped while subscriptions were open: the server is away until it connects again. */
  let lost = false;
  let failures = 0;
  const active = new Set<{ switchToSse(): void }>();
  connection?.update({ transport: mode });

  // Subscription ids need only be unique on their connection. Numbered from 1 rather than random,
  // screens that watch the same thing in the same order send the same ids, and the server then
  // writes them all one shared frame instead of one per screen.
  let lastId = 0;
  const socket = createWebSocketClient({
    url: endpoints.ws,
    generateID: () => String(++lastId),
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: (attempt) => new Promise((resolve) => setTimeout(resolve, retryDelay(attempt))),
    on: {
      connecting: () => connection?.update({ state: lost ? 'reconnecting' : 'connecting' }),
      connected: () => {
        everConnected = true;
        lost = false;
        failures = 0;
        connection?.update({ state: 'live' });
      },
      closed: () => {
        if (mode !== 'ws') return;
        // graphql-ws closes an idle socket (no subscription left) by design: nothing is lost then,
        // and the next subscription simply opens a new one.
        if (!active.size) {
          lost = false;
          connection?.update({ state: 'idle' });
          return;
        }
        lost = everConnected;
        connection?.update({ state: lost ? 'reconnecting' : 'connecting' });
        if (!everConnected && ++failures >= WS_ATTEMPTS_BEFORE_SSE) fallBackToSse();
      },
      message: () => connection?.message(),
    },
  });

  function fallBackToSse() {
    if (mode === 'sse') return;
    mode = 'sse';
    connection?.update({ transport: 'sse' });
    for (const subscription of [...active]) subscription.switchToSse();
  }

  function overSse(payload: Payload, sink: Sink): () => void {
    const url = new URL(endpoints.http);
    if (payload.query) url.searchParams.set('query', payload.query);
    if (payload.extensions) url.searchParams.set('extensions', JSON.stringify(payload.extensions));
    if (payload.variables) url.searchParams.set('variables', JSON.stringify(payload.variables));
    if (payload.operationName) url.searchParams.set('operationName', payload.operationName);
    // EventSource reconnects by itself after an error; each reconnection subscribes anew and
    // gets the snapshot first.
    const source = new EventSource(url);
    if (connection?.get().state === 'idle') connection.update({ state: 'connecting' });
    source.addEventListener('open', () => connection?.update({ state: 'live' }));
    source.addEventListener('next', (event) => {
      connection?.message();
      sink.next(JSON.parse((event as MessageEvent<string>).data));
    });
    source.addEventListener('complete', () => {
      source.close();
      sink.complete();
    });
    source.addEventListener('error', () => connection?.update({ state: 'reconnecting' }));
    return () => source.close();
  }

  return {
    subscribe(payload, sink) {
      if (mode === 'sse') return overSse(payload, sink);
      let stop = () => {};
      const entry = {
        switchToSse: () => {
          stop();
          stop = overSse(payload, sink);
        },
      };
      // A socket closed for good before it ever connected (a proxy refusing the upgrade with a
      // policy code, which graphql-ws does not retry): SSE instead of an error.
      stop = socket.subscribe(payload, {
        next: (value) => sink.next(value),
        complete: () => sink.complete(),
        error: (error) => {
          if (!everConnected && error instanceof Object && 'code' in error) fallBackToSse();
          else sink.error(error);
        },
      });
      active.add(entry);
      return () => {
        active.delete(entry);
        stop();
      };
    },
  };
}
