import { DocumentKind, EducationLevel, FormationStatus, FormationType, Gender } from '../generated/prisma/enums.js';
import type { Prisma } from '../generated/prisma/client.js';
import { parseRuleSet } from '../domain/rules.js';
import { checkPageSize } from '../errors.js';
import { requiredDocuments } from '../recruitment/document-rules.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';
import { regionSubtree } from '../db/regions.js';
import { AgencyRef, RegionRef, ServiceUnitRef } from './region.js';
import { loaders } from './loaders.js';

const FormationStatusEnum = builder.enumType(FormationStatus, {
  name: 'FormationStatus',
  description: 'Status formasi: whether a formation still waits for approval or takes applications.',
  values: {
    PROPOSED: { description: "Diusulkan: proposed against a staffing gap, waiting for an official's approval." },
    APPROVED: { description: 'Ditetapkan: approved; takes applications in the registration window.' },
  },
});
export const DocumentKindEnum = builder.enumType(DocumentKind, {
  name: 'DocumentKind',
  description: 'Jenis dokumen persyaratan: the kinds of document an application may need.',
  values: {
    KTP: { description: 'KTP: the identity card (Kartu Tanda Penduduk).' },
    IJAZAH: { description: 'Ijazah: the diploma of the required education level.' },
    TRANSKRIP: { description: 'Transkrip nilai: the academic transcript, with the GPA.' },
    PAS_FOTO: { description: 'Pas foto: a passport photograph.' },
    SURAT_LAMARAN: { description: 'Surat lamaran: the application letter.' },
    SURAT_PERNYATAAN: { description: "Surat pernyataan: the signed statement of the applicant's declarations." },
    SERTIFIKAT_PENDIDIK: { description: 'Sertifikat pendidik: the teaching certificate, for teacher formations.' },
    STR: { description: "STR (Surat Tanda Registrasi): the health worker's registration, for health formations." },
    SURAT_KETERANGAN_DISABILITAS: { description: 'Surat keterangan disabilitas: the medical statement of a disability, for DISABILITAS formations.' },
  },
});
export const GenderEnum = builder.enumType(Gender, {
  name: 'Gender',
  description: "Jenis kelamin: sex as recorded on the identity card (the NIK adds 40 to a woman's birth day).",
  values: {
    MALE: { description: 'Laki-laki: male.' },
    FEMALE: { description: 'Perempuan: female.' },
  },
});
export const EducationLevelEnum = builder.enumType(EducationLevel, {
  name: 'EducationLevel',
  description: 'Jenjang pendidikan: the education level a formation requires and an applicant holds.',
  values: {
    SMA: { description: 'SMA/SMK: senior secondary school.' },
    D3: { description: 'Diploma III.' },
    D4: { description: 'Diploma IV (sarjana terapan).' },
    S1: { description: "Sarjana (S1): bachelor's degree." },
    S2: { description: "Magister (S2): master's degree." },
    S3: { description: 'Doktor (S3): doctorate.' },
  },
});
export const FormationTypeEnum = builder.enumType(FormationType, {
  name: 'FormationType',
  values: {
    UMUM: { description: 'Umum: the general formation, open to every eligible applicant.' },
    CUMLAUDE: { description: "Lulusan cumlaude: for graduates with honours (GPA at or above the rule set's bound)." },
    DISABILITAS: { description: 'Penyandang disabilitas: reserved for applicants with a disability.' },
    PAPUA: { description: 'Putra/putri Papua: reserved for applicants native to Papua.' },
    KALIMANTAN: { description: 'Putra/putri Kalimantan: reserved for applicants native to Kalimantan.' },
  },
  description: 'Formation type; it decides which SKD passing threshold applies.',
});

