/**
 * Service quality in the seeded regions: an example cohort of new ASN appointed through the real
 * path (the formations whose SKD is complete in the demo get an SKB sitting, their final result,
 * and appointments), their Latsar, SKP and awards, and yearly SKM survey periods (2024 and 2025
 * closed, 2026 still open) with responses and complaints for every seeded unit.
 * The answers follow a simple model: a base level per unit, weaker elements (waiting time,
 * complaint handling), a slow drift up, and units that received the cohort improving after it
 * arrived, so the index differs across units, a trend exists and recruitmentImpact has something
 * to show. Deterministic from the seed; idempotent: a second run writes nothing.
 */
import type { PrismaClient } from '../generated/prisma/client.js';
import type { FeedbackCategory, FeedbackKind } from '../generated/prisma/enums.js';
import { requiredSample } from '../domain/ikm.js';
import { parseRuleSet } from '../domain/rules.js';
import { skpPredicate, type Expectation } from '../domain/skp.js';
import { RefusedError } from '../errors.js';
import { formationRules, skdRankingPage } from '../exams/ranking.js';
import { closeSession, startSession } from '../exams/sessions.js';
import { submitSkbResults } from '../exams/skb.js';
import { appointFromFinalResult } from '../workforce/appointments.js';
import { SERVICE_UNITS } from './reference.js';
import { EXAM_YEAR, hash32 } from './exams.js';
import { Prng, deriveSeed } from './prng.js';
import { unheard } from '../events/publisher.js';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * Yearly SKM rounds (the rule: at least once a year per unit). 2026 is still open, heard until
 * `heardUntil` (not the wall clock, so every seeding is the same) and open for live submissions.
 */
export const SURVEY_PERIODS = [
  { label: '2024', opensAt: day('2024-01-01'), closesAt: day('2025-01-01'), heardUntil: day('2025-01-01') },
  { label: '2025', opensAt: day('2025-01-01'), closesAt: day('2026-01-01'), heardUntil: day('2026-01-01') },
  { label: '2026', opensAt: day('2026-01-01'), closesAt: day('2027-01-01'), heardUntil: day('2026-11-01') },
] as const;
const OPEN_PERIOD = '2026';

/** The SKB sitting of the example cohort, and its TMT (CPNS 2024 were appointed in 2025). */
export const SKB_DAY = day('2024-12-02');
export const COHORT_TMT = day('2025-06-01');

/** Element offsets from a unit's level (U1..U9): cost (U4) rates well, waiting (U3) and complaint handling (U8) poorly. */
const ELEMENT_OFFSET = [0.1, 0, -0.25, 0.35, 0.05, 0.05, 0.1, -0.3, -0.1];
/** After new staff arrive: more on waiting time (U3), competence (U6) and behaviour (U7). */
const ARRIVAL_GAIN = [0.25, 0.25, 0.45, 0.1, 0.25, 0.45, 0.45, 0.25, 0.2];

export interface QualitySeedResult {
  formationsAppointed: number;
  employeesCreated: number;
  periodsCreated: number;
  responsesCreated: number;
  feedbackCreated: number;
}

