/** Recruitment KPIs of a region (rolled up along the region tree) and their live topic. */
import type { Gender } from '../generated/prisma/enums.js';
import type { FUNNEL_STEPS, STAGES, StageKpi } from '../domain/kpis.js';
import { InputError, MAX_PAGE_SIZE } from '../errors.js';
import { selectionYearOf, unfilledFormations, type FormationKpi, type RecruitmentKpis } from '../kpis/service.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';
import { EducationLevelEnum, GenderEnum } from './formation.js';

/** Aggregates only, no personal data: anyone may read them, partners with `kpis:read` too. */
const readKpis = { public: true, partnerScope: 'kpis:read' } as const;

const KpiStageEnum = builder.enumType('KpiStage', {
  description: 'Selection stages the KPIs report on.',
  values: {
    ADMINISTRASI: { description: 'Seleksi administrasi: document verification (MS/TMS), sanggah included.' },
    SKD: { description: 'Seleksi Kompetensi Dasar: the CAT basic competence test.' },
    SKB: { description: 'Seleksi Kompetensi Bidang: the field competence test.' },
    FINAL: { description: 'Hasil akhir: the integrated final result, optimalisasi included.' },
  } satisfies Record<(typeof STAGES)[number], { description: string }>,
});
const FunnelStepEnum = builder.enumType('FunnelStep', {
  description:
    'Steps of the selection funnel: REGISTERED applications, ELIGIBLE (MS after the administrative check), SKD_SAT, SKD_PASSED (met the threshold), ' +
    'SKB_ADVANCED (P/L: within the SKB cut), SKB_SAT, SELECTED (P/L in the final ranking), FILLED (seats filled, optimalisasi included).',
  values: {
    REGISTERED: { description: 'Mendaftar: applications submitted.' },
    ELIGIBLE: { description: 'Memenuhi syarat: MS after the administrative check (and sanggah).' },
    SKD_SAT: { description: 'Mengikuti SKD: sat the SKD.' },
    SKD_PASSED: { description: 'Lulus ambang batas: met the SKD threshold.' },
    SKB_ADVANCED: { description: 'P/L: within the SKB cut, advanced to the SKB.' },
    SKB_SAT: { description: 'Mengikuti SKB: sat the SKB.' },
    SELECTED: { description: 'P/L in the final ranking of their own formation.' },
    FILLED: { description: 'Seats filled, optimalisasi (P/L-2) included.' },
  } satisfies Record<(typeof FUNNEL_STEPS)[number], { description: string }>,
});

function take<T>(list: readonly T[], first: number | null | undefined, field: string): T[] {
  const n = first ?? list.length;
  if (n < 0 || n > MAX_PAGE_SIZE) throw new InputError(field, `must be between 0 and ${MAX_PAGE_SIZE}`);
  return list.slice(0, n);
}

const FunnelCountRef = builder.objectRef<{ step: (typeof FUNNEL_STEPS)[number]; count: number }>('FunnelCount').implement({
  description: 'One step of the selection funnel and how many reached it.',
  authScopes: readKpis,
  fields: (t) => ({
    step: t.field({ description: 'Tahap: the funnel step.', type: FunnelStepEnum, resolve: (s) => s.step }),
    count: t.exposeInt('count', { description: 'Jumlah: applications (or seats, for FILLED) that reached it.' }),
  }),
});

const StageKpiRef = builder.objectRef<StageKpi>('StageKpi').implement({
  description: 'One stage: who entered, who passed, and when it happened, in days from the opening of registration.',
  authScopes: readKpis,
  fields: (t) => ({
    stage: t.field({ description: 'Tahap seleksi.', type: KpiStageEnum, resolve: (s) => s.stage }),
    entered: t.exposeInt('entered', {
      description: 'ADMINISTRASI: applications checked; SKD: sat the test (disqualified included); SKB: sat the SKB; FINAL: every applicant.',
    }),
    passed: t.exposeInt('passed', {
      description: 'ADMINISTRASI: MS; SKD: met the threshold; SKB: selected at their own formation; FINAL: seats filled, optimalisasi included.',
    }),
    passRate: t.float({ nullable: true, description: 'passed / entered (0..1); null when nobody entered.', resolve: (s) => s.passRate }),
    startedAt: t.field({ type: 'DateTime', nullable: true, description: 'First result of the stage (exam stages).', resolve: (s) => s.startedAt }),
    announcedAt: t.field({ type: 'DateTime', nullable: true, description: 'First announcement of the stage.', resolve: (s) => s.announcedAt }),
    daysToStart: t.int({
      description: "Days from the opening of registration to the stage's first result; null before it.",
      nullable: true,
      resolve: (s) => s.daysToStart,
    }),
    daysToAnnouncement: t.int({
      description: "Days from the opening of registration to the stage's first announcement; null before it.",
      nullable: true,
      resolve: (s) => s.daysToAnnouncement,
    }),
  }),
});

