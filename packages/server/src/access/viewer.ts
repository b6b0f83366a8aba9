import type { PrismaClient } from '../generated/prisma/client.js';
import { publicViewer, type Viewer } from './roles.js';
import { viewerForApiKey } from './api-keys.js';
import type { TokenSigner } from './tokens.js';
import { UnauthenticatedError } from '../errors.js';

/** What a request or a WebSocket's connection_init carries that can identify the caller. */
export interface Credentials {
  request?: Request;
  connectionParams?: Record<string, unknown>;
}

/**
 * A credential as sent, or null when absent. Present means "meant as a credential": a value of the
 * wrong type (`true`, `1`, `{}`, `["x"]`) or an empty one is refused, never read as "nothing sent".
 */
function credential(credentials: Credentials, header: string, param: string): string | null {
  const fromHeader = credentials.request?.headers.get(header);
  const value = fromHeader ?? credentials.connectionParams?.[param];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !value.trim()) throw new UnauthenticatedError(`${param} must be a non-empty string`);
  return value;
}

function bearer(credentials: Credentials): string | null {
  const header = credential(credentials, 'authorization', 'authorization');
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new UnauthenticatedError('Authorization must be "Bearer <token>"');
  return match[1]!;
}

/**
 * The caller of a request: a session token (`Authorization: Bearer`, or `authorization` in
 * `connection_init`), else a partner key (`x-api-key`, or `apiKey` in `connection_init`), else
 * PUBLIC. Credentials that do not check out, or are of the wrong type, are refused, never
 * downgraded to PUBLIC, so a client notices an expired token or a revoked key at once, and every
 * rule that depends on the caller (persisted operations only, introspection, rate limits, audit)
 * sees the same answer.
 */
export async function resolveViewer(prisma: PrismaClient, tokens: TokenSigner, credentials: Credentials): Promise<Viewer> {
  const token = bearer(credentials);
  if (token) return viewerForToken(prisma, tokens, token);
  const key = credential(credentials, 'x-api-key', 'apiKey');
  if (!key) return publicViewer;
  const viewer = await viewerForApiKey(prisma, key);
  if (!viewer) throw new UnauthenticatedError('Invalid or revoked API key', 'REVOKED');
  return viewer;
}

async function viewerForToken(prisma: PrismaClient, tokens: TokenSigner, token: string): Promise<Viewer> {
  const claims = tokens.verify(token);
  if (claims === 'expired') throw new UnauthenticatedError('Session expired; log in again', 'EXPIRED');
  if (claims === 'invalid') throw new UnauthenticatedError('Invalid session token');
  const expiresAt = new Date(claims.exp * 1000);
  if (claims.sub.kind === 'applicant') {
    return { role: 'APPLICANT', scopes: new Set(), applicantId: claims.sub.id, expiresAt };
  }
  // Users are looked up each time, so disabling an account or changing its role takes effect at once.
  const user = await prisma.user.findUnique({ where: { id: claims.sub.id }, select: { role: true, disabledAt: true } });
  if (!user || user.disabledAt) throw new UnauthenticatedError('Account disabled', 'DISABLED');
  return { role: user.role, scopes: new Set(), userId: claims.sub.id, expiresAt };
}
