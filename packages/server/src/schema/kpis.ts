/** Recruitment KPIs of a region (rolled up along the region tree) and their live topic. */
import type { Gender } from '../generated/prisma/enums.js';
import { FUNNEL_STEPS, STAGES, type StageKpi } from '../domain/kpis.js';
import { InputError, MAX_PAGE_SIZE } from '../errors.js';
import { selectionYearOf, unfilledFormations, type FormationKpi, type RecruitmentKpis } from '../kpis/service.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';
import { EducationLevelEnum, GenderEnum } from './formation.js';

/** Aggregates only, no personal data: anyone may read them, partners with `kpis:read` too. */
const readKpis = { public: true, partnerScope: 'kpis:read' } as const;

const KpiStageEnum = builder.enumType('KpiStage', {
  description: 'Selection stages the KPIs report on.',
  values: STAGES,
});
const FunnelStepEnum = builder.enumType('FunnelStep', {
  description:
    'Steps of the selection funnel: REGISTERED applications, ELIGIBLE (MS after the administrative check), SKD_SAT, SKD_PASSED (met the threshold), ' +
    'SKB_ADVANCED (P/L: within the SKB cut), SKB_SAT, SELECTED (P/L in the final ranking), FILLED (seats filled, optimalisasi included).',
  values: FUNNEL_STEPS,
});

function take<T>(list: readonly T[], first: number | null | undefined, field: string): T[] {
  const n = first ?? list.length;
  if (n < 0 || n > MAX_PAGE_SIZE) throw new InputError(field, `must be between 0 and ${MAX_PAGE_SIZE}`);
  return list.slice(0, n);
}

const FunnelCountRef = builder.objectRef<{ step: (typeof FUNNEL_STEPS)[number]; count: number }>('FunnelCount').implement({
  authScopes: readKpis,
  fields: (t) => ({
    step: t.field({ type: FunnelStepEnum, resolve: (s) => s.step }),
    count: t.exposeInt('count'),
  }),
});

const StageKpiRef = builder.objectRef<StageKpi>('StageKpi').implement({
  description: 'One stage: who entered, who passed, and when it happened, in days from the opening of registration.',
  authScopes: readKpis,
  fields: (t) => ({
    stage: t.field({ type: KpiStageEnum, resolve: (s) => s.stage }),
    entered: t.exposeInt('entered', { description: 'ADMINISTRASI: applications checked; SKD: sat the test (disqualified included); SKB: sat the SKB; FINAL: every applicant.' }),
    passed: t.exposeInt('passed', { description: 'ADMINISTRASI: MS; SKD: met the threshold; SKB: selected at their own formation; FINAL: seats filled, optimalisasi included.' }),
    passRate: t.float({ nullable: true, description: 'passed / entered (0..1); null when nobody entered.', resolve: (s) => s.passRate }),
    startedAt: t.field({ type: 'DateTime', nullable: true, description: 'First result of the stage (exam stages).', resolve: (s) => s.startedAt }),
    announcedAt: t.field({ type: 'DateTime', nullable: true, description: 'First announcement of the stage.', resolve: (s) => s.announcedAt }),
    daysToStart: t.int({ nullable: true, resolve: (s) => s.daysToStart }),
    daysToAnnouncement: t.int({ nullable: true, resolve: (s) => s.daysToAnnouncement }),
  }),
});

const FormationKpiRef = builder.objectRef<FormationKpi>('FormationKpi').implement({
  description: "One formation's counts through the stages.",
  authScopes: readKpis,
  fields: (t) => ({
    formation: t.prismaField({
      type: 'Formation',
      resolve: (query, f, _a, ctx) => ctx.prisma.formation.findUniqueOrThrow({ ...query, where: { id: f.formationId } }),
    }),
    quota: t.exposeInt('quota'),
    applicants: t.exposeInt('applicants'),
    competitionRatio: t.float({ nullable: true, description: 'Applicants per seat.', resolve: (f) => f.competitionRatio }),
    eligible: t.exposeInt('eligible', { description: 'MS after the administrative check.' }),
    skdSat: t.exposeInt('skdSat'),
    skdAbsent: t.exposeInt('skdAbsent', { description: 'Seats in SKD sessions marked absent (TH).' }),
    skdPassed: t.exposeInt('skdPassed'),
    advancedToSkb: t.exposeInt('skdAdvanced', { description: 'P/L: within the SKB cut.' }),
    skbSat: t.exposeInt('skbSat'),
    selected: t.exposeInt('selected'),
    placedByOptimalisasi: t.exposeInt('placed', { description: 'Seats here filled by optimalisasi (P/L-2).' }),
    filled: t.exposeInt('filled'),
    finalKnown: t.exposeBoolean('finalKnown', { description: 'The final result is in (SKB results or a FINAL announcement).' }),
  }),
});