/** SKB for the formations whose SKD is complete, then their appointment; nothing when a cohort exists. */
async function seedCohort(prisma: PrismaClient, seed: number): Promise<{ formations: number; employees: number }> {
  const year = await prisma.selectionYear.findUnique({ where: { year: EXAM_YEAR }, select: { id: true, rules: true } });
  if (!year || (await prisma.employee.count({ where: { cohort: EXAM_YEAR } }))) return { formations: 0, employees: 0 };
  // Per regional government, the first formation (by code) with a unit, with SKD results, and no
  // seat of its own or of its optimalisasi siblings (same agency, job, education) in a sitting
  // still to be held: an example, not the whole selection.
  const ready = await prisma.$queryRaw<Array<{ id: number }>>`
    with pending as (
      select distinct g."agencyId", g."jobTitle", g."educationLevel"
      from "ExamSeat" s join "ExamSession" x on x."id" = s."sessionId"
      join "Application" a on a."id" = s."applicationId" join "Formation" g on g."id" = a."formationId"
      where x."status" <> 'CLOSED' and g."selectionYearId" = ${year.id})
    select distinct on (f."agencyId") f."id" from "Formation" f
    where f."selectionYearId" = ${year.id} and f."serviceUnitId" is not null
      and exists (select 1 from "ExamResult" r where r."formationId" = f."id" and r."stage" = 'SKD')
      and not exists (select 1 from pending p where p."agencyId" = f."agencyId" and p."jobTitle" = f."jobTitle" and p."educationLevel" = f."educationLevel")
    order by f."agencyId", f."code"`;
  const finalists: string[] = [];
  for (const { id } of ready) {
    const fr = (await formationRules(prisma, id))!;
    const page = await skdRankingPage(prisma, fr, { offset: 0, limit: 100 });
    finalists.push(...page.entries.filter((e) => e.resultCode === 'P/L').map((e) => e.participantNumber));
  }
  if (!finalists.length) return { formations: 0, employees: 0 };

  const components = Object.keys(parseRuleSet(year.rules).skb.components);
  const seats = await prisma.examSeat.findMany({
    where: { participantNumber: { in: finalists }, session: { stage: 'SKD' } },
    select: { applicationId: true, participantNumber: true, session: { select: { siteId: true } } },
    orderBy: { participantNumber: 'asc' },
  });
  for (const siteId of [...new Set(seats.map((s) => s.session.siteId))].sort((a, b) => a - b)) {
    const here = seats.filter((s) => s.session.siteId === siteId);
    // A run cut short left the sitting behind: resume it (the batch id makes the results a replay).
    const session =
      (await prisma.examSession.findUnique({ where: { siteId_date_number_stage: { siteId, date: SKB_DAY, number: 1, stage: 'SKB' } } })) ??
      (await prisma.examSession.create({ data: { siteId, selectionYearId: year.id, date: SKB_DAY, number: 1, stage: 'SKB' } }));
    if (session.status === 'CLOSED') continue;
    await prisma.examSeat.createMany({
      data: here.map((s) => ({ sessionId: session.id, applicationId: s.applicationId, participantNumber: s.participantNumber })),
      skipDuplicates: true,
    });
    if (session.status === 'SCHEDULED') await startSession(prisma, unheard, session.id);
    const start = new Date(`${SKB_DAY.toISOString().slice(0, 10)}T07:30:00+07:00`);
    await submitSkbResults(prisma, unheard, {
      sessionId: session.id,
      batchId: `seed-skb-${session.id}`,
      results: here.map((s) => {
        const prng = new Prng(deriveSeed(seed ^ 0x5cb5cb, hash32(s.participantNumber)));
        return {
          participantNumber: s.participantNumber,
          components: Object.fromEntries(components.map((c) => [c, Math.min(98, Math.max(35, Math.round(prng.normal(72, 11))))])),
          finishedAt: new Date(start.getTime() + 90 * 60_000),
        };
      }),
    });
    await closeSession(prisma, unheard, session.id);
    await prisma.examSession.update({ where: { id: session.id }, data: { startedAt: start, closedAt: new Date(start.getTime() + 120 * 60_000) } });
  }
  let formations = 0;
  let employees = 0;
  for (const { id } of ready) {
    try {
      const appointed = await appointFromFinalResult(prisma, { formationId: id, startsOn: COHORT_TMT });
      formations += 1;
      employees += appointed.created;
    } catch (err) {
      if (!(err instanceof RefusedError && err.code === 'NO_FINAL_RESULT')) throw err;
    }
  }
  return { formations, employees };
}

