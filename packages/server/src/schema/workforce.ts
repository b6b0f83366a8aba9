/**
 * After recruitment: employees appointed from final results, Latsar, SKP appraisals, awards (a
 * public listing with consent, names masked), and recruitmentImpact. Employee records are for
 * officials and partner HR apps (`employees:read`, `employees:write`).
 */
import { Expectation, LatsarStatus, SkpPredicate } from '../generated/prisma/enums.js';
import { regionSubtree } from '../db/regions.js';
import type { CohortImpact, GroupComparison, UnitImpact } from '../domain/impact.js';
import { SKP_PREDICATE_LABELS } from '../domain/skp.js';
import { maskName } from '../domain/masking.js';
import { checkPageSize } from '../errors.js';
import { recruitmentImpact } from '../quality/impact.js';
import { appointFromFinalResult } from '../workforce/appointments.js';
import { completeLatsar, createLatsarProgramme, enrolInLatsar, grantAward, recordAppraisal, setAwardConsent } from '../workforce/performance.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';
import { identity } from './identity.js';
import { FormationRef } from './formation.js';
import { AgencyRef, ServiceUnitRef } from './region.js';

const ExpectationEnum = builder.enumType(Expectation, {
  name: 'Expectation',
  description: 'Against expectation: di atas (above), sesuai (as), di bawah (below).',
  values: {
    DI_ATAS: { description: 'Di atas ekspektasi: above expectation.' },
    SESUAI: { description: 'Sesuai ekspektasi: as expected.' },
    DI_BAWAH: { description: 'Di bawah ekspektasi: below expectation.' },
  },
});
const SkpPredicateEnum = builder.enumType(SkpPredicate, {
  name: 'SkpPredicate',
  description: 'Predikat kinerja from the SKP matrix (PermenPANRB 6/2022).',
  values: {
    SANGAT_BAIK: { description: 'Sangat baik: outstanding (results and behaviour above expectation).' },
    BAIK: { description: 'Baik: good.' },
    BUTUH_PERBAIKAN: { description: 'Butuh perbaikan: needs improvement.' },
    KURANG: { description: 'Kurang: poor.' },
    SANGAT_KURANG: { description: 'Sangat kurang: very poor (results and behaviour below expectation).' },
  },
});
const LatsarStatusEnum = builder.enumType(LatsarStatus, {
  name: 'LatsarStatus',
  description: "Status Latsar: where an employee's basic training stands.",
  values: {
    ENROLLED: { description: 'Terdaftar: enrolled, not completed.' },
    COMPLETED: { description: 'Lulus: completed, with a score.' },
  },
});

const readEmployees = { official: true, partnerScope: 'employees:read' } as const;
const writeEmployees = { official: true, partnerScope: 'employees:write' } as const;

export const EmployeeRef = builder.prismaNode('Employee', {
  id: { field: 'id' },
  description: "An ASN appointed from a formation's final result. Names are masked unless the viewer may see personal data.",
  authScopes: readEmployees,
  fields: (t) => ({
    participantNumber: t.string({
      description: 'Nomor peserta from the selection; masked unless the viewer may see personal data.',
      select: { application: { select: { participantNumber: true } } },
      resolve: (e, _a, ctx) => identity.participantNumber(e.application.participantNumber, ctx),
    }),
    displayName: t.string({
      description: 'Nama: masked unless the viewer may see personal data.',
      select: { application: { select: { applicant: { select: { fullName: true } } } } },
      resolve: (e, _a, ctx) => identity.displayName(e.application.applicant.fullName, ctx),
    }),
    cohort: t.exposeInt('cohort', { description: 'The selection year they were recruited in.' }),
    startsOn: t.field({
      type: 'Date',
      description: 'TMT (terhitung mulai tanggal): the day the appointment takes effect.',
      select: { startsOn: true },
      resolve: (e) => e.startsOn,
    }),
    formation: t.relation('formation', { description: 'Formasi: the formation they were selected for.' }),
    serviceUnit: t.field({
      type: ServiceUnitRef,
      description: 'Unit penempatan: where they serve.',
      select: { serviceUnitId: true },
      resolve: (p, _args, ctx) => ctx.catalogue.serviceUnit(p.serviceUnitId),
    }),
    latsar: t.relation('enrolments', { description: 'Latsar (Pelatihan Dasar CPNS): their basic-training enrolments.' }),
    appraisals: t.relation('appraisals', { description: 'SKP: their yearly appraisals, oldest first.', query: { orderBy: { year: 'asc' } } }),
    awards: t.relation('awards', { description: 'Penghargaan: their awards, oldest first.', query: { orderBy: { year: 'asc' } } }),
  }),
});

