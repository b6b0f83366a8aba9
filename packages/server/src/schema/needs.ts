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
import { RegionRef, ServiceUnitRef } from './region.js';

const AspirationCategoryEnum = builder.enumType(AspirationCategory, {
  name: 'AspirationCategory',
  description: "Bidang aspirasi: which kind of service a resident's aspiration is about.",
  values: {
    KESEHATAN: { description: 'Kesehatan: health services.' },
    PENDIDIKAN: { description: 'Pendidikan: education.' },
    ADMINISTRASI_KEPENDUDUKAN: { description: 'Administrasi kependudukan: civil registration (identity cards, certificates).' },
    INFRASTRUKTUR: { description: 'Infrastruktur: public works.' },
    SOSIAL: { description: 'Sosial: social services.' },
    LAINNYA: { description: 'Lainnya: anything else.' },
  },
});

export const StaffingNeedRef = builder.prismaNode('StaffingNeed', {
  id: { field: 'id' },
  description: "One job's staffing figures at a service unit for a selection year (analisis kebutuhan); its id is what proposeFormation takes.",
  authScopes: { public: true },
  fields: (t) => ({
    jobTitle: t.exposeString('jobTitle', { description: 'Jabatan: the job, as formations name it.' }),
    educationLevel: t.expose('educationLevel', { description: 'Kualifikasi pendidikan: the education level the job requires.', type: EducationLevelEnum }),
    serviceLoad: t.exposeInt('serviceLoad', { description: 'Services delivered per year (visits, pupils, cases).' }),
    currentStaff: t.exposeInt('currentStaff', { description: 'Pegawai saat ini: staff in post in this job at the unit.' }),
    expectedRetirements: t.exposeInt('expectedRetirements', { description: "Pensiun: staff expected to retire before the year's appointments." }),
    serviceUnit: t.field({
      type: ServiceUnitRef,
      description: 'Unit layanan: the unit the figures are for.',
      select: { serviceUnitId: true },
      resolve: (p, _args, ctx) => ctx.catalogue.serviceUnit(p.serviceUnitId),
    }),
    formations: t.relation('formations', { description: 'Formasi: the formations proposed against this need.', query: { orderBy: { id: 'asc' } } }),
  }),
});

const JobNeedRef = builder.objectRef<NeedRow>('JobNeed').implement({
  description: 'Need, staff and gap of one job across a region, and the formations opened for it.',
  authScopes: { public: true },
  fields: (t) => ({
    jobTitle: t.exposeString('jobTitle', { description: 'Jabatan: the job.' }),
    need: t.exposeInt('need', { description: 'Staff the rule set norm asks for.' }),
    currentStaff: t.exposeInt('currentStaff', { description: 'Pegawai saat ini: staff in post across the region.' }),
    expectedRetirements: t.exposeInt('expectedRetirements', { description: 'Pensiun: expected retirements across the region.' }),
    gap: t.exposeInt('gap', { description: 'Positions to fill: need minus staff remaining after retirements.' }),
    formationsOpened: t.exposeInt('formationsOpened', { description: 'Quota of approved formations answering this need.' }),
    formationsProposed: t.exposeInt('formationsProposed', { description: 'Quota proposed and awaiting approval.' }),
    hasNorm: t.exposeBoolean('hasNorm', { description: 'Whether the rule set has a staffing norm for this job.' }),
  }),
});

const CategoryCountRef = builder.objectRef<{ category: AspirationCategory; count: number }>('AspirationCategoryCount').implement({
  description: 'How many aspirations one category received.',
  authScopes: { public: true },
  fields: (t) => ({
    category: t.expose('category', { description: 'Bidang: the category.', type: AspirationCategoryEnum }),
    count: t.exposeInt('count', { description: 'Jumlah: aspirations in it.' }),
  }),
});

const UnitCountRef = builder.objectRef<{ serviceUnitId: number; count: number }>('AspirationUnitCount').implement({
  description: 'How many aspirations named one service unit.',
  authScopes: { public: true },
  fields: (t) => ({
    serviceUnit: t.prismaField({
      description: 'The unit named.',
      type: 'ServiceUnit',
      resolve: (query, parent, _args, ctx) => ctx.prisma.serviceUnit.findUniqueOrThrow({ ...query, where: { id: parent.serviceUnitId } }),
    }),
    count: t.exposeInt('count', { description: 'Jumlah: aspirations naming it.' }),
  }),
});

