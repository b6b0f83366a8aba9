/**
 * What a participant needs to check their own score without trusting the database: the log entry,
 * its inclusion proof and the signed head it leads to. Opened by the participant number together
 * with the exam-card code, so a guessed number confirms nothing.
 */
import { timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.js';
import { normalizeExamCardCode } from '../domain/masking.js';
import type { SignedTreeHead } from '../domain/tree-head.js';
import { logHeads } from './ledger-heads.js';
import { LedgerRequestError, inclusionProof, listLogs, type ScoreRecord } from './ledger.js';

export interface ScoreProof {
  record: ScoreRecord;
  /** The entry's exact text (UTF-8): its leaf hash is SHA-256(0x00 || entry). */
  entry: string;
  origin: string;
  leafIndex: number;
  sessionId: number;
  /** Size of the tree the proof is for: the head's size, or the log's size while no head covers the entry yet. */
  treeSize: number;
  inclusionProof: string[];
  /** The newest signed head that covers the entry; null until the signer's next run. */
  head: SignedTreeHead | null;
}

const sameCode = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The latest score entry of the seat that holds this participant number and exam-card code, or
 * null: a wrong code, an unknown number and a seat without a score give the same answer.
 */
export async function scoreProof(prisma: PrismaClient, participantNumber: string, typedCode: string): Promise<ScoreProof | null> {
  const code = normalizeExamCardCode(typedCode);
  if (!code) throw new LedgerRequestError('examCardCode', 'the 16-character code printed on the exam card (0-9, A-F; spaces and dashes allowed)');
  const seats = await prisma.examSeat.findMany({
    where: { participantNumber: participantNumber.trim() },
    select: { sessionId: true, participantNumber: true, examCardCode: true },
  });
  const seat = seats.find((s) => sameCode(s.examCardCode, code));
  if (!seat) return null;
  const entry = await prisma.ledgerEntry.findFirst({
    where: { sessionId: seat.sessionId, participantNumber: seat.participantNumber },
    orderBy: { sequence: 'desc' },
  });
  if (!entry) return null;
  const log = (await listLogs(prisma)).find((l) => l.id === entry.logId)!;
  const [head = null] = await logHeads(prisma, log, { atLeast: entry.leafIndex + 1 });
  const treeSize = head?.size ?? log.size;
  return {
    record: JSON.parse(entry.record) as ScoreRecord,
    entry: entry.record,
    origin: log.origin,
    leafIndex: entry.leafIndex,
    sessionId: entry.sessionId,
    treeSize,
    inclusionProof: await inclusionProof(prisma, log.id, entry.leafIndex, treeSize),
    head,
  };
}