export const LatsarProgrammeRef = builder.prismaNode('LatsarProgramme', {
  id: { field: 'id' },
  description: 'Latsar (pelatihan dasar): orientation training of new CPNS.',
  authScopes: readEmployees,
  fields: (t) => ({
    code: t.exposeString('code', { description: "Kode angkatan: the programme's code." }),
    name: t.exposeString('name', { description: "Nama angkatan: the programme's name." }),
    agency: t.field({
      type: AgencyRef,
      description: 'Instansi: the agency that runs it.',
      select: { agencyId: true },
      resolve: (p, _args, ctx) => ctx.catalogue.agency(p.agencyId),
    }),
    startsOn: t.field({ type: 'Date', description: 'First day of the programme.', select: { startsOn: true }, resolve: (p) => p.startsOn }),
    endsOn: t.field({ type: 'Date', description: 'Last day of the programme.', select: { endsOn: true }, resolve: (p) => p.endsOn }),
    enrolments: t.relation('enrolments', { description: 'Peserta: the enrolments, in order of enrolment.', query: { orderBy: { id: 'asc' } } }),
  }),
});

export const LatsarEnrolmentRef = builder.prismaNode('LatsarEnrolment', {
  description: 'Peserta Latsar: one employee in one basic-training programme.',
  id: { field: 'id' },
  authScopes: readEmployees,
  fields: (t) => ({
    programme: t.relation('programme', { description: 'The programme.' }),
    employee: t.relation('employee', { description: 'The employee.' }),
    status: t.expose('status', { description: 'ENROLLED or COMPLETED.', type: LatsarStatusEnum }),
    score: t.exposeFloat('score', { nullable: true, description: '0-100, on completion.' }),
    completedAt: t.expose('completedAt', { description: 'When it was completed; null before.', type: 'DateTime', nullable: true }),
  }),
});

export const AppraisalRef = builder.prismaNode('Appraisal', {
  id: { field: 'id' },
  description: 'SKP: the yearly appraisal.',
  authScopes: readEmployees,
  fields: (t) => ({
    employee: t.relation('employee', { description: 'The employee appraised.' }),
    year: t.exposeInt('year', { description: 'Tahun penilaian: the year appraised.' }),
    results: t.expose('results', { type: ExpectationEnum, description: 'Hasil kerja.' }),
    behaviour: t.expose('behaviour', { type: ExpectationEnum, description: 'Perilaku kerja.' }),
    predicate: t.expose('predicate', { description: 'Predikat kinerja: from the matrix of results and behaviour.', type: SkpPredicateEnum }),
    predicateLabel: t.string({
      description: 'The predicate as announced (Bahasa Indonesia).',
      select: { predicate: true },
      resolve: (a) => SKP_PREDICATE_LABELS[a.predicate].id,
    }),
  }),
});

export const AwardRef = builder.prismaNode('Award', {
  id: { field: 'id' },
  description: 'Penghargaan for a high performer (SKP Sangat Baik that year).',
  authScopes: readEmployees,
  fields: (t) => ({
    employee: t.relation('employee', { description: 'The employee awarded.' }),
    year: t.exposeInt('year', { description: 'Tahun: the performance year it recognises (appraised Sangat Baik).' }),
    title: t.exposeString('title', { description: "Nama penghargaan: the award's title." }),
    citation: t.exposeString('citation', { description: 'Alasan: what it is for; null when none was given.', nullable: true }),
    publicConsent: t.exposeBoolean('publicConsent', { description: 'The employee agreed to the public listing.' }),
    awardedOn: t.field({ type: 'Date', description: 'The day of the award.', select: { awardedOn: true }, resolve: (a) => a.awardedOn }),
  }),
});

