/**
 * The public flows work in production (NODE_ENV=production: persisted operations only without
 * credentials) over real HTTP: the full applicant journey (register, confirm, log in, upload, apply, see
 * the status) and a resident's aspiration, every call a persisted operation of packages/schema.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { loadPersistedManifest } from '../src/transport/persisted.js';
import { startTestApp, type TestApp } from './app.js';
import { ENGINES } from './databases.js';
import { SITI } from './registration.js';

const manifest = loadPersistedManifest();
/** The persisted id of an operation, by its name in packages/schema/src/documents. */
function idOf(name: string): string {
  const found = [...manifest].find(([, text]) => new RegExp(`^(query|mutation|subscription) ${name}\\b`, 'm').test(text));
  if (!found) throw new Error(`${name} is not a persisted operation`);
  return found[0];
}

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 1)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 2)]);

describe.each(ENGINES)('public flows in production on %s', (engine) => {
  let app: TestApp;
  let formation: string;
  let token: string;
  const documentsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-flows-'));
  const storedFiles = () => fs.readdirSync(documentsDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;

  async function persisted(name: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
    const res = await fetch(`${app.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: idOf(name) } } }),
    });
    return (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  }

  async function upload(token: string, kind: string, bytes: Buffer) {
    const form = new FormData();
    form.set(
      'operations',
      JSON.stringify({ variables: { kind, file: null }, extensions: { persistedQuery: { version: 1, sha256Hash: idOf('UploadDocument') } } }),
    );
    form.set('map', JSON.stringify({ 0: ['variables.file'] }));
    form.set('0', new Blob([new Uint8Array(bytes)]), `${kind.toLowerCase()} 1671144101990001.bin`);
    const res = await fetch(`${app.server.url}/graphql`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${token}`, 'x-graphql-yoga-csrf': 'pantau' },
    });
    return (await res.json()) as { data?: any; errors?: Array<{ message: string }> };
  }

  beforeAll(async () => {
    app = await startTestApp(engine, { production: true, documentsDir, rateLimits: { upload: { limit: 8, windowMs: 60_000 } } });
    const p = app.db.prisma;
    await p.selectionYear.update({
      where: { year: 2024 },
      data: { registrationOpensAt: new Date(Date.now() - 86_400_000), registrationClosesAt: new Date(Date.now() + 86_400_000) },
    });
    formation = encodeGlobalID('Formation', (await p.formation.findUniqueOrThrow({ where: { code: '2024-PEMKOT-PALEMBANG-001' } })).id);
  });
  afterAll(() => app?.close());

  it('without credentials only persisted operations run', async () => {
    const res = await app.gql('mutation { login(username: "a", password: "b") { token } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
  });

  it('an applicant registers, confirms, logs in, uploads, applies and sees the status, all through persisted operations', async () => {
    const input = SITI;
    const registered = await persisted('RegisterApplicant', { input });
    expect(registered.errors).toBeUndefined();
    const code = /(\d{6})/.exec((await app.db.prisma.notification.findFirstOrThrow({ where: { email: input.email } })).body)![1];
    expect((await persisted('ConfirmApplicant', { email: input.email, code })).errors).toBeUndefined();
    const login = await persisted('LoginApplicant', { email: input.email, password: input.password });
    expect(login.errors).toBeUndefined();
    token = login.data.loginApplicant.token as string;
    const auth = { authorization: `Bearer ${token}` };
    expect((await persisted('Viewer', {}, auth)).data.viewer.role).toBe('APPLICANT');
    for (const [kind, bytes] of [
      ['KTP', JPEG],
      ['PAS_FOTO', PNG],
      ['IJAZAH', PDF],
      ['TRANSKRIP', PDF],
      ['SURAT_LAMARAN', PDF],
    ] as const) {
      const res = await upload(token, kind, bytes);
      expect(res.errors, kind).toBeUndefined();
    }
    const applied = await persisted('ApplyToFormation', { formationId: formation }, auth);
    expect(applied.errors).toBeUndefined();
    expect(applied.data.applyToFormation.status).toBe('SUBMITTED');
    const me = await persisted('Me', {}, auth);
    expect(me.errors).toBeUndefined();
    expect(me.data.me.applications).toEqual([
      expect.objectContaining({
        status: 'SUBMITTED',
        participantNumber: applied.data.applyToFormation.participantNumber,
        formation: expect.objectContaining({ code: '2024-PEMKOT-PALEMBANG-001' }),
      }),
    ]);
    expect(me.data.me.documents).toHaveLength(5);
    // The file names (which held a NIK) are not in the audit.
    expect(JSON.stringify(await app.db.prisma.auditEntry.findMany({ where: { operation: 'uploadDocument' } }))).not.toContain('1671144101990001');
  });

  it('replaced uploads are deleted once nothing refers to them, and uploads have a quota per applicant', async () => {
    // Five documents, three distinct contents (the three PDFs are one file: stored by content).
    expect(storedFiles()).toBe(3);
    const codes = [];
    for (let i = 0; i < 5; i++) {
      const res = await upload(token, 'KTP', Buffer.concat([JPEG, Buffer.from([i])]));
      codes.push((res.errors?.[0] as { extensions?: { code?: string } } | undefined)?.extensions?.code ?? 'OK');
    }
    // 5 uploads in the journey + 3 replacements = the quota of 8.
    expect(codes).toEqual(['OK', 'OK', 'OK', 'RATE_LIMITED', 'RATE_LIMITED']);
    await new Promise((r) => setTimeout(r, 100)); // deletion runs after the commit
    expect(storedFiles()).toBe(3);
    const ktp = await app.db.prisma.applicantDocument.findFirstOrThrow({ where: { kind: 'KTP' } });
    expect(fs.existsSync(path.join(documentsDir, ktp.sha256.slice(0, 2), ktp.sha256))).toBe(true);
  });

  it('a resident sends an aspiration through a persisted operation', async () => {
    const device = await persisted('IssueDeviceToken', {});
    expect(device.errors).toBeUndefined();
    const res = await persisted('SendAspiration', {
      input: { regionCode: '16.71', category: 'KESEHATAN', text: 'Puskesmas kami butuh dokter gigi tetap' },
      deviceToken: device.data.issueDeviceToken.token,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.submitServiceAspiration.category).toBe('KESEHATAN');
  });
});
