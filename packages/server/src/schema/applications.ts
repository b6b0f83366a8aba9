import { filter, pipe } from 'graphql-yoga';
import type { Context } from '../context.js';
import { AdminResult, AppealDecision, ApplicationStatus, TmsReason } from '../generated/prisma/enums.js';
import { maskName } from '../domain/masking.js';
import { checkPageSize } from '../errors.js';
import { applyToFormation, registerApplicant, removeUnreferencedDocument, uploadDocument } from '../recruitment/applicants.js';
import type { ApplicationStatusChangedEvent } from '../events/topics.js';
import { decideAppeal, fileAppeal, verifyApplication } from '../recruitment/verification.js';
import { access } from '../access/matrix.js';
import { confirmApplicant } from '../access/users.js';
import { builder } from './builder.js';
import { DocumentKindEnum, EducationLevelEnum, FormationRef, GenderEnum } from './formation.js';
import { SessionRef } from './viewer.js';

const ApplicationStatusEnum = builder.enumType(ApplicationStatus, {
  name: 'ApplicationStatus',
  description: 'Status lamaran: where an application stands; the legal moves are one table (domain/application-status.ts).',
  values: {
    SUBMITTED: { description: 'Dikirim: submitted, waiting for verification.' },
    VERIFIED: { description: 'Diverifikasi: a verifier decided MS or TMS; correctable until the announcement.' },
    ANNOUNCED: { description: 'Diumumkan: the administrative result is announced.' },
    APPEALED: { description: "Sanggah diajukan: the applicant appealed a TMS result, waiting for the agency's decision." },
    APPEAL_ACCEPTED: { description: 'Sanggah diterima: the appeal was accepted; the result is now MS.' },
    APPEAL_REJECTED: { description: 'Sanggah ditolak: the appeal was rejected; the result stays TMS.' },
    REANNOUNCED: { description: 'Diumumkan ulang: the result after sanggah is announced again.' },
  },
});
export const AdminResultEnum = builder.enumType(AdminResult, {
  name: 'AdminResult',
  description: 'Hasil seleksi administrasi: whether the documents meet the requirements.',
  values: {
    MS: { description: 'Memenuhi Syarat: eligible; the applicant may sit the SKD.' },
    TMS: { description: 'Tidak Memenuhi Syarat: not eligible, with a reason; may be appealed (sanggah).' },
  },
});
const TmsReasonEnum = builder.enumType(TmsReason, {
  name: 'TmsReason',
  description: 'Alasan TMS: why an application was found not eligible.',
  values: {
    DOKUMEN_TIDAK_LENGKAP: { description: 'Dokumen tidak lengkap: a required document is missing.' },
    DOKUMEN_TIDAK_TERBACA: { description: 'Dokumen tidak terbaca: a document cannot be read.' },
    KUALIFIKASI_PENDIDIKAN_TIDAK_SESUAI: { description: 'Kualifikasi pendidikan tidak sesuai: the education does not match the formation.' },
    IPK_TIDAK_MEMENUHI: { description: 'IPK tidak memenuhi: the GPA is below what the formation requires.' },
    USIA_TIDAK_MEMENUHI: { description: "Usia tidak memenuhi: the applicant's age is outside the allowed range." },
    DATA_TIDAK_SESUAI: { description: 'Data tidak sesuai: the documents disagree with the registration data.' },
  },
});
const AppealDecisionEnum = builder.enumType(AppealDecision, {
  name: 'AppealDecision',
  description: "Keputusan sanggah: the agency's answer to an appeal.",
  values: {
    ACCEPTED: { description: 'Diterima: the appeal is upheld; the result becomes MS.' },
    REJECTED: { description: 'Ditolak: the appeal is refused; the result stays TMS.' },
  },
});

/** Row-level rule: an applicant sees their own rows only; staff and registration partners see all. */
function ownerOrStaff(applicantId: number, ctx: Context) {
  if (ctx.viewer.role === 'APPLICANT') return ctx.viewer.applicantId === applicantId;
  return { staff: true, partnerScope: 'registrations:read' } as const;
}

/** Personal fields: the applicant themselves, staff, or a partner holding `pii:read`; null for anyone else. */
const personal = { authScopes: { applicant: true, staff: true, partnerScope: 'pii:read' }, nullable: true, unauthorizedResolver: () => null } as const;

