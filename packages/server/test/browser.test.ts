/**
 * The built dashboard in a real browser (Debian's Chromium) against a real server on seeded data:
 * the overview's five regions, a score reaching the public screen live, the screen reconnecting
 * by itself after a server restart (and over SSE when WebSockets are blocked), the language
 * toggle and `?lang=`, "not found" pages, session state and IKM followed live, whole rankings
 * paged, searched and exported, phone columns, and every page checked with axe-core and saved as a
 * screenshot at 1920x1080 and 390x844 in both languages (test-results/screenshots, not in git).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createApiKey } from '../src/access/api-keys.js';
import { createUser } from '../src/access/users.js';
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

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/** WCAG 2.2 A/AA violations axe-core finds on the page that are serious or critical, as short lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

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
  /** A session of its own site, scheduled, that the state test starts and closes. */
  let staged: ExamWorld;
  let stagedSite: { id: number; code: string };
  let kiosk: string;

  const submit = (participant: number, tkp: number) =>
    app.gql(
      `mutation($s: ID!, $b: String!, $r: [ExamResultInput!]!) { submitExamResults(sessionId: $s, batchId: $b, results: $r) { created } }`,
      {
        s: world.sessionGlobalId,
        b: `browser-${++submitted}`,
        r: [{ participantNumber: world.participants[participant]!.participantNumber, twk: 120, tiu: 130, tkp, finishedAt: new Date().toISOString() }],
      },
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
    staged = await createExamWorld(db.prisma, { applicants: 4, quota: 2, tag: 'S' });
    const stagedSession = await db.prisma.examSession.update({
      where: { id: staged.sessionId },
      data: { status: 'SCHEDULED', startedAt: null },
      include: { site: true },
    });
    stagedSite = { id: stagedSession.siteId, code: stagedSession.site.code };
    // One applicant of that world is found MS and not seated yet: the test schedules a new session for them.
    await db.prisma.examSeat.deleteMany({ where: { participantNumber: staged.participants[3]!.participantNumber } });
    await db.prisma.application.update({ where: { participantNumber: staged.participants[3]!.participantNumber }, data: { adminResult: 'MS' } });
    kiosk = (await createApiKey(db.prisma, { name: 'Kiosk SKM', scopes: ['feedback:write'] })).key;
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

  it('passes axe-core (no serious or critical WCAG 2.2 AA violation) and is saved on every page, at both sizes, in both languages, with a title of its own', async () => {
    const pages: Array<[string, string, string]> = [
      ['ringkasan', '#/', 'kpi-cards'],
      ['wilayah', '#/wilayah/15.71', 'competition'],
      ['wilayah-provinsi', '#/wilayah/15', 'region-comparison'],
      ['formasi', `#/formasi/${world.formationGlobalId}`, 'live-ranking'],
      ['kepuasan', '#/kepuasan', 'ikm-units'],
      ['kepuasan-wilayah', '#/kepuasan/15.71', 'satisfaction-headline'],
      ['layar-sesi', `#/layar/sesi/${world.sessionGlobalId}`, 'session-board'],
      ['layar-lokasi', '#/layar/lokasi/TL-1571', 'session-board'],
      ['layar-formasi', `#/layar/formasi/${world.formationGlobalId}`, 'ranking-row'],
      ['layar-wilayah', '#/layar/wilayah/15.71', 'ranking-board'],
      ['tidak-ditemukan-wilayah', '#/wilayah/99.99', 'not-found'],
      ['tidak-ditemukan-kepuasan', '#/kepuasan/99.99', 'not-found'],
      ['tidak-ditemukan-formasi', '#/formasi/Rm9ybWF0aW9uOjk5OTk5', 'not-found'],
      ['tidak-ditemukan-sesi', '#/layar/sesi/RXhhbVNlc3Npb246OTk5OTk=', 'not-found'],
      ['tidak-ditemukan-lokasi', '#/layar/lokasi/TL-0000', 'not-found'],
      ['tidak-ditemukan-halaman', '#/tidak/ada', 'not-found'],
    ];
    const failures: string[] = [];
    for (const language of ['id', 'en'] as const) {
      for (const viewport of VIEWPORTS) {
        const titles = new Set<string>();
        for (const [name, hash, testId] of pages) {
          const page = await browser.newPage({ viewport });
          const errors: string[] = [];
          page.on('pageerror', (err) => errors.push(err.message));
          await page.goto(`${url}/?lang=${language}${hash}`);
          await page.getByTestId(testId).first().waitFor({ timeout: 15_000 });
          if (testId === 'not-found') expect(await page.getByTestId('not-found').textContent()).toContain(language === 'id' ? 'Tidak ditemukan' : 'Not found');
          await page.waitForLoadState('networkidle');
          expect(await page.locator('html').getAttribute('lang')).toBe(language);
          const title = await page.title();
          expect(title, name).not.toBe('Pantau');
          if (!name.startsWith('tidak-ditemukan')) titles.add(title);
          for (const violation of await seriousViolations(page)) failures.push(`${language} ${viewport.width} ${name}: ${violation}`);
          await shoot(page, `${name}-${language}`);
          expect(errors, name).toEqual([]);
          await page.close();
        }
        // Pages tell themselves apart in tabs and history (the two site screens of one region may share a title).
        expect(titles.size).toBeGreaterThanOrEqual(pages.filter(([n]) => !n.startsWith('tidak-ditemukan')).length - 2);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('keeps the language chosen in the address or by the toggle across a reload', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS[0] });
    await page.goto(`${url}/?lang=en#/layar/sesi/${world.sessionGlobalId}`);
    await page.getByTestId('session-board').waitFor({ timeout: 15_000 });
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.goto(`${url}/#/wilayah/15.71`);
    await page.getByTestId('competition').waitFor({ timeout: 15_000 });
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByTestId('language-toggle').click();
    await page.reload();
    await page.getByTestId('competition').waitFor({ timeout: 15_000 });
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    await page.close();
  });

  it('follows a session started, closed and newly scheduled on the session and site screens, without a reload', async () => {
    const sessionPage = (await open(`#/layar/sesi/${staged.sessionGlobalId}`)).page;
    const sitePage = (await open(`#/layar/lokasi/${stagedSite.code}`)).page;
    for (const page of [sessionPage, sitePage]) {
      await page.locator('[data-testid="session-board"][data-status="SCHEDULED"]').waitFor({ timeout: 15_000 });
      await page.locator('[data-testid="live-status"][data-state="live"]').waitFor({ timeout: 10_000 });
    }
    expect(await sessionPage.getByTestId('session-status').textContent()).toBe('Terjadwal');
    const auth = { 'x-api-key': staged.apiKey };
    expect((await app.gql(`mutation($id: ID!) { startExamSession(id: $id) { id } }`, { id: staged.sessionGlobalId }, auth)).errors).toBeUndefined();
    for (const page of [sessionPage, sitePage]) await page.locator('[data-testid="session-status"]', { hasText: 'Berlangsung' }).waitFor({ timeout: 3_000 });
    await sessionPage.getByTestId('session-timer').waitFor();
    const score = { participantNumber: staged.participants[0]!.participantNumber, twk: 60, tiu: 100, tkp: 180, finishedAt: new Date().toISOString() };
    expect(
      (
        await app.gql(
          `mutation($s: ID!, $r: [ExamResultInput!]!) { submitExamResults(sessionId: $s, batchId: "staged-1", results: $r) { created } }`,
          { s: staged.sessionGlobalId, r: [score] },
          auth,
        )
      ).errors,
    ).toBeUndefined();
    await sessionPage.getByTestId('score-total').filter({ hasText: '340' }).waitFor({ timeout: 3_000 });
    expect((await app.gql(`mutation($id: ID!) { closeExamSession(id: $id) { id } }`, { id: staged.sessionGlobalId }, auth)).errors).toBeUndefined();
    for (const page of [sessionPage, sitePage]) await page.locator('[data-testid="session-status"]', { hasText: 'Selesai' }).waitFor({ timeout: 3_000 });
    // Closed: every score is final, no "sementara"; no-shows absent; TWK 60 is below its threshold of 65, said in words.
    await expect.poll(async () => (await sessionPage.getByTestId('score-total').allTextContents()).join(' '), { timeout: 3_000 }).toContain('final');
    expect((await sessionPage.getByTestId('score-total').allTextContents()).join(' ')).not.toContain('sementara');
    expect(await sessionPage.getByText('Tidak hadir').count()).toBe(2);
    expect(await sessionPage.getByText('di bawah ambang batas').count()).toBe(1);
    // The closed session's closing size is signed at once: its head fingerprint appears, pushed, as the API gives it.
    const logs = await app.gql(`{ ledgerLogs { origin head { size fingerprint } } }`, {}, { 'x-api-key': kiosk });
    const heads = (logs.data.ledgerLogs as Array<{ head: { size: number; fingerprint: string } | null }>).flatMap((l) => (l.head ? [l.head] : []));
    expect(heads.length).toBeGreaterThan(0);
    for (const head of heads) await sessionPage.getByTestId('ledger-fingerprint').filter({ hasText: head.fingerprint }).waitFor({ timeout: 5_000 });
    await shoot(sessionPage, 'layar-sesi-selesai');

    // A new session scheduled and started at the site: the site screen moves to it by itself.
    const scheduled = await app.gql(
      `mutation($site: ID!, $p: [String!]!) { scheduleExamSession(siteId: $site, date: "2024-10-21", number: 1, stage: SKD, participantNumbers: $p) { id } }`,
      { site: encodeGlobalID('ExamSite', stagedSite.id), p: [staged.participants[3]!.participantNumber] },
      auth,
    );
    expect(scheduled.errors).toBeUndefined();
    expect(
      (await app.gql(`mutation($id: ID!) { startExamSession(id: $id) { id } }`, { id: scheduled.data.scheduleExamSession.id }, auth)).errors,
    ).toBeUndefined();
    await sitePage.locator('[data-testid="session-board"][data-status="RUNNING"]').waitFor({ timeout: 3_000 });
    expect(await sitePage.getByTestId('score-row').count()).toBe(1);
    await sessionPage.close();
    await sitePage.close();
  });

  it('shows the QR code of the "Cek skor" page on the kiosk, encoding that page\'s address, in the screen\'s language', async () => {
    const { qrModules } = (await import(pathToFileURL(path.join(repoRoot, 'packages/dashboard/src/components/qr.ts')).href)) as {
      qrModules(text: string): { path: string };
    };
    for (const [language, query] of [
      ['id', ''],
      ['en', '?lang=en'],
    ] as const) {
      const { page, errors } = await open(`${query}#/layar/sesi/${world.sessionGlobalId}`);
      const qr = page.getByTestId('check-score-qr');
      await qr.waitFor({ timeout: 15_000 });
      const expected = `${url}/${query}#/cek-skor`;
      expect(await qr.locator('svg').getAttribute('data-url')).toBe(expected);
      // The modules drawn are the QR code of that address (the same encoder, run here).
      expect(await qr.locator('svg path').getAttribute('d')).toBe(qrModules(expected).path);
      // Large enough to scan at arm's length, and white-on-black with its quiet zone.
      expect((await qr.locator('svg').boundingBox())!.width).toBeGreaterThanOrEqual(96);
      // Following it opens the participant's own check, in the same language.
      await qr.getByRole('link').click();
      await page.getByRole('heading', { name: language === 'id' ? 'Cek skor saya' : 'Verify my score' }).waitFor({ timeout: 10_000 });
      expect(await page.locator('html').getAttribute('lang')).toBe(language);
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it("shows a tooltip with the figure on every chart, the same as the chart's data table says", async () => {
    for (const [hash, charts] of [
      ['#/wilayah/15.71', ['funnel', 'by-gender', 'by-education', 'by-disability', 'by-origin']],
      ['#/kepuasan/15.71', ['ikm-elements', 'ikm-trend']],
      ['#/', ['funnel']],
    ] as const) {
      const { page, errors } = await open(hash);
      await page.getByTestId(charts[0]).first().locator('.chart-body svg').waitFor({ timeout: 15_000 });
      await page.waitForLoadState('networkidle');
      // Every chart on the page, not only those named: a chart added later without a tooltip fails here.
      const figures = page.locator('figure.chart:has(.chart-body svg)');
      const ids = await figures.evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')));
      for (const id of charts) expect(ids, hash).toContain(id);
      for (let i = 0; i < ids.length; i++) {
        const figure = figures.nth(i);
        await figure.scrollIntoViewIfNeeded();
        const mark = figure.locator('.recharts-bar-rectangle path, .recharts-line-dots circle').last();
        await mark.hover({ force: true });
        const tooltip = figure.locator('.recharts-tooltip-wrapper');
        await tooltip.locator('.recharts-tooltip-item-value').waitFor({ timeout: 3_000 });
        const label = (await tooltip.locator('.recharts-tooltip-label').textContent())!.trim();
        const value = (await tooltip.locator('.recharts-tooltip-item-value').textContent())!.trim();
        const rows = await figure
          .locator('[data-testid="chart-alt"] tbody tr')
          .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
        expect(rows, `${hash} ${ids[i]}: tooltip "${label}: ${value}"`).toContainEqual(expect.arrayContaining([label, value]));
        await page.mouse.move(0, 0);
      }
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('does not say "reconnecting" when a page simply has no live subscription left', async () => {
    const { page } = await open(`#/formasi/${world.formationGlobalId}`);
    await page.locator('[data-testid="live-status"][data-state="live"]').first().waitFor({ timeout: 10_000 });
    await page.evaluate(() => (window.location.hash = '#/wilayah/99.99'));
    await page.getByTestId('not-found').waitFor({ timeout: 10_000 });
    // graphql-ws closes the idle socket at once; give it time to have been misread.
    await page.waitForTimeout(2_000);
    expect(await page.locator('[data-testid="live-status"][data-state="reconnecting"]').count()).toBe(0);
    expect(await page.locator('[data-testid="live-status"][data-state="connecting"]').count()).toBe(0);
    await page.close();
  });

  it('updates the region IKM live as survey responses arrive', async () => {
    const { page } = await open('#/kepuasan/15.71');
    await page.getByTestId('headline-ikm').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="live-status"][data-state="live"]').waitFor({ timeout: 10_000 });
    const before = await page.getByTestId('headline-ikm').textContent();
    const unit = await db.prisma.serviceUnit.findFirstOrThrow({ where: { region: { code: '15.71' } }, orderBy: { id: 'asc' } });
    for (let i = 0; i < 20; i++) {
      const res = await app.gql(
        // A partner kiosk (feedback:write) vouches for each respondent itself: no device token.
        `mutation($u: ID!, $a: [Int!]!) { submitSurveyResponse(serviceUnitId: $u, answers: $a) { period } }`,
        { u: encodeGlobalID('ServiceUnit', unit.id), a: [1, 1, 1, 1, 1, 1, 1, 1, 1] },
        { 'x-api-key': kiosk },
      );
      expect(res.errors).toBeUndefined();
    }
    // Production mode runs only persisted operations for the public: ask as the kiosk's partner key.
    const api = await app.gql(`{ serviceSatisfaction(regionCode: "15.71") { index { converted } } }`, {}, { 'x-api-key': kiosk });
    const expected = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
      api.data.serviceSatisfaction.index.converted,
    );
    expect(before).not.toContain(expected);
    await page.getByTestId('headline-ikm').filter({ hasText: expected }).waitFor({ timeout: 5_000 });

    // A past period chosen in the selector: the address keeps it and the figures are that period's.
    const past = await app.gql(`{ serviceSatisfaction(regionCode: "15.71", period: "2024") { period index { converted } } }`, {}, { 'x-api-key': kiosk });
    await page.getByTestId('period-select').selectOption('2024');
    await page
      .getByTestId('headline-ikm')
      .filter({
        hasText: new Intl.NumberFormat('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(past.data.serviceSatisfaction.index.converted),
      })
      .waitFor({ timeout: 5_000 });
    expect(page.url()).toContain('periode=2024');
    await page.close();
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

  it('pages, searches and exports a ranking of 100+ entries, on the formation page and the public screen', async () => {
    const crowd = await createExamWorld(db.prisma, { applicants: 110, quota: 2, tag: 'R' });
    const results = crowd.participants.map((p, i) => ({
      participantNumber: p.participantNumber,
      twk: 5 * (13 + (i % 18)),
      tiu: 5 * (16 + (i % 19)),
      tkp: 166 + (i % 59),
      finishedAt: new Date().toISOString(),
    }));
    const res = await app.gql(
      `mutation($s: ID!, $r: [ExamResultInput!]!) { submitExamResults(sessionId: $s, batchId: "crowd-1", results: $r) { created } }`,
      { s: crowd.sessionGlobalId, r: results },
      { 'x-api-key': crowd.apiKey },
    );
    expect(res.errors).toBeUndefined();
    const total = (
      await app.gql(`query($f: ID!) { ranking(formationId: $f, first: 1) { totalCount } }`, { f: world.formationGlobalId }, { 'x-api-key': kiosk })
    ).data.ranking.totalCount as number;
    expect(total).toBeGreaterThan(100);

    const { page, errors } = await open(`#/formasi/${world.formationGlobalId}`);
    const table = page.getByTestId('live-ranking');
    await table.locator('tbody tr').first().waitFor({ timeout: 15_000 });
    expect(await table.locator('tbody tr').count()).toBe(25);
    const pages = Math.ceil(total / 25);
    await page
      .getByTestId('ranking-pager')
      .filter({ hasText: `Halaman 1 dari ${pages}` })
      .waitFor();
    await page.getByTestId('ranking-pager').getByRole('button', { name: 'Berikutnya' }).click();
    await page
      .getByTestId('ranking-pager')
      .filter({ hasText: `Halaman 2 dari ${pages}` })
      .waitFor();
    await expect.poll(async () => (await table.locator('tbody tr td').first().textContent())?.trim()).toBe('26');

    // The CSV holds every entry, in Indonesian, `;`-separated.
    const [download] = await Promise.all([page.waitForEvent('download'), table.getByTestId('download-csv').click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(total + 1);
    expect(lines[0]).toBe('Peringkat;Gerak;Nomor peserta;Nama;TWK;TIU;TKP;Total SKD;Kode hasil');
    expect(csv).not.toContain(crowd.participants[0]!.participantNumber);

    // A search by the masked number finds an entry beyond the first page.
    const last = lines.at(-1)!.split(';');
    await page.getByTestId('participant-search').fill(last[2]!);
    await table.locator('tbody tr', { hasText: last[2]! }).first().waitFor({ timeout: 5_000 });
    // Masking hides digits, so a masked number may stand for more than one participant: all shown match, the last one among them.
    await expect.poll(async () => (await table.locator('tbody tr').count()) === (await table.locator('tbody tr', { hasText: last[2]! }).count())).toBe(true);
    expect(await table.locator('tbody tr td:first-child').allTextContents()).toContain(last[0]);
    await shoot(page, 'formasi-cari');

    // The public screen pages through the whole ranking, 12 rows at a time.
    const screen = (await open(`#/layar/formasi/${world.formationGlobalId}?detik=3`)).page;
    await screen
      .getByTestId('board-page')
      .filter({ hasText: `dari ${Math.ceil(total / 12)}` })
      .waitFor({ timeout: 15_000 });
    await screen.getByTestId('board-page').filter({ hasText: 'Halaman 2 dari' }).waitFor({ timeout: 8_000 });
    expect(await screen.locator('[data-testid="ranking-row"] td').first().textContent()).toBe('13');
    await screen.close();

    // A kiosk has no keyboard: `?cari=` in its address pages to the rows of that masked number and highlights them.
    const numbers = lines.slice(1).map((line) => line.split(';')[2]!);
    const firstMatch = numbers.findIndex((n) => n.includes(last[2]!));
    expect(Math.floor(firstMatch / 12)).toBeGreaterThan(0);
    const searched = await open(`#/layar/formasi/${world.formationGlobalId}?cari=${encodeURIComponent(last[2]!)}`);
    await searched.page.locator('tr.match[data-testid="ranking-row"]', { hasText: last[2]! }).first().waitFor({ timeout: 15_000 });
    expect(await searched.page.getByTestId('board-page').textContent()).toContain(`Halaman ${Math.floor(firstMatch / 12) + 1} dari ${Math.ceil(total / 12)}`);
    const matched = await searched.page.locator('tr.match').allTextContents();
    expect(matched.every((row) => row.includes(last[2]!))).toBe(true);
    expect(matched.length).toBe(
      numbers.slice(Math.floor(firstMatch / 12) * 12, Math.floor(firstMatch / 12) * 12 + 12).filter((n) => n.includes(last[2]!)).length,
    );
    expect(await searched.page.getByTestId('board-search').textContent()).toContain('ditemukan, disorot');
    await shoot(searched.page, 'layar-formasi-cari');
    expect(searched.errors).toEqual([]);
    await searched.page.close();
    // The same on a session's screen, and a number that is not there says so and shows the first page.
    const session = await open(`#/layar/sesi/${crowd.sessionGlobalId}?cari=${encodeURIComponent(last[2]!)}`);
    await session.page.locator('tr.match[data-testid="score-row"]', { hasText: last[2]! }).first().waitFor({ timeout: 15_000 });
    expect((await session.page.locator('tr.match').allTextContents()).every((row) => row.includes(last[2]!))).toBe(true);
    await session.page.close();
    const none = await open(`#/layar/sesi/${crowd.sessionGlobalId}?cari=99999999999`);
    await none.page.getByTestId('board-search').filter({ hasText: 'tidak ditemukan' }).waitFor({ timeout: 15_000 });
    expect(await none.page.locator('tr.match').count()).toBe(0);
    expect(await none.page.locator('[data-testid="score-row"] td').first().textContent()).toBe('1');
    await none.page.close();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps rank, number, total and result code on a phone screen, choosing columns by meaning', async () => {
    const phone = VIEWPORTS[1];
    const inView = async (page: Page, selector: string) => {
      const box = await page.locator(selector).first().boundingBox();
      return box !== null && box.x >= 0 && box.x + box.width <= phone.width;
    };
    const { page } = await open(`#/formasi/${world.formationGlobalId}`, phone);
    await page.locator('[data-testid="live-ranking"] tbody tr').first().waitFor({ timeout: 15_000 });
    const headers = await page
      .locator('[data-testid="live-ranking"] thead th')
      .evaluateAll((ths) => ths.filter((th) => (th as HTMLElement).offsetParent !== null).map((th) => th.textContent));
    expect(headers).toEqual(['Peringkat', 'Nomor peserta', 'Total SKD', 'Kode hasil']);
    expect(await inView(page, '[data-testid="live-ranking"] tbody tr td:last-child')).toBe(true);
    await page.close();
    const screen = (await open(`#/layar/sesi/${world.sessionGlobalId}`, phone)).page;
    await screen.getByTestId('score-total').first().waitFor({ timeout: 15_000 });
    expect(await inView(screen, '[data-testid="score-total"]')).toBe(true);
    await screen.close();
  });

  it('drills down province -> kabupaten/kota with breadcrumbs and compares the regions below, sortable', async () => {
    const { page, errors } = await open('#/wilayah/15');
    const table = page.getByTestId('comparison-table');
    await table.locator('tbody tr').nth(1).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('breadcrumbs').textContent()).toBe('RingkasanJambi');
    const names = () => table.locator('tbody tr td:first-child').allTextContents();
    // Every kabupaten/kota of Jambi (all of Indonesia is loaded), not only the two with the seed's applicants.
    const below = (await db.prisma.region.findMany({ where: { parent: { code: '15' } }, select: { name: true } })).map((r) => r.name).sort();
    expect(below).toEqual(expect.arrayContaining(['Kabupaten Batanghari', 'Kota Jambi']));
    expect((await names()).sort()).toEqual(below);
    await expect.poll(async () => (await table.locator('tbody tr td:nth-child(4)').allTextContents()).every((t) => t !== '—')).toBe(true);
    // Sorted by applicants, most first (the two seeded regions lead); then by name, A to Z.
    const applicants = (await table.locator('tbody tr td:nth-child(4)').allTextContents()).map((t) => Number(t.replace(/\./g, '')));
    expect(applicants).toEqual([...applicants].sort((a, b) => b - a));
    expect((await names()).slice(0, 2).sort()).toEqual(['Kabupaten Batanghari', 'Kota Jambi']);
    await page.getByTestId('region-comparison').getByRole('button', { name: /^Nama/ }).click();
    expect(await names()).toEqual(below);
    expect(await page.getByTestId('small-multiples').locator('li').count()).toBe(below.length);
    await table.getByRole('link', { name: 'Kota Jambi' }).click();
    await page.getByTestId('region-name').filter({ hasText: 'Kota Jambi' }).waitFor();
    await page.getByTestId('breadcrumbs').getByRole('link', { name: 'Jambi', exact: true }).waitFor();
    expect(await page.title()).toContain('Kota Jambi');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('prints a region as a one-page A4 report (print stylesheet, Chromium print to PDF)', async () => {
    const { page } = await open('#/wilayah/15.71');
    await page.getByTestId('competition').waitFor({ timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    fs.mkdirSync(artifacts, { recursive: true });
    fs.writeFileSync(path.join(artifacts, 'laporan-wilayah-15.71.pdf'), pdf);
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages).toHaveLength(1);
    // The report keeps the headline figures and leaves the screen's controls out.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('kpi-cards').isVisible()).toBe(true);
    expect(await page.getByTestId('stages').isVisible()).toBe(true);
    expect(await page.getByTestId('print-report').isVisible()).toBe(false);
    expect(await page.locator('[data-testid="competition"] tbody tr:visible').count()).toBeLessThanOrEqual(5);
    await page.close();
  });

  it("lets an official set targets through the region page's form and shows them on the trend charts, with tooltips and a text alternative, axe-clean", async () => {
    await createUser(db.prisma, { username: 'pejabat-jambi', displayName: 'Pejabat Kota Jambi', role: 'OFFICIAL', password: 'sasaran-kota-jambi-2025' });
    const { page, errors } = await open('#/wilayah/15.71');
    const ikm = page.getByTestId('trend-ikm');
    await ikm.locator('.chart-body svg').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('trend-ikm-target').count()).toBe(0);
    const altRows = (chart: typeof ikm) =>
      chart
        .locator('[data-testid="chart-alt"] tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));

    // Signed in once in the form, the official sets the IKM target of 2025 ...
    const form = page.getByTestId('target-form');
    await form.getByTestId('target-figure').selectOption('IKM');
    await form.getByTestId('target-year').fill('2025');
    await form.getByTestId('target-value').fill('95');
    await form.getByTestId('target-username').fill('pejabat-jambi');
    await form.getByTestId('target-password').fill('sasaran-kota-jambi-2025');
    await form.getByTestId('target-submit').click();
    await form.getByTestId('target-outcome').filter({ hasText: 'Sasaran disimpan' }).waitFor({ timeout: 10_000 });
    // ... and sees it on the chart without a reload: a target mark, the summary and the text alternative.
    await ikm.locator('.target-mark').first().waitFor({ state: 'attached', timeout: 5_000 });
    expect(await page.getByTestId('trend-ikm-target').textContent()).toContain('Sasaran 2025: 95,0');
    expect(await altRows(ikm)).toContainEqual(['2025', expect.stringMatching(/^\d+,\d$/), '95,0', 'Belum tercapai']);
    // The session stays in the form: a second target (a rate, typed in percent) needs no password.
    expect(await form.getByTestId('target-username').count()).toBe(0);
    await form.getByTestId('target-figure').selectOption('FILL_RATE');
    await form.getByTestId('target-year').fill('2024');
    await form.getByTestId('target-value').fill('90');
    await form.getByTestId('target-submit').click();
    await form.getByTestId('target-outcome').filter({ hasText: 'Keterisian formasi 2024' }).waitFor({ timeout: 10_000 });
    await page.getByTestId('trend-fill-rate-target').filter({ hasText: 'Sasaran 2024: 90,0%' }).waitFor({ timeout: 5_000 });
    const region = await db.prisma.region.findUniqueOrThrow({ where: { code: '15.71' } });
    expect(
      await db.prisma.regionTarget.findMany({ where: { regionId: region.id }, select: { year: true, figure: true, value: true }, orderBy: { year: 'asc' } }),
    ).toEqual([
      { year: 2024, figure: 'FILL_RATE', value: 0.9 },
      { year: 2025, figure: 'IKM', value: 95 },
    ]);
    expect((await db.prisma.auditEntry.findFirstOrThrow({ where: { operation: 'setRegionTarget' }, orderBy: { id: 'desc' } })).role).toBe('OFFICIAL');

    // The tooltip of a trend says what its table says.
    await ikm.scrollIntoViewIfNeeded();
    await ikm.locator('.recharts-line-dots circle').last().hover({ force: true });
    const tooltip = ikm.locator('.recharts-tooltip-wrapper');
    await tooltip.locator('.recharts-tooltip-item-value').waitFor({ timeout: 3_000 });
    const label = (await tooltip.locator('.recharts-tooltip-label').textContent())!.trim();
    const value = (await tooltip.locator('.recharts-tooltip-item-value').textContent())!.trim();
    expect(await altRows(ikm)).toContainEqual(expect.arrayContaining([label, value]));
    await page.mouse.move(0, 0);

    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'wilayah-sasaran');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('pages, searches and exports a final ranking (SKD and SKB integrated, after optimalisasi) of 100+ entries', async () => {
    // 120 finalists in a formation of 80 seats: all of them inside the SKB cut (3 x 80), each with an SKB score.
    const finalists = await createExamWorld(db.prisma, { applicants: 120, quota: 80, tag: 'F' });
    const auth = { 'x-api-key': finalists.apiKey };
    const at = new Date().toISOString();
    const skd = finalists.participants.map((p, i) => ({
      participantNumber: p.participantNumber,
      twk: 5 * (14 + (i % 16)),
      tiu: 5 * (17 + (i % 18)),
      tkp: 170 + (i % 50),
      finishedAt: at,
    }));
    const submitted = await app.gql(
      `mutation($s: ID!, $r: [ExamResultInput!]!) { submitExamResults(sessionId: $s, batchId: "final-skd", results: $r) { created } }`,
      { s: finalists.sessionGlobalId, r: skd },
      auth,
    );
    expect(submitted.errors).toBeUndefined();
    const skdSession = await db.prisma.examSession.findUniqueOrThrow({ where: { id: finalists.sessionId } });
    const skbSession = await db.prisma.examSession.create({
      data: {
        siteId: skdSession.siteId,
        selectionYearId: skdSession.selectionYearId,
        date: new Date('2024-12-02T00:00:00Z'),
        number: 1,
        stage: 'SKB',
        status: 'RUNNING',
        startedAt: new Date(),
      },
    });
    const applications = await db.prisma.application.findMany({ where: { participantNumber: { in: finalists.participants.map((p) => p.participantNumber) } } });
    await db.prisma.examSeat.createMany({
      data: applications.map((a) => ({ sessionId: skbSession.id, applicationId: a.id, participantNumber: a.participantNumber })),
    });
    const skb = finalists.participants.map((p, i) => ({
      participantNumber: p.participantNumber,
      components: [{ name: 'CAT', score: 40 + ((i * 37) % 60) }],
      finishedAt: at,
    }));
    const scored = await app.gql(
      `mutation($s: ID!, $r: [SkbResultInput!]!) { submitSkbResults(sessionId: $s, batchId: "final-skb", results: $r) { created } }`,
      { s: encodeGlobalID('ExamSession', skbSession.id), r: skb },
      auth,
    );
    expect(scored.errors).toBeUndefined();
    const total = (
      await app.gql(`query($f: ID!) { ranking(formationId: $f, stage: FINAL, first: 1) { totalCount } }`, { f: finalists.formationGlobalId }, auth)
    ).data.ranking.totalCount as number;
    expect(total).toBeGreaterThan(100);

    const { page, errors } = await open(`#/formasi/${finalists.formationGlobalId}`);
    const table = page.getByTestId('final-ranking');
    await table.locator('tbody tr').first().waitFor({ timeout: 15_000 });
    expect(await table.locator('tbody tr').count()).toBe(25);
    const pages = Math.ceil(total / 25);
    const pager = page.getByTestId('final-pager');
    await pager.filter({ hasText: `Halaman 1 dari ${pages}` }).waitFor();
    for (let n = 2; n <= pages; n++) {
      await pager.getByRole('button', { name: 'Berikutnya' }).click();
      await pager.filter({ hasText: `Halaman ${n} dari ${pages}` }).waitFor();
    }
    // The last page holds the last entries, beyond the 100 the page used to stop at.
    await expect.poll(async () => (await table.locator('tbody tr td').first().textContent())?.trim()).toBe(String((pages - 1) * 25 + 1));
    expect(await table.locator('tbody tr').count()).toBe(total - (pages - 1) * 25);

    // The CSV holds every entry, best final first: the quota selected (P/L), the others P.
    const [download] = await Promise.all([page.waitForEvent('download'), table.getByTestId('download-csv').click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(total + 1);
    expect(lines[0]!.startsWith('Peringkat;Nomor peserta;Nama;Total SKD;SKB;')).toBe(true);
    const rows = lines.slice(1).map((line) => line.split(';'));
    expect(rows.map((r) => Number(r[0]))).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const codes = rows.map((r) => r.at(-1));
    expect(codes.filter((c) => c === 'P/L' || c === 'P/L-2')).toHaveLength(80);
    expect(codes.at(-1)).toBe('P');
    expect(csv).not.toContain(finalists.participants[0]!.participantNumber);

    // A search by the masked number finds an entry on the last page.
    const last = rows.at(-1)!;
    await page.getByTestId('final-search').fill(last[1]!);
    await table.locator('tbody tr', { hasText: last[1]! }).first().waitFor({ timeout: 5_000 });
    await expect.poll(async () => (await table.locator('tbody tr').count()) === (await table.locator('tbody tr', { hasText: last[1]! }).count())).toBe(true);
    expect(await table.locator('tbody tr td:first-child').allTextContents()).toContain(last[0]);
    await shoot(page, 'formasi-akhir-cari');
    expect(errors).toEqual([]);
    await page.close();
  });
});
