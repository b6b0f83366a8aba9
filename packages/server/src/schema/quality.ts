/** Service quality: SKM survey periods and responses, the IKM, complaints (U8), and its live topic. */
import { AgeBand, FeedbackCategory, FeedbackKind, FeedbackStatus, Gender, RespondentEducation, RespondentOccupation, SurveyPeriodStatus } from '../generated/prisma/enums.js';
import { SKM_ELEMENTS } from '../domain/ikm.js';
import { checkPageSize, InputError } from '../errors.js';
import type { FeedbackMetricsUpdate } from '../live/hub.js';
import { moveFeedback } from '../quality/feedback.js';
import { serviceSatisfaction, type ComplaintMetrics, type IndexFigures, type RegionFigures, type ServiceSatisfaction, type TrendPoint, type UnitSatisfaction } from '../quality/satisfaction.js';
import { closeSurveyPeriod, openSurveyPeriod, submitSurveyResponse, type SubmissionSource } from '../quality/surveys.js';
import { consumeRateLimit, type RateLimitBucket } from '../access/rate-limit.js';
import type { Context } from '../context.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';
import { regionSubtree } from '../db/regions.js';
import { ServiceUnitRef } from './region.js';

const SurveyPeriodStatusEnum = builder.enumType(SurveyPeriodStatus, { name: 'SurveyPeriodStatus' });
const RespondentGenderEnum = builder.enumType(Gender, { name: 'RespondentGender' });
const AgeBandEnum = builder.enumType(AgeBand, { name: 'AgeBand' });
const RespondentEducationEnum = builder.enumType(RespondentEducation, { name: 'RespondentEducation' });
const RespondentOccupationEnum = builder.enumType(RespondentOccupation, { name: 'RespondentOccupation' });
const FeedbackKindEnum = builder.enumType(FeedbackKind, { name: 'FeedbackKind' });
const FeedbackCategoryEnum = builder.enumType(FeedbackCategory, {
  name: 'FeedbackCategory',
  description: `The SKM element a complaint or suggestion is about: ${SKM_ELEMENTS.map((e) => `${e.code} ${e.name}`).join('; ')}; or OTHER.`,
});
const FeedbackStatusEnum = builder.enumType(FeedbackStatus, { name: 'FeedbackStatus', description: 'OPEN -> ANSWERED -> CLOSED.' });
const IkmQualityEnum = builder.enumType('IkmQuality', {
  description: 'Mutu pelayanan by the converted IKM (two decimals): A 88.31-100, B 76.61-88.30, C 65.00-76.60, D 25.00-64.99.',
  values: ['A', 'B', 'C', 'D'] as const,
});
const IkmPerformanceEnum = builder.enumType('IkmPerformance', {
  description: 'Kinerja unit pelayanan: A sangat baik, B baik, C kurang baik, D tidak baik.',
  values: { SANGAT_BAIK: { value: 'sangat baik' }, BAIK: { value: 'baik' }, KURANG_BAIK: { value: 'kurang baik' }, TIDAK_BAIK: { value: 'tidak baik' } } as const,
});

const official = { official: true } as const;

export const SurveyPeriodRef = builder.prismaNode('SurveyPeriod', {
  id: { field: 'id' },
  description: 'One SKM round of a service unit, e.g. "2024-S1".',
  authScopes: { public: true },
  fields: (t) => ({
    label: t.exposeString('label'),
    opensAt: t.expose('opensAt', { type: 'DateTime' }),
    closesAt: t.expose('closesAt', { type: 'DateTime' }),
    status: t.expose('status', { type: SurveyPeriodStatusEnum }),
    acceptingResponses: t.boolean({
      description: 'OPEN, and now between opensAt and closesAt.',
      select: { status: true, opensAt: true, closesAt: true },
      resolve: (p) => p.status === 'OPEN' && p.opensAt.getTime() <= Date.now() && Date.now() < p.closesAt.getTime(),
    }),
    serviceUnit: t.relation('serviceUnit'),
    respondents: t.relationCount('responses'),
  }),
});

