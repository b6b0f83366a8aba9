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
  /** The formation type, whose SKD passing threshold applies to this seat. */
  formationType: string;
  /** SKB score (0-100) once recorded, for SKB sessions. */
  skb: number | null;
  /** True when the shown result was corrected after it was first recorded (a score that jumps says why). */
  corrected: boolean;
}

/** A session's seats and state as screens show them. */
export interface SessionScoresState {
  status: string;
  stage: string;
  startedAt: string | null;
  closedAt: string | null;
  /** When the data itself last changed (a score, progress, the session's start or close); null before any. */
  dataAt: string | null;
  scores: SessionScore[];
}

/** Seats of a session (or only some participants), in participant-number order. Null: no such session. */
export async function sessionScores(prisma: PrismaClient, sessionId: number, only?: string[]): Promise<SessionScoresState | null> {
  const session = await prisma.examSession.findUnique({ where: { id: sessionId }, select: { status: true, stage: true, startedAt: true, closedAt: true } });
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
      progressAt: true,
      application: {
        select: {
          applicant: { select: { fullName: true } },
          formation: { select: { type: true } },
          results: { where: { stage: 'SKD' }, select: { twk: true, tiu: true, tkp: true, total: true, version: true, updatedAt: true } },
          skbResult: { select: { score: true, version: true, updatedAt: true } },
        },
      },
    },
  });
  let latest = Math.max(session.startedAt?.getTime() ?? 0, session.closedAt?.getTime() ?? 0);
  const scores = seats.map((s): SessionScore => {
    const result = s.application.results[0];
    const skb = session.stage === 'SKB' ? s.application.skbResult : null;
    for (const at of [s.progressAt, result?.updatedAt, skb?.updatedAt]) if (at) latest = Math.max(latest, at.getTime());
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
      formationType: s.application.formation.type,
      skb: skb?.score ?? null,
      corrected: session.stage === 'SKB' ? (skb?.version ?? 1) > 1 : (result?.version ?? 1) > 1,
    };
  });
  return {
    status: session.status,
    stage: session.stage,
    startedAt: session.startedAt?.toISOString() ?? null,
    closedAt: session.closedAt?.toISOString() ?? null,
    dataAt: latest ? new Date(latest).toISOString() : null,
    scores,
  };
}