/** Latsar, the 2025 SKP and awards for the cohort; each step skips what exists. */
async function seedCareers(prisma: PrismaClient, seed: number) {
  const employees = await prisma.employee.findMany({
    where: { cohort: EXAM_YEAR },
    select: { id: true, serviceUnit: { select: { agency: { select: { id: true, code: true, name: true } } } } },
    orderBy: { id: 'asc' },
  });
  const agencies = new Map(employees.map((e) => [e.serviceUnit.agency.id, e.serviceUnit.agency]));
  for (const agency of agencies.values()) {
    const programme = await prisma.latsarProgramme.upsert({
      where: { code: `LATSAR-2025-${agency.code}` },
      create: {
        code: `LATSAR-2025-${agency.code}`,
        name: `Pelatihan Dasar CPNS Angkatan I Tahun 2025 - ${agency.name}`,
        agencyId: agency.id,
        startsOn: day('2025-07-07'),
        endsOn: day('2025-10-10'),
      },
      update: {},
    });
    const mine = employees.filter((e) => e.serviceUnit.agency.id === agency.id);
    await prisma.latsarEnrolment.createMany({ data: mine.map((e) => ({ programmeId: programme.id, employeeId: e.id })), skipDuplicates: true });
    for (const e of mine) {
      const score = Math.round(new Prng(deriveSeed(seed ^ 0x1a75a, e.id)).normal(84, 5) * 100) / 100;
      await prisma.latsarEnrolment.updateMany({
        where: { programmeId: programme.id, employeeId: e.id, status: 'ENROLLED' },
        data: { status: 'COMPLETED', score: Math.min(100, score), completedAt: day('2025-10-10') },
      });
    }
  }
  const levels: Expectation[] = ['DI_ATAS', 'SESUAI', 'DI_BAWAH'];
  const appraisals = employees.map((e, i) => {
    const prng = new Prng(deriveSeed(seed ^ 0x5c9, e.id));
    // The first of the cohort is its example high performer; the others as ratings fall.
    const results = i === 0 ? 'DI_ATAS' : prng.weighted(levels, [0.3, 0.6, 0.1]);
    const behaviour = i === 0 ? 'DI_ATAS' : prng.weighted(levels, [0.35, 0.6, 0.05]);
    return { employeeId: e.id, year: 2025, results, behaviour, predicate: skpPredicate(results, behaviour) };
  });
  await prisma.appraisal.createMany({ data: appraisals, skipDuplicates: true });
  await prisma.award.createMany({
    data: appraisals
      .filter((a) => a.predicate === 'SANGAT_BAIK')
      .map((a) => ({
        employeeId: a.employeeId,
        year: 2025,
        title: 'ASN Berprestasi Tahun 2025',
        citation: 'Predikat kinerja Sangat Baik pada tahun pertama pengabdian',
        publicConsent: a.employeeId % 2 === 1 || a === appraisals[0],
        awardedOn: day('2025-12-10'),
      })),
    skipDuplicates: true,
  });
}

const COMPLAINTS: Partial<Record<FeedbackCategory, string[]>> = {
  U1: ['Persyaratan berubah-ubah, saya harus bolak-balik melengkapi berkas.', 'Daftar persyaratan di papan informasi tidak sama dengan yang diminta petugas.'],
  U3: ['Antrean terlalu lama, lebih dari dua jam menunggu.', 'Waktu penyelesaian tidak sesuai janji, sudah lewat seminggu.'],
  U7: ['Petugas loket kurang ramah kepada warga lanjut usia.'],
  U8: ['Pengaduan saya bulan lalu belum ada jawaban.'],
  U9: ['Ruang tunggu panas dan kursi tidak cukup.', 'Toilet umum tidak bersih.'],
};
const SUGGESTIONS: Partial<Record<FeedbackCategory, string[]>> = {
  U2: ['Mohon sediakan pendaftaran daring agar tidak perlu antre pagi-pagi.'],
  U3: ['Sebaiknya ada nomor antrean lewat WhatsApp.'],
  U9: ['Tambahkan jalur kursi roda di pintu masuk.'],
  OTHER: ['Terima kasih, pelayanan sudah jauh lebih baik.'],
};

function pickText(prng: Prng, kind: FeedbackKind): { category: FeedbackCategory; text: string } {
  const table = kind === 'COMPLAINT' ? COMPLAINTS : SUGGESTIONS;
  const category = prng.pick(Object.keys(table) as FeedbackCategory[]);
  return { category, text: prng.pick(table[category]!) };
}

