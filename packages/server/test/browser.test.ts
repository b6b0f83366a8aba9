/**
 * The built dashboard in a real browser (Debian's Chromium) against a real server on seeded data:
 * the overview's five regions, a score reaching the public screen live, the screen reconnecting
 * by itself after a server restart (and over SSE when WebSockets are blocked), the language
 * toggle, "not found" pages, and screenshots of every page at 1920x1080 and 390x844.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAll } from '../src/seed/seed.js';
import { dashboardDist, repoRoot } from '../src/paths.js';
import { startInstance, type TestInstance } from './app.js';
import { freshDatabase, type TestDatabase } from './databases.js';
import { createExamWorld, type ExamWorld } from './exam-fixture.js';

const artifacts = path.join(repoRoot, 'test-results', 'screenshots');
const VIEWPORTS = [
  { width: 1920, height: 1080 },
  { width: 390, height: 844 },
] as const;
const FIVE = ['Plaju', 'Kota Jambi', 'Kabupaten Batanghari', 'Kota Manna', 'Kota Semarang'];

type Dictionary = Record<string, unknown>;

/** Every label string of a dictionary, by key path. */
function labels(dict: Dictionary, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(dict)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else if (v && typeof v === 'object') for (const [kk, vv] of labels(v as Dictionary, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

/** The trimmed text of every visible text node on the page. */
const textNodes = (page: Page) =>
  page.evaluate(() => {
    const out = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('.visually-hidden') || (!el.closest('svg') && el.offsetParent === null)) continue;
      // A chart label wrapped over several lines is one label.
      const text = (el.closest('text') ?? n).textContent?.trim();
      if (text) out.add(text);
    }
    return [...out];
  });

describe('dashboard in Chromium', () => {
  let db: TestDatabase;
  let app: TestInstance;
  let browser: Browser;
  let world: ExamWorld;
  let url: string;
  let port: number;
  let messages: { id: Dictionary; en: Dictionary };
  let submitted = 0;

  const submit = (participant: number, tkp: number) =>
    app.gql(
      `mutation($s: ID!, $b: String!, $r: [ExamResultInput!]!) { submitExamResults(sessionId: $s, batchId: $b, results: $r) { created } }`,
      { s: world.sessionGlobalId, b: `browser-${++submitted}`, r: [{ participantNumber: world.participants[participant]!.participantNumber, twk: 120, tiu: 130, tkp, finishedAt: new Date().toISOString() }] },
      { 'x-api-key': world.apiKey },
    );

  async function open(hash: string, viewport: { width: number; height: number } = VIEWPORTS[0]) {
    const page = await browser.newPage({ viewport });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${url}/${hash}`);
    return { page, errors };
  }

  async function shoot(page: Page, name: string) {
    fs.mkdirSync(artifacts, { recursive: true });
    const { width, height } = page.viewportSize()!;
    await page.screenshot({ path: path.join(artifacts, `${name}-${width}x${height}.png`), fullPage: true });
  }

  beforeAll(async () => {
    if (!fs.existsSync(path.join(dashboardDist, 'index.html'))) {
      throw new Error('The dashboard is not built: `pnpm test` builds it first (pnpm --filter @pantau/dashboard build).');
    }
    // The dashboard's own dictionary, to check that the toggle leaves no Indonesian label behind.
    messages = (await import(pathToFileURL(path.join(repoRoot, 'packages/dashboard/src/i18n.ts')).href)).messages;
    db = await freshDatabase('pglite');
    await seedAll(db.prisma, { applicants: 600, seed: 2024 });
    world = await createExamWorld(db.prisma, { applicants: 6, quota: 2, tag: 'W' });
    // Production mode: the public may run only persisted operations, so the pages work only if the client sends ids.
    app = await startInstance(db, { liveIntervalMs: 100, production: true });
    url = app.server.url;
    port = app.server.port;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  it('shows the five regions side by side on the overview, in Bahasa Indonesia first', async () => {
    for (const viewport of VIEWPORTS) {
      const { page, errors } = await open('#/', viewport);
      await page.getByTestId('kpi-cards').nth(4).waitFor({ timeout: 15_000 });
      const names = await page.getByTestId('overview-region').locator('h3 a').allTextContents();
      expect(names).toEqual(FIVE);
      expect(await page.locator('html').getAttribute('lang')).toBe('id');
      // Seeded applicants are counted: Kota Jambi has some, formatted the Indonesian way.
      const applicants = await page.locator('[data-code="15.71"] [data-testid="kpi-applicants"]').textContent();
      expect(Number(applicants!.replace(/\./g, ''))).toBeGreaterThan(0);
      await shoot(page, 'ringkasan');
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('switches every label of a page to English and back', async () => {
    const id = labels(messages.id);
    const en = labels(messages.en);
    const indonesianOnly = new Set([...id].filter(([k, v]) => en.get(k) !== v && ![...en.values()].includes(v)).map(([, v]) => v));
    for (const hash of ['#/', '#/wilayah/15.71', `#/formasi/${world.formationGlobalId}`, '#/kepuasan', `#/layar/sesi/${world.sessionGlobalId}`]) {
      const { page, errors } = await open(hash);
      await page.locator('main h2').first().waitFor({ timeout: 15_000 });
      if (hash !== '#/kepuasan') await page.locator('[data-testid="live-status"][data-state="live"]').first().waitFor({ timeout: 10_000 });
      await page.waitForLoadState('networkidle');
      const before = (await textNodes(page)).filter((t) => indonesianOnly.has(t));
      expect(before.length, `${hash} shows Indonesian labels first`).toBeGreaterThan(3);
      await page.getByTestId('language-toggle').click();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      const after = (await textNodes(page)).filter((t) => indonesianOnly.has(t));
      expect(after, `${hash} still shows Indonesian labels`).toEqual([]);
      await shoot(page, `english-${hash.split('/')[1] || 'ringkasan'}`);
      await page.getByTestId('language-toggle').click();
      expect(await page.locator('html').getAttribute('lang')).toBe('id');
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('saves every page at both sizes, and says "not found" for a region, formation, session or site that does not exist', async () => {
    const pages: Array<[string, string, string]> = [
      ['wilayah', '#/wilayah/15.71', 'competition'],
      ['formasi', `#/formasi/${world.formationGlobalId}`, 'live-ranking'],
      ['kepuasan', '#/kepuasan', 'ikm-units'],
      ['layar-lokasi', '#/layar/lokasi/TL-1571', 'session-board'],
      ['layar-wilayah', '#/layar/wilayah/15.71', 'ranking-board'],
      ['tidak-ditemukan-wilayah', '#/wilayah/99.99', 'not-found'],
      ['tidak-ditemukan-formasi', '#/formasi/Rm9ybWF0aW9uOjk5OTk5', 'not-found'],
      ['tidak-ditemukan-sesi', '#/layar/sesi/RXhhbVNlc3Npb246OTk5OTk=', 'not-found'],
      ['tidak-ditemukan-lokasi', '#/layar/lokasi/TL-0000', 'not-found'],
      ['tidak-ditemukan-halaman', '#/tidak/ada', 'not-found'],
    ];
    for (const viewport of VIEWPORTS) {
      for (const [name, hash, testId] of pages) {
        const { page, errors } = await open(hash, viewport);
        await page.getByTestId(testId).first().waitFor({ timeout: 15_000 });
        if (testId === 'not-found') expect(await page.getByTestId('not-found').textContent()).toContain('Tidak ditemukan');
        await page.waitForLoadState('networkidle');
        await shoot(page, name);
        expect(errors, name).toEqual([]);
        await page.close();
      }
    }
  });

  it('shows a score submitted through the API on the public screen within 2 seconds, without a reload', async () => {
    const { page, errors } = await open(`#/layar/sesi/${world.sessionGlobalId}`);
    await page.getByTestId('score-row').first().waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="live-status"][data-state="live"]').waitFor({ timeout: 10_000 });
    const t0 = Date.now();
    expect((await submit(0, 201)).errors).toBeUndefined();
    await page.getByTestId('score-total').filter({ hasText: '451' }).waitFor({ timeout: 2_000 });
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeLessThan(2_000);
    // Masked for the public: no full participant number or name on the screen.
    const body = (await page.textContent('body'))!;
    expect(body).not.toContain(world.participants[0]!.participantNumber);
    expect(body).not.toContain(world.participants[0]!.fullName);
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      await shoot(page, 'layar-sesi');
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('numbers its subscriptions alike on every screen, so screens watching the same session get the same frames', async () => {
    const screens = await Promise.all(
      [0, 1].map(async () => {
        const page = await browser.newPage({ viewport: VIEWPORTS[0] });
        const subscribed: string[] = [];
        const updates: string[] = [];
        page.on('websocket', (ws) => {
          ws.on('framesent', ({ payload }) => {
            const message = JSON.parse(String(payload));
            if (message.type === 'subscribe') subscribed.push(message.id);
          });
          ws.on('framereceived', ({ payload }) => {
            if (String(payload).includes('"type":"next"')) updates.push(String(payload));
          });
        });
        await page.goto(`${url}/#/layar/sesi/${world.sessionGlobalId}`);
        await page.locator('[data-testid="live-status"][data-state="live"]').waitFor({ timeout: 10_000 });
        return { page, subscribed, updates };
      }),
    );
    const [a, b] = screens as [(typeof screens)[0], (typeof screens)[0]];
    expect(a.subscribed[0]).toBe('1');
    expect(b.subscribed).toEqual(a.subscribed);
    const seen = [a.updates.length, b.updates.length];
    expect((await submit(3, 175)).errors).toBeUndefined();
    await expect.poll(() => a.updates.length > seen[0]! && b.updates.length > seen[1]!, { timeout: 5_000 }).toBe(true);
    // The update pushed to both: byte for byte the same message, envelope included.
    expect(b.updates.slice(seen[1])).toContain(a.updates.at(-1));
    for (const { page } of screens) await page.close();
  });

  it('keeps the last data while the server is away, reconnects by itself and catches up', async () => {
    const { page, errors } = await open(`#/layar/sesi/${world.sessionGlobalId}`);
    await page.getByTestId('score-total').filter({ hasText: '451' }).waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="live-status"][data-state="live"]').waitFor({ timeout: 10_000 });

    await app.close();
    await page.locator('[data-testid="live-status"][data-state="reconnecting"]').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('score-total').filter({ hasText: '451' }).count()).toBe(1);
    await shoot(page, 'layar-menyambung-ulang');

    app = await startInstance(db, { liveIntervalMs: 100, port });
    // A score committed while the screen was still reconnecting arrives in the snapshot.
    expect((await submit(1, 180)).errors).toBeUndefined();
    await page.locator('[data-testid="live-status"][data-state="live"]').waitFor({ timeout: 15_000 });
    await page.getByTestId('score-total').filter({ hasText: '430' }).waitFor({ timeout: 5_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('falls back to Server-Sent Events when WebSockets are blocked, and still gets live scores', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS[0] });
    await page.routeWebSocket(/\/graphql/, (ws) => ws.close({ code: 1008, reason: 'blocked by proxy' }));
    await page.goto(`${url}/#/layar/sesi/${world.sessionGlobalId}`);
    await page.locator('[data-testid="live-status"][data-transport="sse"][data-state="live"]').waitFor({ timeout: 15_000 });
    expect((await submit(2, 170)).errors).toBeUndefined();
    await page.getByTestId('score-total').filter({ hasText: '420' }).waitFor({ timeout: 3_000 });
    await page.close();
  });
});
