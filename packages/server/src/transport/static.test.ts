import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticHandler } from './static.js';

describe('static dashboard files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-static-'));
  const script = `export const words = ${JSON.stringify('kata '.repeat(2_000))};`;
  let server: http.Server;
  let base: string;
  const get = (pathname: string, headers: Record<string, string> = {}) =>
    new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http.get(`${base}${pathname}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });

  beforeAll(async () => {
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'assets/app-1a2b.js'), script);
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><p>Pantau</p>');
    server = http.createServer(staticHandler(dir));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gzips scripts for a browser that accepts it (a slow phone gets a fraction of the bytes) and sends them plain otherwise', async () => {
    const zipped = await get('/assets/app-1a2b.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('accept-encoding');
    expect(zipped.body.length).toBeLessThan(script.length / 10);
    expect(gunzipSync(zipped.body).toString()).toBe(script);
    const plain = await get('/assets/app-1a2b.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    // A small page is not worth compressing; routes still get index.html.
    const page = await get('/survei/PKM-MANNA', { 'accept-encoding': 'gzip' });
    expect(page.headers['content-encoding']).toBeUndefined();
    expect(page.body.toString()).toContain('Pantau');
  });
});