const AspirationSummaryRef = builder.objectRef<Awaited<ReturnType<typeof aspirationSummary>>>('AspirationSummary').implement({
  description: 'Residents’ aspirations in aggregate: what the public sees (the texts stay with officials).',
  authScopes: { public: true },
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'Jumlah aspirasi: all aspirations in the region and below.' }),
    byCategory: t.field({ description: 'Counts per category.', type: [CategoryCountRef], resolve: (s) => s.byCategory }),
    byUnit: t.field({
      description: 'Counts per service unit named (aspirations naming no unit are left out).',
      type: [UnitCountRef],
      resolve: (s) => s.byUnit,
    }),
  }),
});

builder.prismaObject('ServiceAspiration', {
  description: 'One resident’s aspiration, readable by officials only.',
  authScopes: { official: true },
  fields: (t) => ({
    category: t.expose('category', { description: 'Bidang: what the aspiration is about.', type: AspirationCategoryEnum }),
    text: t.exposeString('text', { description: 'Isi aspirasi: what the resident wrote.' }),
    createdAt: t.expose('createdAt', { description: 'When it was received.', type: 'DateTime' }),
    region: t.field({
      type: RegionRef,
      description: 'Wilayah: the region it is about.',
      select: { regionId: true },
      resolve: (p, _args, ctx) => ctx.catalogue.region(p.regionId),
    }),
    serviceUnit: t.field({
      type: ServiceUnitRef,
      description: 'Unit layanan: the unit it names; null when none.',
      nullable: true,
      select: { serviceUnitId: true },
      resolve: (p, _args, ctx) => (p.serviceUnitId === null ? null : ctx.catalogue.serviceUnit(p.serviceUnitId)),
    }),
  }),
});

const AspirationReceiptRef = builder.objectRef<{ receivedAt: Date; category: AspirationCategory }>('ServiceAspirationReceipt').implement({
  description: 'Tanda terima: the aspiration was received (nothing about the sender is kept).',
  authScopes: { public: true },
  fields: (t) => ({
    receivedAt: t.expose('receivedAt', { description: 'When it was received.', type: 'DateTime' }),
    category: t.expose('category', { description: 'Bidang: the category it was filed under.', type: AspirationCategoryEnum }),
  }),
});

const StaffingNeedInput = builder.inputType('StaffingNeedInput', {
  description: "Analisis kebutuhan: one job's staffing figures at a unit for a selection year.",
  fields: (t) => ({
    serviceUnitId: t.globalID({ description: 'Global ID of the service unit.', required: true }),
    selectionYear: t.int({ description: 'Tahun seleksi: the year the figures are for.', required: true }),
    jobTitle: t.string({ required: true, description: 'As formations name it; the rule set norm is looked up by it.' }),
    educationLevel: t.field({ description: 'Kualifikasi pendidikan: the education level the job requires.', type: EducationLevelEnum, required: true }),
    serviceLoad: t.int({ description: 'Beban layanan: services delivered per year (visits, pupils, cases).', required: true }),
    currentStaff: t.int({ description: 'Pegawai saat ini: staff in post in this job.', required: true }),
    expectedRetirements: t.int({ description: 'Pensiun: staff expected to retire.', required: true }),
  }),
});

const ProposeFormationInput = builder.inputType('ProposeFormationInput', {
  description: 'Usulan formasi: a formation proposed against a staffing need.',
  fields: (t) => ({
    staffingNeedId: t.globalID({
      required: true,
      for: [StaffingNeedRef],
      description: 'The StaffingNeed (from staffingNeeds or recordStaffingNeed) this formation answers.',
    }),
    agencyCode: t.string({ description: 'Kode instansi: the agency that opens it.', required: true }),
    type: t.field({ description: 'Jenis formasi: general or reserved.', type: FormationTypeEnum, required: true }),
    quota: t.int({ description: "Kebutuhan: seats to fill; at most the need's remaining gap.", required: true }),
    extraDocuments: t.field({ type: [DocumentKindEnum], description: 'Documents asked for beyond the standard five.' }),
  }),
});

