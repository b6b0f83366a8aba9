/** Needs analysis, formation proposals, and residents' service aspirations (musrenbang). */
import { AspirationCategory } from '../generated/prisma/enums.js';
import { checkPageSize } from '../errors.js';
import { regionSubtree } from '../db/regions.js';
import {
  approveFormation,
  aspirationSummary,
  needsAnalysis,
  proposeFormation,
  recordStaffingNeed,
  submitServiceAspiration,
  type NeedRow,
} from '../recruitment/needs.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';
import { anonymousSource } from './quality.js';
import { DocumentKindEnum, EducationLevelEnum, FormationRef, FormationTypeEnum } from './formation.js';

const AspirationCategoryEnum = builder.enumType(AspirationCategory, { name: 'AspirationCategory' });

export const StaffingNeedRef = builder.prismaNode('StaffingNeed', {
  id: { field: 'id' },
  description: "One job's staffing figures at a service unit for a selection year (analisis kebutuhan); its id is what proposeFormation takes.",
  authScopes: { public: true },
  fields: (t) => ({
    jobTitle: t.exposeString('jobTitle'),
    educationLevel: t.expose('educationLevel', { type: EducationLevelEnum }),
    serviceLoad: t.exposeInt('serviceLoad', { description: 'Services delivered per year (visits, pupils, cases).' }),
    currentStaff: t.exposeInt('currentStaff'),
    expectedRetirements: t.exposeInt('expectedRetirements'),
    serviceUnit: t.relation('serviceUnit'),
    formations: t.relation('formations', { query: { orderBy: { id: 'asc' } } }),
  }),
});

const JobNeedRef = builder.objectRef<NeedRow>('JobNeed').implement({
  description: 'Need, staff and gap of one job across a region, and the formations opened for it.',
  authScopes: { public: true },
  fields: (t) => ({
    jobTitle: t.exposeString('jobTitle'),
    need: t.exposeInt('need', { description: 'Staff the rule set norm asks for.' }),
    currentStaff: t.exposeInt('currentStaff'),
    expectedRetirements: t.exposeInt('expectedRetirements'),
    gap: t.exposeInt('gap', { description: 'Positions to fill: need minus staff remaining after retirements.' }),
    formationsOpened: t.exposeInt('formationsOpened', { description: 'Quota of approved formations answering this need.' }),
    formationsProposed: t.exposeInt('formationsProposed', { description: 'Quota proposed and awaiting approval.' }),
    hasNorm: t.exposeBoolean('hasNorm', { description: 'Whether the rule set has a staffing norm for this job.' }),
  }),
});

const CategoryCountRef = builder.objectRef<{ category: AspirationCategory; count: number }>('AspirationCategoryCount').implement({
  authScopes: { public: true },
  fields: (t) => ({ category: t.expose('category', { type: AspirationCategoryEnum }), count: t.exposeInt('count') }),
});

const UnitCountRef = builder.objectRef<{ serviceUnitId: number; count: number }>('AspirationUnitCount').implement({
  authScopes: { public: true },
  fields: (t) => ({
    serviceUnit: t.prismaField({
      type: 'ServiceUnit',
      resolve: (query, parent, _args, ctx) => ctx.prisma.serviceUnit.findUniqueOrThrow({ ...query, where: { id: parent.serviceUnitId } }),
    }),
    count: t.exposeInt('count'),
  }),
});

const AspirationSummaryRef = builder.objectRef<Awaited<ReturnType<typeof aspirationSummary>>>('AspirationSummary').implement({
  description: 'Residents’ aspirations in aggregate: what the public sees (the texts stay with officials).',
  authScopes: { public: true },
  fields: (t) => ({
    total: t.exposeInt('total'),
    byCategory: t.field({ type: [CategoryCountRef], resolve: (s) => s.byCategory }),
    byUnit: t.field({ type: [UnitCountRef], resolve: (s) => s.byUnit }),
  }),
});

