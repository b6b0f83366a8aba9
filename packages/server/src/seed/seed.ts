/**
 * Writes the reference data (reference.ts) and synthetic applicants (synthetic.ts) to the
 * database. Both are idempotent: rows are keyed by their codes, NIKs and participant numbers, so
 * seeding again adds or changes nothing, and seeding a seeded database is always safe.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { ensureRegions } from '../db/region-dataset.js';
import { AGENCIES, FORMATIONS_2024, REGIONS, SELECTION_YEARS, SERVICE_UNITS } from './reference.js';
import { administrativeCalendar, SYNTHETIC_EMAIL_DOMAIN, syntheticRows, type SyntheticRow } from './synthetic.js';
import { seedRecruitment, type RecruitmentSeedResult } from './recruitment.js';
import { seedExamSchedule, simulateSkdResults, type ExamScheduleResult, type SimulationResult } from './exams.js';
import { seedServiceQuality, type QualitySeedResult } from './quality.js';

type Tx = Prisma.TransactionClient;

/** What the server seeds on the first start of the embedded default, and `pnpm db:seed` without flags. */
export const DEFAULT_SYNTHETIC = { applicants: 2_000, seed: 2024 } as const;

/** The selection year whose presence marks a seeded database. */
const SEEDED_YEAR = 2024;

