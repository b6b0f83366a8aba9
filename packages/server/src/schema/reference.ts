/**
 * Setting up a selection year through the API: agencies, service units, exam sites, region
 * populations, and the selection year itself (its phases, days and rule set).
 */
import { SelectionPhase } from '../generated/prisma/enums.js';
import { parseRuleSet } from '../domain/rules.js';
import { regionSubtree } from '../db/regions.js';
import { createAgency, createExamSite, createServiceUnit, setRegionPopulation, updateServiceUnit } from '../reference/agencies.js';
import { advanceSelectionPhase, createSelectionYear, rescheduleSelectionYear, updateSelectionRules } from '../reference/selection-years.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';
import { DocumentKindEnum, FormationTypeEnum } from './formation.js';
import { AgencyLevelEnum, AgencyRef, ServiceUnitKindEnum, ServiceUnitRef, TimeZoneEnum } from './region.js';

const SelectionPhaseEnum = builder.enumType('SelectionPhase', {
  description: 'Tahapan seleksi: the phases of a selection year in order; a year moves forward only.',
  values: {
    PLANNED: { value: SelectionPhase.PLANNED, description: 'Persiapan: being prepared; formations proposed, rules and schedule editable.' },
    REGISTRATION: { value: SelectionPhase.REGISTRATION, description: 'Pendaftaran: registration is open over its days.' },
    VERIFICATION: { value: SelectionPhase.VERIFICATION, description: 'Verifikasi administrasi: documents are checked.' },
    APPEAL: { value: SelectionPhase.APPEAL, description: 'Masa sanggah: applicants found TMS may appeal.' },
    SKD: { value: SelectionPhase.SKD, description: 'Seleksi Kompetensi Dasar (CAT).' },
    SKB: { value: SelectionPhase.SKB, description: 'Seleksi Kompetensi Bidang.' },
    FINAL: { value: SelectionPhase.FINAL, description: 'Integrasi nilai, pengumuman akhir and optimalisasi.' },
    APPOINTMENT: { value: SelectionPhase.APPOINTMENT, description: 'Pengangkatan: NIP and TMT, then Latsar.' },
    CLOSED: { value: SelectionPhase.CLOSED, description: 'Selesai: the year is history.' },
  },
});

builder.prismaObject('SelectionSchedule', {
  description: 'Jadwal: the calendar days of one phase of a selection year.',
  authScopes: { public: true },
  fields: (t) => ({
    phase: t.expose('phase', { description: 'Tahapan: the phase these days are for.', type: SelectionPhaseEnum }),
    startsOn: t.expose('startsOn', { type: 'Date', description: 'First day of the phase.' }),
    endsOn: t.expose('endsOn', { type: 'Date', description: 'Last day of the phase.' }),
  }),
});

const SkbComponentRef = builder.objectRef<{ name: string; weight: number }>('SkbComponent').implement({
  description: 'Komponen SKB: one part of the SKB score (CAT, interview, practical) and its weight.',
  authScopes: { public: true },
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Nama komponen, e.g. "CAT" or "WAWANCARA" (interview).' }),
    weight: t.exposeFloat('weight', { description: 'Share of the SKB score, 0-1; the weights sum to 1.' }),
  }),
});

builder.prismaObjectFields('SelectionYear', (t) => ({
  phase: t.expose('phase', { type: SelectionPhaseEnum, description: 'Tahapan: where the year stands.' }),
  schedule: t.relation('schedule', { description: 'Jadwal: the days of each phase, in order.', query: { orderBy: { startsOn: 'asc' } } }),
  skdWeight: t.float({
    description: 'Bobot SKD in the final score (0.4 in 2024).',
    select: { rules: true },
    resolve: (y) => parseRuleSet(y.rules).finalWeights.skd,
  }),
  skbWeight: t.float({
    description: 'Bobot SKB in the final score (0.6 in 2024).',
    select: { rules: true },
    resolve: (y) => parseRuleSet(y.rules).finalWeights.skb,
  }),
  skbComponents: t.field({
    type: [SkbComponentRef],
    description: 'Komponen SKB and their weights.',
    select: { rules: true },
    resolve: (y) => Object.entries(parseRuleSet(y.rules).skb.components).map(([name, weight]) => ({ name, weight })),
  }),
  cumlaudeMinGpa: t.float({
    description: 'Lowest IPK for a CUMLAUDE formation.',
    select: { rules: true },
    resolve: (y) => parseRuleSet(y.rules).cumlaudeMinGpa,
  }),
}));

