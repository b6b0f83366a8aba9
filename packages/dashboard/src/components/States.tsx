import { Component, type ErrorInfo, type ReactNode } from 'react';
import { formatTime, useI18n } from '../i18n.ts';
import { useConnection } from '../live/connection.ts';
import { href } from '../router.ts';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="notice" role="status" data-testid="loading">
      {t.loading}
    </p>
  );
}

export function LoadError({ message }: { message?: string }) {
  const { t } = useI18n();
  return (
    <div className="notice notice-error" role="alert" data-testid="load-error">
      <strong>{t.loadFailed}</strong>
      {message && <small>{message}</small>}
    </div>
  );
}

/** A clear "not found" for a region, formation, session or site that does not exist. */
export function NotFound({ what, detail }: { what: 'region' | 'formation' | 'session' | 'site' | 'page'; detail?: string }) {
  const { t } = useI18n();
  return (
    <section className="card not-found" role="alert" data-testid="not-found">
      <h2>{t.notFound.title}</h2>
      <p>
        {t.notFound[what]}
        {detail ? <code className="code"> {detail}</code> : null}
      </p>
      <a href={href({ page: 'overview' })}>{t.notFound.back}</a>
    </section>
  );
}

/** The live link's state and the time of the last update; "reconnecting" while the server is away. */
export function LiveBadge({ updatedAt }: { updatedAt?: string | number | null }) {
  const { t } = useI18n();
  const { state, transport, lastMessageAt } = useConnection();
  if (state === 'idle' && updatedAt == null) return null;
  const label = state === 'live' ? (transport === 'sse' ? t.liveSse : t.live) : state === 'reconnecting' ? t.reconnecting : t.connecting;
  const at = updatedAt ?? lastMessageAt;
  return (
    <span className={`live live-${state}`} role="status" data-testid="live-status" data-state={state} data-transport={transport}>
      <span className="live-state">{label}</span>
      {at != null && (
        <span className="live-time">
          {' · '}
          {t.lastUpdate} <time dateTime={new Date(at).toISOString()}>{formatTime(at)}</time>
        </span>
      )}
    </span>
  );
}

interface BoundaryProps {
  children: ReactNode;
  fallback: ReactNode;
}

/** Keeps a rendering failure inside its part of the page: a message, never a blank page or a stack trace. */
export class ErrorBoundary extends Component<BoundaryProps, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('render failed', error, info.componentStack);
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

export function Crashed() {
  const { t } = useI18n();
  return (
    <p className="notice notice-error" role="alert">
      {t.crashed}
    </p>
  );
}
