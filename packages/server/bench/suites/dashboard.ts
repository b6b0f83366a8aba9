/**
 * Dashboard budgets: the initial JavaScript of the public screen (<= 150 KB gzip) and of the
 * dashboard (<= 300 KB gzip), added up from Vite's manifest (entry, the page's lazy chunk, and
 * everything they import), beside the whole bundle as one download; and how soon the public
 * screen first shows data in Chromium on localhost (<= 1.5 s), from navigation start to the
 * `pantau:first-data` mark the screen sets when its first scores render.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { dashboardDist, repoRoot } from '../../src/paths.js';
import { startTestApp } from '../../test/app.js';
import { createExamWorld } from '../../test/exam-fixture.js';
import { percentile } from '../load.js';
import { betterRatio, type BenchRow, type Suite } from '../types.js';

const log = (line: string) => console.log(`  [dashboard] ${line}`);

interface ManifestChunk {
  file: string;
  imports?: string[];
  isEntry?: boolean;
}

/** Gzipped bytes of a chunk and everything it imports statically, each file counted once. */
function closure(manifest: Record<string, ManifestChunk>, keys: string[]): Set<string> {
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const k of chunk.imports ?? []) visit(k);
  };
  keys.forEach(visit);
  return files;
}

const gzipKb = (files: Iterable<string>) => [...files].reduce((sum, f) => sum + gzipSync(fs.readFileSync(path.join(dashboardDist, f))).length, 0) / 1024;

export const dashboardSuite: Suite = async ({ quick }) => {
  log('building the dashboard…');
  execFileSync('pnpm', ['--filter', '@pantau/dashboard', 'build'], { cwd: repoRoot, stdio: 'ignore' });
  const manifest = JSON.parse(fs.readFileSync(path.join(dashboardDist, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
  // boot.ts (the entry) loads main.tsx for the dashboard and its screens, or the survey's own chunk.
  const screenKb = gzipKb(closure(manifest, [entry, 'src/main.tsx', 'src/screen/PublicScreen.tsx']));
  const dashboardKb = gzipKb(closure(manifest, [entry, 'src/main.tsx', 'src/App.tsx']));
  const allJs = fs
    .readdirSync(path.join(dashboardDist, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`);
  const everythingKb = gzipKb(allJs);
  log(
    `initial JS (gzip): public screen ${screenKb.toFixed(1)} KB, dashboard ${dashboardKb.toFixed(1)} KB; all JS as one download ${everythingKb.toFixed(1)} KB`,
  );

  const runs = quick ? 5 : 15;
  const app = await startTestApp('pglite');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const firstData: number[] = [];
  try {
    const world = await createExamWorld(app.db.prisma, { applicants: 40, quota: 3, tag: 'D' });
    const results = world.participants.map((p, i) => ({
      participantNumber: p.participantNumber,
      twk: 100,
      tiu: 100,
      tkp: 150 + i,
      finishedAt: new Date().toISOString(),
    }));
    await app.gql(
      `mutation($s: ID!, $r: [ExamResultInput!]!) { submitExamResults(sessionId: $s, batchId: "bench-d", results: $r) { created } }`,
      { s: world.sessionGlobalId, r: results },
      { 'x-api-key': world.apiKey },
    );
    for (let i = 0; i < runs + 1; i++) {
      // A fresh context each time: nothing cached, as a screen switched on.
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      const page = await context.newPage();
      await page.goto(`${app.server.url}/#/layar/sesi/${world.sessionGlobalId}`);
      const at = await page.waitForFunction(() => performance.getEntriesByName('pantau:first-data')[0]?.startTime, undefined, { timeout: 10_000 });
      if (i > 0) firstData.push(Number(await at.jsonValue())); // the first load warms the server
      await context.close();
    }
  } finally {
    await browser.close();
    await app.close();
  }
  firstData.sort((a, b) => a - b);
  const p50 = percentile(firstData, 50);
  const p95 = percentile(firstData, 95);
  log(`public screen first data: p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms over ${runs} cold page loads`);

  const rows: BenchRow[] = [
    {
      suite: 'dashboard',
      benchmark: 'public screen initial JavaScript (entry + screen chunk)',
      metric: 'gzip',
      unit: 'KB',
      value: screenKb,
      baseline: 'all JS in one bundle',
      baselineValue: everythingKb,
      ratio: betterRatio(screenKb, everythingKb, true),
      target: '<= 150 KB',
      met: screenKb <= 150,
    },
    {
      suite: 'dashboard',
      benchmark: 'dashboard initial JavaScript (entry + dashboard chunk)',
      metric: 'gzip',
      unit: 'KB',
      value: dashboardKb,
      baseline: 'all JS in one bundle',
      baselineValue: everythingKb,
      ratio: betterRatio(dashboardKb, everythingKb, true),
      target: '<= 300 KB',
      met: dashboardKb <= 300,
    },
    {
      suite: 'dashboard',
      benchmark: 'public screen first data in Chromium, localhost',
      metric: 'p95',
      unit: 'ms',
      value: p95,
      target: '<= 1500 ms',
      met: p95 <= 1500,
    },
    { suite: 'dashboard', benchmark: 'public screen first data in Chromium, localhost', metric: 'p50', unit: 'ms', value: p50 },
  ];
  return rows;
};
