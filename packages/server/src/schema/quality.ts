/** Service quality: SKM survey periods and responses, the IKM, complaints (U8), and its live topic. */
import {
  AgeBand,
  FeedbackCategory,
  FeedbackKind,
  FeedbackStatus,
  Gender,
  RespondentEducation,
  RespondentOccupation,
  SurveyPeriodStatus,
} from '../generated/prisma/enums.js';
import { SKM_ELEMENTS } from '../domain/ikm.js';
import { checkPageSize, InputError } from '../errors.js';
import type { FeedbackMetricsUpdate } from '../live/hub.js';
import { moveFeedback } from '../quality/feedback.js';
import {
  serviceSatisfaction,
  type ComplaintMetrics,
  type IndexFigures,
  type RegionFigures,
  type ServiceSatisfaction,
  type TrendPoint,
  type UnitSatisfaction,
} from '../quality/satisfaction.js';
import { closeSurveyPeriod, openSurveyPeriod, submitSurveyResponse, type SubmissionSource } from '../quality/surveys.js';
import { consumeRateLimit, type RateLimitBucket } from '../access/rate-limit.js';
import type { Context } from '../context.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';
import { regionSubtree } from '../db/regions.js';
import { ServiceUnitRef } from './region.js';

const SurveyPeriodStatusEnum = builder.enumType(SurveyPeriodStatus, {
  name: 'SurveyPeriodStatus',
  description: 'Status periode survei: whether a survey period still takes responses.',
  values: {
    OPEN: { description: 'Dibuka: takes responses between opensAt and closesAt.' },
    CLOSED: { description: 'Ditutup: closed by an official; its duplicate guard is deleted.' },
  },
});
const RespondentGenderEnum = builder.enumType(Gender, {
  name: 'RespondentGender',
  description: "Jenis kelamin responden: the respondent's sex, if they give it.",
  values: {
    MALE: { description: 'Laki-laki.' },
    FEMALE: { description: 'Perempuan.' },
  },
});
const AgeBandEnum = builder.enumType(AgeBand, {
  name: 'AgeBand',
  description: "Kelompok umur: the respondent's age band, if they give it.",
  values: {
    BELOW_20: { description: 'Under 20.' },
    AGE_20_29: { description: '20 to 29.' },
    AGE_30_39: { description: '30 to 39.' },
    AGE_40_49: { description: '40 to 49.' },
    AGE_50_59: { description: '50 to 59.' },
    AGE_60_PLUS: { description: '60 or older.' },
  },
});
const RespondentEducationEnum = builder.enumType(RespondentEducation, {
  name: 'RespondentEducation',
  description: "Pendidikan responden: the respondent's schooling, if they give it.",
  values: {
    SD: { description: 'SD: primary school.' },
    SMP: { description: 'SMP: junior secondary school.' },
    SMA: { description: 'SMA/SMK: senior secondary school.' },
    DIPLOMA: { description: 'Diploma (D1-D4).' },
    S1: { description: 'Sarjana (S1).' },
    S2: { description: 'Magister (S2).' },
    S3: { description: 'Doktor (S3).' },
  },
});
const RespondentOccupationEnum = builder.enumType(RespondentOccupation, {
  name: 'RespondentOccupation',
  description: "Pekerjaan responden: the respondent's occupation, if they give it.",
  values: {
    PNS: { description: 'PNS: civil servant.' },
    TNI_POLRI: { description: 'TNI/Polri: armed forces or police.' },
    SWASTA: { description: 'Pegawai swasta: private-sector employee.' },
    WIRAUSAHA: { description: 'Wirausaha: self-employed.' },
    PELAJAR_MAHASISWA: { description: 'Pelajar/mahasiswa: pupil or student.' },
    LAINNYA: { description: 'Lainnya: anything else.' },
  },
});
const FeedbackKindEnum = builder.enumType(FeedbackKind, {
  name: 'FeedbackKind',
  description: 'Jenis masukan: a complaint or a suggestion.',
  values: {
    COMPLAINT: { description: 'Pengaduan: a complaint about the service.' },
    SUGGESTION: { description: 'Saran: a suggestion for the service.' },
  },
});
const FeedbackCategoryEnum = builder.enumType(FeedbackCategory, {
  name: 'FeedbackCategory',
  description: `The SKM element a complaint or suggestion is about: ${SKM_ELEMENTS.map((e) => `${e.code} ${e.name}`).join('; ')}; or OTHER.`,
  values: {
    ...Object.fromEntries(SKM_ELEMENTS.map((e) => [e.code, { description: `${e.name}: ${e.label.toLowerCase()}.` }])),
    OTHER: { description: 'Lainnya: anything outside the nine elements.' },
  },
});
const FeedbackStatusEnum = builder.enumType(FeedbackStatus, {
  name: 'FeedbackStatus',
  description: 'OPEN -> ANSWERED -> CLOSED.',
  values: {
    OPEN: { description: 'Terbuka: not answered yet.' },
    ANSWERED: { description: 'Dijawab: an official answered it.' },
    CLOSED: { description: 'Selesai: closed by an official.' },
  },
});
const IkmQualityEnum = builder.enumType('IkmQuality', {
  description: 'Mutu pelayanan by the converted IKM (two decimals): A 88.31-100, B 76.61-88.30, C 65.00-76.60, D 25.00-64.99.',
  values: {
    A: { description: 'Sangat baik: converted IKM 88.31-100.' },
    B: { description: 'Baik: converted IKM 76.61-88.30.' },
    C: { description: 'Kurang baik: converted IKM 65.00-76.60.' },
    D: { description: 'Tidak baik: converted IKM 25.00-64.99.' },
  } as const,
});
const IkmPerformanceEnum = builder.enumType('IkmPerformance', {
  description: 'Kinerja unit pelayanan: A sangat baik, B baik, C kurang baik, D tidak baik.',
  values: {
    SANGAT_BAIK: { description: 'Sangat baik: very good (A).', value: 'sangat baik' },
    BAIK: { description: 'Baik: good (B).', value: 'baik' },
    KURANG_BAIK: { description: 'Kurang baik: poor (C).', value: 'kurang baik' },
    TIDAK_BAIK: { description: 'Tidak baik: bad (D).', value: 'tidak baik' },
  } as const,
});

