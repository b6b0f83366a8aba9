/**
 * Component test helpers: a real urql Client whose transport is a stub. Queries go through urql's
 * own fetchExchange to `answer`; subscriptions go to a stub the test pushes into.
 */
import { render, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Client, Provider, fetchExchange, subscriptionExchange } from 'urql';
import { pantauCache } from './cache.ts';
import { I18nProvider } from './i18n.ts';
import { ConnectionProvider, ConnectionStore } from './live/connection.ts';

export const json = (body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } }));

export interface Stub {
  client: Client;
  /**
   * Pushes a result to every open subscription whose operation name matches; throws when none is
   * open yet (a push nobody hears would make the test pass or fail by timing).
   */
  push(operationName: string, data: unknown): void;
  /** Resolves once a subscription with this operation name is open (a component subscribes in an effect, after its first render). */
  subscribed(operationName: string): Promise<void>;
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
      const open = sinks.get(name);
      if (!open?.size) throw new Error(`no open ${name} subscription to push to yet (await stub.subscribed('${name}') first)`);
      for (const sink of open) sink.next({ data });
    },
    subscribed: (name) =>
      waitFor(() => {
        if (!sinks.get(name)?.size) throw new Error(`no open ${name} subscription`);
      }),
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
