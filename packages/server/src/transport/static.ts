import fs from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt']);

/**
 * Serves the built dashboard. Unknown paths get index.html so client-side routes survive a
 * reload; hashed assets are cached for good, the page itself never.
 */
export function staticHandler(root: string) {
  const base = path.resolve(root);
  // Gzipped once per hashed asset (they never change); a phone on a slow network gets a third of the bytes.
  const gzipped = new Map<string, Buffer>();
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = path.resolve(base, `.${pathname}`);
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    let body: Buffer;
    try {
      if (pathname.endsWith('/')) file = path.join(file, 'index.html');
      body = await fs.readFile(file);
    } catch {
      if (path.extname(pathname)) {
        res.writeHead(404, { 'content-type': TYPES['.txt']! }).end('Not found');
        return;
      }
      file = path.join(base, 'index.html');
      try {
        body = await fs.readFile(file);
      } catch {
        res
          .writeHead(404, { 'content-type': TYPES['.txt']! })
          .end('Dasbor belum dibangun / dashboard not built: run `pnpm --filter @pantau/dashboard build`. API: /graphql');
        return;
      }
    }
    const immutable = pathname.startsWith('/assets/');
    const gzip = COMPRESSIBLE.has(path.extname(file)) && body.length > 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (gzip) {
      let compressed = immutable ? gzipped.get(file) : undefined;
      if (!compressed) {
        compressed = gzipSync(body);
        if (immutable) gzipped.set(file, compressed);
      }
      body = compressed;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'content-length': body.length,
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