const official = { official: true } as const;

export const SurveyPeriodRef = builder.prismaNode('SurveyPeriod', {
  id: { field: 'id' },
  description: 'One SKM round of a service unit, e.g. "2024-S1".',
  authScopes: { public: true },
  fields: (t) => ({
    label: t.exposeString('label', { description: `Label periode: the period's name, e.g. "2025-S1"; periods of the same label are compared across units.` }),
    opensAt: t.expose('opensAt', { description: 'When responses open.', type: 'DateTime' }),
    closesAt: t.expose('closesAt', { description: 'When responses close.', type: 'DateTime' }),
    status: t.expose('status', { description: 'OPEN or CLOSED.', type: SurveyPeriodStatusEnum }),
    acceptingResponses: t.boolean({
      description: 'OPEN, and now between opensAt and closesAt.',
      select: { status: true, opensAt: true, closesAt: true },
      resolve: (p) => p.status === 'OPEN' && p.opensAt.getTime() <= Date.now() && Date.now() < p.closesAt.getTime(),
    }),
    serviceUnit: t.field({
      type: ServiceUnitRef,
      description: 'Unit layanan: the unit surveyed.',
      select: { serviceUnitId: true },
      resolve: (p, _args, ctx) => ctx.catalogue.serviceUnit(p.serviceUnitId),
    }),
    respondents: t.relationCount('responses', { description: 'Responden: responses received.' }),
  }),
});

builder.prismaObjectField(ServiceUnitRef, 'currentSurveyPeriod', (t) =>
  t.prismaField({
    type: 'SurveyPeriod',
    nullable: true,
    description: 'Periode survei berjalan: the period taking responses now, or null (the survey form says the survey is closed).',
    resolve: (query, unit, _args, ctx) => {
      const now = new Date();
      return ctx.prisma.surveyPeriod.findFirst({
        ...query,
        where: { serviceUnitId: unit.id, status: 'OPEN', opensAt: { lte: now }, closesAt: { gt: now } },
        orderBy: { opensAt: 'desc' },
      });
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
    average: t.exposeFloat('average', { description: "Nilai rata-rata: the element's mean answer, 1..4." }),
  }),
});

