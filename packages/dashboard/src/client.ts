import { persistedOperationIds } from '@pantau/schema';
import { persistedExchange } from '@urql/exchange-persisted';
import { getOperationAST, type DocumentNode } from 'graphql';
import { Client, fetchExchange, subscriptionExchange } from 'urql';
import { pantauCache } from './cache.ts';
import type { ConnectionStore } from './live/connection.ts';
import { createLiveTransport } from './live/transport.ts';

type PageLocation = Pick<Location, 'protocol' | 'host' | 'origin'>;

/**
 * The API lives at `/graphql` on whatever origin served the page (the server in production, the
 * Vite proxy in dev), so one build works behind any host, port or TLS terminator.
 */
export function graphqlEndpoints(location: PageLocation): { http: string; ws: string } {
  const wsProtocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return { http: `${location.origin}/graphql`, ws: `${wsProtocol}//${location.host}/graphql` };
}

/**
 * The persisted id of a document from @pantau/schema (by its operation name), or '' for any other
 * document, which then goes as text. In production the server runs only persisted operations for
 * callers without credentials, as the dashboard and public screens are.
 */
export function persistedId(document: DocumentNode): string {
  const name = getOperationAST(document)?.name?.value;
  return (name && (persistedOperationIds as Record<string, string>)[name]) || '';
}

/**
 * Queries over HTTP, subscriptions over graphql-ws on the same path (SSE when WebSockets are
 * blocked, or asked for with `sse`), all sending persisted operation ids instead of documents. The
 * live link opens lazily on the first subscription and keeps retrying, because public screens stay
 * up across server restarts. Mutations (the staff target form's sign-in and target) go by id too.
 * Every HTTP request carries the CSRF header the server requires of GET and multipart requests.
 */
export function createPantauClient(location: PageLocation = window.location, options: { connection?: ConnectionStore; sse?: boolean } = {}): Client {
  const endpoints = graphqlEndpoints(location);
  const transport = createLiveTransport(endpoints, options.connection, options.sse);
  return new Client({
    url: endpoints.http,
    fetchOptions: { headers: { 'x-graphql-yoga-csrf': 'pantau-dashboard' } },
    exchanges: [
      pantauCache(),
      persistedExchange({ generateHash: async (_query, document) => persistedId(document), enableForMutation: true, enableForSubscriptions: true }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const payload = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = transport.subscribe(payload, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
}