const FormationKpiRef = builder.objectRef<FormationKpi>('FormationKpi').implement({
  description: "One formation's counts through the stages.",
  authScopes: readKpis,
  fields: (t) => ({
    formation: t.prismaField({
      description: 'Formasi.',
      type: 'Formation',
      resolve: (query, f, _a, ctx) => ctx.prisma.formation.findUniqueOrThrow({ ...query, where: { id: f.formationId } }),
    }),
    quota: t.exposeInt('quota', { description: 'Kebutuhan: seats to fill.' }),
    applicants: t.exposeInt('applicants', { description: 'Pelamar: applications received.' }),
    competitionRatio: t.float({ nullable: true, description: 'Applicants per seat.', resolve: (f) => f.competitionRatio }),
    eligible: t.exposeInt('eligible', { description: 'MS after the administrative check.' }),
    skdSat: t.exposeInt('skdSat', { description: 'Sat the SKD (disqualified included).' }),
    skdAbsent: t.exposeInt('skdAbsent', { description: 'Seats in SKD sessions marked absent (TH).' }),
    skdPassed: t.exposeInt('skdPassed', { description: 'Met the SKD threshold.' }),
    advancedToSkb: t.exposeInt('skdAdvanced', { description: 'P/L: within the SKB cut.' }),
    skbSat: t.exposeInt('skbSat', { description: 'Sat the SKB.' }),
    selected: t.exposeInt('selected', { description: 'P/L in the final ranking.' }),
    placedByOptimalisasi: t.exposeInt('placed', { description: 'Seats here filled by optimalisasi (P/L-2).' }),
    filled: t.exposeInt('filled', { description: 'Seats filled, optimalisasi included.' }),
    finalKnown: t.exposeBoolean('finalKnown', { description: 'The final result is in (SKB results or a FINAL announcement).' }),
  }),
});

const GenderCountRef = builder.objectRef<{ key: Gender; count: number }>('GenderCount').implement({
  description: 'Applicants of one sex.',
  authScopes: readKpis,
  fields: (t) => ({
    gender: t.field({ type: GenderEnum, description: 'Jenis kelamin.', resolve: (c) => c.key }),
    count: t.exposeInt('count', { description: 'Jumlah pelamar: applicants.' }),
  }),
});
const EducationCountRef = builder.objectRef<{ key: string; count: number }>('EducationLevelCount').implement({
  description: 'Applicants of one education level.',
  authScopes: readKpis,
  fields: (t) => ({
    educationLevel: t.field({ type: EducationLevelEnum, description: 'Jenjang pendidikan.', resolve: (c) => c.key as never }),
    count: t.exposeInt('count', { description: 'Jumlah pelamar: applicants.' }),
  }),
});
const DisabilityCountRef = builder.objectRef<{ key: boolean; count: number }>('DisabilityCount').implement({
  description: 'Applicants with, or without, a declared disability.',
  authScopes: readKpis,
  fields: (t) => ({
    disability: t.boolean({ description: 'Penyandang disabilitas: true for applicants who declared a disability.', resolve: (c) => c.key }),
    count: t.exposeInt('count', { description: 'Jumlah pelamar: applicants.' }),
  }),
});
const OriginCountRef = builder.objectRef<{ key: number; count: number }>('OriginCount').implement({
  description: 'Applicants by the kabupaten/kota of their KTP.',
  authScopes: readKpis,
  fields: (t) => ({
    region: t.prismaField({
      description: 'Daerah asal: the kabupaten/kota.',
      type: 'Region',
      resolve: (query, c, _a, ctx) => ctx.prisma.region.findUniqueOrThrow({ ...query, where: { id: c.key } }),
    }),
    count: t.exposeInt('count', { description: 'Jumlah pelamar: applicants from it.' }),
  }),
});

