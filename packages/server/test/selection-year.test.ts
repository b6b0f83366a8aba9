/**
 * The proof of issue #17: a 2026 selection from nothing, through the GraphQL API alone. The
 * database holds only the national regions (idn-area-data); the first ADMIN comes from the setup
 * code, every other account and key is made over the API, and each role acts with its own login
 * or key. Two regional governments: Kota Pontianak (61.71, WIB) and Kota Samarinda (64.72, WITA).
 * No seed step; the database is read only to check what the API did. At the end (on PGlite), the
 * built dashboard in Chromium shows both regions and a formation as the API answered them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSetupCode } from '../src/access/setup-code.js';
import { formatCalendarDate } from '../src/domain/calendar.js';
import { loadRegions } from '../src/db/region-dataset.js';
import { dashboardDist, repoRoot } from '../src/paths.js';
import { bearer, ScenarioApi } from '../src/seed/scenario.js';
import { startInstance, type TestInstance } from './app.js';
import { ENGINES, freshDatabase, type TestDatabase } from './databases.js';

/** What every application carried in 2024: the rule set's documents for every type by default. */
const STANDARD_FIVE = ['KTP', 'IJAZAH', 'TRANSKRIP', 'PAS_FOTO', 'SURAT_LAMARAN'];

const DAY = 86_400_000;
/** A calendar day relative to today (UTC). */
const day = (offset: number) => formatCalendarDate(new Date(Date.now() + offset * DAY));

/**
 * The phases' days: registration open around today (`shift` days later for a next year), every
 * later phase after the one before.
 */
const schedule = (shift = 0) => [
  { phase: 'REGISTRATION', startsOn: day(shift - 2), endsOn: day(shift + 2) },
  { phase: 'VERIFICATION', startsOn: day(shift + 3), endsOn: day(shift + 5) },
  { phase: 'APPEAL', startsOn: day(shift + 6), endsOn: day(shift + 9) },
  { phase: 'SKD', startsOn: day(shift + 10), endsOn: day(shift + 14) },
  { phase: 'SKB', startsOn: day(shift + 15), endsOn: day(shift + 18) },
  { phase: 'FINAL', startsOn: day(shift + 19), endsOn: day(shift + 22) },
  { phase: 'APPOINTMENT', startsOn: day(shift + 23), endsOn: day(shift + 60) },
];
const SCHEDULE = schedule();

/** Applicants: NIK (district, DDMMYY with +40 for women, serial), birth date, origin. */
const PEOPLE = {
  // The issue's own example: a woman born 5 May 2001 in Kota Jambi (WIB), applying in Samarinda (WITA).
  siti: { nik: '1571024505010002', fullName: 'Siti Rahmawati', birthDate: '2001-05-05', gender: 'FEMALE', originRegionCode: '15.71' },
  budi: { nik: '6472011503980001', fullName: 'Budi Santoso', birthDate: '1998-03-15', gender: 'MALE', originRegionCode: '64.72' },
  rina: { nik: '9171016007990001', fullName: 'Rina Wamafma', birthDate: '1999-07-20', gender: 'FEMALE', originRegionCode: '91.71' },
  andi: { nik: '6171011002000001', fullName: 'Andi Pratama', birthDate: '2000-02-10', gender: 'MALE', originRegionCode: '61.71' },
  maya: { nik: '6472014311970002', fullName: 'Maya Lestari', birthDate: '1997-11-03', gender: 'FEMALE', originRegionCode: '64.72' },
  joko: { nik: '3374010606960001', fullName: 'Joko Widodo Saputra', birthDate: '1996-06-06', gender: 'MALE', originRegionCode: '33.74' },
} as const;
type Person = keyof typeof PEOPLE;