export interface SyncCount {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ReferenceResult {
  regions: SyncCount;
  agencies: SyncCount;
  serviceUnits: SyncCount;
  selectionYears: SyncCount;
  formations: SyncCount;
}

export interface SyntheticResult {
  /** Applicants asked for (the dataset's size). */
  requested: number;
  applicantsCreated: number;
  applicationsCreated: number;
}

/** Raised when the database already holds synthetic applicants of another seed (mixing two would clash on keys). */
export class SyntheticSeedConflictError extends Error {
  override name = 'SyntheticSeedConflictError';
}

/** Equality of stored and desired values: dates by instant, JSON objects regardless of key order (jsonb reorders keys). */
function same(a: unknown, b: unknown): boolean {
  if (a === b || (a == null && b == null)) return true;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/**
 * Creates missing rows and updates only the fields that differ, so a second run writes nothing
 * (no UPDATE that rewrites a row with its own values) while an edited reference.ts still lands.
 */
async function sync<Row extends Record<string, unknown>>(
  desired: readonly Row[],
  key: keyof Row & string,
  existing: ReadonlyArray<{ id: number } & Partial<Record<keyof Row, unknown>>>,
  create: (rows: Row[]) => Promise<unknown>,
  update: (id: number, changes: Partial<Row>) => Promise<unknown>,
): Promise<SyncCount> {
  const byKey = new Map<unknown, (typeof existing)[number]>(existing.map((row) => [row[key], row]));
  const missing: Row[] = [];
  const count: SyncCount = { created: 0, updated: 0, unchanged: 0 };
  for (const row of desired) {
    const current = byKey.get(row[key]);
    if (!current) {
      missing.push(row);
      continue;
    }
    const changes: Partial<Row> = {};
    for (const field of Object.keys(row) as Array<keyof Row>) if (!same(current[field], row[field])) changes[field] = row[field];
    if (Object.keys(changes).length) {
      await update(current.id, changes);
      count.updated++;
    } else {
      count.unchanged++;
    }
  }
  if (missing.length) await create(missing);
  count.created = missing.length;
  return count;
}

function idOf(ids: Map<string, number>, code: string, what: string): number {
  const id = ids.get(code);
  if (id === undefined) throw new Error(`Reference data: unknown ${what} "${code}"`);
  return id;
}

function add(a: SyncCount, b: SyncCount): SyncCount {
  return { created: a.created + b.created, updated: a.updated + b.updated, unchanged: a.unchanged + b.unchanged };
}

/**
 * The seed regions' figures the national dataset lacks (BPS code, population) on top of the
 * regions loaded from idn-area-data (ensureRegions, before this transaction): names, kinds and
 * parents are the dataset's.
 */
async function seedRegions(tx: Tx): Promise<{ count: SyncCount; ids: Map<string, number> }> {
  const codes = REGIONS.map((r) => r.code);
  const existing = await tx.region.findMany({ where: { code: { in: codes } }, select: { id: true, code: true, bpsCode: true, population: true } });
  const missing = codes.filter((code) => !existing.some((r) => r.code === code));
  if (missing.length) throw new Error(`Reference data: regions ${missing.join(', ')} are not in the national dataset`);
  const count = await sync(
    REGIONS.map((r) => ({ code: r.code, bpsCode: r.bpsCode, population: r.population })),
    'code',
    existing,
    () => Promise.resolve(),
    (id, data) => tx.region.update({ where: { id }, data }),
  );
  return { count, ids: codeIds(existing) };
}

function codeIds(rows: Array<{ id: number; code: string }>): Map<string, number> {
  return new Map(rows.map((r) => [r.code, r.id]));
}

async function seedReferenceIn(tx: Tx): Promise<ReferenceResult> {
  const { count: regions, ids: regionIds } = await seedRegions(tx);

  const agencyRows = AGENCIES.map((a) => ({ code: a.code, name: a.name, level: a.level, regionId: idOf(regionIds, a.regionCode, 'region') }));
  const agencyCodes = agencyRows.map((a) => a.code);
  const agencies = await sync(
    agencyRows,
    'code',
    await tx.agency.findMany({ where: { code: { in: agencyCodes } }, select: { id: true, code: true, name: true, level: true, regionId: true } }),
    (data) => tx.agency.createMany({ data }),
    (id, data) => tx.agency.update({ where: { id }, data }),
  );
  const agencyIds = codeIds(await tx.agency.findMany({ where: { code: { in: agencyCodes } }, select: { id: true, code: true } }));

  const unitRows = SERVICE_UNITS.map((u) => ({
    code: u.code,
    name: u.name,
    kind: u.kind,
    regionId: idOf(regionIds, u.regionCode, 'region'),
    agencyId: idOf(agencyIds, u.agencyCode, 'agency'),
    populationServed: u.populationServed,
  }));
  const unitCodes = unitRows.map((u) => u.code);
  const serviceUnits = await sync(
    unitRows,
    'code',
    await tx.serviceUnit.findMany({
      where: { code: { in: unitCodes } },
      select: { id: true, code: true, name: true, kind: true, regionId: true, agencyId: true, populationServed: true },
    }),
    (data) => tx.serviceUnit.createMany({ data }),
    (id, data) => tx.serviceUnit.update({ where: { id }, data }),
  );
  const unitIds = codeIds(await tx.serviceUnit.findMany({ where: { code: { in: unitCodes } }, select: { id: true, code: true } }));

  const yearRows = SELECTION_YEARS.map((y) => ({
    year: y.year,
    name: y.name,
    registrationOpensAt: y.registrationOpensAt,
    registrationClosesAt: y.registrationClosesAt,
    rules: y.rules as unknown as Prisma.InputJsonValue,
    // The seeded 2024 year has run up to appointment (Latsar and SKP follow it).
    phase: 'APPOINTMENT' as const,
  }));
  const years = yearRows.map((y) => y.year);
  const selectionYears = await sync(
    yearRows,
    'year',
    await tx.selectionYear.findMany({
      where: { year: { in: years } },
      select: { id: true, year: true, name: true, registrationOpensAt: true, registrationClosesAt: true, rules: true, phase: true },
    }),
    (data) => tx.selectionYear.createMany({ data }),
    (id, data) => tx.selectionYear.update({ where: { id }, data }),
  );
  const yearIds = new Map(
    (await tx.selectionYear.findMany({ where: { year: { in: years } }, select: { id: true, year: true } })).map((y) => [String(y.year), y.id]),
  );

  const formationRows = FORMATIONS_2024.map((f) => ({
    code: f.code,
    jobTitle: f.jobTitle,
    educationLevel: f.educationLevel,
    type: f.type,
    quota: f.quota,
    agencyId: idOf(agencyIds, f.agencyCode, 'agency'),
    serviceUnitId: f.serviceUnitCode === null ? null : idOf(unitIds, f.serviceUnitCode, 'service unit'),
    regionId: idOf(regionIds, f.regionCode, 'region'),
    selectionYearId: idOf(yearIds, String(f.year), 'selection year'),
  }));
  const formations = await sync(
    formationRows,
    'code',
    await tx.formation.findMany({
      where: { code: { in: formationRows.map((f) => f.code) } },
      select: {
        id: true,
        code: true,
        jobTitle: true,
        educationLevel: true,
        type: true,
        quota: true,
        agencyId: true,
        serviceUnitId: true,
        regionId: true,
        selectionYearId: true,
      },
    }),
    (data) => tx.formation.createMany({ data }),
    (id, data) => tx.formation.update({ where: { id }, data }),
  );

  return { regions, agencies, serviceUnits, selectionYears, formations };
}

/**
 * Writes the reference data in one transaction, keyed by code (selection years by year): safe to
 * run on every start or deploy, since a second run finds every row equal and writes nothing.
 * Rows no longer in reference.ts are left alone (applications may point at them).
 */
export async function seedReference(prisma: PrismaClient): Promise<ReferenceResult> {
  await ensureRegions(prisma);
  return prisma.$transaction((tx) => seedReferenceIn(tx), { maxWait: 30_000, timeout: 120_000 });
}

/** Whether the reference data is in (the 2024 selection year exists): the server seeds on first start when not. */
export async function isSeeded(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.selectionYear.findUnique({ where: { year: SEEDED_YEAR }, select: { id: true } })) !== null;
}

export interface SeedSyntheticOptions {
  applicants: number;
  seed: number;
  /** Applicants per batch (two INSERT statements each); 5,000 by default. */
  batchSize?: number;
  /** Called after each batch with the number of applicants handled so far. */
  onProgress?: (done: number, total: number) => void;
}

/** Timestamps as Prisma stores them in `timestamp(3)` columns: the UTC wall time, no zone. */
function utcTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '');
}

