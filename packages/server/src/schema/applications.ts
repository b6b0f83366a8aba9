/**
 * Applicants and applications: registration, applying, documents, administrative verification
 * and sanggah. An applicant reaches only their own rows; staff reach all; a partner with
 * `registrations:read` reaches them without personal data unless it also holds `pii:read`.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { filter, pipe } from 'graphql-yoga';
import type { Context } from '../context.js';
import { AdminResult, AppealDecision, ApplicationStatus, TmsReason } from '../generated/prisma/enums.js';
import { maskName } from '../domain/masking.js';
import { checkPageSize } from '../errors.js';
import { publishApplicationsChanged } from '../kpis/events.js';
import { applyToFormation, registerApplicant, removeUnreferencedDocument, uploadDocument } from '../recruitment/applicants.js';
import type { ApplicationStatusChangedEvent } from '../recruitment/events.js';
import { decideAppeal, fileAppeal, verifyApplication } from '../recruitment/verification.js';
import { access } from '../access/matrix.js';
import { confirmApplicant } from '../access/users.js';
import { builder } from './builder.js';
import { DocumentKindEnum, EducationLevelEnum, FormationRef, GenderEnum } from './formation.js';
import { SessionRef } from './viewer.js';

const ApplicationStatusEnum = builder.enumType(ApplicationStatus, { name: 'ApplicationStatus' });
export const AdminResultEnum = builder.enumType(AdminResult, { name: 'AdminResult' });
const TmsReasonEnum = builder.enumType(TmsReason, { name: 'TmsReason' });
const AppealDecisionEnum = builder.enumType(AppealDecision, { name: 'AppealDecision' });

/** Row-level rule: an applicant sees their own rows only; staff and registration partners see all. */
function ownerOrStaff(applicantId: number, ctx: Context) {
  if (ctx.viewer.role === 'APPLICANT') return ctx.viewer.applicantId === applicantId;
  return { staff: true, partnerScope: 'registrations:read' } as const;
}

/** Personal fields: the applicant themselves, staff, or a partner holding `pii:read`; null for anyone else. */
const personal = { authScopes: { applicant: true, staff: true, partnerScope: 'pii:read' }, nullable: true, unauthorizedResolver: () => null } as const;

/** After the commit: each applicant hears their own change; live KPIs of the formations' regions recompute. */
export async function publishStatuses(ctx: Context, events: ApplicationStatusChangedEvent[]) {
  for (const e of events) {
    ctx.audit.change('Application', e.applicationId, e.previous ? { status: e.previous } : null, { status: e.status });
    ctx.pubsub.publish('applicationStatusChanged', e);
  }
  if (!events.length) return;
  const formations = await ctx.prisma.application.findMany({
    where: { id: { in: events.map((e) => e.applicationId) } },
    select: { formation: { select: { regionId: true } } },
    distinct: ['formationId'],
  });
  publishApplicationsChanged(ctx.pubsub, { regionIds: formations.map((a) => a.formation.regionId) });
}

export const ApplicantRef = builder.prismaNode('Applicant', {
  id: { field: 'id' },
  description: 'A registered applicant. Personal fields are null unless the viewer may see personal data.',
  authScopes: (a, ctx) => ownerOrStaff(a.id, ctx),
  fields: (t) => ({
    nik: t.exposeString('nik', personal),
    fullName: t.exposeString('fullName', personal),
    maskedName: t.string({ description: 'The name as public lists show it.', resolve: (a) => maskName(a.fullName) }),
    birthDate: t.field({ ...personal, type: 'Date', description: 'Tanggal lahir: the birth date, a calendar day.', resolve: (a) => a.birthDate }),
    email: t.exposeString('email', personal),
    phone: t.exposeString('phone', personal),
    gender: t.expose('gender', { type: GenderEnum }),
    educationLevel: t.expose('educationLevel', { type: EducationLevelEnum }),
    major: t.exposeString('major'),
    gpa: t.float({ resolve: (a) => Number(a.gpa) }),
    disability: t.exposeBoolean('disability'),
    originRegion: t.relation('originRegion'),
    applications: t.relation('applications', { query: { orderBy: { id: 'desc' } } }),
    documents: t.relation('documents', { query: { orderBy: { kind: 'asc' } } }),
  }),
});