const ServiceAspirationInput = builder.inputType('ServiceAspirationInput', {
  description: "Aspirasi: a resident's say on which services need staff.",
  fields: (t) => ({
    regionCode: t.string({ description: 'Kode wilayah: the region it is about.', required: true }),
    serviceUnitId: t.globalID({ description: 'Global ID of the unit it is about, if one.' }),
    category: t.field({ description: 'Bidang: what it is about.', type: AspirationCategoryEnum, required: true }),
    text: t.string({ description: "Isi aspirasi: the resident's words.", required: true }),
  }),
});

builder.queryFields((t) => ({
  needsAnalysis: t.field({
    type: [JobNeedRef],
    description: 'Per job in a region (and below): need, staff, gap and the formations opened, largest gap first.',
    authScopes: access('Query', 'needsAnalysis'),
    args: {
      regionCode: t.arg.string({ description: 'Kode wilayah: the region, with everything below it.', required: true }),
      year: t.arg.int({ description: 'Tahun seleksi.', required: true }),
    },
    resolve: (_root, args, ctx) => needsAnalysis(ctx.prisma, args.regionCode, args.year),
  }),
  staffingNeeds: t.prismaField({
    type: ['StaffingNeed'],
    description: 'The staffing figures behind needsAnalysis, per unit and job.',
    authScopes: access('Query', 'staffingNeeds'),
    args: {
      regionCode: t.arg.string({ description: 'Kode wilayah: the region, with everything below it.', required: true }),
      year: t.arg.int({ description: 'Tahun seleksi.', required: true }),
    },
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
    args: { regionCode: t.arg.string({ description: 'Kode wilayah: the region, with everything below it.', required: true }) },
    resolve: (_root, args, ctx) => aspirationSummary(ctx.prisma, args.regionCode),
  }),
  serviceAspirationTexts: t.prismaConnection(
    {
      type: 'ServiceAspiration',
      cursor: 'id',
      description: 'The aspirations themselves, newest first, for officials.',
      authScopes: access('Query', 'serviceAspirationTexts'),
      args: {
        regionCode: t.arg.string({ description: 'Kode wilayah: the region, with everything below it.', required: true }),
        category: t.arg({ description: 'Only aspirations of this category.', type: AspirationCategoryEnum }),
      },
      resolve: (query, _root, args, ctx) => {
        checkPageSize(args);
        return ctx.prisma.serviceAspiration.findMany({
          ...query,
          where: { region: regionSubtree(args.regionCode), ...(args.category ? { category: args.category } : {}) },
          orderBy: { id: 'desc' },
        });
      },
    },
    { name: 'ServiceAspirationConnection', description: 'A page of aspirations.' },
    { name: 'ServiceAspirationEdge', description: 'One aspiration in a page, with its cursor.' },
  ),
}));

builder.mutationFields((t) => ({
  recordStaffingNeed: t.prismaField({
    type: 'StaffingNeed',
    description: "Records or updates one job's staffing figures at a unit for a selection year.",
    authScopes: access('Mutation', 'recordStaffingNeed'),
    args: { input: t.arg({ description: 'The figures.', type: StaffingNeedInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      recordStaffingNeed(ctx.prisma, { ...input, serviceUnitId: Number(input.serviceUnitId.id) }).then((n) =>
        ctx.prisma.staffingNeed.findUniqueOrThrow({ ...query, where: { id: n.id } }),
      ),
  }),
  proposeFormation: t.prismaField({
    type: 'Formation',
    description: 'Proposes a formation answering a staffing gap; proposals may not exceed the gap.',
    authScopes: access('Mutation', 'proposeFormation'),
    args: { input: t.arg({ description: 'The proposal.', type: ProposeFormationInput, required: true }) },
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
    args: { formationId: t.arg.globalID({ description: 'Global ID of the proposed formation.', for: [FormationRef], required: true }) },
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
      input: t.arg({ description: 'The aspiration.', type: ServiceAspirationInput, required: true }),
      deviceToken: t.arg.string({
        description: "Token perangkat from issueDeviceToken (or a kiosk's); the same flood rules as the SKM, and a few a day per device.",
      }),
    },
    resolve: async (_root, { input, deviceToken }, ctx) => {
      const source = await anonymousSource(ctx, deviceToken, 'aspiration');
      const a = await submitServiceAspiration(ctx.prisma, { ...input, serviceUnitId: input.serviceUnitId ? Number(input.serviceUnitId.id) : null }, source);
      return { receivedAt: a.createdAt, category: a.category };
    },
  }),
}));