const RecruitmentKpisRef = builder.objectRef<RecruitmentKpis>('RecruitmentKpis').implement({
  description: 'Recruitment KPIs of a region and everything below it in the region tree, for one selection year.',
  authScopes: readKpis,
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Region code and year, e.g. "15.71:2024": a stable key for client caches.' }),
    region: t.prismaField({
      description: 'Wilayah: the region the figures are for (everything below it included).',
      type: 'Region',
      resolve: (query, k, _a, ctx) => ctx.prisma.region.findUniqueOrThrow({ ...query, where: { id: k.regionId } }),
    }),
    selectionYear: t.prismaField({
      description: 'Tahun seleksi.',
      type: 'SelectionYear',
      resolve: (query, k, _a, ctx) => ctx.prisma.selectionYear.findUniqueOrThrow({ ...query, where: { id: k.selectionYearId } }),
    }),
    updatedAt: t.field({ description: 'When these figures were computed.', type: 'DateTime', resolve: (k) => k.updatedAt }),
    formationCount: t.int({ description: 'Formasi: formations in the region and year.', resolve: (k) => k.totals.formationCount }),
    quota: t.int({ description: "Seats: the sum of the formations' quotas.", resolve: (k) => k.totals.quota }),
    applicants: t.int({ description: 'Pelamar: applications received.', resolve: (k) => k.totals.applicants }),
    competitionRatio: t.float({ nullable: true, description: 'Applicants per seat.', resolve: (k) => k.totals.competitionRatio }),
    funnel: t.field({ description: 'Corong seleksi: how many reached each step, in order.', type: [FunnelCountRef], resolve: (k) => k.totals.funnel }),
    stages: t.field({ description: 'Each stage: entered, passed, pass rate and timing.', type: [StageKpiRef], resolve: (k) => k.stages }),
    mostContested: t.field({
      type: [FormationKpiRef],
      description: 'Formations by applicants per seat, most contested first.',
      args: { first: t.arg.int({ defaultValue: 5, description: `At most ${MAX_PAGE_SIZE}.` }) },
      resolve: (k, args) => take(k.formations, args.first, 'first'),
    }),
    filledSeats: t.int({ description: 'Seats filled, optimalisasi included.', resolve: (k) => k.totals.filledSeats }),
    placedByOptimalisasi: t.int({ description: 'Seats filled by optimalisasi (P/L-2) from other formations.', resolve: (k) => k.totals.placedByOptimalisasi }),
    fillRate: t.float({ nullable: true, description: 'Filled seats / quota (0..1), optimalisasi included.', resolve: (k) => k.totals.fillRate }),
    fillRateBeforeOptimalisasi: t.float({
      description: 'Filled seats / quota (0..1) without optimalisasi; null without a quota.',
      nullable: true,
      resolve: (k) => k.totals.fillRateBeforeOptimalisasi,
    }),
    unfilledFormationCount: t.int({
      description: 'Formations whose final result is in with seats still empty.',
      resolve: (k) => k.totals.unfilledFormationCount,
    }),
    unfilledSeats: t.int({ description: 'Seats left empty in formations whose final result is in.', resolve: (k) => k.totals.unfilledSeats }),
    unfilledFormations: t.field({
      type: [FormationKpiRef],
      description: 'Formations whose final result is in with seats still empty, most empty seats first.',
      args: { first: t.arg.int({ defaultValue: 20, description: `At most ${MAX_PAGE_SIZE}.` }) },
      resolve: (k, args) => take(unfilledFormations(k.formations), args.first, 'first'),
    }),
    daysToFinalResult: t.int({
      nullable: true,
      description: 'Days from the opening of registration to the first FINAL announcement.',
      resolve: (k) => k.daysToFinalResult,
    }),
    byGender: t.field({ description: 'Applicants by sex.', type: [GenderCountRef], resolve: (k) => k.byGender }),
    byEducationLevel: t.field({ description: 'Applicants by education level.', type: [EducationCountRef], resolve: (k) => k.byEducationLevel as never }),
    byDisability: t.field({ description: 'Applicants with and without a declared disability.', type: [DisabilityCountRef], resolve: (k) => k.byDisability }),
    byOrigin: t.field({ description: 'Applicants by the kabupaten/kota of their KTP.', type: [OriginCountRef], resolve: (k) => k.byOrigin }),
  }),
});

builder.queryFields((t) => ({
  recruitmentKpis: t.field({
    type: RecruitmentKpisRef,
    nullable: true,
    description:
      'Recruitment KPIs of a region (Kemendagri code) and everything below it, for a selection year (the latest when omitted); null when either does not exist.',
    authScopes: access('Query', 'recruitmentKpis'),
    args: {
      regionCode: t.arg.string({ description: 'Kode wilayah: the region, with everything below it ("15.71").', required: true }),
      selectionYear: t.arg.int({ description: 'Tahun seleksi; the latest when omitted.' }),
    },
    resolve: (_root, args, ctx) => ctx.kpis.compute(args.regionCode, args.selectionYear),
  }),
}));

builder.subscriptionFields((t) => ({
  kpisUpdated: t.field({
    type: RecruitmentKpisRef,
    description: "A region's KPIs: the current figures first, then a push whenever scores or applications change them (at most one per interval).",
    authScopes: access('Subscription', 'kpisUpdated'),
    args: {
      regionCode: t.arg.string({ description: 'Kode wilayah: the region, with everything below it.', required: true }),
      selectionYear: t.arg.int({ description: 'The latest when omitted.' }),
    },
    subscribe: async (_root, args, ctx) => {
      const [region, year] = await Promise.all([
        ctx.prisma.region.findUnique({ where: { code: args.regionCode }, select: { id: true } }),
        selectionYearOf(ctx.prisma, args.selectionYear),
      ]);
      if (!region) throw new InputError('regionCode', 'no such region');
      if (!year) throw new InputError('selectionYear', 'no such selection year');
      return ctx.kpis.updates(args.regionCode, year.year);
    },
    resolve: (k) => k,
  }),
}));