/**
 * One batch in two statements. Raw INSERT ... SELECT FROM unnest(arrays) rather than createMany:
 * a dozen array parameters instead of 60,000 scalars, about 20x faster through the driver adapters
 * (Prisma's createMany took ~1.8 s per 5,000 applicants), which makes 100,000 applicants a matter
 * of seconds. ON CONFLICT DO NOTHING is createMany's skipDuplicates. Enum arrays go as text[]
 * and are cast in SQL (PGlite cannot serialise an array of an enum type). Column names follow the
 * migrations; the seed tests run this on both engines.
 */
async function writeBatch(
  prisma: PrismaClient,
  rows: SyntheticRow[],
  regionIds: Map<string, number>,
  formations: Map<string, { id: number; selectionYearId: number }>,
): Promise<{ applicants: number; applications: number }> {
  const a = rows.map((r) => r.applicant);
  const created = await prisma.$queryRaw<Array<{ id: number; nik: string }>>`
    insert into "Applicant" ("nik", "fullName", "birthDate", "gender", "email", "phone", "educationLevel", "major", "gpa", "disability", "originRegionId", "createdAt")
    select * from unnest(
      ${a.map((x) => x.nik)}::text[], ${a.map((x) => x.fullName)}::text[], ${a.map((x) => x.birthDate.toISOString().slice(0, 10))}::date[],
      ${a.map((x) => x.gender)}::text[]::"Gender"[], ${a.map((x) => x.email)}::text[], ${a.map((x) => x.phone)}::text[],
      ${a.map((x) => x.educationLevel)}::text[]::"EducationLevel"[], ${a.map((x) => x.major)}::text[], ${a.map((x) => x.gpa)}::numeric[],
      ${a.map((x) => x.disability)}::boolean[], ${a.map((x) => idOf(regionIds, x.originRegionCode, 'origin region'))}::integer[],
      ${a.map((x) => utcTimestamp(x.registeredAt))}::timestamp(3)[]
    )
    on conflict do nothing
    returning "id", "nik"`;
  const applicantIds = new Map(created.map((row) => [row.nik, row.id]));
  if (applicantIds.size < rows.length) {
    // Seeded before: look the rest up by NIK.
    const missing = a.map((x) => x.nik).filter((nik) => !applicantIds.has(nik));
    const found = await prisma.$queryRaw<Array<{ id: number; nik: string }>>`
      select "id", "nik" from "Applicant" where "nik" = any(${missing}::text[])`;
    for (const row of found) applicantIds.set(row.nik, row.id);
  }
  const apps = rows.map(({ application: x }) => {
    const formation = formations.get(x.formationCode);
    const applicantId = applicantIds.get(x.applicantNik);
    if (!formation) throw new Error(`Formation ${x.formationCode} is missing: seed the reference data first`);
    if (applicantId === undefined) throw new Error(`Applicant ${x.applicantNik} was neither created nor found`);
    const year = SELECTION_YEARS.find((y) => y.year === x.year)!;
    const calendar = administrativeCalendar(year);
    const { admin } = x;
    const finalResult = admin.appeal?.accepted ? 'MS' : admin.result;
    return {
      participantNumber: x.participantNumber,
      applicantId,
      formationId: formation.id,
      selectionYearId: formation.selectionYearId,
      createdAt: x.submittedAt,
      status: admin.appeal ? 'REANNOUNCED' : 'ANNOUNCED',
      adminResult: finalResult,
      tmsReason: finalResult === 'TMS' ? admin.reason : null,
      verifiedAt: admin.verifiedAt,
      announcedAt: calendar.announcedAt,
      reannouncedAt: admin.appeal ? calendar.reannouncedAt : null,
      appeal: admin.appeal && { ...admin.appeal, decidedAt: new Date(calendar.reannouncedAt.getTime() - 86_400_000) },
    };
  });
  const inserted = await prisma.$queryRaw<Array<{ id: number; participantNumber: string }>>`
    insert into "Application" ("participantNumber", "applicantId", "formationId", "selectionYearId", "createdAt", "status", "adminResult", "tmsReason", "verifiedAt", "announcedAt", "reannouncedAt")
    select * from unnest(
      ${apps.map((x) => x.participantNumber)}::text[], ${apps.map((x) => x.applicantId)}::integer[], ${apps.map((x) => x.formationId)}::integer[],
      ${apps.map((x) => x.selectionYearId)}::integer[], ${apps.map((x) => utcTimestamp(x.createdAt))}::timestamp(3)[],
      ${apps.map((x) => x.status)}::text[]::"ApplicationStatus"[], ${apps.map((x) => x.adminResult)}::text[]::"AdminResult"[],
      ${apps.map((x) => x.tmsReason)}::text[]::"TmsReason"[], ${apps.map((x) => utcTimestamp(x.verifiedAt))}::timestamp(3)[],
      ${apps.map((x) => utcTimestamp(x.announcedAt))}::timestamp(3)[], ${apps.map((x) => (x.reannouncedAt ? utcTimestamp(x.reannouncedAt) : null))}::timestamp(3)[]
    )
    on conflict do nothing
    returning "id", "participantNumber"`;
  const applications = inserted.length;
  const idOfNumber = new Map(inserted.map((r) => [r.participantNumber, r.id]));
  const appeals = apps.filter((x) => x.appeal && idOfNumber.has(x.participantNumber));
  if (appeals.length) {
    await prisma.$executeRaw`
      insert into "Appeal" ("applicationId", "reason", "filedAt", "decision", "response", "decidedAt")
      select * from unnest(
        ${appeals.map((x) => idOfNumber.get(x.participantNumber)!)}::integer[],
        ${appeals.map(() => 'Dokumen sudah lengkap dan sesuai; mohon diperiksa kembali.')}::text[],
        ${appeals.map((x) => utcTimestamp(x.appeal!.filedAt))}::timestamp(3)[],
        ${appeals.map((x) => (x.appeal!.accepted ? 'ACCEPTED' : 'REJECTED'))}::text[]::"AppealDecision"[],
        ${appeals.map((x) => (x.appeal!.accepted ? 'Sanggah diterima setelah pemeriksaan ulang dokumen.' : 'Sanggah ditolak: dokumen tetap tidak memenuhi syarat.'))}::text[],
        ${appeals.map((x) => utcTimestamp(x.appeal!.decidedAt))}::timestamp(3)[]
      )
      on conflict do nothing`;
  }
  return { applicants: created.length, applications };
}

