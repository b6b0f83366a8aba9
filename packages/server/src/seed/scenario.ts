/**
 * A selection year run the way a BKD runs one: every step is a GraphQL operation against a Pantau
 * server in this process (startServer), the path users' requests take, with real logins and a
 * partner key. test/selection-year.test.ts drives its 2026 with these steps; `pnpm db:seed
 * --scale N` runs a whole earlier year with runScenarioYear for N regional governments, so the demo
 * data beyond the five article regions is made as users make theirs. The database is read only
 * for what a person would read elsewhere: the confirmation code the mail brings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Database } from '../db/client.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { createUser } from '../access/users.js';
import { startServer } from '../server.js';
import { createEventBus } from '../transport/pubsub.js';
import { dashboardDist } from '../paths.js';
import { log } from '../logger.js';
import type { RateLimits } from '../access/rate-limit.js';
import { PAPUA_PROVINCES, KALIMANTAN_PROVINCES } from '../domain/eligibility.js';
import { personName } from './names.js';
import { deriveSeed, Prng } from './prng.js';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export type Gql = (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => Promise<GraphQLResponse>;
export type Headers = Record<string, string>;

/** Files as an applicant's phone uploads them: big enough for the document checks, of the right kind. */
export const DOCUMENT_BYTES = {
  PDF: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]),
  PNG: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 1)]),
  JPEG: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 2)]),
};
const BYTES_OF: Record<string, Buffer> = { KTP: DOCUMENT_BYTES.JPEG, PAS_FOTO: DOCUMENT_BYTES.PNG };

export const bearer = (token: string): Headers => ({ authorization: `Bearer ${token}` });

/** The latest confirmation code mailed to `email`, read from the outbox as the mail would bring it. */
export async function mailedCode(prisma: PrismaClient, email: string): Promise<string> {
  const message = await prisma.notification.findFirstOrThrow({ where: { email: email.toLowerCase(), kind: 'REGISTRATION_CODE' }, orderBy: { id: 'desc' } });
  return /(\d{6})/.exec(message.body)![1]!;
}

/** The API as the scenario's people use it: operations that must succeed, uploads, registration, exam sessions. */
export class ScenarioApi {
  constructor(
    readonly gql: Gql,
    /** Base URL of the server, for multipart uploads. */
    readonly url: string,
    private readonly prisma: PrismaClient,
  ) {}

  /** One operation that must succeed; returns its data, or throws naming the operation and the refusal. */
  async ok(query: string, variables: Record<string, unknown> = {}, headers: Headers = {}): Promise<any> {
    const res = await this.gql(query, variables, headers);
    if (res.errors?.length) throw new Error(`${query.slice(0, 80)}: ${res.errors.map((e) => e.message).join('; ')}`);
    return res.data;
  }

  async login(username: string, password: string): Promise<Headers> {
    const data = await this.ok('mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', { u: username, p: password });
    return bearer(data.login.token);
  }

  /** A device token as a phone or kiosk gets it (anonymous inputs need one). */
  async deviceToken(): Promise<string> {
    return (await this.ok('mutation { issueDeviceToken { token } }')).issueDeviceToken.token;
  }

  /** Uploads one document of the logged-in applicant (GraphQL multipart, as the registration page sends it). */
  async upload(token: string, kind: string, bytes: Buffer = BYTES_OF[kind] ?? DOCUMENT_BYTES.PDF): Promise<void> {
    const form = new FormData();
    form.set(
      'operations',
      JSON.stringify({
        query: 'mutation ($k: DocumentKind!, $file: File!) { uploadDocument(kind: $k, file: $file) { kind } }',
        variables: { k: kind, file: null },
      }),
    );
    form.set('map', JSON.stringify({ 0: ['variables.file'] }));
    form.set('0', new Blob([new Uint8Array(bytes)]), `${kind.toLowerCase()}.bin`);
    const res = await fetch(`${this.url}/graphql`, { method: 'POST', body: form, headers: { ...bearer(token), 'x-graphql-yoga-csrf': 'pantau-scenario' } });
    const body = (await res.json()) as GraphQLResponse;
    if (body.errors?.length) throw new Error(`uploadDocument ${kind}: ${body.errors[0]!.message}`);
  }

