/**
 * SKM surveys: periods per service unit, and anonymous responses with an optional complaint or
 * suggestion. A response is refused whole (typed error, nothing written) when its answers are
 * not nine values on 1..4, its unit or period is unknown or closed, or its source already
 * answered for this unit in this period.
 */
import type { PrismaClient } from '../generated/prisma/client.js';
import { cleanText } from '../domain/text.js';
import type { AgeBand, FeedbackCategory, FeedbackKind, Gender, RespondentEducation, RespondentOccupation } from '../generated/prisma/enums.js';
import { regionLineage } from '../db/regions.js';
import { MAX_FEEDBACK_TEXT } from '../domain/feedback.js';
import { SKM_ELEMENTS, validateSkmAnswers } from '../domain/ikm.js';
import { RefusedError } from '../errors.js';
import type { DeviceToken, SurveyGuard } from './guard.js';
import type { Publisher } from '../events/publisher.js';

export interface RespondentProfile {
  gender?: Gender | null;
  ageBand?: AgeBand | null;
  education?: RespondentEducation | null;
  occupation?: RespondentOccupation | null;
}

export interface SurveyComment {
  kind: FeedbackKind;
  category: FeedbackCategory;
  text: string;
}

export interface SurveySubmission {
  serviceUnitId: number;
  answers: readonly number[];
  respondent?: RespondentProfile | null;
  comment?: SurveyComment | null;
  /** A period label; without it, the unit's period open now. */
  period?: string | null;
}

/**
 * Who sends a response, for the guard only (never an address): the public with a device token
 * the server issued (a phone's, or a kiosk's registered for the unit), or a partner kiosk
 * (`feedback:write`), which vouches for its respondents and may pass a server-issued token too.
 */
export interface SubmissionSource {
  kind: 'public' | 'partner';
  /** Already verified (SurveyGuard.verify). */
  token?: DeviceToken | null;
}

/** Labels like "2024-S1", "2025-Q3" or "2026": a year, optionally a part of it. */
const PERIOD_LABEL = /^\d{4}(-[A-Z0-9]{1,4})?$/;

function checkAnswers(answers: readonly number[]) {
  const problems = validateSkmAnswers(answers);
  if (!problems.length) return;
  const at = answers.length === SKM_ELEMENTS.length ? answers.findIndex((a) => !(Number.isInteger(a) && a >= 1 && a <= 4)) : -1;
  throw new RefusedError('INVALID_ANSWERS', problems[0]!, at >= 0 ? `answers[${at}]` : 'answers');
}

/** Text of a complaint or an answer: clean (domain/text.ts), not empty, at most MAX_FEEDBACK_TEXT characters. */
export function checkText(text: string, field: string): string {
  if (!text.trim()) throw new RefusedError('INVALID_TEXT', 'must not be empty', field);
  const cleaned = cleanText(text, { min: 1, max: MAX_FEEDBACK_TEXT, multiline: true });
  if (!cleaned.ok) throw new RefusedError('INVALID_TEXT', cleaned.problem, field);
  return cleaned.text;
}

const isOpenAt = (p: { status: string; opensAt: Date; closesAt: Date }, now: Date) => p.status === 'OPEN' && p.opensAt <= now && now < p.closesAt;

/**
 * Records one response (and its comment as Feedback) in one transaction, announced after it commits. A phone's token answers
 * once per unit and period; a kiosk's token serves only its unit and vouches for its respondents,
 * as does a partner key without a token. Only a keyed hash of the phone's token id is stored.
 */
export async function submitSurveyResponse(
  prisma: PrismaClient,
  events: Publisher,
  guard: SurveyGuard,
  input: SurveySubmission,
  source: SubmissionSource,
  now = new Date(),
): Promise<{ period: string; feedbackId: number | null }> {
  const duplicateKey = deviceKey(input.serviceUnitId, source);
  checkAnswers(input.answers);
  const text = input.comment ? checkText(input.comment.text, 'comment.text') : null;
  const unit = await prisma.serviceUnit.findUnique({
    where: { id: input.serviceUnitId },
    select: { id: true, name: true, region: { select: { code: true } } },
  });
  if (!unit) throw new RefusedError('UNIT_NOT_FOUND', `no service unit ${input.serviceUnitId}`, 'serviceUnitId');
  const period = input.period
    ? await prisma.surveyPeriod.findUnique({ where: { serviceUnitId_label: { serviceUnitId: unit.id, label: input.period } } })
    : await prisma.surveyPeriod.findFirst({
        where: { serviceUnitId: unit.id, status: 'OPEN', opensAt: { lte: now }, closesAt: { gt: now } },
        orderBy: { opensAt: 'desc' },
      });
  if (!period && input.period) throw new RefusedError('PERIOD_NOT_FOUND', `${unit.name} has no survey period ${input.period}`, 'period');
  if (!period || !isOpenAt(period, now))
    throw new RefusedError('PERIOD_CLOSED', `${unit.name} takes no survey responses now${period ? ` (${period.label} is closed)` : ''}`, 'period');

  const feedbackId = await prisma.$transaction(async (tx) => {
    // Shares the period row with other submissions; closing it (an update) waits for them, and they for it.
    const [locked] = await tx.$queryRaw<Array<{ status: string }>>`select "status"::text as "status" from "SurveyPeriod" where "id" = ${period.id} for share`;
    if (locked?.status !== 'OPEN') throw new RefusedError('PERIOD_CLOSED', `${period.label} was closed`, 'period');
    if (duplicateKey !== null) {
      const { count } = await tx.surveyGuard.createMany({
        data: [{ periodId: period.id, digest: guard.digest(duplicateKey, unit.id, period.id) }],
        skipDuplicates: true,
      });
      if (!count) throw new RefusedError('DUPLICATE_RESPONSE', `this device already answered for ${unit.name} in ${period.label}`);
    }
    const [u1, u2, u3, u4, u5, u6, u7, u8, u9] = input.answers as number[];
    const profile = input.respondent ?? {};
    await tx.surveyResponse.create({
      data: {
        periodId: period.id,
        serviceUnitId: unit.id,
        u1: u1!,
        u2: u2!,
        u3: u3!,
        u4: u4!,
        u5: u5!,
        u6: u6!,
        u7: u7!,
        u8: u8!,
        u9: u9!,
        gender: profile.gender ?? null,
        ageBand: profile.ageBand ?? null,
        education: profile.education ?? null,
        occupation: profile.occupation ?? null,
      },
      select: { id: true },
    });
    if (!input.comment || text === null) return null;
    const feedback = await tx.feedback.create({
      data: { serviceUnitId: unit.id, periodId: period.id, kind: input.comment.kind, category: input.comment.category, text },
      select: { id: true },
    });
    return feedback.id;
  });
  // Live feedback topics of the unit's region and every region above it recompute.
  events.publish('responsesArrived', { serviceUnitIds: [unit.id], regionCodes: regionLineage(unit.region.code), period: period.label });
  return { period: period.label, feedbackId };
}