const PublicAwardRef = builder.prismaObject('Award', {
  variant: 'PublicAward',
  description: "An award in the public listing: only with the employee's consent, the name masked.",
  authScopes: { public: true },
  fields: (t) => ({
    displayName: t.string({
      description: 'Nama: masked (B*** S******).',
      select: { employee: { select: { application: { select: { applicant: { select: { fullName: true } } } } } } },
      resolve: (a) => maskName(a.employee.application.applicant.fullName),
    }),
    serviceUnit: t.field({
      description: 'Unit layanan: where the employee serves.',
      type: ServiceUnitRef,
      select: { employee: { select: { serviceUnit: true } } },
      resolve: (a) => a.employee.serviceUnit,
    }),
    year: t.exposeInt('year', { description: 'Tahun: the performance year it recognises.' }),
    title: t.exposeString('title', { description: 'Nama penghargaan.' }),
    citation: t.exposeString('citation', { description: 'Alasan: what it is for; null when none was given.', nullable: true }),
    awardedOn: t.field({ type: 'Date', description: 'The day of the award.', select: { awardedOn: true }, resolve: (a) => a.awardedOn }),
  }),
});

const ImpactGroupRef = builder.objectRef<GroupComparison>('ImpactGroup').implement({
  description: 'A group of units compared in the same two periods (only units heard in both). IKM values are converted (25-100), unrounded.',
  authScopes: { public: true },
  fields: (t) => ({
    units: t.exposeInt('units', { description: 'Units in the group.' }),
    respondentsBefore: t.exposeInt('respondentsBefore', { description: 'Responses in the period before.' }),
    respondentsAfter: t.exposeInt('respondentsAfter', { description: 'Responses in the period after.' }),
    before: t.exposeFloat('before', { description: 'Converted IKM before; null without responses.', nullable: true }),
    after: t.exposeFloat('after', { description: 'Converted IKM after; null without responses.', nullable: true }),
    change: t.exposeFloat('change', { description: 'after - before; null when either is missing.', nullable: true }),
  }),
});

const UnitImpactRef = builder.objectRef<UnitImpact>('UnitImpact').implement({
  description: 'A unit that received new ASN of the cohort.',
  authScopes: { public: true },
  fields: (t) => ({
    serviceUnit: t.prismaField({
      description: 'The unit.',
      type: 'ServiceUnit',
      resolve: (query, u, _a, ctx) => ctx.prisma.serviceUnit.findUniqueOrThrow({ ...query, where: { id: u.unitId } }),
    }),
    employees: t.exposeInt('employees', { description: 'New ASN it received.' }),
    before: t.exposeFloat('before', { description: 'Its converted IKM in the last period before the cohort arrived; null without responses.', nullable: true }),
    after: t.exposeFloat('after', { description: 'Its converted IKM in the latest period after; null without responses.', nullable: true }),
    change: t.exposeFloat('change', { description: 'after - before; null when either is missing.', nullable: true }),
  }),
});

const ImpactTrendPointRef = builder.objectRef<CohortImpact['trend'][number]>('ImpactTrendPoint').implement({
  description: 'One survey period: the converted IKM of the receiving units and of the others.',
  authScopes: { public: true },
  fields: (t) => ({
    period: t.exposeString('label', { description: 'Label periode.' }),
    treated: t.exposeFloat('treated', { description: 'Converted IKM of the units that received the cohort; null without responses.', nullable: true }),
    comparison: t.exposeFloat('comparison', { description: 'Converted IKM of the units that received nobody; null without responses.', nullable: true }),
  }),
});

