/**
 * Online registration (SSCASN-style): an account per NIK, then one application per selection
 * year to an approved formation inside the registration window, with its documents.
 */
import { createHash, randomInt } from 'node:crypto';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { cleanPersonName } from '../domain/text.js';
import type { DocumentKind, EducationLevel, Gender } from '../generated/prisma/enums.js';
import { passwordProblem, hashPassword } from '../access/passwords.js';
import { formatCalendarDate } from '../domain/calendar.js';
import { checkEligibility } from '../domain/eligibility.js';
import { decodeNik, NikError, PROVINCE_CODES } from '../domain/nik.js';
import { parseRuleSet, type FormationTypeName } from '../domain/rules.js';
import { InputError, requireText } from '../errors.js';
import { DOCUMENT_RULES, requiredDocuments, sniffMediaType } from './document-rules.js';
import type { DocumentStore } from './document-store.js';
import type { Publisher } from '../events/publisher.js';
import { announceStatusChanges } from './events.js';

export interface RegistrationInput {
  nik: string;
  fullName: string;
  birthDate: Date;
  gender: Gender;
  email: string;
  phone: string;
  educationLevel: EducationLevel;
  major: string;
  gpa: number;
  disability: boolean;
  originRegionCode: string;
  password: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^(\+62|0)8\d{7,12}$/;

/** Checks a registration form field by field; the first problem found is thrown, naming its field. */
async function checkRegistration(prisma: PrismaClient, input: RegistrationInput) {
  let decoded: ReturnType<typeof decodeNik>;
  try {
    decoded = decodeNik(input.nik);
  } catch (err) {
    if (err instanceof NikError) throw new InputError('nik', err.message);
    throw err;
  }
  // Only the province part must be one of the 38: a NIK keeps the kecamatan code it was issued
  // under, and kecamatan split and renumber, so today's region table cannot judge older NIKs.
  if (!PROVINCE_CODES.has(decoded.provinceCode))
    throw new InputError('nik', `NIK region ${decoded.districtCode}: ${decoded.provinceCode} is not a province code`);
  if (formatCalendarDate(decoded.birthDate) !== formatCalendarDate(input.birthDate)) {
    throw new InputError('birthDate', `does not match the NIK, which says ${formatCalendarDate(decoded.birthDate)}`);
  }
  if (decoded.gender !== input.gender) throw new InputError('gender', `does not match the NIK, which encodes ${decoded.gender}`);
  const name = cleanPersonName(input.fullName);
  if (!name.ok) throw new InputError('fullName', name.problem);
  const fullName = name.text;
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) throw new InputError('email', 'is not an email address');
  const phone = input.phone.replace(/[\s-]/g, '');
  if (!PHONE.test(phone)) throw new InputError('phone', 'must be an Indonesian mobile number like 081234567890');
  const major = requireText('major', input.major, { min: 1, max: 120 });
  if (!(input.gpa >= 0 && input.gpa <= (input.educationLevel === 'SMA' ? 100 : 4))) {
    throw new InputError('gpa', input.educationLevel === 'SMA' ? 'a diploma average is 0-100' : 'an IPK is 0.00-4.00');
  }
  const problem = passwordProblem(input.password);
  if (problem) throw new InputError('password', problem);
  const origin = await prisma.region.findUnique({ where: { code: input.originRegionCode }, select: { id: true } });
  if (!origin) throw new InputError('originRegionCode', `unknown region "${input.originRegionCode}"`);
  return { fullName, email, phone, major, originRegionId: origin.id };
}

/** A six-digit code for the email's owner to confirm a registration with. */
function confirmationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export const hashCode = (code: string) => createHash('sha256').update(code).digest('hex');

/**
 * Registers an applicant, answering the same whatever already exists, so registration cannot be
 * used to learn who has an account: a new NIK and email get an account waiting for confirmation
 * and a code mailed to the email (outbox `Notification`); a NIK or email already registered gets
 * no account, and the existing account's owner is told that someone tried. Either way the caller
 * learns only that a message went to the email given. Bad input is still named (it says nothing
 * about others).
 */
export async function registerApplicant(prisma: PrismaClient, input: RegistrationInput): Promise<{ confirmationSentTo: string }> {
  const checked = await checkRegistration(prisma, input);
  const passwordHash = await hashPassword(input.password);
  const code = confirmationCode();
  await prisma.$transaction(async (tx) => {
    const existing = await tx.applicant.findMany({ where: { OR: [{ nik: input.nik }, { email: checked.email }] }, select: { email: true } });
    if (existing.length) {
      await tx.notification.createMany({
        data: [...new Set(existing.map((e) => e.email))].map((email) => ({
          email,
          kind: 'REGISTRATION_ATTEMPT',
          body: 'Seseorang mencoba mendaftar akun Pantau dengan NIK atau email Anda. Jika itu Anda, masuk dengan akun yang sudah ada; jika bukan, abaikan pesan ini.',
        })),
      });
      return;
    }
    await tx.applicant.create({
      data: {
        nik: input.nik,
        fullName: checked.fullName,
        birthDate: input.birthDate,
        gender: input.gender,
        email: checked.email,
        phone: checked.phone,
        educationLevel: input.educationLevel,
        major: checked.major,
        gpa: input.gpa,
        disability: input.disability,
        originRegionId: checked.originRegionId,
        passwordHash,
        confirmedAt: null,
        confirmationHash: hashCode(code),
      },
    });
    await tx.notification.create({
      data: { email: checked.email, kind: 'REGISTRATION_CODE', body: `Kode konfirmasi pendaftaran Pantau Anda: ${code}` },
    });
  });
  return { confirmationSentTo: checked.email };
}