const SatisfactionIndexRef = builder.objectRef<IndexFigures>('SatisfactionIndex').implement({
  description: 'IKM (PermenPANRB 14/2017): the mean of the nine element averages, converted x 25, graded A-D. Values are unrounded.',
  authScopes: { public: true },
  fields: (t) => ({
    respondents: t.exposeInt('respondents', { description: 'Responden: responses counted.' }),
    elements: t.field({
      description: 'The nine SKM elements (U1-U9) with their averages.',
      type: [ElementAverageRef],
      resolve: (i) => SKM_ELEMENTS.map((e, n) => ({ ...e, average: i.elementAverages[n]! })),
    }),
    ikm: t.exposeFloat('ikm', { description: 'Mean of the element averages, 1..4.' }),
    converted: t.exposeFloat('converted', { description: 'IKM x 25, 25..100; published to two decimals.' }),
    quality: t.field({ description: 'Mutu pelayanan: A-D by the converted IKM.', type: IkmQualityEnum, resolve: (i) => i.quality }),
    performance: t.field({ description: 'Kinerja unit pelayanan: sangat baik to tidak baik.', type: IkmPerformanceEnum, resolve: (i) => i.performance }),
  }),
});

const ComplaintMetricsRef = builder.objectRef<ComplaintMetrics>('ComplaintMetrics').implement({
  description: 'Complaints and suggestions (U8) of a period: counts by status and the time to a first answer.',
  authScopes: { public: true },
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'Complaints and suggestions received.' }),
    complaints: t.exposeInt('complaints', { description: 'Pengaduan: complaints.' }),
    suggestions: t.exposeInt('suggestions', { description: 'Saran: suggestions.' }),
    open: t.exposeInt('open', { description: 'Not answered yet.' }),
    answered: t.exposeInt('answered', { description: 'Answered, not closed.' }),
    closed: t.exposeInt('closed', { description: 'Closed.' }),
    meanHoursToFirstAnswer: t.exposeFloat('meanHoursToFirstAnswer', {
      description: 'Mean hours from receipt to the first answer; null when none was answered.',
      nullable: true,
    }),
    medianHoursToFirstAnswer: t.exposeFloat('medianHoursToFirstAnswer', {
      description: 'Median hours from receipt to the first answer; null when none was answered.',
      nullable: true,
    }),
  }),
});

const UnitSatisfactionRef = builder.objectRef<UnitSatisfaction>('UnitSatisfaction').implement({
  description: "A unit's index for the period, with the sample it needs (Krejcie-Morgan for the population it serves).",
  authScopes: { public: true },
  fields: (t) => ({
    serviceUnit: t.field({ description: 'Unit layanan.', type: ServiceUnitRef, resolve: (u) => u.unit }),
    period: t.field({
      type: SurveyPeriodRef,
      nullable: true,
      description: "The unit's period with this label; null when it ran none.",
      resolve: (u) => u.period,
    }),
    respondents: t.exposeInt('respondents', { description: 'Responden: responses in the period.' }),
    requiredSample: t.exposeInt('requiredSample', {
      description: 'Sampel minimum: respondents the Krejcie-Morgan table asks for, given the population served.',
    }),
    provisional: t.exposeBoolean('provisional', { description: 'Fewer respondents than the required sample.' }),
    index: t.field({ description: "The unit's index; null without responses.", type: SatisfactionIndexRef, nullable: true, resolve: (u) => u.index }),
    complaints: t.field({ description: "The unit's complaints and suggestions.", type: ComplaintMetricsRef, resolve: (u) => u.complaints }),
  }),
});

const RegionSatisfactionRef = builder.objectRef<RegionFigures>('RegionSatisfaction').implement({
  description: 'A region rolled up from every unit below it, weighted by respondents.',
  authScopes: { public: true },
  fields: (t) => ({
    region: t.prismaField({
      description: 'Wilayah.',
      type: 'Region',
      resolve: (query, r, _a, ctx) => ctx.prisma.region.findUniqueOrThrow({ ...query, where: { id: r.regionId } }),
    }),
    respondents: t.exposeInt('respondents', { description: 'Responden: responses in the region and below.' }),
    provisional: t.exposeBoolean('provisional', { description: 'Some unit below it has fewer respondents than its required sample.' }),
    index: t.field({
      description: "The region's index, rolled up by respondents; null without responses.",
      type: SatisfactionIndexRef,
      nullable: true,
      resolve: (r) => r.index,
    }),
  }),
});

