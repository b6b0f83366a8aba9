import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import sirv from 'sirv';

/** `/survei/<unit code>`: the address of the SKM form on the QR poster and the kiosk (`?kiosk=1`). */
const SURVEY_FORM = /^\/survei\/[^/]+\/?(\?|$)/;

const NOT_BUILT = 'Dasbor belum dibangun / dashboard not built: run `pnpm --filter @pantau/dashboard build`. API: /graphql';

/**
 * Serves the built dashboard with sirv: in production from the list of files present at start
 * (a request can only ever name one of them, whatever its encoding), in development from the
 * folder with a containment check that includes the separator. Unknown paths without an
 * extension get index.html so client-side routes survive a reload; hashed assets are cached for
 * good, the page itself never. `/survei/<code>` gets the survey form's own document.
 */
export function staticHandler(root: string, production: boolean) {
  const base = path.resolve(root);
  let serve: ReturnType<typeof sirv> | undefined;
  const notFound = (_req: IncomingMessage, res: ServerResponse) => res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    // Built lazily: the dashboard may be built after the server starts (development).
    if (!serve) {
      if (!fs.existsSync(path.join(base, 'index.html'))) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(NOT_BUILT);
        return;
      }
      serve = sirv(base, {
        dev: !production,
        single: true,
        etag: true,
        // The build writes .br and .gz beside each asset (packages/dashboard/vite.config.ts): a
        // phone on a slow network gets a fraction of the bytes, and nothing is compressed per request.
        brotli: true,
        gzip: true,
        onNoMatch: notFound,
        setHeaders: (r, pathname) => r.setHeader('cache-control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
      });
    }
    // The SKM form is one self-contained document (survei.html, precompressed): a phone on Slow 3G
    // renders it from the first response. `/survei` without it (an older build) is index.html.
    if (SURVEY_FORM.test(req.url ?? '')) req.url = `/survei${(req.url ?? '').replace(/^[^?]*/, '')}`;
    serve(req, res);
  };
}