/** The status moves a mutation made, in its audit entry (the services announced them). */
export function auditStatuses(ctx: Context, changes: readonly ApplicationStatusChangedEvent[]): void {
  for (const e of changes) ctx.audit.change('Application', e.applicationId, e.previous ? { status: e.previous } : null, { status: e.status });
}

export const ApplicantRef = builder.prismaNode('Applicant', {
  id: { field: 'id' },
  description: 'A registered applicant. Personal fields are null unless the viewer may see personal data.',
  authScopes: (a, ctx) => ownerOrStaff(a.id, ctx),
  fields: (t) => ({
    nik: t.exposeString('nik', { ...personal, description: 'NIK: the 16-digit national identity number. Personal data.' }),
    fullName: t.exposeString('fullName', { ...personal, description: 'Nama lengkap: the full name. Personal data.' }),
    maskedName: t.string({ description: 'The name as public lists show it.', resolve: (a) => maskName(a.fullName) }),
    birthDate: t.field({ ...personal, type: 'Date', description: 'Tanggal lahir: the birth date, a calendar day.', resolve: (a) => a.birthDate }),
    email: t.exposeString('email', { ...personal, description: 'Email: where codes and notices go. Personal data.' }),
    phone: t.exposeString('phone', { ...personal, description: 'Nomor telepon: the phone number. Personal data.' }),
    gender: t.expose('gender', { description: 'Jenis kelamin.', type: GenderEnum }),
    educationLevel: t.expose('educationLevel', { description: "Jenjang pendidikan: the applicant's highest education level.", type: EducationLevelEnum }),
    major: t.exposeString('major', { description: 'Program studi: the field of study.' }),
    gpa: t.float({ description: 'IPK: the grade point average (0-4), or the diploma average (0-100) for SMA.', resolve: (a) => Number(a.gpa) }),
    disability: t.exposeBoolean('disability', { description: 'Penyandang disabilitas: true when the applicant declared a disability.' }),
    originRegion: t.relation('originRegion', { description: 'Daerah asal: the region of origin (it opens the PAPUA and KALIMANTAN formations).' }),
    applications: t.relation('applications', { description: "Lamaran: the applicant's applications, newest first.", query: { orderBy: { id: 'desc' } } }),
    documents: t.relation('documents', { description: "Dokumen: the applicant's uploaded documents, by kind.", query: { orderBy: { kind: 'asc' } } }),
  }),
});

