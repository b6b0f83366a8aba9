/**
 * The server as an operator starts it (`pnpm start` runs the compiled build with node): a real
 * process, real exit codes, real output.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
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
  it('on the embedded default: migrates and seeds itself, refuses a second process on the folder, stops cleanly on SIGTERM, keeps its data', {
    timeout: 180_000,
  }, async () => {
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

  it('makes the first ADMIN and a partner key, revokes the key and disables an account through the running server that holds the folder', {
    timeout: 240_000,
  }, async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-data-'));
    const server = startMain({ PANTAU_DATA_DIR: folder });
    running.push(server);
    const url = await waitForUrl(server);
    const code = /One-time setup code .*\): ([A-Z0-9]+)/.exec(server.output())?.[1];
    expect(code).toBeTruthy();
    const cli = (script: string, args: string[], env: Record<string, string>) =>
      new Promise<{ status: number | null; output: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
          cwd: path.resolve(import.meta.dirname, '..'),
          env: { ...process.env, DATABASE_URL: '', PANTAU_DATA_DIR: folder, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        child.on('exit', (status) => resolve({ status, output }));
      });
    // A result sheet cannot be imported beside the server that holds the folder: one line says what to do.
    const sheet = path.join(folder, 'sesi.csv');
    fs.writeFileSync(sheet, 'participantNumber,twk,tiu,tkp,finishedAt\n241571000001,100,110,170,2024-10-21T10:00:00+07:00\n');
    const importing = await cli('import-results', ['--session', '1', '--file', sheet], {});
    expect(importing.status).toBe(1);
    expect(importing.output.trim().split('\n')).toEqual([
      `pantau: the embedded data folder ${folder} is held by another Pantau process (pid ${server.child.pid}), the server if it runs: ` +
        'stop it, import, then start it again (it reads the new scores when it starts); or run Pantau on PostgreSQL (DATABASE_URL) to import while it serves',
    ]);
    const password = 'sandi-admin-pertama';
    const refused = await cli('user', ['create', '--username', 'admin', '--role', 'ADMIN'], { PANTAU_USER_PASSWORD: password, PANTAU_ADMIN_TOKEN: '' });
    expect(refused.status).not.toBe(0);
    expect(refused.output).toMatch(/--setup-code/);
    const created = await cli('user', ['create', '--username', 'admin', '--role', 'ADMIN', '--setup-code', code!], { PANTAU_USER_PASSWORD: password });
    expect(created.output).toContain('through the running server');
    expect(created.status).toBe(0);
    const login = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { login(username: "admin", password: "${password}") { token } }` }),
    }).then((r) => r.json());
    const admin = { PANTAU_ADMIN_TOKEN: login.data.login.token };
    const key = await cli('api-key', ['create', '--name', 'CAT', '--scopes', 'scores:write'], admin);
    expect(key.status).toBe(0);
    expect(key.output).toMatch(/pantau_[A-Za-z0-9_-]{32}/);

    // Revoke and disable go through the server too: the key and the account stop working at once.
    const gql = (query: string, headers: Record<string, string>) =>
      fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) }).then((r) =>
        r.json(),
      );
    const secret = /pantau_[A-Za-z0-9_-]{32}/.exec(key.output)![0];
    const prefix = /Prefix \(to revoke\): (\S+)/.exec(key.output)![1]!;
    expect((await gql('{ viewer { role } }', { 'x-api-key': secret })).data.viewer.role).toBe('PARTNER');
    const noToken = await cli('api-key', ['revoke', prefix], { PANTAU_ADMIN_TOKEN: '' });
    expect(noToken.status).not.toBe(0);
    expect(noToken.output).toMatch(/PANTAU_ADMIN_TOKEN/);
    const revoked = await cli('api-key', ['revoke', prefix], admin);
    expect(revoked).toMatchObject({ status: 0, output: expect.stringContaining(`Revoked ${prefix} through the running server`) });
    expect((await gql('{ viewer { role } }', { 'x-api-key': secret })).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await cli('api-key', ['revoke', prefix], admin)).output).toContain(`No active key with prefix ${prefix}`);

    const verifier = await cli('user', ['create', '--username', 'verif.dua', '--role', 'VERIFIER'], { ...admin, PANTAU_USER_PASSWORD: 'sandi-verifikator-2' });
    expect(verifier.status).toBe(0);
    const verifierLogin = await gql('mutation { login(username: "verif.dua", password: "sandi-verifikator-2") { token } }', {});
    const verifierAuth = { authorization: `Bearer ${verifierLogin.data.login.token}` };
    expect((await gql('{ viewer { role } }', verifierAuth)).data.viewer.role).toBe('VERIFIER');
    const disabled = await cli('user', ['disable', 'verif.dua'], admin);
    expect(disabled).toMatchObject({ status: 0, output: expect.stringContaining('Disabled verif.dua through the running server') });
    expect((await gql('{ viewer { role } }', verifierAuth)).errors[0]).toMatchObject({ message: 'Account disabled', extensions: { code: 'UNAUTHENTICATED' } });
    expect((await cli('user', ['disable', 'verif.dua'], admin)).output).toContain('No active user verif.dua');
    // Flags are parsed strictly: an unknown flag is one line naming it and the usage.
    const unknown = await cli('user', ['disable', 'verif.dua', '--force'], admin);
    expect(unknown.status).not.toBe(0);
    expect(unknown.output).toMatch(/Unknown option '--force'.*usage: user create/);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(fs.existsSync(path.join(folder, 'server.json'))).toBe(false);
    fs.rmSync(folder, { recursive: true, force: true });
  });
});