const SatisfactionTrendPointRef = builder.objectRef<TrendPoint>('SatisfactionTrendPoint').implement({
  description: 'The index of one period, for the trend.',
  authScopes: { public: true },
  fields: (t) => ({
    period: t.exposeString('period', { description: 'Label periode.' }),
    opensAt: t.field({ description: 'When the period opened (its place in time).', type: 'DateTime', resolve: (p) => p.opensAt }),
    respondents: t.int({ description: 'Responden: responses in the period.', resolve: (p) => p.index?.respondents ?? 0 }),
    index: t.field({ description: 'The index of that period; null without responses.', type: SatisfactionIndexRef, nullable: true, resolve: (p) => p.index }),
  }),
});

const ServiceSatisfactionRef = builder.objectRef<ServiceSatisfaction>('ServiceSatisfaction').implement({
  description: 'The satisfaction index of a region (rolled up unit -> kecamatan -> kabupaten/kota -> province) or of one unit, for one period.',
  authScopes: { public: true },
  fields: (t) => ({
    period: t.exposeString('period', { nullable: true, description: 'Null when no survey was ever run here.' }),
    region: t.prismaField({
      description: 'Wilayah: the region asked for; null when a unit was asked for.',
      type: 'Region',
      nullable: true,
      resolve: (query, s, _a, ctx) => (s.regionId === null ? null : ctx.prisma.region.findUnique({ ...query, where: { id: s.regionId } })),
    }),
    serviceUnit: t.field({
      description: 'Unit layanan: the unit asked for; null when a region was asked for.',
      type: ServiceUnitRef,
      nullable: true,
      resolve: (s) => (s.serviceUnitId === null ? null : s.units[0]!.unit),
    }),
    respondents: t.exposeInt('respondents', { description: 'Responden: responses in scope.' }),
    provisional: t.exposeBoolean('provisional', { description: 'Some unit has fewer respondents than its required sample.' }),
    index: t.field({
      description: 'Indeks Kepuasan Masyarakat (IKM) in scope; null without responses.',
      type: SatisfactionIndexRef,
      nullable: true,
      resolve: (s) => s.index,
    }),
    complaints: t.field({
      description: 'Complaints and suggestions in scope, and how fast they were answered.',
      type: ComplaintMetricsRef,
      resolve: (s) => s.complaints,
    }),
    units: t.field({ type: [UnitSatisfactionRef], description: 'Every unit in scope.', resolve: (s) => s.units }),
    children: t.field({ type: [RegionSatisfactionRef], description: "The region's direct children.", resolve: (s) => s.children }),
    trend: t.field({ type: [SatisfactionTrendPointRef], description: 'Every period, oldest first.', resolve: (s) => s.trend }),
  }),
});

const FeedbackMetricsUpdateRef = builder.objectRef<FeedbackMetricsUpdate>('FeedbackMetricsUpdate').implement({
  description: "A live push of a region's satisfaction index and its units', while responses arrive.",
  authScopes: { public: true },
  fields: (t) => ({
    regionCode: t.exposeString('regionCode', { description: 'Kode wilayah: the region this push is for.' }),
    sequence: t.exposeInt('sequence', { description: 'Counts the pushes of this subscription from 1.' }),
    updatedAt: t.field({ description: 'When the figures were computed.', type: 'DateTime', resolve: (u) => u.updatedAt }),
    changedUnitIds: t.globalIDList({
      description: 'Service units that received responses since the previous push.',
      resolve: (u) => u.changedUnitIds.map((id) => ({ type: 'ServiceUnit', id })),
    }),
    satisfaction: t.field({ description: "The region's satisfaction figures now.", type: ServiceSatisfactionRef, resolve: (u) => u.satisfaction }),
  }),
});

builder.prismaObject('FeedbackAnswer', {
  description: "Jawaban: an official's answer to a complaint or suggestion.",
  authScopes: official,
  fields: (t) => ({
    text: t.exposeString('text', { description: 'The answer.' }),
    official: t.exposeString('official', { description: "Who answered (the official's display name)." }),
    answeredAt: t.expose('answeredAt', { description: 'When.', type: 'DateTime' }),
  }),
});

