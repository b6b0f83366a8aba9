/**
 * The first years of new ASN: Latsar (orientation training), the yearly SKP appraisal and awards
 * for high performers. Every refusal is typed and writes nothing.
 */
import { Prisma, type PrismaClient } from '../generated/prisma/client.js';
import { skpPredicate, type Expectation } from '../domain/skp.js';
import { RefusedError, requireText } from '../errors.js';

const isUniqueViolation = (err: unknown) => err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';

async function employee(prisma: PrismaClient, id: number, field = 'employeeId') {
  const found = await prisma.employee.findUnique({ where: { id }, select: { id: true, startsOn: true, serviceUnit: { select: { agencyId: true } } } });
  if (!found) throw new RefusedError('EMPLOYEE_NOT_FOUND', `no employee ${id}`, field);
  return found;
}

export async function createLatsarProgramme(prisma: PrismaClient, input: { code: string; name: string; agencyId: number; startsOn: Date; endsOn: Date }) {
  if (!input.code.trim()) throw new RefusedError('INVALID_PROGRAMME', 'must not be empty', 'code');
  if (!input.name.trim()) throw new RefusedError('INVALID_PROGRAMME', 'must not be empty', 'name');
  if (!(input.startsOn <= input.endsOn)) throw new RefusedError('INVALID_PROGRAMME', 'must not be before startsOn', 'endsOn');
  if (!(await prisma.agency.findUnique({ where: { id: input.agencyId }, select: { id: true } })))
    throw new RefusedError('AGENCY_NOT_FOUND', `no agency ${input.agencyId}`, 'agencyId');
  try {
    return await prisma.latsarProgramme.create({
      data: { ...input, code: requireText('code', input.code, { min: 1, max: 40 }), name: requireText('name', input.name, { min: 1, max: 200 }) },
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new RefusedError('PROGRAMME_EXISTS', `a Latsar programme ${input.code} exists`, 'code');
    throw err;
  }
}

/** Enrols employees of the programme's agency; enrolling someone again changes nothing. */
export async function enrolInLatsar(prisma: PrismaClient, programmeId: number, employeeIds: number[]) {
  const programme = await prisma.latsarProgramme.findUnique({ where: { id: programmeId }, select: { id: true, agencyId: true } });
  if (!programme) throw new RefusedError('PROGRAMME_NOT_FOUND', `no Latsar programme ${programmeId}`, 'programmeId');
  for (const [i, id] of employeeIds.entries()) {
    const e = await employee(prisma, id, `employeeIds[${i}]`);
    if (e.serviceUnit.agencyId !== programme.agencyId)
      throw new RefusedError('WRONG_AGENCY', "the employee serves another agency than the programme's", `employeeIds[${i}]`);
  }
  await prisma.latsarEnrolment.createMany({ data: employeeIds.map((employeeId) => ({ programmeId, employeeId })), skipDuplicates: true });
  return prisma.latsarEnrolment.findMany({ where: { programmeId, employeeId: { in: employeeIds } }, orderBy: { id: 'asc' } });
}

/** Records completion with the final score (0-100), once. */
export async function completeLatsar(prisma: PrismaClient, input: { enrolmentId: number; score: number; completedAt: Date }) {
  if (!(Number.isFinite(input.score) && input.score >= 0 && input.score <= 100))
    throw new RefusedError('INVALID_SCORE', `must be from 0 to 100, got ${input.score}`, 'score');
  const { count } = await prisma.latsarEnrolment.updateMany({
    where: { id: input.enrolmentId, status: 'ENROLLED' },
    data: { status: 'COMPLETED', score: input.score, completedAt: input.completedAt },
  });
  if (!count) {
    const exists = await prisma.latsarEnrolment.findUnique({ where: { id: input.enrolmentId }, select: { id: true } });
    throw exists
      ? new RefusedError('ALREADY_COMPLETED', 'this enrolment is already completed', 'enrolmentId')
      : new RefusedError('ENROLMENT_NOT_FOUND', `no Latsar enrolment ${input.enrolmentId}`, 'enrolmentId');
  }
  return prisma.latsarEnrolment.findUniqueOrThrow({ where: { id: input.enrolmentId } });
}

/** The yearly SKP: one per employee and year, from the year they started; the matrix gives the predicate. */
export async function recordAppraisal(
  prisma: PrismaClient,
  input: { employeeId: number; year: number; results: Expectation; behaviour: Expectation },
  now = new Date(),
) {
  const e = await employee(prisma, input.employeeId);
  const first = e.startsOn.getUTCFullYear();
  if (!Number.isInteger(input.year) || input.year < first || input.year > now.getUTCFullYear()) {
    throw new RefusedError('INVALID_YEAR', `must be from ${first} (the employee's start) to ${now.getUTCFullYear()}, got ${input.year}`, 'year');
  }
  const predicate = skpPredicate(input.results, input.behaviour);
  try {
    return await prisma.appraisal.create({ data: { ...input, predicate } });
  } catch (err) {
    if (isUniqueViolation(err)) throw new RefusedError('APPRAISAL_EXISTS', `employee ${input.employeeId} already has an appraisal for ${input.year}`, 'year');
    throw err;
  }
}

/** An award for a high performer: the employee's SKP of that year must be Sangat Baik. */
export async function grantAward(
  prisma: PrismaClient,
  input: { employeeId: number; year: number; title: string; citation?: string | null; publicConsent: boolean; awardedOn: Date },
) {
  await employee(prisma, input.employeeId);
  if (!input.title.trim()) throw new RefusedError('INVALID_AWARD', 'must not be empty', 'title');
  // Awards are public: their text is held to the same rules as every name and free text.
  const title = requireText('title', input.title, { min: 1, max: 200 });
  const citation = input.citation?.trim() ? requireText('citation', input.citation, { min: 1, max: 2000, multiline: true }) : null;
  const appraisal = await prisma.appraisal.findUnique({
    where: { employeeId_year: { employeeId: input.employeeId, year: input.year } },
    select: { predicate: true },
  });
  if (appraisal?.predicate !== 'SANGAT_BAIK') {
    throw new RefusedError(
      'NOT_HIGH_PERFORMER',
      `awards go to employees appraised Sangat Baik for the year; ${appraisal ? `this one is ${appraisal.predicate}` : 'this one has no appraisal'} for ${input.year}`,
      'employeeId',
    );
  }
  try {
    return await prisma.award.create({ data: { ...input, title, citation } });
  } catch (err) {
    if (isUniqueViolation(err)) throw new RefusedError('AWARD_EXISTS', `employee ${input.employeeId} already has "${title}" for ${input.year}`, 'title');
    throw err;
  }
}

/** Records the employee's consent to a public listing, or its withdrawal. */
export async function setAwardConsent(prisma: PrismaClient, awardId: number, publicConsent: boolean) {
  const { count } = await prisma.award.updateMany({ where: { id: awardId }, data: { publicConsent } });
  if (!count) throw new RefusedError('AWARD_NOT_FOUND', `no award ${awardId}`, 'awardId');
  return prisma.award.findUniqueOrThrow({ where: { id: awardId } });
}