builder.prismaObjectField(ServiceUnitRef, 'currentSurveyPeriod', (t) =>
  t.prismaField({
    type: 'SurveyPeriod',
    nullable: true,
    description: 'Periode survei berjalan: the period taking responses now, or null (the survey form says the survey is closed).',
    resolve: (query, unit, _args, ctx) => {
      const now = new Date();
      return ctx.prisma.surveyPeriod.findFirst({ ...query, where: { serviceUnitId: unit.id, status: 'OPEN', opensAt: { lte: now }, closesAt: { gt: now } }, orderBy: { opensAt: 'desc' } });
    },
  }),
);

const ElementAverageRef = builder.objectRef<{ code: string; name: string; label: string; average: number }>('ElementAverage').implement({
  description: 'The average answer (1..4) of one SKM element.',
  authScopes: { public: true },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'U1..U9.' }),
    name: t.exposeString('name', { description: 'Nama unsur (Bahasa Indonesia).' }),
    label: t.exposeString('label', { description: 'The element in English.' }),
    average: t.exposeFloat('average'),
  }),
});

const SatisfactionIndexRef = builder.objectRef<IndexFigures>('SatisfactionIndex').implement({
  description: 'IKM (PermenPANRB 14/2017): the mean of the nine element averages, converted x 25, graded A-D. Values are unrounded.',
  authScopes: { public: true },
  fields: (t) => ({
    respondents: t.exposeInt('respondents'),
    elements: t.field({ type: [ElementAverageRef], resolve: (i) => SKM_ELEMENTS.map((e, n) => ({ ...e, average: i.elementAverages[n]! })) }),
    ikm: t.exposeFloat('ikm', { description: 'Mean of the element averages, 1..4.' }),
    converted: t.exposeFloat('converted', { description: 'IKM x 25, 25..100; published to two decimals.' }),
    quality: t.field({ type: IkmQualityEnum, resolve: (i) => i.quality }),
    performance: t.field({ type: IkmPerformanceEnum, resolve: (i) => i.performance }),
  }),
});

const ComplaintMetricsRef = builder.objectRef<ComplaintMetrics>('ComplaintMetrics').implement({
  description: 'Complaints and suggestions (U8) of a period: counts by status and the time to a first answer.',
  authScopes: { public: true },
  fields: (t) => ({
    total: t.exposeInt('total'),
    complaints: t.exposeInt('complaints'),
    suggestions: t.exposeInt('suggestions'),
    open: t.exposeInt('open'),
    answered: t.exposeInt('answered'),
    closed: t.exposeInt('closed'),
    meanHoursToFirstAnswer: t.exposeFloat('meanHoursToFirstAnswer', { nullable: true }),
    medianHoursToFirstAnswer: t.exposeFloat('medianHoursToFirstAnswer', { nullable: true }),
  }),
});

const UnitSatisfactionRef = builder.objectRef<UnitSatisfaction>('UnitSatisfaction').implement({
  description: "A unit's index for the period, with the sample it needs (Krejcie-Morgan for the population it serves).",
  authScopes: { public: true },
  fields: (t) => ({
    serviceUnit: t.field({ type: ServiceUnitRef, resolve: (u) => u.unit }),
    period: t.field({ type: SurveyPeriodRef, nullable: true, description: "The unit's period with this label; null when it ran none.", resolve: (u) => u.period }),
    respondents: t.exposeInt('respondents'),
    requiredSample: t.exposeInt('requiredSample'),
    provisional: t.exposeBoolean('provisional', { description: 'Fewer respondents than the required sample.' }),
    index: t.field({ type: SatisfactionIndexRef, nullable: true, resolve: (u) => u.index }),
    complaints: t.field({ type: ComplaintMetricsRef, resolve: (u) => u.complaints }),
  }),
});

const RegionSatisfactionRef = builder.objectRef<RegionFigures>('RegionSatisfaction').implement({
  description: 'A region rolled up from every unit below it, weighted by respondents.',
  authScopes: { public: true },
  fields: (t) => ({
    region: t.prismaField({ type: 'Region', resolve: (query, r, _a, ctx) => ctx.prisma.region.findUniqueOrThrow({ ...query, where: { id: r.regionId } }) }),
    respondents: t.exposeInt('respondents'),
    provisional: t.exposeBoolean('provisional', { description: 'Some unit below it has fewer respondents than its required sample.' }),
    index: t.field({ type: SatisfactionIndexRef, nullable: true, resolve: (r) => r.index }),
  }),
});

