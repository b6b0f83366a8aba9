/**
 * The participant's page Cek skor in Chromium, against a production-mode server: the browser checks
 * the entry, its inclusion proof and the head's Ed25519 signature with WebCrypto, then consistency
 * with the head it kept; after the database owner rewrites the score and the server re-signs, the
 * same browser raises the alarm. The kiosk screen shows the current head's fingerprint.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLog } from '../src/exams/ledger.js';
import { dashboardDist } from '../src/paths.js';
import { seedReference } from '../src/seed/seed.js';
import { startInstance, type TestInstance } from './app.js';
import { freshDatabase, type TestDatabase } from './databases.js';
import { createExamWorld, type ExamWorld } from './exam-fixture.js';
import { rewriteEntry } from './ledger-attack.js';

const SUBMIT = `mutation($s: ID!, $b: String!, $r: [ExamResultInput!]!) { submitExamResults(sessionId: $s, batchId: $b, results: $r) { created } }`;

describe('Cek skor in Chromium', () => {
  let db: TestDatabase;
  let app: TestInstance;
  let world: ExamWorld;
  let browser: Browser;
  let context: BrowserContext;

  const submit = (batch: string, from: number, to: number) =>
    app.gql(
      SUBMIT,
      {
        s: world.sessionGlobalId,
        b: batch,
        r: world.participants
          .slice(from, to)
          .map((p, i) => ({ participantNumber: p.participantNumber, twk: 90, tiu: 95, tkp: 140 + from + i, finishedAt: '2024-10-21T03:00:00.000Z' })),
      },
      { 'x-api-key': world.apiKey },
    );
  const headSize = async () => (await (await fetch(`${app.server.url}/ledger/logs`)).json())[0]?.head?.size;

  async function check(number: string, code: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${app.server.url}/#/cek-skor`);
    await page.getByLabel('Nomor peserta').fill(number);
    await page.getByLabel('Kode kartu ujian').fill(code);
    await page.getByRole('button', { name: 'Periksa' }).click();
    await page.locator('.verify-result, [role="status"], [role="alert"]').first().waitFor({ timeout: 15_000 });
    return page;
  }

  beforeAll(async () => {
    if (!fs.existsSync(path.join(dashboardDist, 'index.html'))) throw new Error('The dashboard is not built (pnpm --filter @pantau/dashboard build).');
    db = await freshDatabase('pglite');
    await seedReference(db.prisma);
    world = await createExamWorld(db.prisma, { applicants: 8, tag: 'C' });
    app = await startInstance(db, { production: true, ledgerHeadIntervalMs: 150 });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    context = await browser.newContext();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  it('checks a score in the browser, then consistency with the head it kept; a rewrite raises the alarm', async () => {
    const me = world.participants[1]!;
    const { examCardCode } = await db.prisma.examSeat.findFirstOrThrow({ where: { participantNumber: me.participantNumber } });
    expect((await submit('a', 0, 3)).errors).toBeUndefined();
    await expect.poll(headSize, { timeout: 10_000 }).toBe(3);

    const wrong = await check(me.participantNumber, 'FFFF-FFFF-FFFF-FFFF');
    await expect.poll(() => wrong.getByRole('status').textContent()).toContain('Tidak ada skor');

    const first = await check(me.participantNumber, examCardCode.toLowerCase());
    await expect.poll(() => first.locator('.verify-result').getAttribute('data-verdict')).toBe('ok');
    expect(await first.locator('.verify-score-line').textContent()).toContain('TKP 141');
    const checks = await first.locator('.verify-checks li').allTextContents();
    expect(checks).toHaveLength(5);
    expect(checks.every((c) => c.startsWith('✓ Lolos'))).toBe(true);
    expect(checks.join('\n')).toContain('Bukti inklusi: entri ke-2 termasuk dalam log berisi 3 entri');
    expect(checks.join('\n')).toContain('Tanda tangan Ed25519');

    // The log grows; the page proves the new head only appended to the one it kept.
    expect((await submit('b', 3, 6)).errors).toBeUndefined();
    await expect.poll(headSize, { timeout: 10_000 }).toBe(6);
    const second = await check(me.participantNumber, examCardCode);
    await expect.poll(() => second.locator('.verify-result').getAttribute('data-verdict')).toBe('ok');
    expect(await second.locator('.verify-checks li').allTextContents()).toContain(
      '✓ Lolos Konsistensi: log saat ini (6 entri) hanya menambah log yang pernah dilihat peramban ini (3 entri); tidak ada entri lama yang diubah.',
    );

    // The kiosk screen shows the head anyone can photograph.
    const screen = await context.newPage();
    await screen.goto(`${app.server.url}/#/layar/sesi/${world.sessionGlobalId}`);
    await expect
      .poll(() => screen.locator('.ledger-fingerprint').textContent(), { timeout: 15_000 })
      .toMatch(/Kepala log pantau\/2024\/SKD: 6 entri · Sidik jari [0-9A-F]{4} [0-9A-F]{4}/);

    // Tampered: the database owner rewrites my score, rebuilds the tree and lets the server re-sign.
    const entry = await db.prisma.ledgerEntry.findFirstOrThrow({ where: { participantNumber: me.participantNumber } });
    const log = (await findLog(db.prisma, 'pantau/2024/SKD'))!;
    const forged = entry.record.replace('"tkp":141', '"tkp":166').replace('"total":326', '"total":351');
    expect(forged).not.toBe(entry.record);
    const root = await rewriteEntry(db, log.id, entry.leafIndex, forged, { participantNumber: me.participantNumber, tkp: 166, total: 351 });
    await expect.poll(async () => (await (await fetch(`${app.server.url}/ledger/logs`)).json())[0]?.head?.rootHash, { timeout: 10_000 }).toBe(root);
    const third = await check(me.participantNumber, examCardCode);
    await expect.poll(() => third.locator('.verify-result').getAttribute('data-verdict')).toBe('alarm');
    expect(await third.locator('.verify-score-line').textContent()).toContain('TKP 166');
    const alarm = await third.locator('.verify-checks li[data-ok="false"]').allTextContents();
    expect(alarm.length).toBeGreaterThan(0);
    expect(alarm.join('\n')).toMatch(/GAGAL (Dua kepala log berukuran 6 dengan akar berbeda|Konsistensi)/);
    expect(await third.getByRole('alert').textContent()).toContain('PERINGATAN');
  });
});
