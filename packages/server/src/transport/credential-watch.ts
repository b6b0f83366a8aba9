/**
 * Long-lived connections (graphql-ws sockets, SSE streams) outlive the moment their credentials
 * were checked. A watch ends them when the session token expires (a timer at its expiry) and
 * when a periodic re-check refuses the credentials (a revoked key, a disabled account).
 * graphql-ws close codes: 4401 the session expired (log in again, then reconnect), 4403 the
 * credentials were refused (revoked, disabled, invalid).
 */
import type { Viewer } from '../context.js';
import { UnauthenticatedError } from '../errors.js';
import { log } from '../logger.js';

export const CLOSE_SESSION_EXPIRED = 4401;
export const CLOSE_CREDENTIALS_REFUSED = 4403;

export type EndConnection = (code: number, reason: string) => void;

/** The close code and reason for a credentials refusal, or null when `err` is not one. */
export function closeFor(err: unknown): { code: number; reason: string } | null {
  if (!(err instanceof UnauthenticatedError)) return null;
  return err.reason === 'EXPIRED' ? { code: CLOSE_SESSION_EXPIRED, reason: 'Session expired' } : { code: CLOSE_CREDENTIALS_REFUSED, reason: err.message };
}

/**
 * Watches `viewer`'s credentials until the returned stop function is called; `recheck` resolves
 * them again (throwing when refused). PUBLIC connections have nothing to watch.
 */
export function watchCredentials(viewer: Viewer, recheck: () => Promise<unknown>, end: EndConnection, intervalMs: number): () => void {
  if (viewer.role === 'PUBLIC') return () => {};
  let ended = false;
  const finish = (code: number, reason: string) => {
    if (ended) return;
    ended = true;
    stop();
    log.info({ role: viewer.role, userId: viewer.userId, apiKeyId: viewer.apiKeyId, code, reason }, 'connection ended: credentials no longer valid');
    end(code, reason);
  };
  const expiry = viewer.expiresAt
    ? setTimeout(() => finish(CLOSE_SESSION_EXPIRED, 'Session expired'), Math.max(0, viewer.expiresAt.getTime() - Date.now()))
    : undefined;
  const interval =
    intervalMs > 0
      ? setInterval(() => {
          recheck().catch((err: unknown) => {
            const close = closeFor(err);
            // A database hiccup is not a refusal: the next check decides.
            if (close) finish(close.code, close.reason);
          });
        }, intervalMs)
      : undefined;
  expiry?.unref();
  interval?.unref();
  const stop = () => {
    clearTimeout(expiry);
    clearInterval(interval);
  };
  return stop;
}