/**
 * Loads `applicants` synthetic applicants (one application each) for a seed, in batches. The
 * same call twice adds nothing; a larger count with the same seed adds only the new rows. A
 * database holding another seed's applicants is refused rather than mixed. Needs seedReference.
 */
export async function seedSynthetic(prisma: PrismaClient, options: SeedSyntheticOptions): Promise<SyntheticResult> {
  const { applicants, seed, batchSize = 5_000, onProgress } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive whole number, got ${batchSize}`);
  const result: SyntheticResult = { requested: applicants, applicantsCreated: 0, applicationsCreated: 0 };
  const rows = syntheticRows({ applicants, seed });
  const first = rows.next();
  if (first.done) return result;

  const earliest = await prisma.applicant.findFirst({
    where: { email: { endsWith: `@${SYNTHETIC_EMAIL_DOMAIN}` } },
    orderBy: { id: 'asc' },
    select: { nik: true },
  });
  if (earliest && earliest.nik !== first.value.applicant.nik) {
    throw new SyntheticSeedConflictError(`The database already holds synthetic applicants of another seed than ${seed}: use that seed or a fresh database.`);
  }

  const regionIds = new Map((await prisma.region.findMany({ select: { id: true, code: true } })).map((r) => [r.code, r.id]));
  const formations = new Map(
    (
      await prisma.formation.findMany({
        where: { code: { in: FORMATIONS_2024.map((f) => f.code) } },
        select: { id: true, code: true, selectionYearId: true },
      })
    ).map((f) => [f.code, f]),
  );
  if (formations.size < FORMATIONS_2024.length) throw new Error('Reference formations are missing: run seedReference first');

  let batch: SyntheticRow[] = [first.value];
  let done = 0;
  const flush = async () => {
    const written = await writeBatch(prisma, batch, regionIds, formations);
    result.applicantsCreated += written.applicants;
    result.applicationsCreated += written.applications;
    done += batch.length;
    batch = [];
    onProgress?.(done, applicants);
  };
  for (const row of rows) {
    if (batch.length >= batchSize) await flush();
    batch.push(row);
  }
  if (batch.length) await flush();
  // Bulk loads leave the planner's statistics behind; without them the next steps (scheduling,
  // announcements) pick nested loops that take minutes on a province-sized selection.
  if (result.applicationsCreated) await prisma.$executeRawUnsafe('analyze "Applicant", "Application", "Appeal"');
  return result;
}

export interface SeedAllOptions extends SeedSyntheticOptions {
  /** Schedule the SKD of 2024 (seedExamSchedule); true by default. */
  exams?: boolean;
  /**
   * Hold the first SKD sessions (simulateSkdResults): true (the default) for those before the
   * demo's clock, a number for that many sessions, false or 0 for none. Needs `exams`.
   */
  simulate?: boolean | number;
  /** Survey periods, responses, complaints and the example cohort (seedServiceQuality); true by default. */
  quality?: boolean;
}

export interface SeedAllResult {
  reference: ReferenceResult;
  synthetic: SyntheticResult;
  recruitment: RecruitmentSeedResult;
  exams?: ExamScheduleResult;
  simulation?: SimulationResult;
  quality?: QualitySeedResult;
}

/**
 * Reference data, synthetic applicants, the SKD schedule and its first sessions held, and the
 * service-quality story (surveys, an example cohort): what a fresh database needs to be useful,
 * with closed sessions to look back on and some still to come.
 */
export async function seedAll(prisma: PrismaClient, options: SeedAllOptions = DEFAULT_SYNTHETIC): Promise<SeedAllResult> {
  const { exams = true, simulate = true, quality = true, ...synthetic } = options;
  const reference = await seedReference(prisma);
  const result: SeedAllResult = { reference, synthetic: await seedSynthetic(prisma, synthetic), recruitment: await seedRecruitment(prisma, { seed: options.seed }) };
  if (exams) {
    result.exams = await seedExamSchedule(prisma, { seed: options.seed });
    if (simulate !== false && simulate !== 0) {
      result.simulation = await simulateSkdResults(prisma, { seed: options.seed, sessions: simulate === true ? undefined : simulate });
    }
  }
  if (quality) result.quality = await seedServiceQuality(prisma, { seed: options.seed });
  return result;
}