const SatisfactionTrendPointRef = builder.objectRef<TrendPoint>('SatisfactionTrendPoint').implement({
  description: 'The index of one period, for the trend.',
  authScopes: { public: true },
  fields: (t) => ({
    period: t.exposeString('period'),
    opensAt: t.field({ type: 'DateTime', resolve: (p) => p.opensAt }),
    respondents: t.int({ resolve: (p) => p.index?.respondents ?? 0 }),
    index: t.field({ type: SatisfactionIndexRef, nullable: true, resolve: (p) => p.index }),
  }),
});

const ServiceSatisfactionRef = builder.objectRef<ServiceSatisfaction>('ServiceSatisfaction').implement({
  description: 'The satisfaction index of a region (rolled up unit -> kecamatan -> kabupaten/kota -> province) or of one unit, for one period.',
  authScopes: { public: true },
  fields: (t) => ({
    period: t.exposeString('period', { nullable: true, description: 'Null when no survey was ever run here.' }),
    region: t.prismaField({
      type: 'Region',
      nullable: true,
      resolve: (query, s, _a, ctx) => (s.regionId === null ? null : ctx.prisma.region.findUnique({ ...query, where: { id: s.regionId } })),
    }),
    serviceUnit: t.field({ type: ServiceUnitRef, nullable: true, resolve: (s) => (s.serviceUnitId === null ? null : s.units[0]!.unit) }),
    respondents: t.exposeInt('respondents'),
    provisional: t.exposeBoolean('provisional', { description: 'Some unit has fewer respondents than its required sample.' }),
    index: t.field({ type: SatisfactionIndexRef, nullable: true, resolve: (s) => s.index }),
    complaints: t.field({ type: ComplaintMetricsRef, resolve: (s) => s.complaints }),
    units: t.field({ type: [UnitSatisfactionRef], description: 'Every unit in scope.', resolve: (s) => s.units }),
    children: t.field({ type: [RegionSatisfactionRef], description: "The region's direct children.", resolve: (s) => s.children }),
    trend: t.field({ type: [SatisfactionTrendPointRef], description: 'Every period, oldest first.', resolve: (s) => s.trend }),
  }),
});

const FeedbackMetricsUpdateRef = builder.objectRef<FeedbackMetricsUpdate>('FeedbackMetricsUpdate').implement({
  description: "A live push of a region's satisfaction index and its units', while responses arrive.",
  authScopes: { public: true },
  fields: (t) => ({
    regionCode: t.exposeString('regionCode'),
    sequence: t.exposeInt('sequence'),
    updatedAt: t.field({ type: 'DateTime', resolve: (u) => u.updatedAt }),
    changedUnitIds: t.globalIDList({
      description: 'Service units that received responses since the previous push.',
      resolve: (u) => u.changedUnitIds.map((id) => ({ type: 'ServiceUnit', id })),
    }),
    satisfaction: t.field({ type: ServiceSatisfactionRef, resolve: (u) => u.satisfaction }),
  }),
});

builder.prismaObject('FeedbackAnswer', {
  authScopes: official,
  fields: (t) => ({
    text: t.exposeString('text'),
    official: t.exposeString('official'),
    answeredAt: t.expose('answeredAt', { type: 'DateTime' }),
  }),
});