builder.prismaObjectFields('ExamSession', (t) => ({
  timeZone: t.field({
    type: TimeZoneEnum,
    description: "Zona waktu of the session's site: its date and session times are read in it (WITA in Samarinda, WIB in Pontianak).",
    select: { site: { select: { region: { select: { timeZone: true } } } } },
    resolve: (s) => s.site.region.timeZone,
  }),
}));

builder.prismaObjectFields('ExamSite', (t) => ({
  capacity: t.exposeInt('capacity', { nullable: true, description: 'Kapasitas: seats (CAT computers) per session; null when not recorded.' }),
}));

const PhaseDaysInput = builder.inputType('SelectionPhaseDaysInput', {
  description: 'The days of one phase.',
  fields: (t) => ({
    phase: t.field({ description: 'Tahapan: the phase.', type: SelectionPhaseEnum, required: true }),
    startsOn: t.field({ type: 'Date', required: true, description: 'First day of the phase.' }),
    endsOn: t.field({ type: 'Date', required: true, description: 'Last day of the phase.' }),
  }),
});

const ThresholdInput = builder.inputType('ThresholdInput', {
  description: 'Nilai ambang batas of one formation type: each minimum given holds on its own; those left out do not apply.',
  fields: (t) => ({
    formationType: t.field({ description: 'Jenis formasi: the type whose threshold this is.', type: FormationTypeEnum, required: true }),
    twk: t.int({ description: 'Lowest TWK score.' }),
    tiu: t.int({ description: 'Lowest TIU score.' }),
    tkp: t.int({ description: 'Lowest TKP score.' }),
    total: t.int({ description: 'Lowest SKD total.' }),
  }),
});

const WeightsInput = builder.inputType('FinalWeightsInput', {
  description: 'Bobot integrasi: the shares of SKD and SKB in the final score, summing to 1.',
  fields: (t) => ({
    skd: t.float({ required: true, description: 'Bobot SKD: its share of the final score (0.4 in 2024).' }),
    skb: t.float({ required: true, description: 'Bobot SKB: its share of the final score (0.6 in 2024); the two sum to 1.' }),
  }),
});

const SkbWeightInput = builder.inputType('SkbWeightInput', {
  description: 'One SKB component and its weight (the weights sum to 1).',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Nama komponen, e.g. "CAT".' }),
    weight: t.float({ required: true, description: 'Its share of the SKB score, 0-1; the weights sum to 1.' }),
  }),
});

const StaffingNormInput = builder.inputType('StaffingNormInput', {
  description: 'Norma kebutuhan of one job: staff per 1,000 residents served and/or yearly services one staff member carries.',
  fields: (t) => ({
    jobTitle: t.string({ description: 'Jabatan: the job, as formations name it.', required: true }),
    perThousandResidents: t.float({ description: 'Staff per 1,000 residents served (a population norm), if the job has one.' }),
    loadPerStaff: t.float({ description: 'Services one staff member delivers a year (a workload norm), if the job has one.' }),
  }),
});

const FormationDocumentsInput = builder.inputType('FormationTypeDocumentsInput', {
  description: 'Dokumen persyaratan of one formation type: the whole list, replacing the one copied.',
  fields: (t) => ({
    formationType: t.field({ description: 'Jenis formasi.', type: FormationTypeEnum, required: true }),
    documents: t.field({ type: [DocumentKindEnum], required: true, description: 'At least one document kind.' }),
  }),
});

