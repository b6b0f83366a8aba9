/**
 * GET /documents/{sha256}: the bytes of an uploaded document, for its owner, staff, and partners
 * holding `pii:read`. Everyone else gets 404, whether or not the document exists.
 */
import type http from 'node:http';
import type { PrismaClient } from '../generated/prisma/client.js';
import { seesPersonalData } from '../context.js';
import type { TokenSigner } from '../access/tokens.js';
import { resolveViewer } from '../access/viewer.js';
import type { DocumentStore } from '../recruitment/document-store.js';

export const DOCUMENTS_PATH = /^\/documents\/([0-9a-f]{64})$/;

export function documentsHandler(prisma: PrismaClient, tokens: TokenSigner, store: DocumentStore) {
  return async (req: http.IncomingMessage, res: http.ServerResponse, sha256: string) => {
    const headers = new Headers();
    for (const name of ['authorization', 'x-api-key']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers.set(name, value);
    }
    let viewer: Awaited<ReturnType<typeof resolveViewer>>;
    try {
      viewer = await resolveViewer(prisma, tokens, { request: new Request('http://local/documents', { headers }) });
    } catch {
      return void res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
    }
    const record = await prisma.applicantDocument.findFirst({
      where: { sha256, ...(viewer.role === 'APPLICANT' ? { applicantId: viewer.applicantId } : {}) },
      select: { mediaType: true, kind: true },
    });
    const allowed = viewer.role === 'APPLICANT' || seesPersonalData(viewer);
    const bytes = allowed && record ? await store.get(sha256) : null;
    if (!record || !bytes) return void res.writeHead(404, { 'cache-control': 'no-store' }).end();
    res
      .writeHead(200, {
        'content-type': record.mediaType,
        'content-length': bytes.length,
        'content-disposition': `attachment; filename="${record.kind.toLowerCase()}-${sha256.slice(0, 12)}"`,
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      })
      .end(bytes);
  };
}