/**
 * Nomor peserta: year, the formation's kabupaten/kota code, then an 8-digit serial from a
 * database sequence that starts above anything the seed numbers, e.g. "24157150000001".
 */
async function nextParticipantNumber(tx: Prisma.TransactionClient, year: number, regionCode: string): Promise<string> {
  const [{ serial }] = await tx.$queryRaw<[{ serial: bigint }]>`select nextval('participant_serial') as serial`;
  const region = regionCode.replace(/\./g, '').padEnd(4, '0').slice(0, 4);
  return `${String(year % 100).padStart(2, '0')}${region}${String(serial).padStart(8, '0')}`;
}

/** Applies to a formation: one application per applicant per selection year, inside the window. */
export async function applyToFormation(prisma: PrismaClient, events: Publisher, applicantId: number, formationId: number, now = new Date()) {
  const application = await prisma.$transaction(async (tx) => {
    const formation = await tx.formation.findUnique({
      where: { id: formationId },
      include: { selectionYear: true, region: { select: { code: true } } },
    });
    if (!formation || formation.status !== 'APPROVED') throw new InputError('formationId', 'no open formation with this id');
    const year = formation.selectionYear;
    if (now < year.registrationOpensAt || now > year.registrationClosesAt) {
      throw new InputError(
        'formationId',
        `registration for ${year.year} is open from ${year.registrationOpensAt.toISOString()} to ${year.registrationClosesAt.toISOString()}`,
      );
    }
    // Lock the applicant row so two concurrent applications of one applicant serialize here.
    await tx.$executeRaw`select 1 from "Applicant" where id = ${applicantId} for update`;
    const applicant = await tx.applicant.findUniqueOrThrow({ where: { id: applicantId }, include: { originRegion: { select: { code: true } } } });
    const existing = await tx.application.findUnique({
      where: { applicantId_selectionYearId: { applicantId, selectionYearId: year.id } },
      select: { participantNumber: true },
    });
    if (existing)
      throw new InputError('formationId', `already applied in ${year.year} (participant number ${existing.participantNumber}); one application per year`);
    const rules = parseRuleSet(year.rules);
    const problems = checkEligibility({
      applicant: {
        educationLevel: applicant.educationLevel,
        disability: applicant.disability,
        gpa: Number(applicant.gpa),
        originRegionCode: applicant.originRegion.code,
      },
      formation: { educationLevel: formation.educationLevel, type: formation.type as FormationTypeName },
      rules,
    });
    if (problems.length) throw new InputError('formationId', `not eligible: ${problems.map((p) => p.reason).join('; ')}`);
    const uploaded = new Set((await tx.applicantDocument.findMany({ where: { applicantId }, select: { kind: true } })).map((d) => d.kind));
    const missing = requiredDocuments(rules, formation).filter((kind) => !uploaded.has(kind));
    if (missing.length) throw new InputError('documents', `upload ${missing.join(', ')} before applying`);
    const application = await tx.application.create({
      data: {
        participantNumber: await nextParticipantNumber(tx, year.year, formation.region.code),
        applicantId,
        formationId,
        selectionYearId: year.id,
      },
    });
    // Documents uploaded before applying belong to this application from now on.
    await tx.applicantDocument.updateMany({ where: { applicantId, applicationId: null }, data: { applicationId: application.id } });
    return application;
  });
  await announceStatusChanges(prisma, events, [{ applicationId: application.id, applicantId: application.applicantId, status: 'SUBMITTED' }]);
  return application;
}

export interface UploadedFile {
  name: string;
  size: number;
  bytes(): Promise<Uint8Array>;
}

/**
 * Stores an applicant's document after checking its size and its real type. Re-uploading a kind
 * replaces the earlier file until the application is verified.
 */
export async function uploadDocument(prisma: PrismaClient, store: DocumentStore, applicantId: number, kind: DocumentKind, file: UploadedFile) {
  const rule = DOCUMENT_RULES[kind];
  if (file.size > rule.maxBytes)
    throw new InputError('file', `${kind} may be at most ${Math.round(rule.maxBytes / 1024)} KB, this file is ${Math.ceil(file.size / 1024)} KB`);
  const bytes = await file.bytes();
  const mediaType = sniffMediaType(bytes);
  if (!mediaType || !rule.mediaTypes.includes(mediaType)) {
    throw new InputError('file', `${kind} must be ${rule.mediaTypes.join(' or ')}; the content is ${mediaType ?? 'of an unknown type'}`);
  }
  const application = await prisma.application.findFirst({ where: { applicantId }, orderBy: { id: 'desc' }, select: { id: true, status: true } });
  if (application && application.status !== 'SUBMITTED') throw new InputError('kind', 'documents cannot change once the application is verified');
  const previous = await prisma.applicantDocument.findUnique({ where: { applicantId_kind: { applicantId, kind } }, select: { sha256: true } });
  const sha256 = await store.put(bytes);
  const data = { sha256, size: bytes.length, mediaType, fileName: file.name.slice(0, 200), applicationId: application?.id ?? null, uploadedAt: new Date() };
  const document = await prisma.applicantDocument.upsert({
    where: { applicantId_kind: { applicantId, kind } },
    create: { applicantId, kind, ...data },
    update: data,
  });
  return { document, replaced: previous && previous.sha256 !== sha256 ? previous.sha256 : null };
}

/**
 * Deletes a stored file that no document refers to any more (a replaced upload). Files are shared
 * by content, so another applicant's identical file keeps it. Run after the replacing commit.
 */
export async function removeUnreferencedDocument(prisma: PrismaClient, store: DocumentStore, sha256: string): Promise<boolean> {
  if (await prisma.applicantDocument.findFirst({ where: { sha256 }, select: { id: true } })) return false;
  await store.delete(sha256);
  return true;
}