const GenderCountRef = builder.objectRef<{ key: Gender; count: number }>('GenderCount').implement({
  authScopes: readKpis,
  fields: (t) => ({ gender: t.field({ type: GenderEnum, resolve: (c) => c.key }), count: t.exposeInt('count') }),
});
const EducationCountRef = builder.objectRef<{ key: string; count: number }>('EducationLevelCount').implement({
  authScopes: readKpis,
  fields: (t) => ({ educationLevel: t.field({ type: EducationLevelEnum, resolve: (c) => c.key as never }), count: t.exposeInt('count') }),
});
const DisabilityCountRef = builder.objectRef<{ key: boolean; count: number }>('DisabilityCount').implement({
  authScopes: readKpis,
  fields: (t) => ({ disability: t.boolean({ resolve: (c) => c.key }), count: t.exposeInt('count') }),
});
const OriginCountRef = builder.objectRef<{ key: number; count: number }>('OriginCount').implement({
  description: "Applicants by the kabupaten/kota of their KTP.",
  authScopes: readKpis,
  fields: (t) => ({
    region: t.prismaField({ type: 'Region', resolve: (query, c, _a, ctx) => ctx.prisma.region.findUniqueOrThrow({ ...query, where: { id: c.key } }) }),
    count: t.exposeInt('count'),
  }),
});

const RecruitmentKpisRef = builder.objectRef<RecruitmentKpis>('RecruitmentKpis').implement({
  description: 'Recruitment KPIs of a region and everything below it in the region tree, for one selection year.',
  authScopes: readKpis,
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Region code and year, e.g. "15.71:2024": a stable key for client caches.' }),
    region: t.prismaField({ type: 'Region', resolve: (query, k, _a, ctx) => ctx.prisma.region.findUniqueOrThrow({ ...query, where: { id: k.regionId } }) }),
    selectionYear: t.prismaField({
      type: 'SelectionYear',
      resolve: (query, k, _a, ctx) => ctx.prisma.selectionYear.findUniqueOrThrow({ ...query, where: { id: k.selectionYearId } }),
    }),
    updatedAt: t.field({ type: 'DateTime', resolve: (k) => k.updatedAt }),
    formationCount: t.int({ resolve: (k) => k.totals.formationCount }),
    quota: t.int({ description: 'Seats: the sum of the formations\' quotas.', resolve: (k) => k.totals.quota }),
    applicants: t.int({ resolve: (k) => k.totals.applicants }),
    competitionRatio: t.float({ nullable: true, description: 'Applicants per seat.', resolve: (k) => k.totals.competitionRatio }),
    funnel: t.field({ type: [FunnelCountRef], resolve: (k) => k.totals.funnel }),
    stages: t.field({ type: [StageKpiRef], resolve: (k) => k.stages }),
    mostContested: t.field({
      type: [FormationKpiRef],
      description: 'Formations by applicants per seat, most contested first.',
      args: { first: t.arg.int({ defaultValue: 5, description: `At most ${MAX_PAGE_SIZE}.` }) },
      resolve: (k, args) => take(k.formations, args.first, 'first'),
    }),
    filledSeats: t.int({ description: 'Seats filled, optimalisasi included.', resolve: (k) => k.totals.filledSeats }),
    placedByOptimalisasi: t.int({ resolve: (k) => k.totals.placedByOptimalisasi }),
    fillRate: t.float({ nullable: true, description: 'Filled seats / quota (0..1), optimalisasi included.', resolve: (k) => k.totals.fillRate }),
    fillRateBeforeOptimalisasi: t.float({ nullable: true, resolve: (k) => k.totals.fillRateBeforeOptimalisasi }),
    unfilledFormationCount: t.int({ description: 'Formations whose final result is in with seats still empty.', resolve: (k) => k.totals.unfilledFormationCount }),
    unfilledSeats: t.int({ resolve: (k) => k.totals.unfilledSeats }),
    unfilledFormations: t.field({
      type: [FormationKpiRef],
      description: 'Formations whose final result is in with seats still empty, most empty seats first.',
      args: { first: t.arg.int({ defaultValue: 20, description: `At most ${MAX_PAGE_SIZE}.` }) },
      resolve: (k, args) => take(unfilledFormations(k.formations), args.first, 'first'),
    }),
    daysToFinalResult: t.int({ nullable: true, description: 'Days from the opening of registration to the first FINAL announcement.', resolve: (k) => k.daysToFinalResult }),
    byGender: t.field({ type: [GenderCountRef], resolve: (k) => k.byGender }),
    byEducationLevel: t.field({ type: [EducationCountRef], resolve: (k) => k.byEducationLevel as never }),
    byDisability: t.field({ type: [DisabilityCountRef], resolve: (k) => k.byDisability }),
    byOrigin: t.field({ type: [OriginCountRef], resolve: (k) => k.byOrigin }),
  }),
});

builder.queryFields((t) => ({
  recruitmentKpis: t.field({
    type: RecruitmentKpisRef,
    nullable: true,
    description: 'Recruitment KPIs of a region (Kemendagri code) and everything below it, for a selection year (the latest when omitted); null when either does not exist.',
    authScopes: access('Query', 'recruitmentKpis'),
    args: { regionCode: t.arg.string({ required: true }), selectionYear: t.arg.int() },
    resolve: (_root, args, ctx) => ctx.kpis.compute(args.regionCode, args.selectionYear),
  }),
}));

builder.subscriptionFields((t) => ({
  kpisUpdated: t.field({
    type: RecruitmentKpisRef,
    description: "A region's KPIs: the current figures first, then a push whenever scores or applications change them (at most one per interval).",
    authScopes: access('Subscription', 'kpisUpdated'),
    args: { regionCode: t.arg.string({ required: true }), selectionYear: t.arg.int({ description: 'The latest when omitted.' }) },
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