builder.prismaObject('ServiceAspiration', {
  description: 'One resident’s aspiration, readable by officials only.',
  authScopes: { official: true },
  fields: (t) => ({
    category: t.expose('category', { type: AspirationCategoryEnum }),
    text: t.exposeString('text'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    region: t.relation('region'),
    serviceUnit: t.relation('serviceUnit', { nullable: true }),
  }),
});

const AspirationReceiptRef = builder.objectRef<{ receivedAt: Date; category: AspirationCategory }>('ServiceAspirationReceipt').implement({
  authScopes: { public: true },
  fields: (t) => ({
    receivedAt: t.expose('receivedAt', { type: 'DateTime' }),
    category: t.expose('category', { type: AspirationCategoryEnum }),
  }),
});

const StaffingNeedInput = builder.inputType('StaffingNeedInput', {
  fields: (t) => ({
    serviceUnitId: t.globalID({ required: true }),
    selectionYear: t.int({ required: true }),
    jobTitle: t.string({ required: true, description: 'As formations name it; the rule set norm is looked up by it.' }),
    educationLevel: t.field({ type: EducationLevelEnum, required: true }),
    serviceLoad: t.int({ required: true }),
    currentStaff: t.int({ required: true }),
    expectedRetirements: t.int({ required: true }),
  }),
});

const ProposeFormationInput = builder.inputType('ProposeFormationInput', {
  fields: (t) => ({
    staffingNeedId: t.globalID({ required: true, for: [StaffingNeedRef], description: 'The StaffingNeed (from staffingNeeds or recordStaffingNeed) this formation answers.' }),
    agencyCode: t.string({ required: true }),
    type: t.field({ type: FormationTypeEnum, required: true }),
    quota: t.int({ required: true }),
    extraDocuments: t.field({ type: [DocumentKindEnum], description: 'Documents asked for beyond the standard five.' }),
  }),
});

const ServiceAspirationInput = builder.inputType('ServiceAspirationInput', {
  fields: (t) => ({
    regionCode: t.string({ required: true }),
    serviceUnitId: t.globalID(),
    category: t.field({ type: AspirationCategoryEnum, required: true }),
    text: t.string({ required: true }),
  }),
});

builder.queryFields((t) => ({
  needsAnalysis: t.field({
    type: [JobNeedRef],
    description: 'Per job in a region (and below): need, staff, gap and the formations opened, largest gap first.',
    authScopes: access('Query', 'needsAnalysis'),
    args: { regionCode: t.arg.string({ required: true }), year: t.arg.int({ required: true }) },
    resolve: (_root, args, ctx) => needsAnalysis(ctx.prisma, args.regionCode, args.year),
  }),
  staffingNeeds: t.prismaField({
    type: ['StaffingNeed'],
    description: 'The staffing figures behind needsAnalysis, per unit and job.',
    authScopes: access('Query', 'staffingNeeds'),
    args: { regionCode: t.arg.string({ required: true }), year: t.arg.int({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.staffingNeed.findMany({
        ...query,
        where: { selectionYear: { year: args.year }, serviceUnit: { region: regionSubtree(args.regionCode) } },
        orderBy: [{ serviceUnitId: 'asc' }, { jobTitle: 'asc' }],
        take: 500,
      }),
  }),
  serviceAspirations: t.field({
    type: AspirationSummaryRef,
    description: 'Residents’ aspirations in a region (and below), counted per category and unit.',
    authScopes: access('Query', 'serviceAspirations'),
    args: { regionCode: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => aspirationSummary(ctx.prisma, args.regionCode),
  }),
  serviceAspirationTexts: t.prismaConnection(
    {
      type: 'ServiceAspiration',
      cursor: 'id',
      description: 'The aspirations themselves, newest first, for officials.',
      authScopes: access('Query', 'serviceAspirationTexts'),
      args: { regionCode: t.arg.string({ required: true }), category: t.arg({ type: AspirationCategoryEnum }) },
      resolve: (query, _root, args, ctx) => {
        checkPageSize(args);
        return ctx.prisma.serviceAspiration.findMany({
          ...query,
          where: { region: regionSubtree(args.regionCode), ...(args.category ? { category: args.category } : {}) },
          orderBy: { id: 'desc' },
        });
      },
    },
    { name: 'ServiceAspirationConnection' },
    { name: 'ServiceAspirationEdge' },
  ),
}));

builder.mutationFields((t) => ({
  recordStaffingNeed: t.prismaField({
    type: 'StaffingNeed',
    description: "Records or updates one job's staffing figures at a unit for a selection year.",
    authScopes: access('Mutation', 'recordStaffingNeed'),
    args: { input: t.arg({ type: StaffingNeedInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      recordStaffingNeed(ctx.prisma, { ...input, serviceUnitId: Number(input.serviceUnitId.id) }).then((n) =>
        ctx.prisma.staffingNeed.findUniqueOrThrow({ ...query, where: { id: n.id } }),
      ),
  }),
  proposeFormation: t.prismaField({
    type: 'Formation',
    description: 'Proposes a formation answering a staffing gap; proposals may not exceed the gap.',
    authScopes: access('Mutation', 'proposeFormation'),
    args: { input: t.arg({ type: ProposeFormationInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const f = await proposeFormation(ctx.prisma, { ...input, staffingNeedId: Number(input.staffingNeedId.id) });
      ctx.audit.change('Formation', f.id, null, { code: f.code, quota: f.quota, status: f.status, staffingNeedId: f.staffingNeedId });
      return ctx.prisma.formation.findUniqueOrThrow({ ...query, where: { id: f.id } });
    },
  }),
  approveFormation: t.prismaField({
    type: 'Formation',
    description: 'Approves a proposed formation: it opens for applications.',
    authScopes: access('Mutation', 'approveFormation'),
    args: { formationId: t.arg.globalID({ for: [FormationRef], required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const f = await approveFormation(ctx.prisma, Number(args.formationId.id), ctx.now());
      ctx.audit.change('Formation', f.id, { status: 'PROPOSED' }, { status: f.status });
      return ctx.prisma.formation.findUniqueOrThrow({ ...query, where: { id: f.id } });
    },
  }),
  submitServiceAspiration: t.field({
    type: AspirationReceiptRef,
    description: 'A resident’s say on which services need staff. Anonymous: nothing about the sender is kept.',
    authScopes: access('Mutation', 'submitServiceAspiration'),
    args: {
      input: t.arg({ type: ServiceAspirationInput, required: true }),
      deviceToken: t.arg.string({ description: 'Token perangkat from issueDeviceToken (or a kiosk\'s); the same flood rules as the SKM, and a few a day per device.' }),
    },
    resolve: async (_root, { input, deviceToken }, ctx) => {
      const source = await anonymousSource(ctx, deviceToken, 'aspiration');
      const a = await submitServiceAspiration(ctx.prisma, { ...input, serviceUnitId: input.serviceUnitId ? Number(input.serviceUnitId.id) : null }, source);
      return { receivedAt: a.createdAt, category: a.category };
    },
  }),
}));