describe.each(ENGINES)('a selection year from nothing on %s', (engine) => {
  let db: TestDatabase;
  let app: TestInstance;
  /** The scenario's steps (seed/scenario.ts): the same ones `pnpm db:seed --scale` runs. */
  let api: ScenarioApi;
  let setupCode: string;
  let admin: Record<string, string>;
  let official: Record<string, string>;
  let verifier: Record<string, string>;
  let catCentre: Record<string, string>;
  const ids: Record<string, string> = {};
  const tokens: Partial<Record<Person, string>> = {};
  const applications: Partial<Record<Person, { id: string; participantNumber: string }>> = {};
  /** How far the server's clock runs ahead of the wall clock: the scenario lets the sanggah window pass. */
  let clockAhead = 0;

  /** One operation that must succeed; returns its data. */
  const ok = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => api.ok(query, variables, headers);

  beforeAll(async () => {
    db = await freshDatabase(engine);
    await loadRegions(db.prisma);
    // What main.ts prints on a first start with no ADMIN.
    setupCode = (await issueSetupCode(db.prisma))!.code;
    app = await startInstance(db, { clock: () => new Date(Date.now() + clockAhead) });
    api = new ScenarioApi(app.gql, app.server.url, db.prisma);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('starts from the national regions alone: no agency, unit, year or account', async () => {
    expect(await db.prisma.agency.count()).toBe(0);
    expect(await db.prisma.selectionYear.count()).toBe(0);
    expect(await db.prisma.user.count()).toBe(0);
    const found = await ok(
      '{ samarinda: regions(search: "samarinda", kind: KOTA) { code name kind timeZone } jayapura: region(code: "91.71") { name timeZone } pontianak: regions(search: "61.71", first: 1) { name timeZone } }',
    );
    expect(found.samarinda).toEqual([{ code: '64.72', name: 'Kota Samarinda', kind: 'KOTA', timeZone: 'WITA' }]);
    expect(found.jayapura).toEqual({ name: 'Kota Jayapura', timeZone: 'WIT' });
    expect(found.pontianak).toEqual([{ name: 'Kota Pontianak', timeZone: 'WIB' }]);
    const ready = (await (await fetch(`${app.server.url}/ready`)).json()) as { regions: unknown };
    expect(ready.regions).toMatchObject({ dataset: 'idn-area-data', version: '4.0.1' });
  });

  it('creates the first ADMIN with the setup code, once; the ADMIN makes the other accounts and the CAT centre key', async () => {
    const CREATE_FIRST =
      'mutation ($c: String!) { createFirstAdmin(setupCode: $c, username: "admin.bkn", displayName: "Admin BKN", password: "sandi-admin-bkn-2026") { username } }';
    const wrong = await app.gql(CREATE_FIRST, { c: 'NOT-THE-CODE' });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'SETUP_CODE_INVALID', field: 'setupCode' });
    expect((await ok(CREATE_FIRST, { c: setupCode })).createFirstAdmin).toEqual({ username: 'admin.bkn' });
    expect((await app.gql(CREATE_FIRST, { c: setupCode })).errors?.[0]?.extensions).toMatchObject({ code: 'SETUP_CODE_INVALID' });
    const LOGIN = 'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }';
    admin = bearer((await ok(LOGIN, { u: 'admin.bkn', p: 'sandi-admin-bkn-2026' })).login.token);
    const CREATE_USER = 'mutation ($i: CreateUserInput!) { createUser(input: $i) { username role } }';
    await ok(CREATE_USER, { i: { username: 'bkd.samarinda', displayName: 'Pejabat BKD Samarinda', role: 'OFFICIAL', password: 'sandi-pejabat-2026' } }, admin);
    await ok(
      CREATE_USER,
      { i: { username: 'verifikator', displayName: 'Verifikator Panselnas', role: 'VERIFIER', password: 'sandi-verifikator-2026' } },
      admin,
    );
    official = bearer((await ok(LOGIN, { u: 'bkd.samarinda', p: 'sandi-pejabat-2026' })).login.token);
    verifier = bearer((await ok(LOGIN, { u: 'verifikator', p: 'sandi-verifikator-2026' })).login.token);
    const key = await ok('mutation { createApiKey(name: "CAT BKN", scopes: [SCORES_WRITE]) { key apiKey { id prefix scopes revokedAt } } }', {}, admin);
    expect(key.createApiKey.apiKey).toMatchObject({ scopes: ['SCORES_WRITE'], revokedAt: null });
    expect(key.createApiKey.key.startsWith(key.createApiKey.apiKey.prefix)).toBe(true);
    catCentre = { 'x-api-key': key.createApiKey.key };
    // A key made by mistake is revoked and refused from then on; the list shows both, never a secret.
    const spare = await ok('mutation { createApiKey(name: "Salah buat", scopes: [KPIS_READ]) { key apiKey { id } } }', {}, admin);
    await ok('mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: spare.createApiKey.apiKey.id }, admin);
    expect((await app.gql('{ viewer { role } }', {}, { 'x-api-key': spare.createApiKey.key })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await ok('{ apiKeys { name revokedAt } }', {}, admin)).apiKeys.map((k: any) => [k.name, k.revokedAt !== null])).toEqual([
      ['Salah buat', true],
      ['CAT BKN', false],
    ]);
    expect((await app.gql('{ apiKeys { name } }', {}, official)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('sets up agencies, units, populations and exam sites in both regions', async () => {
    const AGENCY = 'mutation ($i: CreateAgencyInput!) { createAgency(input: $i) { id code region { code timeZone } } }';
    const samarinda = await ok(AGENCY, { i: { code: 'PEMKOT-SAMARINDA', name: 'Pemerintah Kota Samarinda', level: 'KOTA', regionCode: '64.72' } }, admin);
    const pontianak = await ok(AGENCY, { i: { code: 'PEMKOT-PONTIANAK', name: 'Pemerintah Kota Pontianak', level: 'KOTA', regionCode: '61.71' } }, admin);
    expect(samarinda.createAgency.region).toEqual({ code: '64.72', timeZone: 'WITA' });
    ids.samarinda = samarinda.createAgency.id;
    ids.pontianak = pontianak.createAgency.id;
    const misplaced = await app.gql(AGENCY, { i: { code: 'PEMKOT-X', name: 'Pemerintah Kota X', level: 'KOTA', regionCode: '64' } }, admin);
    expect(misplaced.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });

    const UNIT = 'mutation ($i: CreateServiceUnitInput!) { createServiceUnit(input: $i) { id code populationServed region { code } } }';
    const kecamatan = (await ok('{ regions(parentCode: "64.72", first: 1) { code } }')).regions[0].code;
    ids.pkmSamarinda = (
      await ok(
        UNIT,
        {
          i: {
            agencyId: ids.samarinda,
            code: 'PKM-SAMARINDA',
            name: 'Puskesmas Samarinda Kota',
            kind: 'PUSKESMAS',
            regionCode: kecamatan,
            populationServed: 30_000,
          },
        },
        official,
      )
    ).createServiceUnit.id;
    ids.rsudSamarinda = (
      await ok(
        UNIT,
        {
          i: { agencyId: ids.samarinda, code: 'RSUD-SAMARINDA', name: 'RSUD Kota Samarinda', kind: 'HOSPITAL', regionCode: '64.72', populationServed: 800_000 },
        },
        official,
      )
    ).createServiceUnit.id;
    ids.pkmPontianak = (
      await ok(
        UNIT,
        {
          i: {
            agencyId: ids.pontianak,
            code: 'PKM-PONTIANAK',
            name: 'Puskesmas Pontianak Kota',
            kind: 'PUSKESMAS',
            regionCode: '61.71',
            populationServed: 40_000,
          },
        },
        official,
      )
    ).createServiceUnit.id;
    const outside = await app.gql(
      UNIT,
      { i: { agencyId: ids.pontianak, code: 'PKM-LUAR', name: 'Puskesmas Luar', kind: 'PUSKESMAS', regionCode: '64.72', populationServed: 1000 } },
      official,
    );
    expect(outside.errors?.[0]?.extensions).toMatchObject({ field: 'regionCode' });
    // A new census: the population the puskesmas serves grows.
    const grown = await ok(
      'mutation ($id: ID!) { updateServiceUnit(id: $id, populationServed: 40000) { populationServed } }',
      { id: ids.pkmSamarinda },
      official,
    );
    expect(grown.updateServiceUnit.populationServed).toBe(40_000);
    await ok('mutation { setRegionPopulation(regionCode: "64.72", population: 868499) { population } }', {}, admin);
    await ok('mutation { setRegionPopulation(regionCode: "61.71", population: 680000) { population } }', {}, admin);

    const SITE = 'mutation ($i: CreateExamSiteInput!) { createExamSite(input: $i) { id capacity region { timeZone } } }';
    ids.siteSamarinda = (
      await ok(SITE, { i: { code: 'TILOK-SAMARINDA', name: 'Kantor Regional VIII BKN Samarinda', regionCode: '64.72', capacity: 150 } }, admin)
    ).createExamSite.id;
    ids.sitePontianak = (
      await ok(SITE, { i: { code: 'TILOK-PONTIANAK', name: 'UPT BKN Pontianak', regionCode: '61.71', capacity: 100 } }, admin)
    ).createExamSite.id;
    const listed = await ok('query ($a: ID!) { serviceUnits(agencyId: $a) { code } agencies(regionCode: "64") { code } examSites { code capacity } }', {
      a: ids.samarinda,
    });
    expect(listed.serviceUnits.map((u: any) => u.code)).toEqual(['PKM-SAMARINDA', 'RSUD-SAMARINDA']);
    expect(listed.agencies.map((a: any) => a.code)).toEqual(['PEMKOT-SAMARINDA']);
    expect(listed.examSites).toEqual([
      { code: 'TILOK-PONTIANAK', capacity: 100 },
      { code: 'TILOK-SAMARINDA', capacity: 150 },
    ]);
  });

  it('creates selection year 2026 with its schedule and rules, edits the rules while PLANNED, then opens it', async () => {
    const CREATE =
      'mutation ($i: CreateSelectionYearInput!) { createSelectionYear(input: $i) { year phase schedule { phase startsOn endsOn } skdWeight skbWeight thresholds { formationType twk tiu tkp total } documents { formationType documents } } }';
    const overlapping = SCHEDULE.map((p) => (p.phase === 'SKB' ? { ...p, startsOn: day(14) } : p));
    const refused = await app.gql(CREATE, { i: { year: 2026, name: 'Seleksi CASN 2026', schedule: overlapping } }, admin);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'schedule[4].startsOn' });
    expect(refused.errors?.[0]?.message).toContain(`SKB starts on ${day(14)}, but SKD runs until ${day(14)}`);
    expect((await app.gql(CREATE, { i: { year: 2026, name: 'Seleksi CASN 2026', schedule: SCHEDULE } }, official)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const year = (await ok(CREATE, { i: { year: 2026, name: 'Seleksi CASN 2026', schedule: SCHEDULE } }, admin)).createSelectionYear;
    expect(year).toMatchObject({ year: 2026, phase: 'PLANNED', skdWeight: 0.4, skbWeight: 0.6 });
    expect(year.schedule).toEqual(SCHEDULE);
    expect(year.thresholds.find((t: any) => t.formationType === 'UMUM')).toEqual({ formationType: 'UMUM', twk: 65, tiu: 80, tkp: 166, total: null });

    // The BKD adds an interview to the SKB (CAT 60%, wawancara 40%); weights must sum to 1.
    const RULES = 'mutation ($r: SelectionRulesInput!) { updateSelectionRules(year: 2026, rules: $r) { skbComponents { name weight } } }';
    const bad = await app.gql(
      RULES,
      {
        r: {
          skbComponents: [
            { name: 'CAT', weight: 0.6 },
            { name: 'WAWANCARA', weight: 0.3 },
          ],
        },
      },
      admin,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rules.skb.components' });
    const edited = await ok(
      RULES,
      {
        r: {
          skbComponents: [
            { name: 'CAT', weight: 0.6 },
            { name: 'WAWANCARA', weight: 0.4 },
          ],
        },
      },
      admin,
    );
    expect(edited.updateSelectionRules.skbComponents).toEqual([
      { name: 'CAT', weight: 0.6 },
      { name: 'WAWANCARA', weight: 0.4 },
    ]);

    // Required documents come with the copied rules (the standard five for every type); Putra/Putri
    // Kalimantan formations add a surat pernyataan this year. A type cannot require nothing.
    expect(year.documents).toHaveLength(5);
    for (const d of year.documents) expect(d.documents).toEqual(STANDARD_FIVE);
    const DOCS = 'mutation ($r: SelectionRulesInput!) { updateSelectionRules(year: 2026, rules: $r) { documents { formationType documents } } }';
    const empty = await app.gql(DOCS, { r: { documents: [{ formationType: 'UMUM', documents: [] }] } }, admin);
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rules.documents.UMUM' });
    const docs = (await ok(DOCS, { r: { documents: [{ formationType: 'KALIMANTAN', documents: [...STANDARD_FIVE, 'SURAT_PERNYATAAN'] }] } }, admin))
      .updateSelectionRules.documents;
    expect(docs.find((d: any) => d.formationType === 'KALIMANTAN').documents).toEqual([...STANDARD_FIVE, 'SURAT_PERNYATAAN']);
    expect(docs.find((d: any) => d.formationType === 'UMUM').documents).toEqual(STANDARD_FIVE);
  });

  it('records needs and aspirations, proposes formations of every type from the needs, and approves them', async () => {
    const NEED = 'mutation ($i: StaffingNeedInput!) { recordStaffingNeed(input: $i) { id jobTitle } }';
    const need = async (unit: string | undefined, jobTitle: string, educationLevel: string, serviceLoad: number, currentStaff: number) =>
      (
        await ok(
          NEED,
          { i: { serviceUnitId: unit, selectionYear: 2026, jobTitle, educationLevel, serviceLoad, currentStaff, expectedRetirements: 1 } },
          official,
        )
      ).recordStaffingNeed.id;
    const nursesPkm = await need(ids.pkmSamarinda, 'Perawat Terampil', 'D3', 50_000, 8);
    const nursesRsud = await need(ids.rsudSamarinda, 'Perawat Terampil', 'D3', 500_000, 150);
    const doctorsRsud = await need(ids.rsudSamarinda, 'Dokter Ahli Pertama', 'S1', 300_000, 30);
    const nursesPontianak = await need(ids.pkmPontianak, 'Perawat Terampil', 'D3', 60_000, 10);
    // The ids proposeFormation takes are those the public list shows.
    const listed = await ok('{ staffingNeeds(regionCode: "64.72", year: 2026) { id jobTitle serviceUnit { code } } }');
    expect(listed.staffingNeeds.map((n: any) => n.id).sort()).toEqual([nursesPkm, nursesRsud, doctorsRsud].sort());

    await ok(
      'mutation ($u: ID!, $d: String!) { submitServiceAspiration(input: { regionCode: "64.72", serviceUnitId: $u, category: KESEHATAN, text: "Antrean puskesmas terlalu panjang, perawat kurang." }, deviceToken: $d) { category } }',
      { u: ids.pkmSamarinda, d: await api.deviceToken() },
    );

    const PROPOSE =
      'mutation ($n: ID!, $a: String!, $t: FormationType!) { proposeFormation(input: { staffingNeedId: $n, agencyCode: $a, type: $t, quota: 1 }) { id type region { code } } }';
    const propose = async (n: string, a: string, t: string) => (await ok(PROPOSE, { n, a, t }, official)).proposeFormation.id as string;
    ids.umumPkm = await propose(nursesPkm, 'PEMKOT-SAMARINDA', 'UMUM');
    ids.umumRsud = await propose(nursesRsud, 'PEMKOT-SAMARINDA', 'UMUM');
    ids.cumlaude = await propose(doctorsRsud, 'PEMKOT-SAMARINDA', 'CUMLAUDE');
    ids.disabilitas = await propose(doctorsRsud, 'PEMKOT-SAMARINDA', 'DISABILITAS');
    ids.papua = await propose(doctorsRsud, 'PEMKOT-SAMARINDA', 'PAPUA');
    ids.kalimantan = await propose(nursesPontianak, 'PEMKOT-PONTIANAK', 'KALIMANTAN');
    for (const f of ['umumPkm', 'umumRsud', 'cumlaude', 'disabilitas', 'papua', 'kalimantan']) {
      await ok('mutation ($f: ID!) { approveFormation(formationId: $f) { status } }', { f: ids[f] }, official);
    }
    const formations = await ok('{ formations(year: 2026, first: 20) { totalCount edges { node { type status } } } }');
    expect(formations.formations.edges.map((e: any) => e.node.type).sort()).toEqual(['CUMLAUDE', 'DISABILITAS', 'KALIMANTAN', 'PAPUA', 'UMUM', 'UMUM']);

    await ok('mutation { advanceSelectionPhase(year: 2026, phase: REGISTRATION) { phase } }', {}, admin);
    const locked = await app.gql('mutation { updateSelectionRules(year: 2026, rules: { appealWindowDays: 5 }) { year } }', {}, admin);
    expect(locked.errors?.[0]?.extensions).toMatchObject({ field: 'year' });
    const lockedDocs = await app.gql(
      'mutation { updateSelectionRules(year: 2026, rules: { documents: [{ formationType: UMUM, documents: [KTP] }] }) { year } }',
      {},
      admin,
    );
    expect(lockedDocs.errors?.[0]?.extensions).toMatchObject({ field: 'year' });
  });

  it('registers applicants from anywhere in Indonesia, with documents, each applying to a formation they are eligible for', async () => {
    // Each confirms with the code mailed to them (read from the outbox, as the mail brings it).
    for (const [name, person] of Object.entries(PEOPLE) as Array<[Person, (typeof PEOPLE)[Person]]>) {
      const input = {
        ...person,
        email: `${name}@contoh.test`,
        phone: `0812${person.nik.slice(-8)}`,
        educationLevel: 'D3',
        major: 'Keperawatan',
        gpa: 3.4,
        disability: false,
        password: `sandi-${name}-2026`,
      };
      tokens[name] = await api.register(input);
    }
    const APPLY = 'mutation ($f: ID!) { applyToFormation(formationId: $f) { id participantNumber } }';
    // Each uploads what the formation lists as required (the year's rules for its type), then applies.
    const apply = async (who: Person, formation: string) => {
      applications[who] = await api.apply(tokens[who]!, ids[formation]!);
    };
    // Andi has the standard five only: the Kalimantan formation also requires the surat pernyataan.
    for (const kind of STANDARD_FIVE) await api.upload(tokens.andi!, kind);
    const unsigned = await app.gql(APPLY, { f: ids.kalimantan }, bearer(tokens.andi!));
    expect(unsigned.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'documents' });
    expect(unsigned.errors?.[0]?.message).toBe('documents: upload SURAT_PERNYATAAN before applying');
    // Joko (Jawa Tengah) may not take a Putra/Putri Kalimantan formation.
    const refused = await app.gql(APPLY, { f: ids.kalimantan }, bearer(tokens.joko!));
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(refused.errors?.[0]?.message).toMatch(/Kalimantan/);
    await apply('siti', 'umumPkm');
    await apply('budi', 'umumPkm');
    await apply('rina', 'umumPkm');
    await apply('andi', 'kalimantan');
    await apply('maya', 'kalimantan');
    await ok('mutation { advanceSelectionPhase(year: 2026, phase: VERIFICATION) { phase } }', {}, admin);
  });

  it('verifies, announces, and hears a sanggah', async () => {
    const VERIFY = 'mutation ($a: ID!, $r: AdminResult!, $why: TmsReason) { verifyApplication(applicationId: $a, result: $r, reason: $why) { status } }';
    for (const who of ['siti', 'rina', 'andi', 'maya'] as const) await ok(VERIFY, { a: applications[who]!.id, r: 'MS' }, verifier);
    await ok(VERIFY, { a: applications.budi!.id, r: 'TMS', why: 'DOKUMEN_TIDAK_TERBACA' }, verifier);
    const PUBLISH =
      'mutation ($f: ID!, $s: AnnouncementStage!) { publishAnnouncement(formationId: $f, stage: $s) { version entries(first: 10) { edges { node { participantNumber resultCode } } } } }';
    await ok(PUBLISH, { f: ids.umumPkm, s: 'ADMINISTRASI' }, official);
    await ok(PUBLISH, { f: ids.kalimantan, s: 'ADMINISTRASI' }, official);
    await ok('mutation { advanceSelectionPhase(year: 2026, phase: APPEAL) { phase } }', {}, admin);
    await ok(
      'mutation ($a: ID!) { fileAppeal(applicationId: $a, reason: "KTP saya terbaca jelas; unggahan ulang terlampir.") { status } }',
      { a: applications.budi!.id },
      bearer(tokens.budi!),
    );
    // The official finds the sanggah in the formation's appeal queue, not from the applicant.
    const queue = await ok('query ($f: ID!) { appealQueue(formationId: $f) { id appeal { reason } } }', { f: ids.umumPkm }, official);
    expect(queue.appealQueue.map((a: any) => a.id)).toEqual([applications.budi!.id]);
    const decided = await ok(
      'mutation ($a: ID!) { decideAppeal(applicationId: $a, decision: ACCEPTED, response: "Dokumen terbaca setelah diperiksa ulang.") { adminResult } }',
      { a: queue.appealQueue[0].id },
      official,
    );
    expect(decided.decideAppeal.adminResult).toBe('MS');
  });

  it('re-announces after the sanggah window as a new version, leaving the first announcement as it was', async () => {
    const PUBLISH =
      'mutation ($f: ID!, $n: String) { publishAnnouncement(formationId: $f, stage: ADMINISTRASI, note: $n) { version note replaces { version } entries(first: 10) { edges { node { participantNumber resultCode } } } } }';
    const results = (a: any) => Object.fromEntries(a.entries.edges.map((e: any) => [e.node.participantNumber, e.node.resultCode]));
    const number = (who: Person) => applications[who]!.participantNumber;
    // While the window runs, others may still appeal: the re-announcement waits for it.
    const early = await app.gql(PUBLISH, { f: ids.umumPkm }, official);
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'formationId' });
    expect(early.errors?.[0]?.message).toMatch(/the sanggah window is open until .*; re-announce after it closes/);

    const { appealWindowDays } = (await ok('{ selectionYear(year: 2026) { appealWindowDays } }')).selectionYear;
    expect(appealWindowDays).toBe(3);
    clockAhead += (appealWindowDays + 1) * DAY;

    const corrected = (await ok(PUBLISH, { f: ids.umumPkm, n: 'Pengumuman pasca sanggah' }, official)).publishAnnouncement;
    expect(corrected).toMatchObject({ version: 2, note: 'Pengumuman pasca sanggah', replaces: { version: 1 } });
    expect(results(corrected)).toEqual({ [number('siti')]: 'MS', [number('budi')]: 'MS', [number('rina')]: 'MS' });
    // The first version is kept as it was published, Budi's TMS included; the public list shows the latest.
    const ALL =
      'query ($f: ID!) { announcements(formationId: $f, stage: ADMINISTRASI, includeReplaced: true) { edges { node { version replacedBy { version } entries(first: 10) { edges { node { participantNumber resultCode } } } } } } }';
    const versions = (await ok(ALL, { f: ids.umumPkm }, official)).announcements.edges.map((e: any) => e.node);
    const first = versions.find((v: any) => v.version === 1);
    expect(first.replacedBy).toEqual({ version: 2 });
    expect(results(first)).toEqual({ [number('siti')]: 'MS', [number('budi')]: 'TMS', [number('rina')]: 'MS' });
    const shown = (await ok('query ($f: ID!) { announcements(formationId: $f, stage: ADMINISTRASI) { edges { node { version } } } }', { f: ids.umumPkm }))
      .announcements.edges;
    expect(shown.map((e: any) => e.node.version)).toEqual([2]);
    // Budi sees his application re-announced, now MS.
    const mine = (await ok('{ me { applications { status adminResult reannouncedAt } } }', {}, bearer(tokens.budi!))).me.applications;
    expect(mine).toEqual([expect.objectContaining({ status: 'REANNOUNCED', adminResult: 'MS' })]);
    expect(new Date(mine[0].reannouncedAt).getTime()).toBeGreaterThan(Date.now() + appealWindowDays * DAY);
  });

  /** Schedules, runs and closes one session of a stage at a site, scores coming from the CAT centre's key. */
  async function runSession(site: string | undefined, stage: 'SKD' | 'SKB', date: string, scores: Array<[Person, Record<string, unknown>]>) {
    const session = await api.runSession(
      catCentre,
      site!,
      stage,
      date,
      scores.map(([who, s]) => [applications[who]!.participantNumber, s]),
    );
    expect(session).toMatchObject({ date, participantCount: scores.length, created: scores.length, timeZone: site === ids.siteSamarinda ? 'WITA' : 'WIB' });
  }

  it('runs SKD at both sites on their local days, then SKB with the interview, then the final ranking with optimalisasi', async () => {
    await ok('mutation { advanceSelectionPhase(year: 2026, phase: SKD) { phase } }', {}, admin);
    await runSession(ids.siteSamarinda, 'SKD', day(10), [
      ['siti', { twk: 100, tiu: 120, tkp: 200 }],
      ['budi', { twk: 120, tiu: 130, tkp: 190 }],
      ['rina', { twk: 90, tiu: 100, tkp: 180 }],
    ]);
    await runSession(ids.sitePontianak, 'SKD', day(11), [
      ['andi', { twk: 110, tiu: 120, tkp: 190 }],
      ['maya', { twk: 100, tiu: 110, tkp: 185 }],
    ]);
    const PUBLISH =
      'mutation ($f: ID!, $s: AnnouncementStage!) { publishAnnouncement(formationId: $f, stage: $s) { entries(first: 10) { edges { node { resultCode } } } } }';
    for (const f of ['umumPkm', 'kalimantan']) await ok(PUBLISH, { f: ids[f], s: 'SKD' }, official);

    await ok('mutation { advanceSelectionPhase(year: 2026, phase: SKB) { phase } }', {}, admin);
    const skb = (cat: number, interview: number) => ({
      components: [
        { name: 'CAT', score: cat },
        { name: 'WAWANCARA', score: interview },
      ],
    });
    await runSession(ids.siteSamarinda, 'SKB', day(15), [
      ['siti', skb(90, 85)],
      ['budi', skb(70, 80)],
      ['rina', skb(85, 90)],
    ]);
    await runSession(ids.sitePontianak, 'SKB', day(16), [
      ['andi', skb(80, 75)],
      ['maya', skb(70, 70)],
    ]);

    await ok('mutation { advanceSelectionPhase(year: 2026, phase: FINAL) { phase } }', {}, admin);
    const FINAL = 'query ($f: ID!) { ranking(formationId: $f, stage: FINAL) { edges { node { rank final resultCode participantNumber } } } }';
    const rows = async (f: string) => (await ok(FINAL, { f: ids[f] }, official)).ranking.edges.map((e: any) => e.node);
    const pkm = await rows('umumPkm');
    // Siti: SKD 420 -> 30.545 + SKB (90 x 0.6 + 85 x 0.4 = 88) x 0.6 = 52.8 -> 83.345.
    expect(pkm[0]).toMatchObject({ rank: 1, resultCode: 'P_L', participantNumber: applications.siti!.participantNumber });
    expect(pkm[0].final).toBeCloseTo((420 / 550) * 100 * 0.4 + 88 * 0.6, 9);
    // Rina (from Papua) is second here and fills the RSUD formation by optimalisasi (P/L-2).
    expect(pkm.map((r: any) => r.resultCode)).toEqual(['P_L', 'P', 'P']);
    expect((await rows('umumRsud')).map((r: any) => [r.resultCode, r.participantNumber])).toEqual([['P_L_2', applications.rina!.participantNumber]]);
    // The Putra/Putri Kalimantan formation is filled by Andi.
    expect((await rows('kalimantan')).map((r: any) => [r.resultCode, r.participantNumber])).toEqual([
      ['P_L', applications.andi!.participantNumber],
      ['P', applications.maya!.participantNumber],
    ]);
    for (const f of ['umumPkm', 'kalimantan']) await ok(PUBLISH, { f: ids[f], s: 'FINAL' }, official);
  });

  it('appoints, trains (Latsar) and appraises (SKP) the new ASN', async () => {
    await ok('mutation { advanceSelectionPhase(year: 2026, phase: APPOINTMENT) { phase } }', {}, admin);
    const back = await app.gql('mutation { advanceSelectionPhase(year: 2026, phase: SKD) { phase } }', {}, admin);
    expect(back.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'phase' });
    const APPOINT =
      'mutation ($f: ID!, $d: Date!) { appointFromFinalResult(formationId: $f, startsOn: $d) { created employees { id startsOn cohort serviceUnit { code } } } }';
    // TMT today: the SKP below is for the year the employee starts in (an appraisal cannot be ahead of time).
    const tmt = day(0);
    const samarinda = [
      ...(await ok(APPOINT, { f: ids.umumPkm, d: tmt }, official)).appointFromFinalResult.employees,
      ...(await ok(APPOINT, { f: ids.umumRsud, d: tmt }, official)).appointFromFinalResult.employees,
    ];
    const pontianak = (await ok(APPOINT, { f: ids.kalimantan, d: tmt }, official)).appointFromFinalResult.employees;
    expect(samarinda.map((e: any) => e.serviceUnit.code)).toEqual(['PKM-SAMARINDA', 'RSUD-SAMARINDA']);
    expect(pontianak).toEqual([expect.objectContaining({ startsOn: tmt, cohort: 2026, serviceUnit: { code: 'PKM-PONTIANAK' } })]);

    const programme = await ok(
      'mutation ($a: ID!, $s: Date!, $e: Date!) { createLatsarProgramme(agencyId: $a, code: "LATSAR-2026-SAMARINDA-I", name: "Latsar CPNS Kota Samarinda 2026", startsOn: $s, endsOn: $e) { id startsOn } }',
      { a: ids.samarinda, s: day(40), e: day(100) },
      official,
    );
    const enrolled = await ok(
      'mutation ($p: ID!, $e: [ID!]!) { enrolInLatsar(programmeId: $p, employeeIds: $e) { id } }',
      { p: programme.createLatsarProgramme.id, e: samarinda.map((e: any) => e.id) },
      official,
    );
    expect(enrolled.enrolInLatsar).toHaveLength(2);
    await ok(
      'mutation ($e: ID!, $at: DateTime!) { completeLatsar(enrolmentId: $e, score: 86.5, completedAt: $at) { id } }',
      { e: enrolled.enrolInLatsar[0].id, at: new Date().toISOString() },
      official,
    );
    const skp = await ok(
      'mutation ($e: ID!, $y: Int!) { recordAppraisal(employeeId: $e, year: $y, results: DI_ATAS, behaviour: SESUAI) { id } }',
      { e: samarinda[0].id, y: Number(tmt.slice(0, 4)) },
      official,
    );
    expect(skp.recordAppraisal.id).toBeTruthy();
  });

  it('plans survey periods per unit, takes SKM responses, and publishes the IKM and the recruitment KPIs', async () => {
    const OPEN =
      'mutation ($u: ID!, $l: String!, $o: DateTime!, $c: DateTime!) { openSurveyPeriod(serviceUnitId: $u, label: $l, opensAt: $o, closesAt: $c) { label } }';
    const now = Date.now();
    await ok(OPEN, { u: ids.pkmSamarinda, l: '2026-S2', o: new Date(now - DAY).toISOString(), c: new Date(now + 30 * DAY).toISOString() }, official);
    // The next period is planned ahead; one overlapping it is refused, naming both spans.
    await ok(OPEN, { u: ids.pkmSamarinda, l: '2027-Q1', o: new Date(now + 30 * DAY).toISOString(), c: new Date(now + 120 * DAY).toISOString() }, official);
    const clash = await app.gql(
      OPEN,
      { u: ids.pkmSamarinda, l: '2027-Q2', o: new Date(now + 100 * DAY).toISOString(), c: new Date(now + 200 * DAY).toISOString() },
      official,
    );
    expect(clash.errors?.[0]?.extensions).toMatchObject({ code: 'PERIOD_OVERLAP', field: 'opensAt' });
    expect(clash.errors?.[0]?.message).toContain("overlaps the unit's period 2027-Q1");
    const answers = [
      [4, 3, 3, 4, 3, 4, 4, 3, 3],
      [3, 3, 2, 4, 3, 3, 4, 3, 3],
      [4, 4, 3, 4, 4, 4, 4, 4, 3],
    ];
    for (const a of answers) {
      await ok('mutation ($u: ID!, $a: [Int!]!, $d: String!) { submitSurveyResponse(serviceUnitId: $u, answers: $a, deviceToken: $d) { period } }', {
        u: ids.pkmSamarinda,
        a,
        d: await api.deviceToken(),
      });
    }
    const ikm = await ok('query ($u: ID!) { serviceSatisfaction(serviceUnitId: $u) { period respondents index { ikm converted quality } } }', {
      u: ids.pkmSamarinda,
    });
    const elementAverages = Array.from({ length: 9 }, (_, e) => answers.reduce((s, a) => s + a[e]!, 0) / answers.length);
    const expected = elementAverages.reduce((s, x) => s + x / 9, 0);
    expect(ikm.serviceSatisfaction).toMatchObject({ period: '2026-S2', respondents: 3 });
    expect(ikm.serviceSatisfaction.index.ikm).toBeCloseTo(expected, 2);
    expect(ikm.serviceSatisfaction.index.converted).toBeCloseTo(expected * 25, 1);

    const KPIS =
      'query ($r: String!) { recruitmentKpis(regionCode: $r, selectionYear: 2026) { applicants quota filledSeats placedByOptimalisasi formationCount } }';
    expect((await ok(KPIS, { r: '64.72' })).recruitmentKpis).toEqual({ applicants: 3, quota: 5, filledSeats: 2, placedByOptimalisasi: 1, formationCount: 5 });
    expect((await ok(KPIS, { r: '61.71' })).recruitmentKpis).toEqual({ applicants: 2, quota: 1, filledSeats: 1, placedByOptimalisasi: 0, formationCount: 1 });
  });

  // The browser part needs one engine: the pages read the same API on both.
  it.runIf(engine === 'pglite')(
    'shows the regions (WIB and WITA) and a formation on the dashboard in Chromium as the API answers them',
    { timeout: 120_000 },
    async () => {
      if (!fs.existsSync(path.join(dashboardDist, 'index.html'))) throw new Error('The dashboard is not built: pnpm --filter @pantau/dashboard build');
      // The dashboard's own number formats, so the comparison is the figure, not its spelling.
      const { formatCount, formatPercent, formatRatio } = await import(pathToFileURL(path.join(repoRoot, 'packages/dashboard/src/i18n.ts')).href);
      const browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
        const errors: string[] = [];
        page.on('pageerror', (err) => errors.push(err.message));
        const KPIS =
          'query ($r: String!) { recruitmentKpis(regionCode: $r, selectionYear: 2026) { region { name } formationCount quota applicants competitionRatio fillRate } }';
        for (const code of ['61.71', '64.72']) {
          const kpis = (await ok(KPIS, { r: code })).recruitmentKpis;
          await page.goto(`${app.server.url}/#/wilayah/${code}`);
          await page.getByTestId('region-name').filter({ hasText: kpis.region.name }).waitFor({ timeout: 20_000 });
          const card = async (id: string) => ((await page.getByTestId(id).textContent()) ?? '').trim();
          expect(await card('kpi-formations'), code).toBe(formatCount(kpis.formationCount));
          expect(await card('kpi-quota'), code).toBe(formatCount(kpis.quota));
          expect(await card('kpi-applicants'), code).toBe(formatCount(kpis.applicants));
          expect(await card('kpi-competition'), code).toContain(formatRatio(kpis.competitionRatio));
          expect(await card('kpi-fill'), code).toContain(formatPercent(kpis.fillRate));
        }

        const FINAL =
          'query ($f: ID!) { formation(id: $f) { jobTitle code } ranking(formationId: $f, stage: FINAL, first: 100) { edges { node { participantNumber } } } skd: ranking(formationId: $f, first: 1) { totalCount } }';
        const answer = await ok(FINAL, { f: ids.umumPkm });
        await page.goto(`${app.server.url}/#/formasi/${encodeURIComponent(ids.umumPkm!)}`);
        await page.getByTestId('formation-title').filter({ hasText: answer.formation.code }).waitFor({ timeout: 20_000 });
        expect(await page.getByTestId('formation-title').textContent()).toContain(answer.formation.jobTitle);
        const finalRows = page.locator('[data-testid="final-ranking"] tbody tr .code');
        await finalRows.first().waitFor({ timeout: 20_000 });
        expect(await finalRows.allTextContents()).toEqual(answer.ranking.edges.map((e: any) => e.node.participantNumber));
        await page.getByTestId('ranking-count').waitFor({ timeout: 20_000 });
        expect(await page.getByTestId('ranking-count').textContent()).toContain(`${formatCount(answer.skd.totalCount)} `);
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    },
  );

  // Last, since a newer year becomes the one pages show by default.
  it('copies the rule set, required documents included, into the next year, where they are editable again', async () => {
    const NEXT = schedule(365);
    const next = (
      await ok(
        'mutation ($i: CreateSelectionYearInput!) { createSelectionYear(input: $i) { year phase skbComponents { name weight } documents { formationType documents } } }',
        { i: { year: 2027, name: 'Seleksi CASN 2027', schedule: NEXT } },
        admin,
      )
    ).createSelectionYear;
    expect(next).toMatchObject({
      year: 2027,
      phase: 'PLANNED',
      skbComponents: [
        { name: 'CAT', weight: 0.6 },
        { name: 'WAWANCARA', weight: 0.4 },
      ],
    });
    expect(next.documents.find((d: any) => d.formationType === 'KALIMANTAN').documents).toEqual([...STANDARD_FIVE, 'SURAT_PERNYATAAN']);
    const edited = await ok(
      'mutation { updateSelectionRules(year: 2027, rules: { documents: [{ formationType: DISABILITAS, documents: [KTP, IJAZAH, TRANSKRIP, PAS_FOTO, SURAT_LAMARAN, SURAT_KETERANGAN_DISABILITAS] }] }) { documents { formationType documents } } }',
      {},
      admin,
    );
    expect(edited.updateSelectionRules.documents.find((d: any) => d.formationType === 'DISABILITAS').documents).toContain('SURAT_KETERANGAN_DISABILITAS');
    // 2026, already running, keeps its own list.
    const formation = await ok('query ($f: ID!) { formation(id: $f) { requiredDocuments } }', { f: ids.disabilitas });
    expect(formation.formation.requiredDocuments).toEqual(STANDARD_FIVE);
  });
});
