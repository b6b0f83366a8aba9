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
 * Queries over HTTP, subscriptions over graphql-ws on the same path. The socket opens lazily on the
 * first subscription and keeps retrying, because public screens stay up across server restarts.
 */
export function createPantauClient(location: PageLocation = window.location): Client {
  const endpoints = graphqlEndpoints(location);
  const socket = createWebSocketClient({ url: endpoints.ws, retryAttempts: Infinity });
  return new Client({
    url: endpoints.http,
    exchanges: [
      cacheExchange,
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