const RecruitmentImpactRef = builder.objectRef<CohortImpact>('RecruitmentImpact').implement({
  description:
    'Did a cohort of new ASN improve service? The converted IKM of the units that received them, in the last period before they arrived and the ' +
    'latest after, against units that received nobody over those periods; difference = treated change - comparison change.',
  authScopes: { public: true },
  fields: (t) => ({
    cohort: t.exposeInt('cohort', { description: 'The selection year.' }),
    arrivedOn: t.string({ description: 'Earliest TMT of the cohort here, YYYY-MM-DD.', resolve: (c) => c.arrivedOn.toISOString().slice(0, 10) }),
    newEmployees: t.exposeInt('newEmployees', { description: 'ASN baru: employees of the cohort placed in the region.' }),
    beforePeriod: t.string({
      description: 'Label of the last period before the cohort arrived; null when none.',
      nullable: true,
      resolve: (c) => c.before?.label ?? null,
    }),
    afterPeriod: t.string({
      description: 'Label of the latest period after it arrived; null when none yet.',
      nullable: true,
      resolve: (c) => c.after?.label ?? null,
    }),
    treated: t.field({ description: 'The units that received the cohort.', type: ImpactGroupRef, resolve: (c) => c.treated }),
    comparison: t.field({ description: 'The units that received nobody in between.', type: ImpactGroupRef, resolve: (c) => c.comparison }),
    difference: t.exposeFloat('difference', {
      description: 'Selisih dari selisih (difference in differences): the treated change minus the comparison change; null when either is missing.',
      nullable: true,
    }),
    units: t.field({ description: 'Each receiving unit.', type: [UnitImpactRef], resolve: (c) => c.units }),
    trend: t.field({ description: 'Every period, oldest first, for both groups.', type: [ImpactTrendPointRef], resolve: (c) => c.trend }),
  }),
});

const AppointmentPayload = builder.objectRef<{ created: number; existing: number; employeeIds: number[] }>('AppointmentPayload').implement({
  description: "Pengangkatan: who was appointed from a formation's final result.",
  authScopes: writeEmployees,
  fields: (t) => ({
    created: t.exposeInt('created', { description: 'Employees created now.' }),
    existing: t.exposeInt('existing', { description: 'Already appointed by an earlier call: nothing written for them.' }),
    employees: t.prismaField({
      description: "Every employee of the formation's final result, new and earlier.",
      type: ['Employee'],
      resolve: (query, p, _a, ctx) => ctx.prisma.employee.findMany({ ...query, where: { id: { in: p.employeeIds } }, orderBy: { id: 'asc' } }),
    }),
  }),
});

