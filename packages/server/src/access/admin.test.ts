/**
 * Administration: the first ADMIN comes from the `user` CLI (password from stdin, never argv),
 * then manages accounts through the API; every mutation leaves an audit entry that only an ADMIN
 * can read and nobody can change, not even with SQL.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../test/databases.js';
import { startTestApp, type TestApp } from '../../test/app.js';
import { createApiKey } from './api-keys.js';

const serverDir = path.resolve(import.meta.dirname, '../..');

function runUserCli(args: string[], env: Record<string, string>, stdin: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/user.ts', ...args], {
    cwd: serverDir,
    env: { ...process.env, PANTAU_USER_PASSWORD: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

const LOGIN = 'mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { token } }';
const CREATE = 'mutation ($input: CreateUserInput!) { createUser(input: $input) { id username role disabledAt } }';
const DISABLE = 'mutation Disable($id: ID!) { disableUser(id: $id) { id disabledAt } }';
const USERS = '{ users(first: 10) { edges { node { username role } } } }';
const AUDIT = `query ($filter: AuditFilter) { auditLog(first: 20, filter: $filter) { edges { node {
  role userId apiKeyId operation operationName outcome argumentsJson resultJson requestId changes { entity entityId beforeJson afterJson } } } } }`;

describe('the user CLI', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('postgres');
  });
  afterAll(() => app?.close());

  it('creates the first ADMIN with the password from stdin, who can then log in; refuses a password in argv', async () => {
    const env = { DATABASE_URL: app.db.url! };
    const made = await runUserCli(['create', '--username', 'Admin.Utama', '--role', 'ADMIN', '--name', 'Admin Utama'], env, 'sandi-admin-panjang\n');
    expect(made.output).toContain('Created ADMIN admin.utama');
    expect(made.code).toBe(0);
    const login = await app.gql(LOGIN, { u: 'admin.utama', p: 'sandi-admin-panjang' });
    expect(login.data.login.token).toMatch(/^v1\./);

    const argv = await runUserCli(['create', '--username', 'x.y', '--role', 'ADMIN', '--password', 'sandi-admin-panjang'], env, '');
    expect(argv.code).toBe(1);
    expect(argv.output.trim()).toBe('pantau: never pass a password as an argument: use PANTAU_USER_PASSWORD or stdin');
    const short = await runUserCli(['create', '--username', 'pendek', '--role', 'OFFICIAL'], { ...env, PANTAU_USER_PASSWORD: 'pendek' }, '');
    expect(short.code).toBe(1);
    expect(short.output.trim()).toBe('pantau: password: must be at least 10 characters');
    expect(await app.db.prisma.user.count()).toBe(1);
  });
});

describe.each(ENGINES)('administration and audit on %s', (engine) => {
  let app: TestApp;
  let admin: Record<string, string>;
  let official: Record<string, string>;
  let adminId: number;
  beforeAll(async () => {
    app = await startTestApp(engine);
    const { createUser } = await import('./users.js');
    adminId = (await createUser(app.db.prisma, { username: 'admin', displayName: 'Admin', role: 'ADMIN', password: 'sandi-admin-panjang' })).id;
    await createUser(app.db.prisma, { username: 'pejabat', displayName: 'Pejabat', role: 'OFFICIAL', password: 'sandi-pejabat-panjang' });
    const token = async (u: string, p: string) => `Bearer ${(await app.gql(LOGIN, { u, p })).data.login.token}`;
    admin = { authorization: await token('admin', 'sandi-admin-panjang') };
    official = { authorization: await token('pejabat', 'sandi-pejabat-panjang') };
  });
  afterAll(() => app?.close());

  it('an ADMIN creates, lists and disables accounts; a disabled account is locked out at once', async () => {
    const created = await app.gql(
      CREATE,
      { input: { username: 'Verif.Satu', displayName: 'Verifikator Satu', role: 'VERIFIER', password: 'sandi-verif-panjang' } },
      admin,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data.createUser).toMatchObject({ username: 'verif.satu', role: 'VERIFIER', disabledAt: null });
    const verifier = { authorization: `Bearer ${(await app.gql(LOGIN, { u: 'verif.satu', p: 'sandi-verif-panjang' })).data.login.token}` };
    expect((await app.gql('{ viewer { role } }', {}, verifier)).data.viewer.role).toBe('VERIFIER');

    const users = await app.gql(USERS, {}, admin);
    expect(users.data.users.edges.map((e: { node: { username: string } }) => e.node.username)).toEqual(['admin', 'pejabat', 'verif.satu']);

    const disabled = await app.gql(DISABLE, { id: created.data.createUser.id }, admin);
    expect(disabled.data.disableUser.disabledAt).not.toBeNull();
    expect((await app.gql('{ viewer { role } }', {}, verifier)).errors?.[0]).toMatchObject({
      message: 'Account disabled',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect((await app.gql(LOGIN, { u: 'verif.satu', p: 'sandi-verif-panjang' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses account management to everyone but an ADMIN, and an ADMIN disabling themselves', async () => {
    const input = { username: 'penyusup', displayName: 'X', role: 'ADMIN', password: 'sandi-penyusup-panjang' };
    const key = (
      await createApiKey(app.db.prisma, { name: 'all scopes', scopes: ['scores:write', 'registrations:read', 'kpis:read', 'feedback:write', 'pii:read'] })
    ).key;
    for (const headers of [{}, official, { 'x-api-key': key }]) {
      expect((await app.gql(CREATE, { input }, headers)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await app.gql(USERS, {}, headers)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await app.gql(AUDIT, {}, headers)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await app.db.prisma.user.count({ where: { username: 'penyusup' } })).toBe(0);
    const self = await app.gql(DISABLE, { id: Buffer.from(`User:${adminId}`).toString('base64') }, admin);
    expect(self.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('audits every mutation: who, what, outcome, masked arguments, values before and after', async () => {
    const log = await app.gql(AUDIT, { filter: { operation: 'disableUser', outcome: 'OK' } }, admin);
    expect(log.errors).toBeUndefined();
    const [entry] = log.data.auditLog.edges.map((e: { node: unknown }) => e.node);
    expect(entry).toMatchObject({ role: 'ADMIN', userId: adminId, apiKeyId: null, operation: 'disableUser', operationName: 'Disable', outcome: 'OK' });
    expect(entry.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(entry.changes).toHaveLength(1);
    expect(JSON.parse(entry.changes[0].beforeJson)).toMatchObject({ username: 'verif.satu', displayName: 'V********** S***', disabledAt: null });
    expect(JSON.parse(entry.changes[0].afterJson).disabledAt).toEqual(expect.any(String));

    const created = (await app.gql(AUDIT, { filter: { operation: 'createUser', outcome: 'OK' } }, admin)).data.auditLog.edges[0].node;
    expect(JSON.parse(created.argumentsJson)).toEqual({
      input: { username: 'Verif.Satu', displayName: 'V********** S***', role: 'VERIFIER', password: '[REDACTED]' },
    });
    expect(created.changes[0].beforeJson).toBeNull();

    // Refused calls are recorded too, with the code the caller got; logins never keep the password or token.
    const refused = (await app.gql(AUDIT, { filter: { operation: 'createUser', outcome: 'FORBIDDEN' } }, admin)).data.auditLog.edges;
    expect(refused.map((e: { node: { role: string } }) => e.node.role).sort()).toEqual(['OFFICIAL', 'PARTNER', 'PUBLIC']);
    const logins = (await app.gql(AUDIT, { filter: { operation: 'login' } }, admin)).data.auditLog.edges.map((e: { node: unknown }) => e.node);
    expect(logins.length).toBeGreaterThan(2);
    for (const login of logins) {
      expect(JSON.parse(login.argumentsJson).password).toBe('[REDACTED]');
      if (login.resultJson) expect(JSON.parse(login.resultJson).token).toBe('[REDACTED]');
    }
    const failedLogin = logins.find((l: { outcome: string }) => l.outcome === 'UNAUTHENTICATED');
    expect(failedLogin).toMatchObject({ role: 'PUBLIC', userId: null });
  });

  it('offers no way to change the log, and the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    const mutations = (await app.gql('{ __schema { mutationType { fields { name } } } }', {}, admin)).data.__schema.mutationType.fields.map(
      (f: { name: string }) => f.name,
    );
    expect(mutations.filter((name: string) => /audit/i.test(name))).toEqual([]);
    const before = await app.db.prisma.auditEntry.count();
    expect(before).toBeGreaterThan(5);
    await expect(app.db.prisma.auditEntry.updateMany({ data: { outcome: 'OK' } })).rejects.toThrow(/append-only/);
    await expect(app.db.prisma.auditEntry.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(app.db.prisma.$executeRawUnsafe('TRUNCATE "AuditEntry"')).rejects.toThrow(/append-only/);
    expect(await app.db.prisma.auditEntry.count()).toBe(before);
  });
});
