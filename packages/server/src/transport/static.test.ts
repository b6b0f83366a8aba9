import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticHandler } from './static.js';

/** A dashboard folder with a sibling whose name starts with the dashboard folder's. */
const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-static-'));
fs.mkdirSync(path.join(parent, 'dist', 'assets'), { recursive: true });
fs.writeFileSync(path.join(parent, 'dist', 'index.html'), '<!doctype html><title>Pantau</title>');
fs.writeFileSync(path.join(parent, 'dist', 'assets', 'app-1234.js'), 'console.log(1)');
fs.mkdirSync(path.join(parent, 'dist-old'));
fs.writeFileSync(path.join(parent, 'dist-old', 'file'), 'SECRET');

describe.each([true, false])('the dashboard files (production: %s)', (production) => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    const serve = staticHandler(path.join(parent, 'dist'), production);
    server = http.createServer((req, res) => serve(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const get = async (p: string) => {
    const res = await fetch(base + p);
    return { status: res.status, text: await res.text(), cache: res.headers.get('cache-control') };
  };

  it('serves the page, hashed assets for good, and client-side routes as the page', async () => {
    expect(await get('/')).toMatchObject({ status: 200, text: expect.stringContaining('Pantau'), cache: 'no-cache' });
    expect(await get('/assets/app-1234.js')).toMatchObject({ status: 200, cache: 'public, max-age=31536000, immutable' });
    expect((await get('/wilayah')).text).toContain('Pantau');
    expect((await get('/assets/missing.js')).status).toBe(404);
    // A build without the survey's own document: its address is a client-side route too.
    expect(await get('/survei/PKM-MANNA')).toMatchObject({ status: 200, text: expect.stringContaining('Pantau') });
  });

  it('never leaves the folder, whatever the encoding, and survives broken percent-encoding', async () => {
    for (const p of [
      '/..%2Fdist-old%2Ffile',
      '/%2e%2e/dist-old/file',
      '/..%5Cdist-old%5Cfile',
      '/%E0%A4%A',
      '/%',
      '/%00',
      '/assets/..%2F..%2F..%2Fetc%2Fpasswd',
    ]) {
      const answer = await get(p);
      expect(answer.text, p).not.toContain('SECRET');
      expect([200, 404], p).toContain(answer.status);
    }
  });

  it('answers 405 to methods other than GET and HEAD', async () => {
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${base}/`, { method: 'HEAD' })).status).toBe(200);
  });
});

describe('compressed dashboard files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-static-gz-'));
  const script = `export const words = ${JSON.stringify('kata '.repeat(2_000))};`;
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><p>Pantau</p>');
    fs.writeFileSync(path.join(dir, 'assets/app-1a2b.js'), script);
    // As the dashboard's build leaves them.
    fs.writeFileSync(path.join(dir, 'assets/app-1a2b.js.gz'), gzipSync(script));
    fs.writeFileSync(path.join(dir, 'assets/app-1a2b.js.br'), brotliCompressSync(script));
    const serve = staticHandler(dir, true);
    server = http.createServer((req, res) => serve(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const raw = (pathname: string, acceptEncoding?: string) =>
    new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http
        .get(`${base}${pathname}`, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });

  it('sends a slow phone the compressed script it accepts, and the plain one otherwise', async () => {
    const br = await raw('/assets/app-1a2b.js', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.length).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(br.body).toString()).toBe(script);
    const gz = await raw('/assets/app-1a2b.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const plain = await raw('/assets/app-1a2b.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it("sends the SKM form's own document, compressed, at the unit's address (and the poster as a client-side route)", async () => {
    const form = `<!doctype html><title>Survei Kepuasan Masyarakat</title><script type="module">${'const x = 1;'.repeat(500)}</script>`;
    fs.writeFileSync(path.join(dir, 'survei.html'), form);
    fs.writeFileSync(path.join(dir, 'survei.html.br'), brotliCompressSync(form));
    const serve = staticHandler(dir, true); // the file list is read at the first request
    const other = http.createServer((req, res) => serve(req, res));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const at = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      for (const pathname of ['/survei/PKM-MANNA', '/survei/PKM-MANNA/', '/survei/PKM-MANNA?kiosk=1']) {
        const res = await fetch(at + pathname, { headers: { 'accept-encoding': 'br' } });
        expect(
          { status: res.status, encoding: res.headers.get('content-encoding'), cache: res.headers.get('cache-control'), text: await res.text() },
          pathname,
        ).toEqual({ status: 200, encoding: 'br', cache: 'no-cache', text: form });
      }
      expect(await (await fetch(`${at}/survei/PKM-MANNA/poster`)).text()).toBe('<!doctype html><p>Pantau</p>');
    } finally {
      other.close();
    }
  });
});