const ThresholdRef = builder.objectRef<{ formationType: FormationType; TWK?: number; TIU?: number; TKP?: number; total?: number }>('Threshold').implement({
  description: 'Passing threshold (nilai ambang batas) of one formation type: each minimum holds on its own.',
  authScopes: { public: true },
  fields: (t) => ({
    formationType: t.field({
      description: 'Jenis formasi: the formation type this threshold applies to.',
      type: FormationTypeEnum,
      resolve: (r) => r.formationType,
    }),
    twk: t.int({
      description: 'Minimum TWK (Tes Wawasan Kebangsaan, national insight) score; null when none applies.',
      nullable: true,
      resolve: (r) => r.TWK ?? null,
    }),
    tiu: t.int({
      description: 'Minimum TIU (Tes Intelegensia Umum, general intelligence) score; null when none applies.',
      nullable: true,
      resolve: (r) => r.TIU ?? null,
    }),
    tkp: t.int({
      description: 'Minimum TKP (Tes Karakteristik Pribadi, personal characteristics) score; null when none applies.',
      nullable: true,
      resolve: (r) => r.TKP ?? null,
    }),
    total: t.int({ description: 'Minimum SKD total; null when only the sub-test minimums apply.', nullable: true, resolve: (r) => r.total ?? null }),
  }),
});

const FormationDocumentsRef = builder.objectRef<{ formationType: FormationType; documents: DocumentKind[] }>('FormationTypeDocuments').implement({
  description: 'Dokumen persyaratan of one formation type in a selection year.',
  authScopes: { public: true },
  fields: (t) => ({
    formationType: t.field({
      description: 'Jenis formasi: the formation type these documents are required of.',
      type: FormationTypeEnum,
      resolve: (r) => r.formationType,
    }),
    documents: t.field({ type: [DocumentKindEnum], description: 'Document kinds every application of this type must carry.', resolve: (r) => r.documents }),
  }),
});

export const SelectionYearRef = builder.prismaNode('SelectionYear', {
  id: { field: 'id' },
  description: 'One yearly selection with its rule set.',
  authScopes: { public: true },
  fields: (t) => ({
    year: t.exposeInt('year', { description: 'Tahun seleksi: the selection year, e.g. 2026.' }),
    name: t.exposeString('name', { description: `Nama seleksi: the year's name as announced, e.g. "Seleksi CASN 2026".` }),
    registrationOpensAt: t.expose('registrationOpensAt', { description: 'Pendaftaran dibuka: when applications open.', type: 'DateTime' }),
    registrationClosesAt: t.expose('registrationClosesAt', { description: 'Pendaftaran ditutup: when applications close.', type: 'DateTime' }),
    thresholds: t.field({
      description: "Nilai ambang batas: the SKD passing thresholds of each formation type in this year's rule set.",
      type: [ThresholdRef],
      select: { rules: true },
      resolve: (y) => {
        const rules = parseRuleSet(y.rules);
        return Object.values(FormationType).map((formationType) => ({ formationType, ...rules.thresholds[formationType] }));
      },
    }),
    skbCutMultiplier: t.int({
      description: "Kelipatan SKB: how many times a formation's quota advance from the SKD to the SKB (ties at the cut included).",
      select: { rules: true },
      resolve: (y) => parseRuleSet(y.rules).skbCutMultiplier,
    }),
    appealWindowDays: t.int({
      description: 'Masa sanggah: days after an announcement in which a TMS applicant may appeal.',
      select: { rules: true },
      resolve: (y) => parseRuleSet(y.rules).appealWindowDays,
    }),
    documents: t.field({
      type: [FormationDocumentsRef],
      description: 'Dokumen persyaratan: the documents an application must carry, per formation type (a formation may add more).',
      select: { rules: true },
      resolve: (y) => {
        const rules = parseRuleSet(y.rules);
        return Object.values(FormationType).map((formationType) => ({ formationType, documents: rules.documents[formationType] as DocumentKind[] }));
      },
    }),
  }),
});