  /** Registers an applicant and confirms with the mailed code; returns their session token. */
  async register(input: { email: string } & Record<string, unknown>): Promise<string> {
    await this.ok('mutation ($input: RegisterApplicantInput!) { registerApplicant(input: $input) { confirmationSentTo } }', { input });
    const confirmed = await this.ok('mutation ($e: String!, $c: String!) { confirmApplicant(email: $e, code: $c) { token } }', {
      e: input.email,
      c: await mailedCode(this.prisma, input.email),
    });
    return confirmed.confirmApplicant.token;
  }

  /** Uploads what the formation lists as required, then applies; returns the application. */
  async apply(token: string, formationId: string): Promise<{ id: string; participantNumber: string }> {
    const { requiredDocuments } = (await this.ok('query ($f: ID!) { formation(id: $f) { requiredDocuments } }', { f: formationId })).formation;
    for (const kind of requiredDocuments as string[]) await this.upload(token, kind);
    return (await this.ok('mutation ($f: ID!) { applyToFormation(formationId: $f) { id participantNumber } }', { f: formationId }, bearer(token)))
      .applyToFormation;
  }

  /**
   * Schedules, starts, scores and closes one session of a stage at a site, as the CAT centre's key
   * does: `scores` are SKD sub-test scores or SKB components by participant number. Returns the
   * scheduled session as the API answered it and how many results it created.
   */
  async runSession(
    catCentre: Headers,
    site: string,
    stage: 'SKD' | 'SKB',
    date: string,
    scores: Array<[string, Record<string, unknown>]>,
    finishedAt = new Date(),
  ) {
    const session = (
      await this.ok(
        'mutation ($s: ID!, $d: Date!, $st: ExamStage!, $p: [String!]!) { scheduleExamSession(siteId: $s, date: $d, number: 1, stage: $st, participantNumbers: $p) { id date timeZone participantCount } }',
        { s: site, d: date, st: stage, p: scores.map(([number]) => number) },
        catCentre,
      )
    ).scheduleExamSession;
    await this.ok('mutation ($id: ID!) { startExamSession(id: $id) { status } }', { id: session.id }, catCentre);
    const results = scores.map(([participantNumber, s]) => ({ participantNumber, ...s, finishedAt: finishedAt.toISOString() }));
    const submit =
      stage === 'SKD'
        ? 'mutation ($s: ID!, $b: String!, $r: [ExamResultInput!]!) { submitExamResults(sessionId: $s, batchId: $b, results: $r) { created } }'
        : 'mutation ($s: ID!, $b: String!, $r: [SkbResultInput!]!) { submitSkbResults(sessionId: $s, batchId: $b, results: $r) { created } }';
    const submitted = await this.ok(submit, { s: session.id, b: `${stage}-${date}-${Buffer.from(session.id).toString('hex')}`, r: results }, catCentre);
    await this.ok('mutation ($id: ID!) { closeExamSession(id: $id) { status } }', { id: session.id }, catCentre);
    const created: number = (submitted.submitExamResults ?? submitted.submitSkbResults).created;
    return { ...(session as { id: string; date: string; timeZone: string; participantCount: number }), created };
  }
}

/** A clock the scenario moves forward through its year; the server decides windows by it (ServerOptions.clock). */
export class ScenarioClock {
  private at: number;
  constructor(start: Date) {
    this.at = start.getTime();
  }
  readonly now = (): Date => new Date(this.at);
  /** Moves to an instant; never back. */
  moveTo(instant: Date): void {
    this.at = Math.max(this.at, instant.getTime());
  }
}

/** High enough for one process making a whole year's requests from one address. */
const SCENARIO_RATE_LIMITS: Partial<RateLimits> = Object.fromEntries(
  ['public-write', 'login', 'login-account', 'write', 'upload', 'partner', 'device-token', 'anonymous-input', 'kiosk', 'aspiration'].map((k) => [
    k,
    { limit: 1_000_000, windowMs: 60_000 },
  ]),
);

/**
 * A Pantau server in this process on a free local port, over `db`, its clock `clock`: what the
 * seed drives the scenario through. Documents land in `documentsDir` (the configured folder, so
 * the real server serves them later). close() stops it, not the database.
 */
