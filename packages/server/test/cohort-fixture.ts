/**
 * A small recruitment run to its end, through the real services: the exam world's formation (a
 * Dokter formation at RSUD Kota Jambi, quota 2) gets SKD results, an SKB session and its results,
 * both sessions closed, so its FINAL ranking selects two people who can be appointed.
 */
import type { PrismaClient } from '../src/generated/prisma/client.js';
import { submitExamResults } from '../src/exams/ingestion.js';
import { closeSession, startSession } from '../src/exams/sessions.js';
import { submitSkbResults } from '../src/exams/skb.js';
import { createExamWorld, type ExamWorld } from './exam-fixture.js';
import { unheard } from '../src/events/publisher.js';

export interface FinishedSelection {
  world: ExamWorld;
  skbSessionId: number;
  /** Participant numbers in final order: the first two are selected, the third passed, the fourth TL in SKD. */
  ranked: string[];
}

const at = new Date('2024-11-20T03:00:00Z');

/** Runs SKD and SKB for the world's formation; with `closeSkb: false` the SKB session stays open. */
export async function finishedSelection(prisma: PrismaClient, { closeSkb = true } = {}): Promise<FinishedSelection> {
  const world = await createExamWorld(prisma, { applicants: 4, quota: 2, tag: 'Q' });
  const [a, b, c, d] = world.participants.map((p) => p.participantNumber) as [string, string, string, string];
  await submitExamResults(prisma, unheard, {
    sessionId: world.sessionId,
    batchId: 'cohort-skd',
    results: [
      { participantNumber: a, twk: 100, tiu: 110, tkp: 180, finishedAt: at },
      { participantNumber: b, twk: 90, tiu: 100, tkp: 175, finishedAt: at },
      { participantNumber: c, twk: 80, tiu: 90, tkp: 170, finishedAt: at },
      { participantNumber: d, twk: 60, tiu: 90, tkp: 170, finishedAt: at }, // TWK below 65: TL
    ],
  });
  await closeSession(prisma, unheard, world.sessionId);
  const skd = await prisma.examSession.findUniqueOrThrow({ where: { id: world.sessionId } });
  const skb = await prisma.examSession.create({
    data: { siteId: skd.siteId, selectionYearId: skd.selectionYearId, date: new Date('2024-11-20T00:00:00Z'), number: 2, stage: 'SKB' },
  });
  const finalists = await prisma.application.findMany({ where: { participantNumber: { in: [a, b, c] } } });
  await prisma.examSeat.createMany({ data: finalists.map((f) => ({ sessionId: skb.id, applicationId: f.id, participantNumber: f.participantNumber })) });
  await startSession(prisma, unheard, skb.id);
  await submitSkbResults(prisma, unheard, {
    sessionId: skb.id,
    batchId: 'cohort-skb',
    results: [a, b, c].map((p, i) => ({ participantNumber: p, components: { CAT: [80, 75, 60][i]! }, finishedAt: at })),
  });
  if (closeSkb) await closeSession(prisma, unheard, skb.id);
  return { world, skbSessionId: skb.id, ranked: [a, b, c, d] };
}