/** Periods, responses and complaints; only periods without responses get any. */
async function seedSurveys(prisma: PrismaClient, seed: number) {
  // The demo's units only: units made through the API (the scenario's, users' own) run their own surveys.
  const units = await prisma.serviceUnit.findMany({
    where: { code: { in: SERVICE_UNITS.map((u) => u.code) } },
    select: { id: true, code: true, name: true, populationServed: true },
    orderBy: { code: 'asc' },
  });
  const { count: periodsCreated } = await prisma.surveyPeriod.createMany({
    data: units.flatMap((u) =>
      SURVEY_PERIODS.map((p) => ({
        serviceUnitId: u.id,
        label: p.label,
        opensAt: p.opensAt,
        closesAt: p.closesAt,
        status: p.label === OPEN_PERIOD ? ('OPEN' as const) : ('CLOSED' as const),
      })),
    ),
    skipDuplicates: true,
  });
  const periods = await prisma.surveyPeriod.findMany({
    where: { serviceUnitId: { in: units.map((u) => u.id) }, label: { in: SURVEY_PERIODS.map((p) => p.label) } },
    select: { id: true, serviceUnitId: true, label: true },
  });
  const heard = new Set(
    (await prisma.surveyResponse.groupBy({ by: ['periodId'], where: { periodId: { in: periods.map((p) => p.id) } } })).map((r) => r.periodId),
  );
  const withFeedback = new Set(
    (await prisma.feedback.groupBy({ by: ['periodId'], where: { periodId: { in: periods.map((p) => p.id) } } })).map((r) => r.periodId),
  );
  const gained = new Set(
    (await prisma.employee.findMany({ where: { cohort: EXAM_YEAR }, select: { serviceUnitId: true }, distinct: ['serviceUnitId'] })).map(
      (e) => e.serviceUnitId,
    ),
  );

  const rows = {
    periodId: [] as number[],
    unitId: [] as number[],
    answers: SKM_COLUMNS.map(() => [] as number[]),
    gender: [] as (string | null)[],
    ageBand: [] as (string | null)[],
    education: [] as (string | null)[],
    occupation: [] as (string | null)[],
    createdAt: [] as string[],
  };
  const feedback: Array<{
    serviceUnitId: number;
    periodId: number;
    kind: FeedbackKind;
    category: FeedbackCategory;
    text: string;
    status: 'OPEN' | 'ANSWERED' | 'CLOSED';
    createdAt: Date;
    firstAnsweredAt: Date | null;
    closedAt: Date | null;
    unitName: string;
  }> = [];
  for (const unit of units) {
    const level = 2.75 + 0.6 * new Prng(deriveSeed(seed ^ 0x5c0, hash32(unit.code))).next();
    SURVEY_PERIODS.forEach((spec, k) => {
      const period = periods.find((p) => p.serviceUnitId === unit.id && p.label === spec.label);
      if (!period) return;
      const prng = new Prng(deriveSeed(seed ^ 0x5a7, hash32(`${unit.code}|${spec.label}`)));
      // Full effect in periods after the arrival, about half in the year it came (from June).
      const after = gained.has(unit.id) ? (spec.opensAt >= COHORT_TMT ? 1 : spec.closesAt > COHORT_TMT ? 0.5 : 0) : 0;
      const span = spec.heardUntil.getTime() - spec.opensAt.getTime();
      if (!heard.has(period.id)) {
        // Some units reach their sample, most fall a little short (provisional).
        const n = Math.round(requiredSample(unit.populationServed) * (0.4 + 0.65 * prng.next()));
        for (let r = 0; r < n; r++) {
          rows.periodId.push(period.id);
          rows.unitId.push(unit.id);
          // Some respondents are harder to please than others; each answer varies around the mean
          // (triangular noise from two uniforms: cheaper than normal() for 20,000 respondents x 9).
          const mood = 0.7 * (prng.next() - 0.5);
          ELEMENT_OFFSET.forEach((offset, e) => {
            const mean = level + offset + 0.06 * k + after * ARRIVAL_GAIN[e]! + mood;
            rows.answers[e]!.push(Math.min(4, Math.max(1, Math.round(mean + 1.3 * (prng.next() + prng.next() - 1)))));
          });
          rows.gender.push(prng.chance(0.9) ? prng.pick(['MALE', 'FEMALE']) : null);
          rows.ageBand.push(
            prng.chance(0.85) ? prng.weighted(['BELOW_20', 'AGE_20_29', 'AGE_30_39', 'AGE_40_49', 'AGE_50_59', 'AGE_60_PLUS'], [4, 24, 26, 22, 15, 9]) : null,
          );
          rows.education.push(prng.chance(0.8) ? prng.weighted(['SD', 'SMP', 'SMA', 'DIPLOMA', 'S1', 'S2', 'S3'], [12, 16, 38, 10, 20, 3, 1]) : null);
          rows.occupation.push(
            prng.chance(0.8) ? prng.weighted(['PNS', 'TNI_POLRI', 'SWASTA', 'WIRAUSAHA', 'PELAJAR_MAHASISWA', 'LAINNYA'], [8, 3, 27, 25, 12, 25]) : null,
          );
          rows.createdAt.push(new Date(spec.opensAt.getTime() + prng.next() * span).toISOString().slice(0, 10));
        }
      }
      if (!withFeedback.has(period.id)) {
        for (let f = prng.int(2, 5); f > 0; f--) {
          const kind: FeedbackKind = prng.chance(0.7) ? 'COMPLAINT' : 'SUGGESTION';
          const createdAt = new Date(spec.opensAt.getTime() + prng.next() * (span - 14 * 86_400_000));
          const hours = Math.max(1, Math.round(prng.normal(after ? 20 : 40, after ? 8 : 18)));
          const status = prng.chance(0.1) ? 'OPEN' : prng.chance(0.75) ? 'CLOSED' : 'ANSWERED';
          const answeredAt = status === 'OPEN' ? null : new Date(createdAt.getTime() + hours * 3_600_000);
          feedback.push({
            serviceUnitId: unit.id,
            periodId: period.id,
            kind,
            ...pickText(prng, kind),
            status,
            createdAt,
            firstAnsweredAt: answeredAt,
            closedAt: status === 'CLOSED' ? new Date(answeredAt!.getTime() + 3 * 86_400_000) : null,
            unitName: unit.name,
          });
        }
      }
    });
  }
  const responsesCreated = await insertResponses(prisma, rows);
  if (feedback.length) {
    const created = await prisma.feedback.createManyAndReturn({ data: feedback.map(({ unitName: _, ...f }) => f), select: { id: true } });
    await prisma.feedbackAnswer.createMany({
      data: feedback.flatMap((f, i) =>
        f.firstAnsweredAt
          ? [
              {
                feedbackId: created[i]!.id,
                text: 'Terima kasih atas masukan Bapak/Ibu. Sudah kami tindak lanjuti dan akan kami pantau.',
                official: `Pengelola Pengaduan ${f.unitName}`,
                answeredAt: f.firstAnsweredAt,
              },
            ]
          : [],
      ),
    });
  }
  return { periodsCreated, responsesCreated, feedbackCreated: feedback.length };
}

