/** The built dashboard in a real browser (Debian's Chromium) against a running server. */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardDist, repoRoot } from '../src/paths.js';
import { startTestApp, type TestApp } from './app.js';

const artifacts = path.join(repoRoot, 'test-results', 'screenshots');

describe('dashboard in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    if (!fs.existsSync(path.join(dashboardDist, 'index.html'))) {
      throw new Error('The dashboard is not built: `pnpm test` builds it first (pnpm --filter @pantau/dashboard build).');
    }
    // Production mode: the public may run only persisted operations, so the page works only if the client sends ids.
    app = await startTestApp('pglite', { production: true });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the five seed-article regions, in Bahasa Indonesia first', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(app.server.url);
    for (const name of [/Plaju/, /Kota Jambi/, /Batanghari/, /Manna/, /Kota Semarang/]) {
      await expect(page.getByText(name).first().waitFor({ timeout: 15_000 })).resolves.toBeUndefined();
    }
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    expect(await page.textContent('body')).toContain('Wilayah');
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'regions-1920x1080.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
