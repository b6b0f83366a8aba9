import { Component, type ErrorInfo, type ReactNode } from 'react';
import { formatDate, formatTime, useI18n, usePageTitle, type Language } from '../i18n.ts';

/** A time of today as "10.04.05"; of another day with its date too, so a 2024 session never reads as updated today. */
function formatMoment(at: string | number, language: Language): string {
  return todayInWib(new Date(at)) === todayInWib() ? formatTime(at) : `${formatDate(new Date(at), language)} ${formatTime(at)}`;
}
import { useConnection } from '../live/connection.ts';
import { href } from '../router.ts';
import { todayInWib } from '../screen/rotation.ts';

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
  usePageTitle(t.notFound.title, detail);
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

/**
 * The live link's state and when the data shown last changed; "reconnecting" only while the server
 * is away. `updatedAt` is the data's own time (null: none to show); the link's state never stands in for it.
 */
export function LiveBadge({ updatedAt = null }: { updatedAt?: string | number | null }) {
  const { t, language } = useI18n();
  const { state, transport } = useConnection();
  if (state === 'idle' && updatedAt == null) return null;
  const label = state === 'live' || state === 'idle' ? (transport === 'sse' ? t.liveSse : t.live) : state === 'reconnecting' ? t.reconnecting : t.connecting;
  const at = updatedAt;
  return (
    <span className={`live live-${state}`} role="status" data-testid="live-status" data-state={state} data-transport={transport}>
      <span className="live-state">{label}</span>
      {at != null && (
        <span className="live-time">
          {' · '}
          {t.lastUpdate} <time dateTime={new Date(at).toISOString()}>{formatMoment(at, language)}</time>
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

/** The first stop of the keyboard: straight to the page's content (`<main id="main">`), past the header. */
export function SkipLink() {
  const { t } = useI18n();
  return (
    // biome-ignore lint/a11y/useValidAnchor: a skip link is a link to #main by convention; the handler only keeps the hash route
    <a
      className="skip-link"
      href="#main"
      onClick={(e) => {
        // Hash routes: move focus to the content without changing the route.
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}
    >
      {t.skipToContent}
    </a>
  );
}

export function Crashed() {
  const { t } = useI18n();
  return (
    <p className="notice notice-error" role="alert">
      {t.crashed}
    </p>
  );
}