export async function startScenarioServer(
  db: Database,
  options: { clock: () => Date; documentsDir?: string },
): Promise<{ api: ScenarioApi; close(): Promise<void> }> {
  const events = await createEventBus();
  const server = await startServer(
    {
      port: 0,
      host: '127.0.0.1',
      production: false,
      instanceId: 'scenario',
      heartbeatIntervalMs: 0,
      liveIntervalMs: 250,
      dashboardDir: dashboardDist,
      documentsDir: options.documentsDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-scenario-')),
      rateLimits: SCENARIO_RATE_LIMITS,
      ledgerHeadIntervalMs: 0,
      clock: options.clock,
    },
    db,
    events,
  );
  const gql: Gql = async (query, variables, headers = {}) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphQLResponse;
  };
  return {
    api: new ScenarioApi(gql, server.url, db.prisma),
    close: async () => {
      await server.close();
      await events.close();
    },
  };
}

/**
 * The seed's scenario year: the one before the demo's 2024, so the year pages show by default (the
 * latest) stays the demo's.
 */
export const SCENARIO_SEED_YEAR = 2023;

/** `pnpm db:seed` runs the scenario's year for one kota unless told otherwise (`--scale`). */
export const DEFAULT_SCENARIO_SCALE = 1;
/** The kota of Indonesia outside the demo's four provinces (98 kota, 13 of them there). */
export const MAX_SCENARIO_SCALE = 85;

/** Kota first picked for the scenario (WIB, WITA and WIT; Kalimantan and Papua among them), then any other kota. */
export const SCENARIO_KOTA = ['61.71', '73.71', '91.71', '64.72', '12.71', '51.71', '81.71', '32.73'];
/** Provinces of the five article regions: their data stays the hand-made demo's (seed/reference.ts). */
const DEMO_PROVINCES = new Set(['15', '16', '17', '33']);

export interface ScenarioOptions {
  year: number;
  /** Regional governments taking part: each gets its agency, units, site, three formations and six applicants. */
  scale: number;
  clock: ScenarioClock;
  admin: Headers;
  official: Headers;
  verifier: Headers;
}

export interface ScenarioResult {
  regions: string[];
  formations: number;
  applications: number;
  employees: number;
  surveyResponses: number;
}

const UTC = (date: string, time = '02:00') => new Date(`${date}T${time}:00Z`);

/**
 * Runs a whole selection year through the API for `scale` kota (outside the demo's provinces):
 * agencies, units with their populations, exam sites, the year with its schedule, staffing needs,
 * formations (two UMUM nurse formations, one of which fills by optimalisasi, and a midwife one of
 * the type the region's origin rules call for: KALIMANTAN, PAPUA, else DISABILITAS), registration
 * with documents, verification with one TMS, its sanggah accepted and the re-announcement after
 * the window, SKD and SKB sessions with scores from a partner key, the SKD and FINAL announcements,
 * appointment, and a survey period per puskesmas with responses. The clock walks the year's
 * schedule (August registration to November appointment).
 */
