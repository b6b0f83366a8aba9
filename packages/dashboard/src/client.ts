import { persistedOperationIds } from '@pantau/schema';
import { persistedExchange } from '@urql/exchange-persisted';
import { getOperationAST, type DocumentNode } from 'graphql';
import { createClient as createWebSocketClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';

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
 * Queries over HTTP, subscriptions over graphql-ws on the same path, both sending persisted
 * operation ids instead of documents. The socket opens lazily on the first subscription and keeps
 * retrying, because public screens stay up across server restarts. Every HTTP request carries the
 * CSRF header the server requires of GET and multipart requests.
 */
export function createPantauClient(location: PageLocation = window.location): Client {
  const endpoints = graphqlEndpoints(location);
  const socket = createWebSocketClient({ url: endpoints.ws, retryAttempts: Infinity });
  return new Client({
    url: endpoints.http,
    fetchOptions: { headers: { 'x-graphql-yoga-csrf': 'pantau-dashboard' } },
    exchanges: [
      cacheExchange,
      persistedExchange({ generateHash: async (_query, document) => persistedId(document), enableForSubscriptions: true }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const payload = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = socket.subscribe(payload, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
}
