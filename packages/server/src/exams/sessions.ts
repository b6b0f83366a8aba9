/** The life of an exam session: scheduled -> running -> closed, with the ledger head published at close. */
import type { PrismaClient } from '../generated/prisma/client.js';
import { IngestionError } from './errors.js';
import { GENESIS_HASH } from './ledger.js';

export async function startSession(prisma: PrismaClient, sessionId: number) {
  const session = await prisma.examSession.findUnique({ where: { id: sessionId } });
  if (!session) throw new IngestionError('SESSION_NOT_FOUND', `No exam session ${sessionId}`, 'sessionId');
  if (session.status !== 'SCHEDULED') throw new IngestionError('SESSION_NOT_RUNNING', `Exam session ${sessionId} is already ${session.status.toLowerCase()}`, 'sessionId');
  return prisma.examSession.update({ where: { id: sessionId }, data: { status: 'RUNNING', startedAt: new Date() } });
}

/**
 * Closes a running session: participants who never showed a score are absent (TH), and the
 * chain head of its ledger is published so every score in it can be checked from now on.
 */
export async function closeSession(prisma: PrismaClient, sessionId: number) {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`select id from "ExamSession" where id = ${sessionId} for update`;
    const session = await tx.examSession.findUnique({ where: { id: sessionId } });
    if (!session) throw new IngestionError('SESSION_NOT_FOUND', `No exam session ${sessionId}`, 'sessionId');
    if (session.status !== 'RUNNING') throw new IngestionError('SESSION_NOT_RUNNING', `Exam session ${sessionId} is ${session.status.toLowerCase()}, not running`, 'sessionId');
    await tx.examSeat.updateMany({ where: { sessionId, attendance: 'SCHEDULED' }, data: { attendance: 'ABSENT' } });
    const last = await tx.ledgerEntry.findFirst({ where: { sessionId }, orderBy: { sequence: 'desc' }, select: { hash: true } });
    return tx.examSession.update({ where: { id: sessionId }, data: { status: 'CLOSED', closedAt: new Date(), chainHead: last?.hash ?? GENESIS_HASH } });
  });
}

/** Disqualifies a participant (DIS) with the reason given by the site; a score they had leaves the ranking. Returns the formation. */
export async function disqualify(prisma: PrismaClient, sessionId: number, participantNumber: string, reason: string): Promise<number> {
  if (!reason.trim()) throw new IngestionError('INVALID_SCORE', 'A disqualification needs a reason', 'reason');
  return prisma.$transaction(async (tx) => {
    const seat = await tx.examSeat.findUnique({ where: { sessionId_participantNumber: { sessionId, participantNumber } }, select: { id: true, applicationId: true, application: { select: { formationId: true } } } });
    if (!seat) throw new IngestionError('UNKNOWN_PARTICIPANT', `Participant ${participantNumber} is not scheduled in session ${sessionId}`, 'participantNumber');
    await tx.examSeat.update({ where: { id: seat.id }, data: { disqualifiedReason: reason.trim() } });
    await tx.examResult.updateMany({ where: { applicationId: seat.applicationId, stage: 'SKD' }, data: { disqualified: true } });
    return seat.application.formationId;
  });
}