export const FeedbackRef = builder.prismaNode('Feedback', {
  id: { field: 'id' },
  description: 'A complaint or suggestion left with a survey response. Its text may name people: officials only.',
  authScopes: official,
  fields: (t) => ({
    kind: t.expose('kind', { description: 'Jenis: complaint or suggestion.', type: FeedbackKindEnum }),
    category: t.expose('category', { description: 'Unsur: the SKM element it is about, or OTHER.', type: FeedbackCategoryEnum }),
    text: t.exposeString('text', { description: 'What the resident wrote.' }),
    status: t.expose('status', { description: 'OPEN, ANSWERED or CLOSED.', type: FeedbackStatusEnum }),
    createdAt: t.expose('createdAt', { description: 'When it was received.', type: 'DateTime' }),
    firstAnsweredAt: t.expose('firstAnsweredAt', { description: 'When an official first answered; null before.', type: 'DateTime', nullable: true }),
    closedAt: t.expose('closedAt', { description: 'When it was closed; null before.', type: 'DateTime', nullable: true }),
    serviceUnit: t.field({
      type: ServiceUnitRef,
      description: 'Unit layanan: the unit it is about.',
      select: { serviceUnitId: true },
      resolve: (p, _args, ctx) => ctx.catalogue.serviceUnit(p.serviceUnitId),
    }),
    period: t.relation('period', { description: 'The survey period it came with.' }),
    answers: t.relation('answers', { description: "The officials' answers, oldest first.", query: { orderBy: { answeredAt: 'asc' } } }),
  }),
});

