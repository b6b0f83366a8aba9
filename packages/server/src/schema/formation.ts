import { DocumentKind, EducationLevel, FormationStatus, FormationType, Gender } from '../generated/prisma/enums.js';
import type { Prisma } from '../generated/prisma/client.js';
import { parseRuleSet } from '../domain/rules.js';
import { checkPageSize } from '../errors.js';
import { requiredDocuments } from '../recruitment/document-rules.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';
import { regionSubtree } from '../db/regions.js';
import { AgencyRef } from './region.js';

const FormationStatusEnum = builder.enumType(FormationStatus, { name: 'FormationStatus' });
export const DocumentKindEnum = builder.enumType(DocumentKind, { name: 'DocumentKind' });
export const GenderEnum = builder.enumType(Gender, { name: 'Gender' });
export const EducationLevelEnum = builder.enumType(EducationLevel, { name: 'EducationLevel' });
export const FormationTypeEnum = builder.enumType(FormationType, {
  name: 'FormationType',
  description: 'Formation type; it decides which SKD passing threshold applies.',
});

const ThresholdRef = builder
  .objectRef<{ formationType: FormationType; TWK?: number; TIU?: number; TKP?: number; total?: number }>('Threshold')
  .implement({
    description: 'Passing threshold (nilai ambang batas) of one formation type: each minimum holds on its own.',
    authScopes: { public: true },
    fields: (t) => ({
      formationType: t.field({ type: FormationTypeEnum, resolve: (r) => r.formationType }),
      twk: t.int({ nullable: true, resolve: (r) => r.TWK ?? null }),
      tiu: t.int({ nullable: true, resolve: (r) => r.TIU ?? null }),
      tkp: t.int({ nullable: true, resolve: (r) => r.TKP ?? null }),
      total: t.int({ nullable: true, resolve: (r) => r.total ?? null }),
    }),
  });

const FormationDocumentsRef = builder.objectRef<{ formationType: FormationType; documents: DocumentKind[] }>('FormationTypeDocuments').implement({
  description: 'Dokumen persyaratan of one formation type in a selection year.',
  authScopes: { public: true },
  fields: (t) => ({
    formationType: t.field({ type: FormationTypeEnum, resolve: (r) => r.formationType }),
    documents: t.field({ type: [DocumentKindEnum], description: 'Document kinds every application of this type must carry.', resolve: (r) => r.documents }),
  }),
});

builder.prismaNode('SelectionYear', {
  id: { field: 'id' },
  description: 'One yearly selection with its rule set.',
  authScopes: { public: true },
  fields: (t) => ({
    year: t.exposeInt('year'),
    name: t.exposeString('name'),
    registrationOpensAt: t.expose('registrationOpensAt', { type: 'DateTime' }),
    registrationClosesAt: t.expose('registrationClosesAt', { type: 'DateTime' }),
    thresholds: t.field({
      type: [ThresholdRef],
      select: { rules: true },
      resolve: (y) => {
        const rules = parseRuleSet(y.rules);
        return Object.values(FormationType).map((formationType) => ({ formationType, ...rules.thresholds[formationType] }));
      },
    }),
    skbCutMultiplier: t.int({ select: { rules: true }, resolve: (y) => parseRuleSet(y.rules).skbCutMultiplier }),
    appealWindowDays: t.int({ select: { rules: true }, resolve: (y) => parseRuleSet(y.rules).appealWindowDays }),
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
    code: t.exposeString('code'),
    jobTitle: t.exposeString('jobTitle'),
    educationLevel: t.expose('educationLevel', { type: EducationLevelEnum }),
    type: t.expose('type', { type: FormationTypeEnum }),
    quota: t.exposeInt('quota'),
    agency: t.relation('agency'),
    serviceUnit: t.relation('serviceUnit', { nullable: true }),
    region: t.relation('region', { description: 'Placement location.' }),
    selectionYear: t.relation('selectionYear'),
    applicantCount: t.relationCount('applications', { description: 'Applications received (a public aggregate).' }),
    status: t.expose('status', { type: FormationStatusEnum, description: 'PROPOSED until an official approves it; only APPROVED formations take applications.' }),
    staffingNeed: t.relation('staffingNeed', { nullable: true, description: 'The staffing gap this formation answers.' }),
    requiredDocuments: t.field({
      type: [DocumentKindEnum],
      description: "Documents an application must carry: those the year's rule set requires of this formation type and those this formation adds.",
      select: { extraDocuments: true, type: true, selectionYear: { select: { rules: true } } },
      resolve: (f) => requiredDocuments(parseRuleSet(f.selectionYear.rules), f),
    }),
    proposedAt: t.expose('proposedAt', { type: 'DateTime' }),
    approvedAt: t.expose('approvedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.queryFields((t) => ({
  formations: t.prismaConnection({
    type: 'Formation',
    cursor: 'id',
    description: 'Formations, filtered; a region includes everything below it in the tree.',
    authScopes: access('Query', 'formations'),
    args: {
      regionCode: t.arg.string(),
      agencyId: t.arg.globalID({ for: [AgencyRef] }),
      type: t.arg({ type: FormationTypeEnum }),
      year: t.arg.int(),
    },
    totalCount: (_parent, args, ctx) => ctx.prisma.formation.count({ where: formationFilter(args) }),
    resolve: (query, _root, args, ctx) => {
      checkPageSize(args);
      return ctx.prisma.formation.findMany({ ...query, where: formationFilter(args), orderBy: { id: 'asc' } });
    },
  }, { name: 'FormationConnection' }, { name: 'FormationEdge' }),
  formation: t.prismaField({
    type: 'Formation',
    nullable: true,
    authScopes: access('Query', 'formation'),
    args: { id: t.arg.globalID({ for: [FormationRef], required: true }) },
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