const RuleChangesInput = builder.inputType('SelectionRulesInput', {
  description: 'Changes to a rule set while its year is PLANNED; what is left out stays as copied from the year before.',
  fields: (t) => ({
    thresholds: t.field({ type: [ThresholdInput], description: 'Thresholds replaced per formation type named.' }),
    finalWeights: t.field({ description: 'Bobot akhir: the SKD and SKB weights of the final score.', type: WeightsInput }),
    skbComponents: t.field({ type: [SkbWeightInput], description: 'The SKB components, replacing the old list.' }),
    skbCutMultiplier: t.int({ description: 'At most this many times the quota go on to SKB.' }),
    appealWindowDays: t.int({ description: 'Days of the sanggah window after an announcement.' }),
    cumlaudeMinGpa: t.float({ description: 'Lowest IPK for CUMLAUDE formations.' }),
    staffingNorms: t.field({ type: [StaffingNormInput], description: 'Norms added or replaced per job.' }),
    documents: t.field({ type: [FormationDocumentsInput], description: 'Required documents replaced per formation type named.' }),
  }),
});

const CreateSelectionYearInput = builder.inputType('CreateSelectionYearInput', {
  description: 'Tahun seleksi baru: a new selection year and its schedule.',
  fields: (t) => ({
    year: t.int({ description: 'Tahun: e.g. 2026; one selection per year.', required: true }),
    name: t.string({ required: true, description: 'E.g. "Seleksi CASN 2026".' }),
    schedule: t.field({
      type: [PhaseDaysInput],
      required: true,
      description: 'Days of every phase from REGISTRATION to APPOINTMENT, each after the one before.',
    }),
    copyRulesFrom: t.int({ description: 'The year whose rule set is copied; the latest earlier year when left out.' }),
  }),
});

const CreateAgencyInput = builder.inputType('CreateAgencyInput', {
  description: 'Instansi baru: a new agency.',
  fields: (t) => ({
    code: t.string({ required: true, description: 'Kode instansi, e.g. "PEMKOT-SAMARINDA".' }),
    name: t.string({ description: 'Nama instansi, e.g. "Pemerintah Kota Samarinda".', required: true }),
    level: t.field({ description: 'Tingkat: central, province, kabupaten or kota.', type: AgencyLevelEnum, required: true }),
    regionCode: t.string({ required: true, description: 'The region it governs (a kota for a Pemkot).' }),
  }),
});

const CreateServiceUnitInput = builder.inputType('CreateServiceUnitInput', {
  description: 'Unit layanan baru: a new service unit.',
  fields: (t) => ({
    agencyId: t.globalID({ description: 'Global ID of the agency it belongs to.', required: true, for: [AgencyRef] }),
    code: t.string({ description: 'Kode unit: its public code, on its survey poster (e.g. "PKM-SMD-01").', required: true }),
    name: t.string({ description: 'Nama unit.', required: true }),
    kind: t.field({ description: 'Jenis unit.', type: ServiceUnitKindEnum, required: true }),
    regionCode: t.string({ required: true, description: "Where the unit sits, inside the agency's region." }),
    populationServed: t.int({ required: true, description: 'Residents the unit serves; sets the SKM sample size.' }),
  }),
});

const CreateExamSiteInput = builder.inputType('CreateExamSiteInput', {
  description: 'Titik lokasi baru: a new CAT test site.',
  fields: (t) => ({
    code: t.string({
      description: `Kode lokasi, e.g. "TL-6472" (TL- and the BPS code of its kabupaten/kota); the public screen's address uses it.`,
      required: true,
    }),
    name: t.string({ description: 'Nama lokasi.', required: true }),
    regionCode: t.string({ description: 'Kode wilayah: where the site is.', required: true }),
    capacity: t.int({ required: true, description: 'Seats per session.' }),
  }),
});

/** The schedule entries of an input, as the services take them. */
const daysOf = (schedule: Array<{ phase: SelectionPhase; startsOn: Date; endsOn: Date }>) => schedule.map((p) => ({ ...p }));