/** Opens a survey period for a unit; periods of one unit never overlap and labels are unique per unit. */
/** The source's token; the public must have one, a partner kiosk may vouch without. */
export function requireToken(source: SubmissionSource): DeviceToken | null {
  if (!source.token && source.kind === 'public') throw new RefusedError('DEVICE_TOKEN_REQUIRED', 'ask issueDeviceToken for a token first', 'deviceToken');
  return source.token ?? null;
}

/**
 * The duplicate key of a source at a unit: a phone's token id; none for a kiosk or partner, which
 * vouch. Refuses the public without a token, and a kiosk token at another unit.
 */
function deviceKey(serviceUnitId: number, source: SubmissionSource): string | null {
  const token = requireToken(source);
  if (!token) return null;
  if (token.kind === 'kiosk') {
    if (token.serviceUnitId !== serviceUnitId) throw new RefusedError('INVALID_DEVICE_TOKEN', 'this kiosk serves another unit', 'deviceToken');
    return null;
  }
  return `device:${token.id}`;
}

export async function openSurveyPeriod(prisma: PrismaClient, input: { serviceUnitId: number; label: string; opensAt: Date; closesAt: Date }) {
  const label = input.label.trim();
  if (!PERIOD_LABEL.test(label)) throw new RefusedError('INVALID_PERIOD', 'a label is a year, optionally with a part of it, e.g. "2025-S1"', 'label');
  if (!(input.opensAt < input.closesAt)) throw new RefusedError('INVALID_PERIOD', 'must be after opensAt', 'closesAt');
  return prisma.$transaction(async (tx) => {
    const unit = await tx.serviceUnit.findUnique({ where: { id: input.serviceUnitId }, select: { id: true } });
    if (!unit) throw new RefusedError('UNIT_NOT_FOUND', `no service unit ${input.serviceUnitId}`, 'serviceUnitId');
    await tx.$queryRaw`select "id" from "ServiceUnit" where "id" = ${unit.id} for update`;
    const clash = await tx.surveyPeriod.findFirst({
      where: { serviceUnitId: unit.id, OR: [{ label }, { opensAt: { lt: input.closesAt }, closesAt: { gt: input.opensAt } }] },
      select: { label: true, opensAt: true, closesAt: true },
    });
    if (clash?.label === label)
      throw new RefusedError(
        'PERIOD_OVERLAP',
        `the unit already has a period ${label} (${clash.opensAt.toISOString()} to ${clash.closesAt.toISOString()})`,
        'label',
      );
    if (clash) {
      throw new RefusedError(
        'PERIOD_OVERLAP',
        `${input.opensAt.toISOString()} to ${input.closesAt.toISOString()} overlaps the unit's period ${clash.label}, ${clash.opensAt.toISOString()} to ${clash.closesAt.toISOString()}; choose a span outside it`,
        'opensAt',
      );
    }
    return tx.surveyPeriod.create({ data: { serviceUnitId: unit.id, label, opensAt: input.opensAt, closesAt: input.closesAt } });
  });
}

/** Closes a period: no more responses, and its duplicate guard is deleted (nothing of the sources remains). */
export async function closeSurveyPeriod(prisma: PrismaClient, periodId: number) {
  return prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ status: string }>>`select "status"::text as "status" from "SurveyPeriod" where "id" = ${periodId} for update`;
    if (!row) throw new RefusedError('PERIOD_NOT_FOUND', `no survey period ${periodId}`, 'id');
    if (row.status === 'CLOSED') throw new RefusedError('PERIOD_CLOSED', 'is already closed', 'id');
    await tx.surveyGuard.deleteMany({ where: { periodId } });
    return tx.surveyPeriod.update({ where: { id: periodId }, data: { status: 'CLOSED' } });
  });
}
