/**
 * Startup of the embedded default: how long a restart takes from `node` spawning to the server
 * printing its addresses, on a data folder that is already migrated and seeded (the case an
 * operator meets every day). The compiled build (`node dist/main.js`, what `pnpm start` runs)
 * is timed against the same source run through tsx (what `pnpm start` ran before), alternating
 * the two so that the machine's load falls on both alike.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../src/paths.js';
import { killHard, startMain, waitForUrl } from '../../test/main-process.js';
import { percentile } from '../load.js';
import { betterRatio, type Suite } from '../types.js';

const log = (line: string) => console.log(`  [startup] ${line}`);
const _serverDir = path.join(repoRoot, 'packages/server');

async function timeStart(dataDir: string, compiled: boolean): Promise<number> {
  const t0 = performance.now();
  const run = compiled ? startMain({ PANTAU_DATA_DIR: dataDir }, { entry: 'dist/main.js', loader: false }) : startMain({ PANTAU_DATA_DIR: dataDir });
  try {
    await waitForUrl(run);
    return performance.now() - t0;
  } finally {
    await killHard(run);
  }
}

export const startupSuite: Suite = async ({ quick }) => {
  log('compiling the server…');
  execFileSync('pnpm', ['--filter', '@pantau/server', 'build'], { cwd: repoRoot, stdio: 'ignore' });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-startup-'));
  try {
    log('first start (migrations and seed, not timed)…');
    await timeStart(dataDir, true);
    const runs = quick ? 3 : 7;
    const compiled: number[] = [];
    const source: number[] = [];
    for (let i = 0; i < runs; i++) {
      compiled.push(await timeStart(dataDir, true));
      source.push(await timeStart(dataDir, false));
    }
    const p50c = percentile(
      [...compiled].sort((a, b) => a - b),
      50,
    );
    const p50s = percentile(
      [...source].sort((a, b) => a - b),
      50,
    );
    log(`restart to listening, p50: node dist ${p50c.toFixed(0)} ms, tsx src ${p50s.toFixed(0)} ms (${runs} each, alternated)`);
    return [
      {
        suite: 'startup',
        benchmark: 'restart of the embedded default (seeded folder)',
        metric: 'p50 spawn -> listening',
        unit: 'ms',
        value: p50c,
        baseline: 'tsx src/main.ts',
        baselineValue: p50s,
        ratio: betterRatio(p50c, p50s, true),
      },
    ];
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
};