builder.queryFields((t) => ({
  serviceSatisfaction: t.field({
    type: ServiceSatisfactionRef,
    description: 'The IKM of a region (and everything below it) or of one service unit; without a period, the latest one heard.',
    authScopes: access('Query', 'serviceSatisfaction'),
    args: {
      regionCode: t.arg.string({ description: 'Kemendagri code, e.g. "15.71".' }),
      serviceUnitId: t.arg.globalID({ description: 'Global ID of one unit (instead of regionCode).', for: [ServiceUnitRef] }),
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
    args: { serviceUnitId: t.arg.globalID({ description: 'Global ID of the unit.', for: [ServiceUnitRef], required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.surveyPeriod.findMany({ ...query, where: { serviceUnitId: Number(args.serviceUnitId.id) }, orderBy: { opensAt: 'desc' } }),
  }),
  feedback: t.prismaConnection(
    {
      type: 'Feedback',
      cursor: 'id',
      description: 'Complaints and suggestions of a unit or region, oldest first.',
      authScopes: access('Query', 'feedback'),
      args: {
        regionCode: t.arg.string({ description: 'Kode wilayah: units in this region and below.' }),
        serviceUnitId: t.arg.globalID({ description: 'Global ID of one unit.', for: [ServiceUnitRef] }),
        status: t.arg({ description: 'Only items with this status.', type: FeedbackStatusEnum }),
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
    { name: 'FeedbackConnection', description: 'A page of complaints and suggestions.' },
    { name: 'FeedbackEdge', description: 'One complaint or suggestion in a page, with its cursor.' },
  ),
}));

const RespondentProfileInput = builder.inputType('RespondentProfileInput', {
  description: 'Optional, and never enough to tell who answered.',
  fields: (t) => ({
    gender: t.field({ description: 'Jenis kelamin, if the respondent gives it.', type: RespondentGenderEnum }),
    ageBand: t.field({ description: 'Kelompok umur, if given.', type: AgeBandEnum }),
    education: t.field({ description: 'Pendidikan, if given.', type: RespondentEducationEnum }),
    occupation: t.field({ description: 'Pekerjaan, if given.', type: RespondentOccupationEnum }),
  }),
});

const SurveyCommentInput = builder.inputType('SurveyCommentInput', {
  description: 'A complaint or suggestion with the response; officials answer it.',
  fields: (t) => ({
    kind: t.field({ description: 'Complaint or suggestion.', type: FeedbackKindEnum, required: true }),
    category: t.field({ description: 'Unsur: the SKM element it is about, or OTHER.', type: FeedbackCategoryEnum, required: true }),
    text: t.string({ description: "The resident's words.", required: true }),
  }),
});

const SubmitSurveyResponsePayload = builder.objectRef<{ period: string; commentRecorded: boolean }>('SubmitSurveyResponsePayload').implement({
  description: 'Terima kasih: the response was counted.',
  authScopes: { public: true },
  fields: (t) => ({
    period: t.exposeString('period', { description: 'The period the response counts in.' }),
    commentRecorded: t.exposeBoolean('commentRecorded', { description: 'True when a complaint or suggestion came with it and was recorded.' }),
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
    args: { serviceUnitId: t.arg.globalID({ description: 'Global ID of the unit the kiosk stands at.', for: [ServiceUnitRef], required: true }) },
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
      serviceUnitId: t.arg.globalID({ description: 'Global ID of the unit rated.', for: [ServiceUnitRef], required: true }),
      answers: t.arg.intList({ description: 'Jawaban U1-U9: nine answers, each 1 (tidak baik) to 4 (sangat baik).', required: true }),
      respondent: t.arg({ description: 'Profil responden: optional, all fields optional.', type: RespondentProfileInput }),
      comment: t.arg({ description: 'An optional complaint or suggestion.', type: SurveyCommentInput }),
      period: t.arg.string({ description: "A period label; the unit's open period when omitted." }),
      deviceToken: t.arg.string({
        description:
          'Token perangkat from issueDeviceToken or issueKioskToken; made-up tokens are refused. Only a keyed hash of its id is kept, until the period closes.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const source = await anonymousSource(ctx, args.deviceToken);
      const result = await submitSurveyResponse(
        ctx.prisma,
        ctx.events,
        ctx.surveyGuard,
        { serviceUnitId: Number(args.serviceUnitId.id), answers: args.answers, respondent: args.respondent, comment: args.comment, period: args.period },
        source,
        ctx.now(),
      );
      return { period: result.period, commentRecorded: result.feedbackId !== null };
    },
  }),
  openSurveyPeriod: t.prismaField({
    type: 'SurveyPeriod',
    description: 'Opens an SKM round for a unit; periods of a unit never overlap.',
    authScopes: access('Mutation', 'openSurveyPeriod'),
    args: {
      serviceUnitId: t.arg.globalID({ description: 'Global ID of the unit.', for: [ServiceUnitRef], required: true }),
      label: t.arg.string({ description: 'Label periode, e.g. "2026-S1"; the same label across units makes them comparable.', required: true }),
      opensAt: t.arg({ description: 'When responses open.', type: 'DateTime', required: true }),
      closesAt: t.arg({ description: 'When responses close (after opensAt).', type: 'DateTime', required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const period = await openSurveyPeriod(ctx.prisma, {
        serviceUnitId: Number(args.serviceUnitId.id),
        label: args.label,
        opensAt: args.opensAt,
        closesAt: args.closesAt,
      });
      return ctx.prisma.surveyPeriod.findUniqueOrThrow({ ...query, where: { id: period.id } });
    },
  }),
  closeSurveyPeriod: t.prismaField({
    type: 'SurveyPeriod',
    description: 'Closes a period: no more responses, and its duplicate guard is deleted.',
    authScopes: access('Mutation', 'closeSurveyPeriod'),
    args: { id: t.arg.globalID({ description: 'Global ID of the period.', for: [SurveyPeriodRef], required: true }) },
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
      id: t.arg.globalID({ description: 'Global ID of the complaint or suggestion.', for: [FeedbackRef], required: true }),
      text: t.arg.string({ description: 'The answer.', required: true }),
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
    args: { id: t.arg.globalID({ description: 'Global ID of the complaint or suggestion.', for: [FeedbackRef], required: true }) },
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
    args: { regionCode: t.arg.string({ description: 'Kode wilayah: the region, with everything below it.', required: true }) },
    subscribe: async (_root, args, ctx) => {
      if (!(await ctx.prisma.region.findUnique({ where: { code: args.regionCode }, select: { id: true } })))
        throw new InputError('regionCode', `no region ${args.regionCode}`);
      return ctx.live.feedbackMetrics(args.regionCode);
    },
    resolve: (update) => update,
  }),
}));