export const FormationRef = builder.prismaNode('Formation', {
  id: { field: 'id' },
  description: 'Formasi: a job title at an agency and placement, for one education level, with a quota.',
  authScopes: { public: true },
  fields: (t) => ({
    code: t.exposeString('code', { description: `Kode formasi: the formation's code, e.g. "2024-PEMKOT-JAMBI-001".` }),
    jobTitle: t.exposeString('jobTitle', { description: 'Jabatan: the job title, e.g. "Dokter Ahli Pertama".' }),
    educationLevel: t.expose('educationLevel', {
      description: 'Kualifikasi pendidikan: the education level an applicant must hold.',
      type: EducationLevelEnum,
    }),
    type: t.expose('type', {
      description: 'Jenis formasi: general, or reserved (cumlaude, disability, Papua, Kalimantan); sets the SKD threshold.',
      type: FormationTypeEnum,
    }),
    quota: t.exposeInt('quota', { description: 'Kebutuhan/alokasi: the number of seats to fill.' }),
    // Reference rows come from the catalogue: a formation list reads only the formations and their tally.
    agency: t.field({
      type: AgencyRef,
      description: 'Instansi: the agency that opens the formation.',
      resolve: (f, _args, ctx) => ctx.catalogue.agency(f.agencyId),
    }),
    serviceUnit: t.field({
      type: ServiceUnitRef,
      description: 'Unit penempatan: the service unit the appointees will serve in; null when the agency places them later.',
      nullable: true,
      resolve: (f, _args, ctx) => (f.serviceUnitId === null ? null : ctx.catalogue.serviceUnit(f.serviceUnitId)),
    }),
    region: t.field({
      type: RegionRef,
      description: 'Placement location.',
      resolve: (f, _args, ctx) => ctx.catalogue.region(f.regionId),
    }),
    selectionYear: t.field({
      type: SelectionYearRef,
      description: 'Tahun seleksi: the selection year the formation belongs to.',
      resolve: (f, _args, ctx) => ctx.catalogue.selectionYear(f.selectionYearId),
    }),
    applicantCount: t.int({
      description: 'Applications received (a public aggregate).',
      select: { id: true },
      resolve: (f, _args, ctx) => loaders(ctx).applicantCount.load(f.id),
    }),
    status: t.expose('status', {
      type: FormationStatusEnum,
      description: 'PROPOSED until an official approves it; only APPROVED formations take applications.',
    }),
    staffingNeed: t.relation('staffingNeed', { nullable: true, description: 'The staffing gap this formation answers.' }),
    requiredDocuments: t.field({
      type: [DocumentKindEnum],
      description: "Documents an application must carry: those the year's rule set requires of this formation type and those this formation adds.",
      select: { extraDocuments: true, type: true, selectionYear: { select: { rules: true } } },
      resolve: (f) => requiredDocuments(parseRuleSet(f.selectionYear.rules), f),
    }),
    proposedAt: t.expose('proposedAt', { description: 'When the formation was proposed.', type: 'DateTime' }),
    approvedAt: t.expose('approvedAt', { description: 'When an official approved it; null while PROPOSED.', type: 'DateTime', nullable: true }),
  }),
});

builder.queryFields((t) => ({
  formations: t.prismaConnection(
    {
      type: 'Formation',
      cursor: 'id',
      description: 'Formations, filtered; a region includes everything below it in the tree.',
      authScopes: access('Query', 'formations'),
      args: {
        regionCode: t.arg.string({ description: 'Kode wilayah: only formations placed in this region or below it ("15.71").' }),
        agencyId: t.arg.globalID({ description: 'Only formations of this agency.', for: [AgencyRef] }),
        type: t.arg({ description: 'Only formations of this type.', type: FormationTypeEnum }),
        year: t.arg.int({ description: 'Only formations of this selection year.' }),
      },
      totalCount: (_parent, args, ctx) => ctx.prisma.formation.count({ where: formationFilter(args) }),
      resolve: (query, _root, args, ctx) => {
        checkPageSize(args);
        return ctx.prisma.formation.findMany({ ...query, where: formationFilter(args), orderBy: { id: 'asc' } });
      },
    },
    { name: 'FormationConnection', description: 'A page of formations.' },
    { name: 'FormationEdge', description: 'One formation in a page, with its cursor.' },
  ),
  formation: t.prismaField({
    description: 'One formation by its global ID; null when there is none.',
    type: 'Formation',
    nullable: true,
    authScopes: access('Query', 'formation'),
    args: { id: t.arg.globalID({ description: 'Global ID of the formation.', for: [FormationRef], required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.formation.findUnique({ ...query, where: { id: Number(args.id.id) } }),
  }),
}));

function formationFilter(args: {
  regionCode?: string | null;
  agencyId?: { id: string } | null;
  type?: FormationType | null;
  year?: number | null;
}): Prisma.FormationWhereInput {
  return {
    ...(args.regionCode ? { region: regionSubtree(args.regionCode) } : {}),
    ...(args.agencyId ? { agencyId: Number(args.agencyId.id) } : {}),
    ...(args.type ? { type: args.type } : {}),
    ...(args.year ? { selectionYear: { year: args.year } } : {}),
  };
}
