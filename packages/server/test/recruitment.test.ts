/**
 * Recruitment end to end over GraphQL, on both engines: registration with NIK checks, applying
 * inside the window, documents by content, verification, announcement, sanggah and
 * re-announcement, with every refusal typed, named and writing nothing.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createClient } from 'graphql-ws';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createUser } from '../src/access/users.js';
import { ENGINES } from './databases.js';
import { startTestApp, type TestApp } from './app.js';
import { CONFIRM, mailedCode, REGISTER, registerConfirmed, SITI } from './registration.js';

const APPLY = 'mutation ($f: ID!) { applyToFormation(formationId: $f) { id participantNumber status formation { code } } }';
const LOGIN = 'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }';
const VERIFY =
  'mutation ($a: ID!, $r: AdminResult!, $why: TmsReason) { verifyApplication(applicationId: $a, result: $r, reason: $why) { status adminResult tmsReason } }';
const PUBLISH =
  'mutation ($f: ID!, $s: AnnouncementStage!) { publishAnnouncement(formationId: $f, stage: $s) { id version replaces { version } entryCount entries(first: 50) { edges { node { participantNumber name resultCode } } } } }';
const APPEAL = 'mutation ($a: ID!, $why: String!) { fileAppeal(applicationId: $a, reason: $why) { status appeal { reason } } }';
const DECIDE = 'mutation ($a: ID!, $d: AppealDecision!, $r: String!) { decideAppeal(applicationId: $a, decision: $d, response: $r) { status adminResult } }';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 1)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 2)]);

describe.each(ENGINES)('recruitment on %s', (engine) => {
  let app: TestApp;
  let documentsDir: string;
  let siti: { token: string; applicantId: string };
  let sitiApplication: string;
  let verifier: Record<string, string>;
  let official: Record<string, string>;
  let guruKelas: { id: number; gid: string };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  async function rows() {
    const p = app.db.prisma;
    return {
      applicants: await p.applicant.count(),
      applications: await p.application.count(),
      documents: await p.applicantDocument.count(),
      appeals: await p.appeal.count(),
      announcements: await p.announcement.count(),
    };
  }

  /** Sends one GraphQL multipart request (the upload spec) with a file in variables.file. */
  async function upload(token: string, kind: string, bytes: Buffer, name: string) {
    const form = new FormData();
    form.set(
      'operations',
      JSON.stringify({
        query: 'mutation ($k: DocumentKind!, $file: File!) { uploadDocument(kind: $k, file: $file) { kind mediaType size sha256 } }',
        variables: { k: kind, file: null },
      }),
    );
    form.set('map', JSON.stringify({ 0: ['variables.file'] }));
    form.set('0', new Blob([new Uint8Array(bytes)]), name);
    const res = await fetch(`${app.server.url}/graphql`, { method: 'POST', body: form, headers: { ...bearer(token), 'x-graphql-yoga-csrf': 'pantau-test' } });
    return (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions: Record<string, unknown> }> };
  }

  /** The five standard documents every application carries. */
  async function uploadStandardDocuments(token: string) {
    for (const [kind, bytes] of [
      ['KTP', JPEG],
      ['PAS_FOTO', PNG],
      ['IJAZAH', PDF],
      ['TRANSKRIP', PDF],
      ['SURAT_LAMARAN', PDF],
    ] as const) {
      const res = await upload(token, kind, bytes, `${kind.toLowerCase()}.bin`);
      expect(res.errors).toBeUndefined();
    }
  }

  beforeAll(async () => {
    documentsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-docs-'));
    app = await startTestApp(engine, { documentsDir });
    const p = app.db.prisma;
    // The 2024 window is long past; open it around now so applying is possible.
    await p.selectionYear.update({
      where: { year: 2024 },
      data: { registrationOpensAt: new Date(Date.now() - 86_400_000), registrationClosesAt: new Date(Date.now() + 86_400_000) },
    });
    const f = await p.formation.findUniqueOrThrow({ where: { code: '2024-PEMKOT-PALEMBANG-001' } });
    guruKelas = { id: f.id, gid: encodeGlobalID('Formation', f.id) };
    await createUser(p, { username: 'verifikator', displayName: 'Verifikator', role: 'VERIFIER', password: 'sandi-verifikator' });
    await createUser(p, { username: 'pejabat', displayName: 'Pejabat', role: 'OFFICIAL', password: 'sandi-pejabat-1' });
    verifier = bearer((await app.gql(LOGIN, { u: 'verifikator', p: 'sandi-verifikator' })).data.login.token);
    official = bearer((await app.gql(LOGIN, { u: 'pejabat', p: 'sandi-pejabat-1' })).data.login.token);
  });
  afterAll(() => app?.close());

  it('registers an applicant whose NIK agrees with the form; the account works once the mailed code confirms it', async () => {
    const res = await app.gql(REGISTER, { input: SITI });
    expect(res.errors).toBeUndefined();
    expect(res.data.registerApplicant).toEqual({ confirmationSentTo: SITI.email });
    const early = await app.gql('mutation ($e: String!, $p: String!) { loginApplicant(email: $e, password: $p) { role } }', {
      e: SITI.email,
      p: SITI.password,
    });
    expect(early.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await app.gql(CONFIRM, { e: SITI.email, c: '000000' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const confirmed = await app.gql(CONFIRM, { e: SITI.email, c: await mailedCode(app.db.prisma, SITI.email) });
    expect(confirmed.data.confirmApplicant.role).toBe('APPLICANT');
    const applicant = await app.db.prisma.applicant.findUniqueOrThrow({ where: { email: SITI.email } });
    siti = { token: confirmed.data.confirmApplicant.token, applicantId: encodeGlobalID('Applicant', applicant.id) };
    const me = await app.gql('{ me { id nik fullName maskedName email phone applications { id } } }', {}, bearer(siti.token));
    expect(me.data.me).toEqual({
      id: siti.applicantId,
      nik: SITI.nik,
      fullName: SITI.fullName,
      maskedName: 'S*** A***** L******',
      email: SITI.email,
      phone: SITI.phone,
      applications: [],
    });
    expect((await app.gql('{ me { nik } }')).errors?.[0]?.message).toMatch(/Not authorized/);
    // The applicant logs in again later with the email and password.
    const login = await app.gql('mutation { loginApplicant(email: "SITI.AMINAH@contoh.test", password: "kata-sandi-rahasia") { role } }');
    expect(login.data.loginApplicant.role).toBe('APPLICANT');
  });

  it.each([
    ['nik', { nik: '16711441019900' }, 'NIK must be exactly 16 digits'],
    ['nik', { nik: '16711441019900a1' }, 'NIK must be exactly 16 digits'],
    ['nik', { nik: '9971144101990002' }, '99 is not a province code'],
    ['nik', { nik: '1671143102990002' }, 'NIK birth date 310299 is not a date'],
    ['birthDate', { nik: '1671144101990002', birthDate: '1999-01-02' }, 'does not match the NIK, which says 1999-01-01'],
    ['gender', { nik: '1671140101990002', email: 'x1@contoh.test' }, 'does not match the NIK, which encodes MALE'],
    ['phone', { nik: '1671144101990002', email: 'x2@contoh.test', phone: '12345' }, 'must be an Indonesian mobile number'],
    ['gpa', { nik: '1671144101990002', email: 'x3@contoh.test', gpa: 4.5 }, 'an IPK is 0.00-4.00'],
    ['password', { nik: '1671144101990002', email: 'x4@contoh.test', password: 'pendek' }, 'must be at least 10 characters'],
    ['originRegionCode', { nik: '1671144101990002', email: 'x5@contoh.test', originRegionCode: '99.99' }, 'unknown region'],
  ])('refuses a registration with a bad %s and writes nothing', async (field, change, message) => {
    const before = await rows();
    const res = await app.gql(REGISTER, { input: { ...SITI, ...change } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.errors?.[0]?.message).toContain(message);
    expect(await rows()).toEqual(before);
  });

  it('answers a registration with a NIK or email already registered exactly as a new one, and tells the owner', async () => {
    const before = await rows();
    const notices = await app.db.prisma.notification.count({ where: { email: SITI.email, kind: 'REGISTRATION_ATTEMPT' } });
    for (const change of [{ email: 'lain@contoh.test' }, { nik: '1671144101990002' }]) {
      const res = await app.gql(REGISTER, { input: { ...SITI, ...change } });
      expect(res.errors).toBeUndefined();
      expect(res.data.registerApplicant).toEqual({ confirmationSentTo: change.email ?? SITI.email });
    }
    expect(await rows()).toEqual(before);
    expect(await app.db.prisma.notification.count({ where: { email: SITI.email, kind: 'REGISTRATION_ATTEMPT' } })).toBe(notices + 2);
    expect(await app.db.prisma.notification.count({ where: { email: 'lain@contoh.test' } })).toBe(0);
  });

  it('refuses applications the formation does not allow, writing nothing', async () => {
    const before = await rows();
    const byCode = async (code: string) => encodeGlobalID('Formation', (await app.db.prisma.formation.findUniqueOrThrow({ where: { code } })).id);
    const cumlaude = await app.gql(APPLY, { f: await byCode('2024-PEMKOT-PALEMBANG-002') }, bearer(siti.token));
    expect(cumlaude.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'formationId' } });
    expect(cumlaude.errors?.[0]?.message).toContain('CUMLAUDE formations need a GPA of at least 3.5');
    const disabilitas = await app.gql(APPLY, { f: await byCode('2024-PEMKOT-PALEMBANG-008') }, bearer(siti.token));
    expect(disabilitas.errors?.[0]?.message).toContain('the formation asks for SMA, the applicant has S1');
    expect(disabilitas.errors?.[0]?.message).toContain('DISABILITAS formations are for applicants with a disability');
    const publicTry = await app.gql(APPLY, { f: guruKelas.gid });
    expect(publicTry.errors?.[0]?.message).toMatch(/Not authorized/);
    expect(await rows()).toEqual(before);
  });

  it('refuses applying outside the registration window', async () => {
    const p = app.db.prisma;
    const year = await p.selectionYear.findUniqueOrThrow({ where: { year: 2024 } });
    await p.selectionYear.update({ where: { id: year.id }, data: { registrationClosesAt: new Date(Date.now() - 60_000) } });
    const res = await app.gql(APPLY, { f: guruKelas.gid }, bearer(siti.token));
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'formationId' } });
    expect(res.errors?.[0]?.message).toContain('registration for 2024 is open from');
    await p.selectionYear.update({ where: { id: year.id }, data: { registrationClosesAt: year.registrationClosesAt } });
  });

  it('checks documents by content and size, stores them by hash, and serves them to the owner and staff only', async () => {
    const before = await rows();
    const pngAsDiploma = await upload(siti.token, 'IJAZAH', PNG, 'ijazah.pdf');
    expect(pngAsDiploma.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'file' } });
    expect(pngAsDiploma.errors?.[0]?.message).toContain('IJAZAH must be application/pdf; the content is image/png');
    const tooBig = await upload(siti.token, 'KTP', Buffer.concat([JPEG, Buffer.alloc(210 * 1024)]), 'ktp.jpg');
    expect(tooBig.errors?.[0]?.message).toContain('KTP may be at most 200 KB');
    expect(await rows()).toEqual(before);

    const ok = await upload(siti.token, 'IJAZAH', PDF, 'ijazah-siti.pdf');
    expect(ok.errors).toBeUndefined();
    expect(ok.data.uploadDocument).toMatchObject({ kind: 'IJAZAH', mediaType: 'application/pdf', size: PDF.length });
    const sha = ok.data.uploadDocument.sha256 as string;
    expect(fs.readFileSync(path.join(documentsDir, sha.slice(0, 2), sha)).equals(PDF)).toBe(true);
    // A JPEG KTP named .pdf is still a JPEG: accepted for KTP by its content.
    expect((await upload(siti.token, 'KTP', JPEG, 'ktp.pdf')).data.uploadDocument.mediaType).toBe('image/jpeg');

    const get = (headers: Record<string, string> = {}) => fetch(`${app.server.url}/documents/${sha}`, { headers });
    const own = await get(bearer(siti.token));
    expect(own.status).toBe(200);
    expect(Buffer.from(await own.arrayBuffer()).equals(PDF)).toBe(true);
    expect((await get(verifier)).status).toBe(200);
    expect((await get()).status).toBe(404);
    const other = await registerConfirmed(app.gql, app.db.prisma, {
      ...SITI,
      nik: '1671140202980003',
      gender: 'MALE',
      birthDate: '1998-02-02',
      email: 'budi@contoh.test',
      fullName: 'Budi Santoso',
    });
    expect((await get(bearer(other.token))).status).toBe(404);
  });

  it('applies once per year, with the documents, and gives a participant number', async () => {
    const before = await rows();
    const missing = await app.gql(APPLY, { f: guruKelas.gid }, bearer(siti.token));
    expect(missing.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'documents' } });
    expect(missing.errors?.[0]?.message).toBe('documents: upload TRANSKRIP, PAS_FOTO, SURAT_LAMARAN before applying');
    expect(await rows()).toEqual(before);
    await uploadStandardDocuments(siti.token);
    const res = await app.gql(APPLY, { f: guruKelas.gid }, bearer(siti.token));
    expect(res.errors).toBeUndefined();
    expect(res.data.applyToFormation).toMatchObject({ status: 'SUBMITTED', formation: { code: '2024-PEMKOT-PALEMBANG-001' } });
    expect(res.data.applyToFormation.participantNumber).toMatch(/^241671(5\d{7})$/);
    sitiApplication = res.data.applyToFormation.id;
    const docs = await app.db.prisma.applicantDocument.findMany({ where: { applicant: { nik: SITI.nik } } });
    expect(docs.every((d) => d.applicationId !== null)).toBe(true);

    const once = await rows();
    const again = await app.gql(APPLY, { f: guruKelas.gid }, bearer(siti.token));
    expect(again.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'formationId' } });
    expect(again.errors?.[0]?.message).toContain('one application per year');
    expect(await rows()).toEqual(once);
  });

  it('an applicant sees only their own application', async () => {
    const other = await app.gql('mutation { loginApplicant(email: "budi@contoh.test", password: "kata-sandi-rahasia") { token } }');
    const peek = await app.gql(
      'query ($id: ID!) { node(id: $id) { ... on Application { participantNumber } } }',
      { id: sitiApplication },
      bearer(other.data.loginApplicant.token),
    );
    // Another's application answers exactly like one that does not exist: null, no error to tell them apart.
    expect(peek).toEqual({ data: { node: null } });
    const missing = await app.gql(
      'query ($id: ID!) { node(id: $id) { ... on Application { participantNumber } } }',
      { id: encodeGlobalID('Application', 987654) },
      bearer(other.data.loginApplicant.token),
    );
    expect(missing).toEqual(peek);
    const own = await app.gql('query ($id: ID!) { node(id: $id) { ... on Application { status } } }', { id: sitiApplication }, bearer(siti.token));
    expect(own.data.node).toEqual({ status: 'SUBMITTED' });
  });

  it('verifies, announces with masked entries, takes one sanggah inside the window, and re-announces', async () => {
    const p = app.db.prisma;
    // Registration closes.
    await p.selectionYear.update({ where: { year: 2024 }, data: { registrationClosesAt: new Date(Date.now() - 1000) } });
    const queue = await app.gql(
      'query ($f: ID!) { verificationQueue(formationId: $f, first: 10) { totalCount edges { node { id participantNumber applicant { nik } } } } }',
      { f: guruKelas.gid },
      verifier,
    );
    expect(queue.data.verificationQueue.totalCount).toBe(1);
    expect(queue.data.verificationQueue.edges[0].node).toMatchObject({ id: sitiApplication, applicant: { nik: SITI.nik } });

    const early = await app.gql(PUBLISH, { f: guruKelas.gid, s: 'ADMINISTRASI' }, official);
    expect(early.errors?.[0]?.message).toContain('1 applications still await verification');
    const noReason = await app.gql(VERIFY, { a: sitiApplication, r: 'TMS' }, verifier);
    expect(noReason.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'reason' } });
    expect((await app.gql(VERIFY, { a: sitiApplication, r: 'MS' }, official)).errors?.[0]?.message).toMatch(/Not authorized/);
    const tms = await app.gql(VERIFY, { a: sitiApplication, r: 'TMS', why: 'DOKUMEN_TIDAK_LENGKAP' }, verifier);
    expect(tms.data.verifyApplication).toEqual({ status: 'VERIFIED', adminResult: 'TMS', tmsReason: 'DOKUMEN_TIDAK_LENGKAP' });
    // The audit log keeps who moved the application and from where to where.
    const audit = await p.auditEntry.findFirstOrThrow({ where: { operation: 'verifyApplication', outcome: 'OK' }, orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ role: 'VERIFIER', changes: [{ entity: 'Application', before: { status: 'SUBMITTED' }, after: { status: 'VERIFIED' } }] });

    const before = await rows();
    expect((await app.gql(APPEAL, { a: sitiApplication, why: 'Dokumen saya sudah lengkap semua.' }, bearer(siti.token))).errors?.[0]?.message).toContain(
      'cannot go from VERIFIED to APPEALED',
    );
    expect(await rows()).toEqual(before);

    const published = await app.gql(PUBLISH, { f: guruKelas.gid, s: 'ADMINISTRASI' }, official);
    expect(published.errors).toBeUndefined();
    expect(published.data.publishAnnouncement).toMatchObject({ version: 1, replaces: null });
    const publicView = await app.gql(
      'query ($f: ID!) { announcements(formationId: $f, first: 1) { edges { node { entries(first: 100) { edges { node { participantNumber name resultCode } } } } } } }',
      { f: guruKelas.gid },
    );
    expect(publicView.errors).toBeUndefined();
    const entries = publicView.data.announcements.edges[0].node.entries.edges.map((e: any) => e.node);
    const mine = entries.find((e: any) => e.name === 'S*** A***** L******');
    expect(mine).toMatchObject({ resultCode: 'TMS' });
    expect(mine.participantNumber).toMatch(/^\*{4}\d{4}$/);
    expect(JSON.stringify(publicView)).not.toContain(SITI.fullName);

    const appeal = await app.gql(APPEAL, { a: sitiApplication, why: 'Ijazah dan KTP sudah saya unggah lengkap.' }, bearer(siti.token));
    expect(appeal.data.fileAppeal).toEqual({ status: 'APPEALED', appeal: { reason: 'Ijazah dan KTP sudah saya unggah lengkap.' } });
    const second = await app.gql(APPEAL, { a: sitiApplication, why: 'Sekali lagi: dokumen lengkap.' }, bearer(siti.token));
    expect(second.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'applicationId' } });
    expect(second.errors?.[0]?.message).toContain('only one is allowed');

    const reannounceEarly = await app.gql(PUBLISH, { f: guruKelas.gid, s: 'ADMINISTRASI' }, official);
    expect(reannounceEarly.errors?.[0]?.message).toContain('1 appeals await a decision');
    const decided = await app.gql(DECIDE, { a: sitiApplication, d: 'ACCEPTED', r: 'Dokumen lengkap setelah diperiksa ulang.' }, official);
    expect(decided.data.decideAppeal).toEqual({ status: 'APPEAL_ACCEPTED', adminResult: 'MS' });
    const stillOpen = await app.gql(PUBLISH, { f: guruKelas.gid, s: 'ADMINISTRASI' }, official);
    expect(stillOpen.errors?.[0]?.message).toContain('the sanggah window is open until');

    // Three days pass.
    await p.application.updateMany({ where: { formationId: guruKelas.id }, data: { announcedAt: new Date(Date.now() - 3 * 86_400_000 - 1000) } });
    const again = await app.gql(PUBLISH, { f: guruKelas.gid, s: 'ADMINISTRASI' }, official);
    expect(again.errors).toBeUndefined();
    expect(again.data.publishAnnouncement).toMatchObject({ version: 2, replaces: { version: 1 } });
    const current = await app.gql('query ($f: ID!) { announcements(formationId: $f, first: 5) { totalCount edges { node { version } } } }', {
      f: guruKelas.gid,
    });
    expect(current.data.announcements).toEqual({ totalCount: 1, edges: [{ node: { version: 2 } }] });
    const all = await app.gql(
      'query ($f: ID!) { announcements(formationId: $f, includeReplaced: true, first: 5) { edges { node { version replacedBy { version } } } } }',
      { f: guruKelas.gid },
    );
    expect(all.data.announcements.edges.map((e: any) => e.node)).toEqual([
      { version: 2, replacedBy: null },
      { version: 1, replacedBy: { version: 2 } },
    ]);
    const status = await app.gql(
      'query ($id: ID!) { node(id: $id) { ... on Application { status adminResult reannouncedAt } } }',
      { id: sitiApplication },
      bearer(siti.token),
    );
    expect(status.data.node).toMatchObject({ status: 'REANNOUNCED', adminResult: 'MS' });
  });

  it('refuses a sanggah after the window closes', async () => {
    const p = app.db.prisma;
    const budi = await p.applicant.findUniqueOrThrow({ where: { email: 'budi@contoh.test' } });
    const formation = await p.formation.findUniqueOrThrow({ where: { code: '2024-PEMKOT-PALEMBANG-001' } });
    const late = await p.application.create({
      data: {
        participantNumber: '24167199999999',
        applicantId: budi.id,
        formationId: formation.id,
        selectionYearId: formation.selectionYearId,
        status: 'ANNOUNCED',
        adminResult: 'TMS',
        tmsReason: 'DATA_TIDAK_SESUAI',
        announcedAt: new Date(Date.now() - 3 * 86_400_000 - 60_000),
      },
    });
    const token = (await app.gql('mutation { loginApplicant(email: "budi@contoh.test", password: "kata-sandi-rahasia") { token } }')).data.loginApplicant.token;
    const before = await rows();
    const res = await app.gql(APPEAL, { a: encodeGlobalID('Application', late.id), why: 'Data saya sudah benar, mohon dicek.' }, bearer(token));
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'applicationId' } });
    expect(res.errors?.[0]?.message).toContain('the sanggah window closed at');
    expect(await rows()).toEqual(before);
  });

  it('pushes announcements to the region’s public subscribers and status changes to their applicant alone', async () => {
    const p = app.db.prisma;
    const ws = (params?: Record<string, unknown>) =>
      createClient({ url: `${app.server.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: params });
    /** Collects every event of one subscription. */
    const collect = (client: ReturnType<typeof ws>, query: string) => {
      const seen: any[] = [];
      const stop = client.subscribe(
        { query },
        { next: (m) => seen.push(m.errors ?? m.data), error: (e) => seen.push({ error: String(e) }), complete: () => {} },
      );
      return { seen, stop };
    };
    const until = async (check: () => boolean, ms = 5000) => {
      const end = Date.now() + ms;
      while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
    };
    await p.selectionYear.update({ where: { year: 2024 }, data: { registrationClosesAt: new Date(Date.now() + 86_400_000) } });
    const rinaToken = (
      await registerConfirmed(app.gql, app.db.prisma, {
        ...SITI,
        nik: '1671145505000004',
        birthDate: '2000-05-15',
        email: 'rina@contoh.test',
        fullName: 'Rina Wulandari',
      })
    ).token;
    const budiToken = (await app.gql('mutation { loginApplicant(email: "budi@contoh.test", password: "kata-sandi-rahasia") { token } }')).data.loginApplicant
      .token as string;
    const clients = [ws(), ws({ authorization: `Bearer ${rinaToken}` }), ws({ authorization: `Bearer ${budiToken}` })] as const;
    const [publicClient, rinaClient, budiClient] = clients;
    const sumsel = collect(publicClient, 'subscription { announcementPublished(regionCode: "16") { version stage formation { code } } }');
    const jateng = collect(publicClient, 'subscription { announcementPublished(regionCode: "33") { version } }');
    const rinaStatus = collect(rinaClient, 'subscription { applicationStatusChanged { status } }');
    const budiStatus = collect(budiClient, 'subscription { applicationStatusChanged { status } }');
    try {
      await uploadStandardDocuments(rinaToken);
      await new Promise((r) => setTimeout(r, 300));
      const applied = await app.gql(APPLY, { f: guruKelas.gid }, bearer(rinaToken));
      await app.gql(VERIFY, { a: applied.data.applyToFormation.id, r: 'MS' }, verifier);
      await p.selectionYear.update({ where: { year: 2024 }, data: { registrationClosesAt: new Date(Date.now() - 1000) } });
      const published = await app.gql(PUBLISH, { f: guruKelas.gid, s: 'ADMINISTRASI' }, official);
      expect(published.errors).toBeUndefined();
      await until(() => rinaStatus.seen.length >= 3 && sumsel.seen.length >= 1);
      expect(rinaStatus.seen).toEqual(['SUBMITTED', 'VERIFIED', 'ANNOUNCED'].map((status) => ({ applicationStatusChanged: { status } })));
      expect(sumsel.seen).toEqual([{ announcementPublished: { version: 3, stage: 'ADMINISTRASI', formation: { code: '2024-PEMKOT-PALEMBANG-001' } } }]);
      await new Promise((r) => setTimeout(r, 300));
      expect(budiStatus.seen).toEqual([]);
      expect(jateng.seen).toEqual([]);
    } finally {
      for (const s of [sumsel, jateng, rinaStatus, budiStatus]) s.stop();
      await Promise.all(clients.map((c) => c.dispose()));
    }
  });
});
