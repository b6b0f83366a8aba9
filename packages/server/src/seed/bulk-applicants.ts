/**
 * Loads synthetic applicants (synthetic.ts) in bulk: set-based INSERTs of thousands of rows a
 * statement, what the API cannot do at the bench's scale (100,000 applicants). Keyed by NIK and
 * participant number, so a second run adds nothing.
 */
import type { PrismaClient } from '../generated/prisma/client.js';
import { FORMATIONS_2024, SELECTION_YEARS } from './reference.js';
import { idOf } from './reference-data.js';
import { administrativeCalendar, SYNTHETIC_EMAIL_DOMAIN, syntheticRows, type SyntheticRow } from './synthetic.js';

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
