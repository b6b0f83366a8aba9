/** The server as an operator starts it: a real process, real exit codes, real output. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const serverDir = path.resolve(import.meta.dirname, '..');

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startMain(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PANTAU_HEARTBEAT_MS: '0', DATABASE_URL: '', REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForUrl(run: Run, timeoutMs = 90_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /GraphQL API\s*:\s*(http:\/\/\S+)\/graphql/.exec(run.output());
    if (match) return match[1]!;
    if (run.child.exitCode !== null) throw new Error(`server exited early:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start:\n${run.output()}`);
}

describe('starting the server', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-data-'));
  const running: Run[] = [];
  afterAll(() => {
    for (const run of running) run.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits non-zero with one line naming the host when DATABASE_URL is unreachable', async () => {
    const run = startMain({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/test' });
    expect(await run.exited).not.toBe(0);
    const lines = run.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:1/);
  });

  it('on the embedded default: migrates and seeds itself, refuses a second process on the folder, stops cleanly on SIGTERM, keeps its data', async () => {
    const first = startMain({ PANTAU_DATA_DIR: dataDir });
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

    const second = startMain({ PANTAU_DATA_DIR: dataDir });
    running.push(second);
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toMatch(/in use by another Pantau process \(pid \d+\)/);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'pantau.pid'))).toBe(false);

    const again = startMain({ PANTAU_DATA_DIR: dataDir });
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
  }, 180_000); // a first start migrates and seeds: seconds alone, longer on a loaded CI machine
});