export const ApplicationRef = builder.prismaNode('Application', {
  id: { field: 'id' },
  description: 'One application to a formation in a selection year, with its administrative state.',
  authScopes: (a, ctx) => ownerOrStaff(a.applicantId, ctx),
  fields: (t) => ({
    participantNumber: t.exposeString('participantNumber', { description: 'Nomor peserta.' }),
    status: t.expose('status', { type: ApplicationStatusEnum }),
    adminResult: t.expose('adminResult', { type: AdminResultEnum, nullable: true }),
    tmsReason: t.expose('tmsReason', { type: TmsReasonEnum, nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the application was submitted.' }),
    verifiedAt: t.expose('verifiedAt', { type: 'DateTime', nullable: true }),
    announcedAt: t.expose('announcedAt', { type: 'DateTime', nullable: true }),
    reannouncedAt: t.expose('reannouncedAt', { type: 'DateTime', nullable: true }),
    formation: t.relation('formation'),
    applicant: t.relation('applicant'),
    appeal: t.relation('appeal', { nullable: true }),
    documents: t.relation('documents', { query: { orderBy: { kind: 'asc' } } }),
  }),
});

builder.prismaObject('Appeal', {
  description: 'Sanggah: the applicant’s appeal against a TMS result and the agency’s answer.',
  authScopes: (a, ctx) => (ctx.viewer.role === 'APPLICANT' ? true : { staff: true, partnerScope: 'registrations:read' }),
  fields: (t) => ({
    reason: t.exposeString('reason'),
    filedAt: t.expose('filedAt', { type: 'DateTime' }),
    decision: t.expose('decision', { type: AppealDecisionEnum, nullable: true }),
    response: t.exposeString('response', { nullable: true }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObject('ApplicantDocument', {
  description: 'An uploaded document: its kind, the type read from its content, and its sha256. Bytes at /documents/{sha256} for its owner and staff.',
  // Documents are personal data: partners need `pii:read`, not just `registrations:read`.
  authScopes: (d, ctx) => (ctx.viewer.role === 'APPLICANT' ? ctx.viewer.applicantId === d.applicantId : { staff: true, partnerScope: 'pii:read' }),
  fields: (t) => ({
    kind: t.expose('kind', { type: DocumentKindEnum }),
    mediaType: t.exposeString('mediaType'),
    size: t.exposeInt('size'),
    fileName: t.exposeString('fileName'),
    sha256: t.exposeString('sha256'),
    uploadedAt: t.expose('uploadedAt', { type: 'DateTime' }),
  }),
});

const RegisterApplicantInput = builder.inputType('RegisterApplicantInput', {
  fields: (t) => ({
    nik: t.string({ required: true, description: '16 digits; region and birth date must agree with the form.' }),
    fullName: t.string({ required: true }),
    birthDate: t.field({ type: 'Date', required: true, description: 'Tanggal lahir as YYYY-MM-DD; must be the day the NIK encodes.' }),
    gender: t.field({ type: GenderEnum, required: true }),
    email: t.string({ required: true }),
    phone: t.string({ required: true }),
    educationLevel: t.field({ type: EducationLevelEnum, required: true }),
    major: t.string({ required: true }),
    gpa: t.float({ required: true, description: 'IPK 0-4, or the diploma average 0-100 for SMA.' }),
    disability: t.boolean({ required: true }),
    originRegionCode: t.string({ required: true, description: 'Kemendagri code of the region of origin.' }),
    password: t.string({ required: true }),
  }),
});

const RegistrationPayload = builder.objectRef<{ confirmationSentTo: string }>('RegistrationPayload').implement({
  description:
    'Pendaftaran diterima: a message went to the email given (a confirmation code for a new account; a notice to the owner when the NIK or email is already registered). The answer is the same either way, so it tells nobody who has an account.',
  authScopes: { public: true },
  fields: (t) => ({
    confirmationSentTo: t.exposeString('confirmationSentTo', { description: 'The email the message went to, as normalised (lower case).' }),
  }),
});

builder.queryFields((t) => ({
  me: t.prismaField({
    type: 'Applicant',
    nullable: true,
    description: 'The logged-in applicant.',
    authScopes: access('Query', 'me'),
    resolve: (query, _root, _args, ctx) => ctx.prisma.applicant.findUnique({ ...query, where: { id: ctx.viewer.applicantId! } }),
  }),
  verificationQueue: t.prismaConnection(
    {
      type: 'Application',
      cursor: 'id',
      description: "A formation's applications awaiting verification, oldest first.",
      authScopes: access('Query', 'verificationQueue'),
      args: { formationId: t.arg.globalID({ for: [FormationRef], required: true }) },
      totalCount: (_p, args, ctx) => ctx.prisma.application.count({ where: { formationId: Number(args.formationId.id), status: 'SUBMITTED' } }),
      resolve: (query, _root, args, ctx) => {
        checkPageSize(args);
        return ctx.prisma.application.findMany({ ...query, where: { formationId: Number(args.formationId.id), status: 'SUBMITTED' }, orderBy: { id: 'asc' } });
      },
    },
    { name: 'ApplicationConnection' },
    { name: 'ApplicationEdge' },
  ),
  appealQueue: t.prismaField({
    type: ['Application'],
    description: "Antrean sanggah: a formation's applications with an appeal awaiting the agency's decision (decideAppeal), oldest first.",
    authScopes: access('Query', 'appealQueue'),
    args: { formationId: t.arg.globalID({ for: [FormationRef], required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.application.findMany({ ...query, where: { formationId: Number(args.formationId.id), status: 'APPEALED' }, orderBy: { id: 'asc' }, take: 500 }),
  }),
}));

builder.mutationFields((t) => ({
  registerApplicant: t.field({
    type: RegistrationPayload,
    description: 'Registers an applicant (one account per NIK and email). The account is usable once confirmed with `confirmApplicant` and the code mailed to the email.',
    authScopes: access('Mutation', 'registerApplicant'),
    args: { input: t.arg({ type: RegisterApplicantInput, required: true }) },
    resolve: (_root, { input }, ctx) => registerApplicant(ctx.prisma, input),
  }),
  confirmApplicant: t.field({
    type: SessionRef,
    description: 'Konfirmasi pendaftaran: confirms a registration with the code mailed to its email and logs the applicant in. Limited per IP and per account like a login.',
    authScopes: access('Mutation', 'confirmApplicant'),
    args: {
      email: t.arg.string({ required: true, description: 'The email registered with.' }),
      code: t.arg.string({ required: true, description: 'The six-digit code from the confirmation message.' }),
    },
    resolve: (_root, args, ctx) => confirmApplicant(ctx.prisma, ctx.tokens, args.email, args.code),
  }),
  applyToFormation: t.prismaField({
    type: 'Application',
    description: 'Applies to an open formation: one application per selection year, inside the registration window.',
    authScopes: access('Mutation', 'applyToFormation'),
    args: { formationId: t.arg.globalID({ for: [FormationRef], required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const application = await applyToFormation(ctx.prisma, ctx.viewer.applicantId!, Number(args.formationId.id), ctx.now());
      await publishStatuses(ctx, [{ applicationId: application.id, applicantId: application.applicantId, status: 'SUBMITTED' }]);
      return ctx.prisma.application.findUniqueOrThrow({ ...query, where: { id: application.id } });
    },
  }),
  uploadDocument: t.prismaField({
    type: 'ApplicantDocument',
    description: 'Uploads one document (multipart). Its type is read from the content; size limits per kind.',
    authScopes: access('Mutation', 'uploadDocument'),
    args: { kind: t.arg({ type: DocumentKindEnum, required: true }), file: t.arg({ type: 'File', required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const file = args.file;
      const { document: doc, replaced } = await uploadDocument(ctx.prisma, ctx.documents, ctx.viewer.applicantId!, args.kind, {
        name: file.name,
        size: file.size,
        bytes: async () => new Uint8Array(await file.arrayBuffer()),
      });
      // The replaced file goes once the new one is committed and nothing else refers to it.
      if (replaced) ctx.afterCommit((committed) => removeUnreferencedDocument(committed.prisma, committed.documents, replaced));
      return ctx.prisma.applicantDocument.findUniqueOrThrow({ ...query, where: { id: doc.id } });
    },
  }),
  verifyApplication: t.prismaField({
    type: 'Application',
    description: 'A verifier’s MS or TMS (TMS with a reason). May be corrected until the formation is announced.',
    authScopes: access('Mutation', 'verifyApplication'),
    args: {
      applicationId: t.arg.globalID({ for: [ApplicationRef], required: true }),
      result: t.arg({ type: AdminResultEnum, required: true }),
      reason: t.arg({ type: TmsReasonEnum }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { application, events } = await verifyApplication(ctx.prisma, ctx.viewer.userId!, { applicationId: Number(args.applicationId.id), result: args.result, reason: args.reason }, ctx.now());
      await publishStatuses(ctx, events);
      return ctx.prisma.application.findUniqueOrThrow({ ...query, where: { id: application.id } });
    },
  }),
  fileAppeal: t.prismaField({
    type: 'Application',
    description: 'Files a sanggah against a TMS result: once, inside the window after the announcement.',
    authScopes: access('Mutation', 'fileAppeal'),
    args: { applicationId: t.arg.globalID({ for: [ApplicationRef], required: true }), reason: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { application, events } = await fileAppeal(ctx.prisma, ctx.viewer.applicantId!, { applicationId: Number(args.applicationId.id), reason: args.reason }, ctx.now());
      await publishStatuses(ctx, events);
      return ctx.prisma.application.findUniqueOrThrow({ ...query, where: { id: application.id } });
    },
  }),
  decideAppeal: t.prismaField({
    type: 'Application',
    description: 'The agency’s answer to a sanggah; ACCEPTED turns the result into MS.',
    authScopes: access('Mutation', 'decideAppeal'),
    args: {
      applicationId: t.arg.globalID({ for: [ApplicationRef], required: true }),
      decision: t.arg({ type: AppealDecisionEnum, required: true }),
      response: t.arg.string({ required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { application, events } = await decideAppeal(ctx.prisma, ctx.viewer.userId!, {
        applicationId: Number(args.applicationId.id),
        decision: args.decision,
        response: args.response,
      }, ctx.now());
      await publishStatuses(ctx, events);
      return ctx.prisma.application.findUniqueOrThrow({ ...query, where: { id: application.id } });
    },
  }),
}));

builder.subscriptionFields((t) => ({
  applicationStatusChanged: t.prismaField({
    type: 'Application',
    description: 'The logged-in applicant’s own applications as their status changes.',
    authScopes: access('Subscription', 'applicationStatusChanged'),
    subscribe: (_root, _args, ctx) =>
      pipe(
        ctx.pubsub.subscribe('applicationStatusChanged'),
        filter((e: ApplicationStatusChangedEvent) => e.applicantId === ctx.viewer.applicantId),
      ),
    resolve: (query, event, _args, ctx) => ctx.prisma.application.findUniqueOrThrow({ ...query, where: { id: (event as unknown as ApplicationStatusChangedEvent).applicationId } }),
  }),
}));
