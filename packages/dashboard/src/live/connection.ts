/**
 * What a screen says about its live link: idle (no live data asked for yet), connecting, live
 * (over WebSocket or SSE), or reconnecting, and when the last live message arrived. The transport writes it; pages read it
 * through {@link useConnection}, so a lost server shows "reconnecting" over the last data.
 */
import { createContext, createElement, useContext, useSyncExternalStore, type ReactNode } from 'react';

export type LinkState = 'idle' | 'connecting' | 'live' | 'reconnecting';

export interface ConnectionSnapshot {
  state: LinkState;
  transport: 'ws' | 'sse';
  /** Epoch milliseconds of the last live message, or null before the first. */
  lastMessageAt: number | null;
}

export class ConnectionStore {
  private snapshot: ConnectionSnapshot = { state: 'idle', transport: 'ws', lastMessageAt: null };
  private readonly listeners = new Set<() => void>();

  get = (): ConnectionSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(change: Partial<ConnectionSnapshot>): void {
    const next = { ...this.snapshot, ...change };
    if (next.state === this.snapshot.state && next.transport === this.snapshot.transport && next.lastMessageAt === this.snapshot.lastMessageAt) return;
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }

  /** A live message arrived: the link works. */
  message(): void {
    this.update({ state: 'live', lastMessageAt: Date.now() });
  }
}

const ConnectionContext = createContext<ConnectionStore | null>(null);

export function ConnectionProvider({ store, children }: { store: ConnectionStore; children: ReactNode }) {
  return createElement(ConnectionContext.Provider, { value: store }, children);
}

const idle: ConnectionSnapshot = { state: 'idle', transport: 'ws', lastMessageAt: null };
const noop = () => () => {};

/** The live link's state; "idle" without a provider (e.g. in a component test). */
export function useConnection(): ConnectionSnapshot {
  const store = useContext(ConnectionContext);
  return useSyncExternalStore(store?.subscribe ?? noop, store?.get ?? (() => idle));
}