builder.queryFields((t) => ({
  employees: t.prismaConnection(
    {
      type: 'Employee',
      cursor: 'id',
      description: 'Employees by placement, formation or cohort.',
      authScopes: access('Query', 'employees'),
      args: {
        regionCode: t.arg.string({ description: 'Kode wilayah: placed in this region or below.' }),
        serviceUnitId: t.arg.globalID({ description: 'Global ID of the unit of placement.', for: [ServiceUnitRef] }),
        formationId: t.arg.globalID({ description: 'Global ID of the formation.', for: [FormationRef] }),
        cohort: t.arg.int({ description: 'Angkatan: the selection year they were recruited in.' }),
      },
      resolve: (query, _root, args, ctx) => {
        checkPageSize(args);
        return ctx.prisma.employee.findMany({
          ...query,
          where: {
            ...(args.regionCode ? { serviceUnit: { region: regionSubtree(args.regionCode) } } : {}),
            ...(args.serviceUnitId ? { serviceUnitId: Number(args.serviceUnitId.id) } : {}),
            ...(args.formationId ? { formationId: Number(args.formationId.id) } : {}),
            ...(args.cohort ? { cohort: args.cohort } : {}),
          },
          orderBy: { id: 'asc' },
        });
      },
    },
    { name: 'EmployeeConnection', description: 'A page of employees.' },
    { name: 'EmployeeEdge', description: 'One employee in a page, with its cursor.' },
  ),
  latsarProgrammes: t.prismaField({
    description: 'Latsar programmes, optionally of one agency.',
    type: ['LatsarProgramme'],
    authScopes: access('Query', 'latsarProgrammes'),
    args: { agencyId: t.arg.globalID({ description: 'Global ID of the agency.', for: [AgencyRef] }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.latsarProgramme.findMany({
        ...query,
        where: args.agencyId ? { agencyId: Number(args.agencyId.id) } : {},
        orderBy: { startsOn: 'desc' },
        take: 200,
      }),
  }),
  awards: t.prismaField({
    type: [PublicAwardRef],
    description: 'Awards whose employees agreed to be listed, in a region and optionally a year; names masked.',
    authScopes: access('Query', 'awards'),
    args: {
      regionCode: t.arg.string({ description: 'Kode wilayah: units in this region and below.', required: true }),
      year: t.arg.int({ description: 'Only awards of this year.' }),
    },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.award.findMany({
        ...query,
        where: { publicConsent: true, ...(args.year ? { year: args.year } : {}), employee: { serviceUnit: { region: regionSubtree(args.regionCode) } } },
        orderBy: [{ year: 'desc' }, { awardedOn: 'desc' }, { id: 'asc' }],
        take: 500,
      }),
  }),
  recruitmentImpact: t.field({
    type: [RecruitmentImpactRef],
    description: 'For each cohort of new ASN placed in the region: IKM of receiving units before and after, against units that received none.',
    authScopes: access('Query', 'recruitmentImpact'),
    args: { regionCode: t.arg.string({ description: 'Kode wilayah: the region, with everything below it.', required: true }) },
    resolve: (_root, args, ctx) => recruitmentImpact(ctx.prisma, args.regionCode),
  }),
}));

builder.mutationFields((t) => ({
  appointFromFinalResult: t.field({
    type: AppointmentPayload,
    description: "Appoints the people selected by a formation's FINAL ranking (P/L and P/L-2) as employees of its unit. Idempotent.",
    authScopes: access('Mutation', 'appointFromFinalResult'),
    args: {
      formationId: t.arg.globalID({ description: 'Global ID of the formation.', for: [FormationRef], required: true }),
      startsOn: t.arg({ type: 'Date', required: true, description: 'TMT: the day the appointments take effect.' }),
      serviceUnitId: t.arg.globalID({ for: [ServiceUnitRef], description: 'Only for a formation without a unit of its own.' }),
    },
    resolve: (_root, args, ctx) =>
      appointFromFinalResult(ctx.prisma, {
        formationId: Number(args.formationId.id),
        startsOn: args.startsOn,
        serviceUnitId: args.serviceUnitId ? Number(args.serviceUnitId.id) : null,
      }),
  }),
  createLatsarProgramme: t.prismaField({
    description: 'Creates a Latsar (basic training) programme of an agency.',
    type: 'LatsarProgramme',
    authScopes: access('Mutation', 'createLatsarProgramme'),
    args: {
      code: t.arg.string({ description: 'Kode angkatan: unique per agency.', required: true }),
      name: t.arg.string({ description: 'Nama angkatan.', required: true }),
      agencyId: t.arg.globalID({ description: 'Global ID of the agency.', for: [AgencyRef], required: true }),
      startsOn: t.arg({ type: 'Date', required: true, description: 'First day of the programme.' }),
      endsOn: t.arg({ type: 'Date', required: true, description: 'Last day of the programme.' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const p = await createLatsarProgramme(ctx.prisma, {
        code: args.code,
        name: args.name,
        agencyId: Number(args.agencyId.id),
        startsOn: args.startsOn,
        endsOn: args.endsOn,
      });
      return ctx.prisma.latsarProgramme.findUniqueOrThrow({ ...query, where: { id: p.id } });
    },
  }),
  enrolInLatsar: t.prismaField({
    type: ['LatsarEnrolment'],
    description: "Enrols employees of the programme's agency; enrolling someone again changes nothing.",
    authScopes: access('Mutation', 'enrolInLatsar'),
    args: {
      programmeId: t.arg.globalID({ description: 'Global ID of the programme.', for: [LatsarProgrammeRef], required: true }),
      employeeIds: t.arg.globalIDList({ description: 'Global IDs of the employees to enrol.', for: [EmployeeRef], required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const rows = await enrolInLatsar(
        ctx.prisma,
        Number(args.programmeId.id),
        args.employeeIds.map((e) => Number(e.id)),
      );
      return ctx.prisma.latsarEnrolment.findMany({ ...query, where: { id: { in: rows.map((r) => r.id) } }, orderBy: { id: 'asc' } });
    },
  }),
  completeLatsar: t.prismaField({
    description: "Records an employee's completion of Latsar, with the score.",
    type: 'LatsarEnrolment',
    authScopes: access('Mutation', 'completeLatsar'),
    args: {
      enrolmentId: t.arg.globalID({ description: 'Global ID of the enrolment.', for: [LatsarEnrolmentRef], required: true }),
      score: t.arg.float({ description: 'Nilai: 0-100.', required: true }),
      completedAt: t.arg({ description: 'When it was completed.', type: 'DateTime', required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const e = await completeLatsar(ctx.prisma, { enrolmentId: Number(args.enrolmentId.id), score: args.score, completedAt: args.completedAt });
      return ctx.prisma.latsarEnrolment.findUniqueOrThrow({ ...query, where: { id: e.id } });
    },
  }),
  recordAppraisal: t.prismaField({
    type: 'Appraisal',
    description: 'The yearly SKP of an employee (one per year); the predicate follows from the matrix.',
    authScopes: access('Mutation', 'recordAppraisal'),
    args: {
      employeeId: t.arg.globalID({ description: 'Global ID of the employee.', for: [EmployeeRef], required: true }),
      year: t.arg.int({ description: "Tahun penilaian: from the employee's first year to this year.", required: true }),
      results: t.arg({ description: 'Hasil kerja: results against expectation.', type: ExpectationEnum, required: true }),
      behaviour: t.arg({ description: 'Perilaku kerja: behaviour against expectation.', type: ExpectationEnum, required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const a = await recordAppraisal(
        ctx.prisma,
        { employeeId: Number(args.employeeId.id), year: args.year, results: args.results, behaviour: args.behaviour },
        ctx.now(),
      );
      return ctx.prisma.appraisal.findUniqueOrThrow({ ...query, where: { id: a.id } });
    },
  }),
  grantAward: t.prismaField({
    type: 'Award',
    description: 'An award for an employee appraised Sangat Baik that year.',
    authScopes: access('Mutation', 'grantAward'),
    args: {
      employeeId: t.arg.globalID({ description: 'Global ID of the employee.', for: [EmployeeRef], required: true }),
      year: t.arg.int({ description: 'The performance year it recognises (the employee must be appraised Sangat Baik).', required: true }),
      title: t.arg.string({ description: 'Nama penghargaan.', required: true }),
      citation: t.arg.string({ description: 'Alasan: what it is for.' }),
      publicConsent: t.arg.boolean({ required: true, description: 'The employee agreed to be listed publicly.' }),
      awardedOn: t.arg({ description: 'When it was given.', type: 'DateTime', required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const a = await grantAward(ctx.prisma, {
        employeeId: Number(args.employeeId.id),
        year: args.year,
        title: args.title,
        citation: args.citation,
        publicConsent: args.publicConsent,
        awardedOn: args.awardedOn,
      });
      return ctx.prisma.award.findUniqueOrThrow({ ...query, where: { id: a.id } });
    },
  }),
  setAwardConsent: t.prismaField({
    type: 'Award',
    description: "Records the employee's consent to the public listing, or its withdrawal.",
    authScopes: access('Mutation', 'setAwardConsent'),
    args: {
      awardId: t.arg.globalID({ description: 'Global ID of the award.', for: [AwardRef], required: true }),
      publicConsent: t.arg.boolean({ description: 'True to list it publicly, false to withdraw.', required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      await setAwardConsent(ctx.prisma, Number(args.awardId.id), args.publicConsent);
      return ctx.prisma.award.findUniqueOrThrow({ ...query, where: { id: Number(args.awardId.id) } });
    },
  }),
}));
