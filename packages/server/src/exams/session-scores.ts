import type { PrismaClient } from '../generated/prisma/client.js';

/** What a live-score screen shows per seat: the final score when there is one, else the running one. */
export interface SessionScore {
  participantNumber: string;
  fullName: string;
  twk: number | null;
  tiu: number | null;
  tkp: number | null;
  total: number | null;
  final: boolean;
  attendance: string;
  disqualified: boolean;
}

/** Seats of a session (or only some participants), in participant-number order. Null: no such session. */
export async function sessionScores(prisma: PrismaClient, sessionId: number, only?: string[]): Promise<{ status: string; scores: SessionScore[] } | null> {
  const session = await prisma.examSession.findUnique({ where: { id: sessionId }, select: { status: true } });
  if (!session) return null;
  const seats = await prisma.examSeat.findMany({
    where: { sessionId, ...(only ? { participantNumber: { in: only } } : {}) },
    orderBy: { participantNumber: 'asc' },
    select: {
      participantNumber: true,
      attendance: true,
      disqualifiedReason: true,
      progressTwk: true,
      progressTiu: true,
      progressTkp: true,
      application: { select: { applicant: { select: { fullName: true } }, results: { where: { stage: 'SKD' }, select: { twk: true, tiu: true, tkp: true, total: true } } } },
    },
  });
  const scores = seats.map((s): SessionScore => {
    const result = s.application.results[0];
    const twk = result?.twk ?? s.progressTwk;
    const tiu = result?.tiu ?? s.progressTiu;
    const tkp = result?.tkp ?? s.progressTkp;
    const total = result?.total ?? (twk === null && tiu === null && tkp === null ? null : (twk ?? 0) + (tiu ?? 0) + (tkp ?? 0));
    return {
      participantNumber: s.participantNumber,
      fullName: s.application.applicant.fullName,
      twk,
      tiu,
      tkp,
      total,
      final: Boolean(result),
      attendance: s.attendance,
      disqualified: s.disqualifiedReason !== null,
    };
  });
  return { status: session.status, scores };
}