export async function runScenarioYear(api: ScenarioApi, options: ScenarioOptions): Promise<ScenarioResult> {
  const { year, scale, clock, admin, official, verifier } = options;
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError(`scale must be a whole number >= 1, got ${scale}`);
  const y = String(year);
  const kota = (await api.ok('{ regions(kind: KOTA, first: 100) { code name } }')).regions as Array<{ code: string; name: string }>;
  const candidates = [
    ...SCENARIO_KOTA.map((c) => kota.find((k) => k.code === c)).filter((k) => k !== undefined),
    ...kota.filter((k) => !SCENARIO_KOTA.includes(k.code)),
  ];
  const regions = candidates.filter((k) => !DEMO_PROVINCES.has(k.code.slice(0, 2))).slice(0, scale);
  if (regions.length < scale) throw new RangeError(`scale ${scale} is more than the ${regions.length} kota the scenario can use`);

  const key = await api.ok(`mutation { createApiKey(name: "CAT BKN ${y}", scopes: [SCORES_WRITE]) { key } }`, {}, admin);
  const catCentre = { 'x-api-key': key.createApiKey.key as string };
  const schedule = [
    { phase: 'REGISTRATION', startsOn: `${y}-08-01`, endsOn: `${y}-08-21` },
    { phase: 'VERIFICATION', startsOn: `${y}-08-22`, endsOn: `${y}-08-24` },
    { phase: 'APPEAL', startsOn: `${y}-08-25`, endsOn: `${y}-09-05` },
    { phase: 'SKD', startsOn: `${y}-09-11`, endsOn: `${y}-09-30` },
    { phase: 'SKB', startsOn: `${y}-10-01`, endsOn: `${y}-10-14` },
    { phase: 'FINAL', startsOn: `${y}-10-15`, endsOn: `${y}-10-31` },
    { phase: 'APPOINTMENT', startsOn: `${y}-11-01`, endsOn: `${y}-12-31` },
  ];
  await api.ok(
    'mutation ($i: CreateSelectionYearInput!) { createSelectionYear(input: $i) { year } }',
    { i: { year, name: `Seleksi CASN ${y}`, schedule } },
    admin,
  );
  const advance = (phase: string) => api.ok(`mutation { advanceSelectionPhase(year: ${year}, phase: ${phase}) { phase } }`, {}, admin);

  interface Place {
    code: string;
    site: string;
    agency: string;
    pkm: string;
    rsud: string;
    formations: { umumPkm: string; umumRsud: string; local: string };
    localType: string;
    applicants: Array<{ token: string; formation: 'umumPkm' | 'local'; id: string; participantNumber: string }>;
  }
  const places: Place[] = [];
  for (const [i, region] of regions.entries()) {
    const province = region.code.slice(0, 2);
    const tag = region.code.replace('.', '');
    const agency = (
      await api.ok(
        'mutation ($i: CreateAgencyInput!) { createAgency(input: $i) { id } }',
        { i: { code: `PEMKOT-${tag}-${y}`, name: `Pemerintah ${region.name}`, level: 'KOTA', regionCode: region.code } },
        admin,
      )
    ).createAgency.id;
    const district = (await api.ok('query ($p: String!) { regions(parentCode: $p, first: 1) { code } }', { p: region.code })).regions[0]?.code ?? region.code;
    const UNIT = 'mutation ($i: CreateServiceUnitInput!) { createServiceUnit(input: $i) { id } }';
    const pkm = (
      await api.ok(
        UNIT,
        {
          i: {
            agencyId: agency,
            code: `PKM-${tag}-${y}`,
            name: `Puskesmas ${region.name}`,
            kind: 'PUSKESMAS',
            regionCode: district,
            populationServed: 30_000 + 5_000 * i,
          },
        },
        official,
      )
    ).createServiceUnit.id;
    const rsud = (
      await api.ok(
        UNIT,
        {
          i: { agencyId: agency, code: `RSUD-${tag}-${y}`, name: `RSUD ${region.name}`, kind: 'HOSPITAL', regionCode: region.code, populationServed: 500_000 },
        },
        official,
      )
    ).createServiceUnit.id;
    const site = (
      await api.ok(
        'mutation ($i: CreateExamSiteInput!) { createExamSite(input: $i) { id } }',
        { i: { code: `TILOK-${tag}-${y}`, name: `Titik Lokasi ${region.name}`, regionCode: region.code, capacity: 100 } },
        admin,
      )
    ).createExamSite.id;
    const NEED = 'mutation ($i: StaffingNeedInput!) { recordStaffingNeed(input: $i) { id } }';
    const need = async (unit: string, jobTitle: string, serviceLoad: number, currentStaff: number) =>
      (
        await api.ok(
          NEED,
          { i: { serviceUnitId: unit, selectionYear: year, jobTitle, educationLevel: 'D3', serviceLoad, currentStaff, expectedRetirements: 1 } },
          official,
        )
      ).recordStaffingNeed.id as string;
    const PROPOSE =
      'mutation ($n: ID!, $a: String!, $t: FormationType!) { proposeFormation(input: { staffingNeedId: $n, agencyCode: $a, type: $t, quota: 1 }) { id } }';
    const localType = KALIMANTAN_PROVINCES.has(province) ? 'KALIMANTAN' : PAPUA_PROVINCES.has(province) ? 'PAPUA' : 'DISABILITAS';
    const agencyCode = `PEMKOT-${tag}-${y}`;
    const formations = {
      umumPkm: (await api.ok(PROPOSE, { n: await need(pkm, 'Perawat Terampil', 50_000, 8), a: agencyCode, t: 'UMUM' }, official)).proposeFormation.id,
      umumRsud: (await api.ok(PROPOSE, { n: await need(rsud, 'Perawat Terampil', 500_000, 150), a: agencyCode, t: 'UMUM' }, official)).proposeFormation.id,
      local: (await api.ok(PROPOSE, { n: await need(pkm, 'Bidan Terampil', 40_000, 6), a: agencyCode, t: localType }, official)).proposeFormation.id,
    };
    for (const f of Object.values(formations)) await api.ok('mutation ($f: ID!) { approveFormation(formationId: $f) { status } }', { f }, official);
    places.push({ code: region.code, site, agency, pkm, rsud, formations, localType, applicants: [] });
  }

  clock.moveTo(UTC(`${y}-08-05`));
  await advance('REGISTRATION');
  for (const [i, place] of places.entries()) {
    const district =
      (await api.ok('query ($p: String!) { regions(parentCode: $p, first: 1) { code } }', { p: place.code })).regions[0]?.code ?? `${place.code}.01`;
    for (let k = 0; k < 6; k++) {
      const formation = k < 4 ? 'umumPkm' : 'local';
      const woman = k % 2 === 1;
      const day = 1 + ((i * 6 + k) % 28);
      const born = `${1994 + (k % 5)}-${String(1 + (k % 12)).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const nik = `${district.replaceAll('.', '')}${String(day + (woman ? 40 : 0)).padStart(2, '0')}${born.slice(5, 7)}${born.slice(2, 4)}${String(k + 1).padStart(4, '0')}`;
      const email = `pelamar.${place.code.replace('.', '')}.${k + 1}@${y}.skenario.test`;
      const token = await api.register({
        nik,
        fullName: personName(new Prng(deriveSeed(year, i * 6 + k)), woman ? 'FEMALE' : 'MALE', place.code),
        birthDate: born,
        gender: woman ? 'FEMALE' : 'MALE',
        originRegionCode: place.code,
        email,
        phone: `0813${nik.slice(-8)}`,
        educationLevel: 'D3',
        major: formation === 'local' ? 'Kebidanan' : 'Keperawatan',
        gpa: 3.2 + k * 0.05,
        disability: formation === 'local' && place.localType === 'DISABILITAS',
        password: `sandi-pelamar-${randomBytes(6).toString('hex')}`,
      });
      const application = await api.apply(token, place.formations[formation]);
      place.applicants.push({ token, formation, ...application });
    }
  }

  clock.moveTo(UTC(`${y}-08-22`));
  await advance('VERIFICATION');
  const VERIFY = 'mutation ($a: ID!, $r: AdminResult!, $why: TmsReason) { verifyApplication(applicationId: $a, result: $r, reason: $why) { status } }';
  const PUBLISH = 'mutation ($f: ID!, $s: AnnouncementStage!, $n: String) { publishAnnouncement(formationId: $f, stage: $s, note: $n) { version } }';
  for (const place of places) {
    // The second applicant's KTP is found unreadable; the sanggah below turns it into MS.
    for (const [k, a] of place.applicants.entries())
      await api.ok(VERIFY, k === 1 ? { a: a.id, r: 'TMS', why: 'DOKUMEN_TIDAK_TERBACA' } : { a: a.id, r: 'MS' }, verifier);
  }
  clock.moveTo(UTC(`${y}-08-24`));
  for (const place of places) for (const f of [place.formations.umumPkm, place.formations.local]) await api.ok(PUBLISH, { f, s: 'ADMINISTRASI' }, official);
  await advance('APPEAL');
  clock.moveTo(UTC(`${y}-08-25`));
  for (const place of places) {
    const appellant = place.applicants[1]!;
    await api.ok(
      'mutation ($a: ID!) { fileAppeal(applicationId: $a, reason: "KTP saya terbaca jelas; unggahan ulang terlampir.") { status } }',
      { a: appellant.id },
      bearer(appellant.token),
    );
    const queue = await api.ok('query ($f: ID!) { appealQueue(formationId: $f) { id } }', { f: place.formations.umumPkm }, official);
    for (const { id } of queue.appealQueue)
      await api.ok(
        'mutation ($a: ID!) { decideAppeal(applicationId: $a, decision: ACCEPTED, response: "Dokumen terbaca setelah diperiksa ulang.") { adminResult } }',
        { a: id },
        official,
      );
  }
  // After the sanggah window (three days in the rule set), the corrected list as a new version.
  clock.moveTo(UTC(`${y}-08-29`));
  for (const place of places) await api.ok(PUBLISH, { f: place.formations.umumPkm, s: 'ADMINISTRASI', n: 'Pengumuman pasca sanggah' }, official);

  clock.moveTo(UTC(`${y}-09-11`));
  await advance('SKD');
  const skdOf = (k: number) => (k === 3 ? { twk: 60, tiu: 100, tkp: 180 } : { twk: 110 - 5 * k, tiu: 120 - 5 * k, tkp: 195 - 4 * k });
  for (const place of places) {
    await api.runSession(
      catCentre,
      place.site,
      'SKD',
      `${y}-09-12`,
      place.applicants.map((a, k) => [a.participantNumber, skdOf(k)]),
      UTC(`${y}-09-12`, '03:40'),
    );
    for (const f of [place.formations.umumPkm, place.formations.local]) await api.ok(PUBLISH, { f, s: 'SKD' }, official);
  }
  clock.moveTo(UTC(`${y}-10-01`));
  await advance('SKB');
  for (const place of places) {
    const finalists = place.applicants.filter((_, k) => k !== 3);
    await api.runSession(
      catCentre,
      place.site,
      'SKB',
      `${y}-10-02`,
      finalists.map((a, k) => [a.participantNumber, { components: [{ name: 'CAT', score: 88 - 3 * k }] }]),
      UTC(`${y}-10-02`, '03:00'),
    );
  }
  clock.moveTo(UTC(`${y}-10-15`));
  await advance('FINAL');
  for (const place of places) for (const f of Object.values(place.formations)) await api.ok(PUBLISH, { f, s: 'FINAL' }, official);

  clock.moveTo(UTC(`${y}-11-01`));
  await advance('APPOINTMENT');
  const APPOINT = 'mutation ($f: ID!, $d: Date!) { appointFromFinalResult(formationId: $f, startsOn: $d) { created } }';
  let employees = 0;
  for (const place of places)
    for (const f of Object.values(place.formations)) employees += (await api.ok(APPOINT, { f, d: `${y}-11-01` }, official)).appointFromFinalResult.created;

  let surveyResponses = 0;
  for (const [i, place] of places.entries()) {
    await api.ok(
      'mutation ($u: ID!, $l: String!, $o: DateTime!, $c: DateTime!) { openSurveyPeriod(serviceUnitId: $u, label: $l, opensAt: $o, closesAt: $c) { label } }',
      { u: place.pkm, l: `${y}-S2`, o: UTC(`${y}-07-01`, '00:00').toISOString(), c: UTC(`${y}-12-31`, '16:00').toISOString() },
      official,
    );
    for (let r = 0; r < 3; r++) {
      const answers = Array.from({ length: 9 }, (_, e) => 2 + ((i + r + e) % 3));
      await api.ok('mutation ($u: ID!, $a: [Int!]!, $d: String!) { submitSurveyResponse(serviceUnitId: $u, answers: $a, deviceToken: $d) { period } }', {
        u: place.pkm,
        a: answers,
        d: await api.deviceToken(),
      });
      surveyResponses++;
    }
  }
  return { regions: places.map((p) => p.code), formations: places.length * 3, applications: places.length * 6, employees, surveyResponses };
}

/** Whether a selection year already exists: the seed runs the scenario's year once. */
export async function hasSelectionYear(prisma: PrismaClient, year: number): Promise<boolean> {
  return (await prisma.selectionYear.findUnique({ where: { year }, select: { id: true } })) !== null;
}

/**
 * `pnpm db:seed --scale N`: the scenario's year for N kota, driven through a server in this
 * process, unless the year is there already. Its own ADMIN, OFFICIAL and VERIFIER accounts are
 * made with passwords nobody keeps (an ADMIN resets them if wanted): the accounts exist so each
 * step is taken by the role that takes it.
 */
export async function seedScenario(db: Database, options: { year: number; scale: number; documentsDir?: string }): Promise<ScenarioResult | null> {
  if (await hasSelectionYear(db.prisma, options.year)) return null;
  const clock = new ScenarioClock(UTC(`${options.year}-07-01`));
  // A line per request of the seed's own server would bury the seed's report (LOG_LEVEL still wins).
  const level = log.level;
  log.level = process.env.LOG_LEVEL ?? 'warn';
  const { api, close } = await startScenarioServer(db, { clock: clock.now, documentsDir: options.documentsDir });
  try {
    const suffix = randomBytes(3).toString('hex');
    const account = async (role: 'ADMIN' | 'OFFICIAL' | 'VERIFIER') => {
      const username = `skenario.${options.year}.${role.toLowerCase()}.${suffix}`;
      const password = randomBytes(18).toString('base64url');
      await createUser(db.prisma, { username, displayName: `Skenario ${options.year} ${role}`, role, password });
      return api.login(username, password);
    };
    return await runScenarioYear(api, {
      ...options,
      clock,
      admin: await account('ADMIN'),
      official: await account('OFFICIAL'),
      verifier: await account('VERIFIER'),
    });
  } finally {
    await close();
    log.level = level;
  }
}