const SKM_COLUMNS = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9'] as const;

/** One INSERT ... SELECT FROM unnest per 20,000 responses (see seed.ts's writeBatch for why). */
async function insertResponses(
  prisma: PrismaClient,
  rows: {
    periodId: number[];
    unitId: number[];
    answers: number[][];
    gender: (string | null)[];
    ageBand: (string | null)[];
    education: (string | null)[];
    occupation: (string | null)[];
    createdAt: string[];
  },
): Promise<number> {
  let created = 0;
  const CHUNK = 20_000;
  for (let i = 0; i < rows.periodId.length; i += CHUNK) {
    const cut = <T>(xs: T[]) => xs.slice(i, i + CHUNK);
    const [u1, u2, u3, u4, u5, u6, u7, u8, u9] = rows.answers.map(cut) as [
      number[],
      number[],
      number[],
      number[],
      number[],
      number[],
      number[],
      number[],
      number[],
    ];
    created += await prisma.$executeRaw`
      insert into "SurveyResponse" ("periodId", "serviceUnitId", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", "gender", "ageBand", "education", "occupation", "createdAt")
      select * from unnest(
        ${cut(rows.periodId)}::integer[], ${cut(rows.unitId)}::integer[],
        ${u1}::integer[], ${u2}::integer[], ${u3}::integer[], ${u4}::integer[], ${u5}::integer[], ${u6}::integer[], ${u7}::integer[], ${u8}::integer[], ${u9}::integer[],
        ${cut(rows.gender)}::text[]::"Gender"[], ${cut(rows.ageBand)}::text[]::"AgeBand"[],
        ${cut(rows.education)}::text[]::"RespondentEducation"[], ${cut(rows.occupation)}::text[]::"RespondentOccupation"[],
        ${cut(rows.createdAt)}::date[]
      )`;
  }
  return created;
}

/** The example cohort with its careers, then the surveys (which know who received it). Needs the reference data; the cohort needs held SKD sessions. */
export async function seedServiceQuality(prisma: PrismaClient, options: { seed: number }): Promise<QualitySeedResult> {
  const cohort = await seedCohort(prisma, options.seed);
  await seedCareers(prisma, options.seed);
  const surveys = await seedSurveys(prisma, options.seed);
  return { formationsAppointed: cohort.formations, employeesCreated: cohort.employees, ...surveys };
}
