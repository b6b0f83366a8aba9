/**
 * The life of an exam session: scheduled -> running -> closed, with the ledger head published at
 * close. Each step announces itself after its commit (sessionStatusChanged; a disqualification
 * scoresChanged), so screens follow whoever made it.
 */
import type { PrismaClient } from '../generated/prisma/client.js';
import { parseCalendarDate } from '../domain/calendar.js';
import { IngestionError, reasonOf } from './errors.js';
import { rootAt } from './ledger.js';
import { formationRules, withinSkbCut } from './ranking.js';
import type { Publisher } from '../events/publisher.js';

export interface ScheduleInput {
  siteId: number;
  /** YYYY-MM-DD. */
  date: string;
  /** 1-4: a site runs four sessions a day. */
  number: number;
  stage: 'SKD' | 'SKB';
  participantNumbers: readonly string[];
}

/**
 * Seats participants in a session of a test site, creating the session on first use, so the
 * panitia (or the CAT centre) turns verified applications into an exam schedule. SKD takes
 * applications found MS after verification and sanggah; SKB takes those inside the SKD cut (P/L).
 * An applicant has one seat per stage; sending the same participants again adds nothing, and a
 * session that has started takes no one. All or nothing: one transaction, the applications locked
 * so two schedules cannot seat one applicant twice.
 */
export async function scheduleSession(prisma: PrismaClient, events: Publisher, input: ScheduleInput): Promise<{ sessionId: number; seatsCreated: number }> {
  const { siteId, date, number, stage, participantNumbers } = input;
  const day = parseCalendarDate(date);
  if (!day) throw new IngestionError('INVALID_SESSION', `date must be a calendar date as YYYY-MM-DD, got "${date}"`, 'date');
  if (!Number.isInteger(number) || number < 1 || number > 4)
    throw new IngestionError('INVALID_SESSION', `number must be 1 to 4 (four sessions a day), got ${number}`, 'number');
  if (!participantNumbers.length) throw new IngestionError('BATCH_EMPTY', 'participantNumbers is empty', 'participantNumbers');
  const firstIndex = new Map<string, number>();
  participantNumbers.forEach((pn, i) => {
    if (firstIndex.has(pn)) throw new IngestionError('DUPLICATE_PARTICIPANT', `${pn} is listed twice`, `participantNumbers[${i}]`);
    firstIndex.set(pn, i);
  });
  const at = (pn: string) => `participantNumbers[${firstIndex.get(pn)}]`;

  if (!(await prisma.examSite.findUnique({ where: { id: siteId }, select: { id: true } })))
    throw new IngestionError('SITE_NOT_FOUND', `No exam site ${siteId}`, 'siteId');
  const applications = await prisma.application.findMany({
    where: { participantNumber: { in: [...participantNumbers] } },
    select: { id: true, participantNumber: true, formationId: true, selectionYearId: true, adminResult: true },
  });
  const byNumber = new Map(applications.map((a) => [a.participantNumber, a]));
  for (const pn of participantNumbers)
    if (!byNumber.has(pn)) throw new IngestionError('UNKNOWN_PARTICIPANT', `No application has participant number ${pn}`, at(pn));
  const year = applications[0]!.selectionYearId;
  const otherYear = applications.find((a) => a.selectionYearId !== year);
  if (otherYear)
    throw new IngestionError(
      'NOT_ELIGIBLE',
      `${otherYear.participantNumber} belongs to another selection year than ${applications[0]!.participantNumber}`,
      at(otherYear.participantNumber),
    );
  if (stage === 'SKD') {
    const notMs = applications.find((a) => a.adminResult !== 'MS');
    if (notMs)
      throw new IngestionError(
        'NOT_ELIGIBLE',
        `${notMs.participantNumber} was not found MS (memenuhi syarat) in the administrative check`,
        at(notMs.participantNumber),
      );
  } else {
    for (const formationId of new Set(applications.map((a) => a.formationId))) {
      const fr = (await formationRules(prisma, formationId))!;
      const numbers = applications.filter((a) => a.formationId === formationId).map((a) => a.participantNumber);
      const inside = await withinSkbCut(prisma, fr, numbers);
      const outside = numbers.find((pn) => !inside.has(pn));
      if (outside) throw new IngestionError('NOT_ELIGIBLE', `${outside} is not inside the SKD cut (P/L) of their formation`, at(outside));
    }
  }

  const scheduled = await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`select id from "Application" where id = any(${applications.map((a) => a.id)}::int[]) order by id for update`;
    const key = { siteId, date: day, number, stage };
    const session =
      (await tx.examSession.findUnique({ where: { siteId_date_number_stage: key }, select: { id: true, status: true, selectionYearId: true } })) ??
      (await tx.examSession.create({ data: { ...key, selectionYearId: year }, select: { id: true, status: true, selectionYearId: true } }));
    if (session.status !== 'SCHEDULED') {
      // A retry of a schedule that went through before the start is answered, not refused.
      const seated = await tx.examSeat.count({ where: { sessionId: session.id, applicationId: { in: applications.map((a) => a.id) } } });
      if (seated === applications.length) return { sessionId: session.id, seatsCreated: 0 };
      throw new IngestionError(
        'SESSION_NOT_RUNNING',
        `Session ${number} of ${date} has ${session.status === 'RUNNING' ? 'started' : 'closed'}: it takes no one new`,
        'number',
      );
    }
    if (session.selectionYearId !== year)
      throw new IngestionError('NOT_ELIGIBLE', `Session ${number} of ${date} belongs to another selection year`, 'participantNumbers');
    const [elsewhere] = (
      await tx.examSeat.findMany({
        where: { applicationId: { in: applications.map((a) => a.id) }, sessionId: { not: session.id }, session: { stage } },
        select: { participantNumber: true, sessionId: true },
      })
    ).sort((a, b) => firstIndex.get(a.participantNumber)! - firstIndex.get(b.participantNumber)!);
    if (elsewhere)
      throw new IngestionError(
        'ALREADY_SCHEDULED',
        `${elsewhere.participantNumber} already has a ${stage} seat in session ${elsewhere.sessionId}`,
        at(elsewhere.participantNumber),
      );
    const { count } = await tx.examSeat.createMany({
      data: applications.map((a) => ({ sessionId: session.id, applicationId: a.id, participantNumber: a.participantNumber })),
      skipDuplicates: true,
    });
    return { sessionId: session.id, seatsCreated: count };
  });
  events.publish('sessionStatusChanged', { sessionId: scheduled.sessionId, siteId });
  return scheduled;
}