export const ApplicationRef = builder.prismaNode('Application', {
  id: { field: 'id' },
  description: 'One application to a formation in a selection year, with its administrative state.',
  authScopes: (a, ctx) => ownerOrStaff(a.applicantId, ctx),
  fields: (t) => ({
    participantNumber: t.exposeString('participantNumber', { description: 'Nomor peserta.' }),
    status: t.expose('status', { description: 'Status lamaran: where the application stands.', type: ApplicationStatusEnum }),
    adminResult: t.expose('adminResult', { description: 'Hasil administrasi: MS or TMS once verified; null before.', type: AdminResultEnum, nullable: true }),
    tmsReason: t.expose('tmsReason', { description: 'Alasan TMS: why it was found not eligible; null unless TMS.', type: TmsReasonEnum, nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the application was submitted.' }),
    verifiedAt: t.expose('verifiedAt', { description: 'When a verifier last decided; null before.', type: 'DateTime', nullable: true }),
    announcedAt: t.expose('announcedAt', { description: 'When the administrative result was announced; null before.', type: 'DateTime', nullable: true }),
    reannouncedAt: t.expose('reannouncedAt', { description: 'When the result after sanggah was announced; null before.', type: 'DateTime', nullable: true }),
    formation: t.relation('formation', { description: 'Formasi: the formation applied to.' }),
    applicant: t.relation('applicant', { description: 'Pelamar: who applied.' }),
    appeal: t.relation('appeal', { description: 'Sanggah: the appeal against a TMS result; null when none was filed.', nullable: true }),
    documents: t.relation('documents', { description: "Dokumen: the applicant's documents, by kind.", query: { orderBy: { kind: 'asc' } } }),
  }),
});

builder.prismaObject('Appeal', {
  description: 'Sanggah: the applicant’s appeal against a TMS result and the agency’s answer.',
  authScopes: (a, ctx) => (ctx.viewer.role === 'APPLICANT' ? true : { staff: true, partnerScope: 'registrations:read' }),
  fields: (t) => ({
    reason: t.exposeString('reason', { description: 'Alasan sanggah: why the applicant disputes the TMS result.' }),
    filedAt: t.expose('filedAt', { description: 'When the appeal was filed.', type: 'DateTime' }),
    decision: t.expose('decision', { description: 'Keputusan: ACCEPTED or REJECTED; null while undecided.', type: AppealDecisionEnum, nullable: true }),
    response: t.exposeString('response', { description: "Jawaban: the agency's answer to the applicant; null while undecided.", nullable: true }),
    decidedAt: t.expose('decidedAt', { description: 'When the agency decided; null while undecided.', type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObject('ApplicantDocument', {
  description: 'An uploaded document: its kind, the type read from its content, and its sha256. Bytes at /documents/{sha256} for its owner and staff.',
  // Documents are personal data: partners need `pii:read`, not just `registrations:read`.
  authScopes: (d, ctx) => (ctx.viewer.role === 'APPLICANT' ? ctx.viewer.applicantId === d.applicantId : { staff: true, partnerScope: 'pii:read' }),
  fields: (t) => ({
    kind: t.expose('kind', { description: 'Jenis dokumen.', type: DocumentKindEnum }),
    mediaType: t.exposeString('mediaType', {
      description: 'The file type read from its first bytes (application/pdf, image/jpeg or image/png), whatever its name says.',
    }),
    size: t.exposeInt('size', { description: 'Size in bytes.' }),
    fileName: t.exposeString('fileName', { description: "The file's name as uploaded." }),
    sha256: t.exposeString('sha256', { description: 'SHA-256 of the bytes (hex); the file is served at /documents/{sha256}.' }),
    uploadedAt: t.expose('uploadedAt', { description: 'When it was uploaded.', type: 'DateTime' }),
  }),
});

const RegisterApplicantInput = builder.inputType('RegisterApplicantInput', {
  description: 'Pendaftaran: what an applicant gives to register.',
  fields: (t) => ({
    nik: t.string({ required: true, description: '16 digits; region and birth date must agree with the form.' }),
    fullName: t.string({ description: "Nama lengkap: as on the identity card (letters, spaces and . , ' - only).", required: true }),
    birthDate: t.field({ type: 'Date', required: true, description: 'Tanggal lahir as YYYY-MM-DD; must be the day the NIK encodes.' }),
    gender: t.field({ description: "Jenis kelamin: must agree with the NIK (women's birth day + 40).", type: GenderEnum, required: true }),
    email: t.string({ description: 'Email: one account per email; the confirmation code goes there.', required: true }),
    phone: t.string({ description: 'Nomor telepon.', required: true }),
    educationLevel: t.field({ description: 'Jenjang pendidikan: the highest education level held.', type: EducationLevelEnum, required: true }),
    major: t.string({ description: 'Program studi: the field of study.', required: true }),
    gpa: t.float({ required: true, description: 'IPK 0-4, or the diploma average 0-100 for SMA.' }),
    disability: t.boolean({ description: 'Penyandang disabilitas: true to declare a disability (opens DISABILITAS formations).', required: true }),
    originRegionCode: t.string({ required: true, description: 'Kemendagri code of the region of origin.' }),
    password: t.string({ description: 'Kata sandi: 10-256 characters, at least 5 different ones.', required: true }),
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
      args: { formationId: t.arg.globalID({ description: 'Global ID of the formation.', for: [FormationRef], required: true }) },
      totalCount: (_p, args, ctx) => ctx.prisma.application.count({ where: { formationId: Number(args.formationId.id), status: 'SUBMITTED' } }),
      resolve: (query, _root, args, ctx) => {
        checkPageSize(args);
        return ctx.prisma.application.findMany({ ...query, where: { formationId: Number(args.formationId.id), status: 'SUBMITTED' }, orderBy: { id: 'asc' } });
      },
    },
    { name: 'ApplicationConnection', description: 'A page of applications.' },
    { name: 'ApplicationEdge', description: 'One application in a page, with its cursor.' },
  ),
  appealQueue: t.prismaField({
    type: ['Application'],
    description: "Antrean sanggah: a formation's applications with an appeal awaiting the agency's decision (decideAppeal), oldest first.",
    authScopes: access('Query', 'appealQueue'),
    args: { formationId: t.arg.globalID({ description: 'Global ID of the formation.', for: [FormationRef], required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.application.findMany({ ...query, where: { formationId: Number(args.formationId.id), status: 'APPEALED' }, orderBy: { id: 'asc' }, take: 500 }),
  }),
}));

builder.mutationFields((t) => ({
  registerApplicant: t.field({
    type: RegistrationPayload,
    description:
      'Registers an applicant (one account per NIK and email). The account is usable once confirmed with `confirmApplicant` and the code mailed to the email.',
    authScopes: access('Mutation', 'registerApplicant'),
    args: { input: t.arg({ description: 'The registration.', type: RegisterApplicantInput, required: true }) },
    resolve: (_root, { input }, ctx) => registerApplicant(ctx.prisma, input),
  }),
  confirmApplicant: t.field({
    type: SessionRef,
    description:
      'Konfirmasi pendaftaran: confirms a registration with the code mailed to its email and logs the applicant in. Limited per IP and per account like a login.',
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
    args: { formationId: t.arg.globalID({ description: 'Global ID of the formation to apply to.', for: [FormationRef], required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const application = await applyToFormation(ctx.prisma, ctx.events, ctx.viewer.applicantId!, Number(args.formationId.id), ctx.now());
      auditStatuses(ctx, [{ applicationId: application.id, applicantId: application.applicantId, status: 'SUBMITTED' }]);
      return ctx.prisma.application.findUniqueOrThrow({ ...query, where: { id: application.id } });
    },
  }),
  uploadDocument: t.prismaField({
    type: 'ApplicantDocument',
    description: 'Uploads one document (multipart). Its type is read from the content; size limits per kind.',
    authScopes: access('Mutation', 'uploadDocument'),
    args: {
      kind: t.arg({
        description: 'Jenis dokumen: which document this file is (replaces an earlier one of that kind).',
        type: DocumentKindEnum,
        required: true,
      }),
      file: t.arg({ description: 'The file (PDF, JPEG or PNG), as a GraphQL multipart upload.', type: 'File', required: true }),
    },
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
      applicationId: t.arg.globalID({ description: 'Global ID of the application.', for: [ApplicationRef], required: true }),
      result: t.arg({ description: 'MS or TMS.', type: AdminResultEnum, required: true }),
      reason: t.arg({ description: 'Alasan TMS: required with TMS.', type: TmsReasonEnum }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { application, events } = await verifyApplication(
        ctx.prisma,
        ctx.events,
        ctx.viewer.userId!,
        { applicationId: Number(args.applicationId.id), result: args.result, reason: args.reason },
        ctx.now(),
      );
      auditStatuses(ctx, events);
      return ctx.prisma.application.findUniqueOrThrow({ ...query, where: { id: application.id } });
    },
  }),
  fileAppeal: t.prismaField({
    type: 'Application',
    description: 'Files a sanggah against a TMS result: once, inside the window after the announcement.',
    authScopes: access('Mutation', 'fileAppeal'),
    args: {
      applicationId: t.arg.globalID({ description: "Global ID of the applicant's own application.", for: [ApplicationRef], required: true }),
      reason: t.arg.string({ description: 'Alasan sanggah: why the TMS result is wrong.', required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { application, events } = await fileAppeal(
        ctx.prisma,
        ctx.events,
        ctx.viewer.applicantId!,
        { applicationId: Number(args.applicationId.id), reason: args.reason },
        ctx.now(),
      );
      auditStatuses(ctx, events);
      return ctx.prisma.application.findUniqueOrThrow({ ...query, where: { id: application.id } });
    },
  }),
  decideAppeal: t.prismaField({
    type: 'Application',
    description: 'The agency’s answer to a sanggah; ACCEPTED turns the result into MS.',
    authScopes: access('Mutation', 'decideAppeal'),
    args: {
      applicationId: t.arg.globalID({ description: 'Global ID of the appealed application.', for: [ApplicationRef], required: true }),
      decision: t.arg({ description: 'ACCEPTED or REJECTED.', type: AppealDecisionEnum, required: true }),
      response: t.arg.string({ description: 'Jawaban: the answer the applicant will read.', required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { application, events } = await decideAppeal(
        ctx.prisma,
        ctx.events,
        ctx.viewer.userId!,
        {
          applicationId: Number(args.applicationId.id),
          decision: args.decision,
          response: args.response,
        },
        ctx.now(),
      );
      auditStatuses(ctx, events);
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
        ctx.bus.subscribe('applicationStatusChanged'),
        filter((e: ApplicationStatusChangedEvent) => e.applicantId === ctx.viewer.applicantId),
      ),
    resolve: (query, event, _args, ctx) =>
      ctx.prisma.application.findUniqueOrThrow({ ...query, where: { id: (event as unknown as ApplicationStatusChangedEvent).applicationId } }),
  }),
}));
