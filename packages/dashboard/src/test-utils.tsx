/**
 * Component test helpers: a real urql Client whose transport is a stub. Queries go through urql's
 * own fetchExchange to `answer`; subscriptions go to a stub the test pushes into.
 */
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Client, Provider, fetchExchange, subscriptionExchange } from 'urql';
import { pantauCache } from './cache.ts';
import { I18nProvider } from './i18n.ts';
import { ConnectionProvider, ConnectionStore } from './live/connection.ts';

export const json = (body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } }));

export interface Stub {
  client: Client;
  /** Pushes a result to every open subscription whose operation name matches. */
  push(operationName: string, data: unknown): void;
  connection: ConnectionStore;
}

export function stubClient(answer: (operationName: string, variables: Record<string, unknown>) => unknown): Stub {
  const sinks = new Map<string, Set<{ next(v: unknown): void }>>();
  const client = new Client({
    url: 'http://pantau.test/graphql',
    exchanges: [
      pantauCache(),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe(sink) {
            const name = /subscription\s+(\w+)/.exec(request.query ?? '')?.[1] ?? '';
            if (!sinks.has(name)) sinks.set(name, new Set());
            sinks.get(name)!.add(sink);
            return { unsubscribe: () => sinks.get(name)!.delete(sink) };
          },
        }),
      }),
    ],
    // urql 5 sends queries as GET when they fit in a URL, mutations as POST.
    fetch: async (url, init) => {
      const params = new URL(String(url)).searchParams;
      const body = (
        init?.body ? JSON.parse(String(init.body)) : { query: params.get('query') ?? '', variables: JSON.parse(params.get('variables') ?? '{}') }
      ) as {
        query: string;
        variables: Record<string, unknown>;
      };
      const name = /query\s+(\w+)/.exec(body.query)?.[1] ?? '';
      return json(await answer(name, body.variables ?? {}));
    },
  });
  return {
    client,
    connection: new ConnectionStore(),
    push: (name, data) => {
      for (const sink of sinks.get(name) ?? []) sink.next({ data });
    },
  };
}

export function renderWith(stub: Stub, ui: ReactNode) {
  return render(
    <Provider value={stub.client}>
      <ConnectionProvider store={stub.connection}>
        <I18nProvider initialLanguage="id">{ui}</I18nProvider>
      </ConnectionProvider>
    </Provider>,
  );
}
