import { GraphQLError } from 'graphql';
import type { PrismaClient } from '../generated/prisma/client.js';
import { publicViewer, type Viewer } from '../context.js';
import { viewerForApiKey } from './api-keys.js';

/** What a request or a WebSocket's connection_init carries that can identify the caller. */
export interface Credentials {
  request?: Request;
  connectionParams?: Record<string, unknown>;
}

/**
 * The caller of a request: a partner key from the `x-api-key` header (HTTP, SSE) or from
 * `connection_init`'s `apiKey` (WebSocket); nobody else is PUBLIC. A key that does not check out
 * is refused, not downgraded to PUBLIC, so a partner notices a revoked key at once.
 */
export async function resolveViewer(prisma: PrismaClient, credentials: Credentials): Promise<Viewer> {
  const fromParams = credentials.connectionParams?.apiKey;
  const key = credentials.request?.headers.get('x-api-key') ?? (typeof fromParams === 'string' ? fromParams : null);
  if (!key) return publicViewer;
  const viewer = await viewerForApiKey(prisma, key);
  if (!viewer) throw new GraphQLError('Invalid or revoked API key', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  return viewer;
}
