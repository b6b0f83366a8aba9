/**
 * The server as an operator starts it (`pnpm start` runs the compiled build with node): a real
 * process, real exit codes, real output.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPILED, startMain, waitForUrl, type MainProcess } from './main-process.js';

describe('starting the server', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-data-'));
  const running: MainProcess[] = [];
  afterAll(() => {
    for (const run of running) run.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits non-zero with one line naming the host when DATABASE_URL is unreachable', async () => {
    const run = startMain({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/test' }, COMPILED);
    expect(await run.exited).not.toBe(0);
    const lines = run.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:1/);
  });

  // Three process starts, the first with initdb and a seed: over a minute on a busy 2-core machine.
  it('on the embedded default: migrates and seeds itself, refuses a second process on the folder, stops cleanly on SIGTERM, keeps its data', { timeout: 180_000 }, async () => {
    const first = startMain({ PANTAU_DATA_DIR: dataDir }, COMPILED);
    running.push(first);
    const url = await waitForUrl(first);
    expect(first.output()).toContain('First start');
    const ready = await fetch(`${url}/ready`);
    expect(await ready.json()).toMatchObject({ status: 'ready', pendingMigrations: [] });
    const body = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ region(code: "16.71.14") { name } }' }),
    }).then((r) => r.json());
    expect(body.data.region.name).toMatch(/Plaju/);

    const second = startMain({ PANTAU_DATA_DIR: dataDir }, COMPILED);
    running.push(second);
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toMatch(/in use by another Pantau process \(pid \d+\)/);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'pantau.pid'))).toBe(false);

    const again = startMain({ PANTAU_DATA_DIR: dataDir }, COMPILED);
    running.push(again);
    const url2 = await waitForUrl(again);
    expect(again.output()).not.toContain('First start');
    const region = await fetch(`${url2}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ region(code: "33.74") { name } }' }),
    }).then((r) => r.json());
    expect(region.data.region.name).toMatch(/Semarang/);
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  });
});