builder.queryFields((t) => ({
  selectionYears: t.prismaField({
    type: ['SelectionYear'],
    description: 'Tahun seleksi: every selection year, latest first (for year selectors).',
    authScopes: access('Query', 'selectionYears'),
    resolve: (query, _root, _args, ctx) => ctx.prisma.selectionYear.findMany({ ...query, orderBy: { year: 'desc' }, take: 100 }),
  }),
  selectionYear: t.prismaField({
    type: 'SelectionYear',
    nullable: true,
    description: 'One selection year by its year; null when there is none.',
    authScopes: access('Query', 'selectionYear'),
    args: { year: t.arg.int({ description: 'Tahun seleksi, e.g. 2026.', required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.selectionYear.findUnique({ ...query, where: { year: args.year } }),
  }),
  agencies: t.prismaField({
    type: ['Agency'],
    description: 'Instansi in a region (and below), by code; every agency when no region is given. At most 500.',
    authScopes: access('Query', 'agencies'),
    args: { regionCode: t.arg.string({ description: 'Kode wilayah: agencies governing this region or a region below it.' }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.agency.findMany({ ...query, where: args.regionCode ? { region: regionSubtree(args.regionCode) } : {}, orderBy: { code: 'asc' }, take: 500 }),
  }),
  serviceUnits: t.prismaField({
    type: ['ServiceUnit'],
    description: 'Service units in a region (and below) and/or of an agency, by code. At most 500.',
    authScopes: access('Query', 'serviceUnits'),
    args: {
      regionCode: t.arg.string({ description: 'Kode wilayah: units in this region or below.' }),
      agencyId: t.arg.globalID({ description: 'Global ID of the agency.', for: [AgencyRef] }),
    },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.serviceUnit.findMany({
        ...query,
        where: { ...(args.regionCode ? { region: regionSubtree(args.regionCode) } : {}), ...(args.agencyId ? { agencyId: Number(args.agencyId.id) } : {}) },
        orderBy: { code: 'asc' },
        take: 500,
      }),
  }),
}));

builder.mutationFields((t) => ({
  createSelectionYear: t.prismaField({
    type: 'SelectionYear',
    description: 'Creates a selection year in PLANNED with its schedule and the rule set of the year before (ADMIN only).',
    authScopes: access('Mutation', 'createSelectionYear'),
    args: { input: t.arg({ description: 'The new year.', type: CreateSelectionYearInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const year = await createSelectionYear(ctx.prisma, ctx.events, { ...input, schedule: daysOf(input.schedule) });
      ctx.audit.change('SelectionYear', year.id, null, { year: year.year, name: year.name, phase: year.phase, rules: year.rules });
      return ctx.prisma.selectionYear.findUniqueOrThrow({ ...query, where: { id: year.id } });
    },
  }),
  rescheduleSelectionYear: t.prismaField({
    type: 'SelectionYear',
    description: 'Replaces the schedule of a year still PLANNED (ADMIN only).',
    authScopes: access('Mutation', 'rescheduleSelectionYear'),
    args: {
      year: t.arg.int({ description: 'Tahun seleksi.', required: true }),
      schedule: t.arg({ description: 'The days of every phase, each after the one before.', type: [PhaseDaysInput], required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const year = await rescheduleSelectionYear(ctx.prisma, ctx.events, { year: args.year, schedule: daysOf(args.schedule) });
      ctx.audit.change('SelectionYear', year.id, null, { schedule: args.schedule });
      return ctx.prisma.selectionYear.findUniqueOrThrow({ ...query, where: { id: year.id } });
    },
  }),
  updateSelectionRules: t.prismaField({
    type: 'SelectionYear',
    description: 'Edits the rule set of a year still PLANNED: thresholds, SKB and integration weights, sanggah days, norms, required documents (ADMIN only).',
    authScopes: access('Mutation', 'updateSelectionRules'),
    args: {
      year: t.arg.int({ description: 'Tahun seleksi (still PLANNED).', required: true }),
      rules: t.arg({ description: 'The parts of the rule set to change; what is left out stays.', type: RuleChangesInput, required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const r = args.rules;
      const changed = await updateSelectionRules(ctx.prisma, ctx.events, args.year, {
        ...r,
        thresholds: r.thresholds?.map((x) => ({
          formationType: x.formationType,
          TWK: x.twk ?? undefined,
          TIU: x.tiu ?? undefined,
          TKP: x.tkp ?? undefined,
          total: x.total ?? undefined,
        })),
        staffingNorms: r.staffingNorms?.map((n) => ({
          jobTitle: n.jobTitle,
          perThousandResidents: n.perThousandResidents ?? undefined,
          loadPerStaff: n.loadPerStaff ?? undefined,
        })),
      });
      ctx.audit.change('SelectionYear', changed.id, { rules: changed.before }, { rules: changed.after });
      return ctx.prisma.selectionYear.findUniqueOrThrow({ ...query, where: { id: changed.id } });
    },
  }),
  advanceSelectionPhase: t.prismaField({
    type: 'SelectionYear',
    description: 'Moves a selection year to a later phase; never back (ADMIN only, audited).',
    authScopes: access('Mutation', 'advanceSelectionPhase'),
    args: {
      year: t.arg.int({ description: 'Tahun seleksi.', required: true }),
      phase: t.arg({ description: 'Tahapan: the next phase (a year only moves forward).', type: SelectionPhaseEnum, required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const moved = await advanceSelectionPhase(ctx.prisma, ctx.events, args.year, args.phase, ctx.now());
      ctx.audit.change('SelectionYear', moved.id, { phase: moved.from }, { phase: moved.to });
      return ctx.prisma.selectionYear.findUniqueOrThrow({ ...query, where: { id: moved.id } });
    },
  }),
  createAgency: t.prismaField({
    type: 'Agency',
    description: 'Creates an agency (instansi), e.g. a Pemkot in its kota (ADMIN only).',
    authScopes: access('Mutation', 'createAgency'),
    args: { input: t.arg({ description: 'The agency.', type: CreateAgencyInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const agency = await createAgency(ctx.prisma, ctx.events, input);
      ctx.audit.change('Agency', agency.id, null, agency);
      return ctx.prisma.agency.findUniqueOrThrow({ ...query, where: { id: agency.id } });
    },
  }),
  createServiceUnit: t.prismaField({
    type: 'ServiceUnit',
    description: "Creates a service unit of an agency in the agency's region, with the population it serves.",
    authScopes: access('Mutation', 'createServiceUnit'),
    args: { input: t.arg({ description: 'The unit.', type: CreateServiceUnitInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const unit = await createServiceUnit(ctx.prisma, ctx.events, { ...input, agencyId: Number(input.agencyId.id) });
      ctx.audit.change('ServiceUnit', unit.id, null, unit);
      return ctx.prisma.serviceUnit.findUniqueOrThrow({ ...query, where: { id: unit.id } });
    },
  }),
  updateServiceUnit: t.prismaField({
    type: 'ServiceUnit',
    description: 'Renames a service unit or sets the population it serves.',
    authScopes: access('Mutation', 'updateServiceUnit'),
    args: {
      id: t.arg.globalID({ description: 'Global ID of the unit.', for: [ServiceUnitRef], required: true }),
      name: t.arg.string({ description: 'Nama unit: the new name, if it changes.' }),
      populationServed: t.arg.int({ description: 'Residents served; sets the SKM sample size.' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { before, after } = await updateServiceUnit(ctx.prisma, ctx.events, {
        id: Number(args.id.id),
        name: args.name,
        populationServed: args.populationServed,
      });
      ctx.audit.change(
        'ServiceUnit',
        after.id,
        { name: before.name, populationServed: before.populationServed },
        { name: after.name, populationServed: after.populationServed },
      );
      return ctx.prisma.serviceUnit.findUniqueOrThrow({ ...query, where: { id: after.id } });
    },
  }),
  createExamSite: t.prismaField({
    type: 'ExamSite',
    description: 'Creates a CAT test site (titik lokasi) with its seats per session (ADMIN only).',
    authScopes: access('Mutation', 'createExamSite'),
    args: { input: t.arg({ description: 'The site.', type: CreateExamSiteInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const site = await createExamSite(ctx.prisma, input);
      ctx.audit.change('ExamSite', site.id, null, site);
      return ctx.prisma.examSite.findUniqueOrThrow({ ...query, where: { id: site.id } });
    },
  }),
  setRegionPopulation: t.prismaField({
    type: 'Region',
    description: "Sets a region's population from BPS figures (ADMIN only).",
    authScopes: access('Mutation', 'setRegionPopulation'),
    args: {
      regionCode: t.arg.string({ description: 'Kode wilayah.', required: true }),
      population: t.arg.int({ description: 'Jumlah penduduk: residents.', required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { before, after } = await setRegionPopulation(ctx.prisma, ctx.events, args);
      ctx.audit.change('Region', after.id, before, { population: after.population });
      return ctx.prisma.region.findUniqueOrThrow({ ...query, where: { id: after.id } });
    },
  }),
}));