export const FeedbackRef = builder.prismaNode('Feedback', {
  id: { field: 'id' },
  description: 'A complaint or suggestion left with a survey response. Its text may name people: officials only.',
  authScopes: official,
  fields: (t) => ({
    kind: t.expose('kind', { type: FeedbackKindEnum }),
    category: t.expose('category', { type: FeedbackCategoryEnum }),
    text: t.exposeString('text'),
    status: t.expose('status', { type: FeedbackStatusEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    firstAnsweredAt: t.expose('firstAnsweredAt', { type: 'DateTime', nullable: true }),
    closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
    serviceUnit: t.relation('serviceUnit'),
    period: t.relation('period'),
    answers: t.relation('answers', { query: { orderBy: { answeredAt: 'asc' } } }),
  }),
});

builder.queryFields((t) => ({
  serviceSatisfaction: t.field({
    type: ServiceSatisfactionRef,
    description: 'The IKM of a region (and everything below it) or of one service unit; without a period, the latest one heard.',
    authScopes: access('Query', 'serviceSatisfaction'),
    args: {
      regionCode: t.arg.string({ description: 'Kemendagri code, e.g. "15.71".' }),
      serviceUnitId: t.arg.globalID({ for: [ServiceUnitRef] }),
      period: t.arg.string({ description: 'A period label, e.g. "2025-S1".' }),
    },
    resolve: (_root, args, ctx) => {
      if (!args.regionCode === !args.serviceUnitId) throw new InputError('regionCode', 'give either a regionCode or a serviceUnitId');
      const scope = args.regionCode ? { regionCode: args.regionCode } : { serviceUnitId: Number(args.serviceUnitId!.id) };
      return serviceSatisfaction(ctx.prisma, scope, args.period);
    },
  }),
  surveyPeriods: t.prismaField({
    type: ['SurveyPeriod'],
    description: "A unit's survey periods, newest first.",
    authScopes: access('Query', 'surveyPeriods'),
    args: { serviceUnitId: t.arg.globalID({ for: [ServiceUnitRef], required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.surveyPeriod.findMany({ ...query, where: { serviceUnitId: Number(args.serviceUnitId.id) }, orderBy: { opensAt: 'desc' } }),
  }),
  feedback: t.prismaConnection(
    {
      type: 'Feedback',
      cursor: 'id',
      description: 'Complaints and suggestions of a unit or region, oldest first.',
      authScopes: access('Query', 'feedback'),
      args: {
        regionCode: t.arg.string(),
        serviceUnitId: t.arg.globalID({ for: [ServiceUnitRef] }),
        status: t.arg({ type: FeedbackStatusEnum }),
      },
      resolve: (query, _root, args, ctx) => {
        checkPageSize(args);
        return ctx.prisma.feedback.findMany({
          ...query,
          where: {
            ...(args.serviceUnitId ? { serviceUnitId: Number(args.serviceUnitId.id) } : {}),
            ...(args.regionCode ? { serviceUnit: { region: regionSubtree(args.regionCode) } } : {}),
            ...(args.status ? { status: args.status } : {}),
          },
          orderBy: { id: 'asc' },
        });
      },
    },
    { name: 'FeedbackConnection' },
    { name: 'FeedbackEdge' },
  ),
}));

const RespondentProfileInput = builder.inputType('RespondentProfileInput', {
  description: 'Optional, and never enough to tell who answered.',
  fields: (t) => ({
    gender: t.field({ type: RespondentGenderEnum }),
    ageBand: t.field({ type: AgeBandEnum }),
    education: t.field({ type: RespondentEducationEnum }),
    occupation: t.field({ type: RespondentOccupationEnum }),
  }),
});

const SurveyCommentInput = builder.inputType('SurveyCommentInput', {
  description: 'A complaint or suggestion with the response; officials answer it.',
  fields: (t) => ({
    kind: t.field({ type: FeedbackKindEnum, required: true }),
    category: t.field({ type: FeedbackCategoryEnum, required: true }),
    text: t.string({ required: true }),
  }),
});

const SubmitSurveyResponsePayload = builder.objectRef<{ period: string; commentRecorded: boolean }>('SubmitSurveyResponsePayload').implement({
  authScopes: { public: true },
  fields: (t) => ({
    period: t.exposeString('period', { description: 'The period the response counts in.' }),
    commentRecorded: t.exposeBoolean('commentRecorded'),
  }),
});

const DeviceTokenRef = builder.objectRef<{ token: string; expiresAt: Date; serviceUnitId: number | null }>('DeviceToken').implement({
  description: 'Token perangkat: a token this server signed, proving one phone (or one kiosk) to the anonymous inputs; it says nothing about who holds it.',
  authScopes: { public: true },
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Pass it as deviceToken; keep it on the device until it expires.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'After this, ask for a new one.' }),
    serviceUnit: t.field({
      type: ServiceUnitRef,
      nullable: true,
      description: "The unit a kiosk token serves; null for a phone's token.",
      resolve: (d, _args, ctx) => (d.serviceUnitId === null ? null : ctx.prisma.serviceUnit.findUnique({ where: { id: d.serviceUnitId } })),
    }),
  }),
});

/**
 * The verified source of an anonymous input (SKM response, aspiration) and the limits it counts
 * against: a kiosk token per kiosk; anything else from the public per address (made-up tokens
 * too); with `perDevice`, a phone's token per device as well. A partner key is limited per key
 * already. The address is only counted, never handed on.
 */
export async function anonymousSource(ctx: Context, deviceToken: string | null | undefined, perDevice?: RateLimitBucket): Promise<SubmissionSource> {
  const partner = ctx.viewer.scopes.has('feedback:write');
  let token = null;
  if (deviceToken) {
    try {
      token = ctx.surveyGuard.verify(deviceToken);
    } catch (err) {
      if (!partner) await consumeRateLimit(ctx, 'anonymous-input');
      throw err;
    }
  }
  if (token?.kind === 'kiosk') await ctx.rateLimiter.consume('kiosk', `kiosk:${token.id}`);
  else if (!partner) await consumeRateLimit(ctx, 'anonymous-input');
  if (perDevice && token?.kind === 'device') await ctx.rateLimiter.consume(perDevice, `device:${token.id}`);
  return { kind: partner ? 'partner' : 'public', token };
}

builder.mutationFields((t) => ({
  issueDeviceToken: t.field({
    type: DeviceTokenRef,
    description:
      'Minta token perangkat: a signed token for this phone, needed to answer a survey or send an aspiration (one response per unit, period and token). ' +
      'Limited per address; the address is not kept with the token.',
    authScopes: access('Mutation', 'issueDeviceToken'),
    resolve: async (_root, _args, ctx) => {
      await consumeRateLimit(ctx, 'device-token');
      return { ...ctx.surveyGuard.issue('device'), serviceUnitId: null };
    },
  }),
  issueKioskToken: t.field({
    type: DeviceTokenRef,
    description:
      'Daftarkan kiosk: an official registers a counter kiosk for one unit for a working day (16 hours); its token vouches for many respondents ' +
      'at that unit only, a few a minute.',
    authScopes: access('Mutation', 'issueKioskToken'),
    args: { serviceUnitId: t.arg.globalID({ for: [ServiceUnitRef], required: true }) },
    resolve: async (_root, args, ctx) => {
      const unit = await ctx.prisma.serviceUnit.findUnique({ where: { id: Number(args.serviceUnitId.id) }, select: { id: true } });
      if (!unit) throw new InputError('serviceUnitId', 'no service unit with this id');
      return { ...ctx.surveyGuard.issue('kiosk', new Date(), unit.id), serviceUnitId: unit.id };
    },
  }),
  submitSurveyResponse: t.field({
    type: SubmitSurveyResponsePayload,
    description:
      'One SKM response: nine answers U1-U9 on 1..4. Open to the public with a device token from issueDeviceToken (one response per unit, period and ' +
      'token; a kiosk token from issueKioskToken vouches for many at its unit) and to partner kiosks (feedback:write). Nothing identifying is stored.',
    authScopes: access('Mutation', 'submitSurveyResponse'),
    args: {
      serviceUnitId: t.arg.globalID({ for: [ServiceUnitRef], required: true }),
      answers: t.arg.intList({ required: true }),
      respondent: t.arg({ type: RespondentProfileInput }),
      comment: t.arg({ type: SurveyCommentInput }),
      period: t.arg.string({ description: "A period label; the unit's open period when omitted." }),
      deviceToken: t.arg.string({ description: 'Token perangkat from issueDeviceToken or issueKioskToken; made-up tokens are refused. Only a keyed hash of its id is kept, until the period closes.' }),
    },
    resolve: async (_root, args, ctx) => {
      const source = await anonymousSource(ctx, args.deviceToken);
      const result = await submitSurveyResponse(ctx.prisma, ctx.surveyGuard, { serviceUnitId: Number(args.serviceUnitId.id), answers: args.answers, respondent: args.respondent, comment: args.comment, period: args.period }, source, ctx.now());
      ctx.live.publishResponses(result.arrived); // after the commit
      return { period: result.period, commentRecorded: result.feedbackId !== null };
    },
  }),
  openSurveyPeriod: t.prismaField({
    type: 'SurveyPeriod',
    description: 'Opens an SKM round for a unit; periods of a unit never overlap.',
    authScopes: access('Mutation', 'openSurveyPeriod'),
    args: {
      serviceUnitId: t.arg.globalID({ for: [ServiceUnitRef], required: true }),
      label: t.arg.string({ required: true }),
      opensAt: t.arg({ type: 'DateTime', required: true }),
      closesAt: t.arg({ type: 'DateTime', required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const period = await openSurveyPeriod(ctx.prisma, { serviceUnitId: Number(args.serviceUnitId.id), label: args.label, opensAt: args.opensAt, closesAt: args.closesAt });
      return ctx.prisma.surveyPeriod.findUniqueOrThrow({ ...query, where: { id: period.id } });
    },
  }),
  closeSurveyPeriod: t.prismaField({
    type: 'SurveyPeriod',
    description: 'Closes a period: no more responses, and its duplicate guard is deleted.',
    authScopes: access('Mutation', 'closeSurveyPeriod'),
    args: { id: t.arg.globalID({ for: [SurveyPeriodRef], required: true }) },
    resolve: async (query, _root, args, ctx) => {
      await closeSurveyPeriod(ctx.prisma, Number(args.id.id));
      return ctx.prisma.surveyPeriod.findUniqueOrThrow({ ...query, where: { id: Number(args.id.id) } });
    },
  }),
  answerFeedback: t.prismaField({
    type: 'Feedback',
    description: 'Answers a complaint or suggestion (OPEN or ANSWERED -> ANSWERED).',
    authScopes: access('Mutation', 'answerFeedback'),
    args: {
      id: t.arg.globalID({ for: [FeedbackRef], required: true }),
      text: t.arg.string({ required: true }),
      official: t.arg.string({ required: true, description: 'Who answers, as they sign (e.g. "Kepala Puskesmas Plaju").' }),
    },
    resolve: async (query, _root, args, ctx) => {
      await moveFeedback(ctx.prisma, { feedbackId: Number(args.id.id), to: 'ANSWERED', answer: { text: args.text, official: args.official } });
      return ctx.prisma.feedback.findUniqueOrThrow({ ...query, where: { id: Number(args.id.id) } });
    },
  }),
  closeFeedback: t.prismaField({
    type: 'Feedback',
    description: 'Closes an answered complaint or suggestion (ANSWERED -> CLOSED).',
    authScopes: access('Mutation', 'closeFeedback'),
    args: { id: t.arg.globalID({ for: [FeedbackRef], required: true }) },
    resolve: async (query, _root, args, ctx) => {
      await moveFeedback(ctx.prisma, { feedbackId: Number(args.id.id), to: 'CLOSED' });
      return ctx.prisma.feedback.findUniqueOrThrow({ ...query, where: { id: Number(args.id.id) } });
    },
  }),
}));

builder.subscriptionFields((t) => ({
  feedbackMetricsUpdated: t.field({
    type: FeedbackMetricsUpdateRef,
    description: "A region's satisfaction index and its units': the current figures first, then at most one push per interval while responses arrive.",
    authScopes: access('Subscription', 'feedbackMetricsUpdated'),
    args: { regionCode: t.arg.string({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      if (!(await ctx.prisma.region.findUnique({ where: { code: args.regionCode }, select: { id: true } }))) throw new InputError('regionCode', `no region ${args.regionCode}`);
      return ctx.live.feedbackMetrics(args.regionCode);
    },
    resolve: (update) => update,
  }),
}));