export async function startSession(prisma: PrismaClient, events: Publisher, sessionId: number) {
  const session = await prisma.examSession.findUnique({ where: { id: sessionId } });
  if (!session) throw new IngestionError('SESSION_NOT_FOUND', `No exam session ${sessionId}`, 'sessionId');
  if (session.status !== 'SCHEDULED')
    throw new IngestionError('SESSION_NOT_RUNNING', `Exam session ${sessionId} is already ${session.status.toLowerCase()}`, 'sessionId');
  const started = await prisma.examSession.update({ where: { id: sessionId }, data: { status: 'RUNNING', startedAt: new Date() } });
  events.publish('sessionStatusChanged', { sessionId, siteId: started.siteId });
  return started;
}

/**
 * Closes a running session: participants who never showed a score are absent (TH), and the size
 * and root of its year and stage's score log are fixed in the session's record: the head of that
 * size, signed by the ledger signer, covers every score of the session. The log row is locked so
 * no append slips between reading the size and the root.
 */
export async function closeSession(prisma: PrismaClient, events: Publisher, sessionId: number) {
  const closed = await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`select id from "ExamSession" where id = ${sessionId} for update`;
    const session = await tx.examSession.findUnique({ where: { id: sessionId } });
    if (!session) throw new IngestionError('SESSION_NOT_FOUND', `No exam session ${sessionId}`, 'sessionId');
    if (session.status !== 'RUNNING')
      throw new IngestionError('SESSION_NOT_RUNNING', `Exam session ${sessionId} is ${session.status.toLowerCase()}, not running`, 'sessionId');
    await tx.examSeat.updateMany({ where: { sessionId, attendance: 'SCHEDULED' }, data: { attendance: 'ABSENT' } });
    const [log] = await tx.$queryRaw<Array<{ id: number; size: number }>>`
      select "id", "size" from "LedgerLog" where "selectionYearId" = ${session.selectionYearId} and "stage" = ${session.stage}::"ExamStage" for update`;
    const size = log?.size ?? 0;
    const chainHead = await rootAt(tx, log?.id ?? 0, size);
    return tx.examSession.update({ where: { id: sessionId }, data: { status: 'CLOSED', closedAt: new Date(), closingLogSize: size, chainHead } });
  });
  events.publish('sessionStatusChanged', { sessionId, siteId: closed.siteId });
  return closed;
}

/** Disqualifies a participant (DIS) with the reason given by the site; a score they had leaves the ranking. Returns the formation. */
export async function disqualify(prisma: PrismaClient, events: Publisher, sessionId: number, participantNumber: string, reason: string): Promise<number> {
  const why = reasonOf(reason, 'reason');
  if (!why) throw new IngestionError('INVALID_REASON', 'A disqualification needs a reason', 'reason');
  const formationId = await prisma.$transaction(async (tx) => {
    const seat = await tx.examSeat.findUnique({
      where: { sessionId_participantNumber: { sessionId, participantNumber } },
      select: { id: true, applicationId: true, application: { select: { formationId: true } } },
    });
    if (!seat)
      throw new IngestionError('UNKNOWN_PARTICIPANT', `Participant ${participantNumber} is not scheduled in session ${sessionId}`, 'participantNumber');
    await tx.examSeat.update({ where: { id: seat.id }, data: { disqualifiedReason: why } });
    await tx.examResult.updateMany({ where: { applicationId: seat.applicationId, stage: 'SKD' }, data: { disqualified: true } });
    return seat.application.formationId;
  });
  events.publish('scoresChanged', { sessionId, formationIds: [formationId], participantNumbers: [participantNumber], final: true });
  return formationId;
}
