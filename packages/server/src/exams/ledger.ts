/**
 * Tamper-evident score ledger: per session, each entry hashes the canonical score record and
 * chains it to the previous entry's hash. The head of a closed session is published, so anyone
 * holding it can check a score; editing a stored score breaks the chain from that entry on.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { canonicalJson, sha256 } from './canonical.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The canonical score record that is hashed: an SKD result (twk/tiu/tkp/total) or an SKB one (skb, components). */
export interface ScoreRecord {
  sessionId: number;
  participantNumber: string;
  kind: 'RESULT' | 'CORRECTION';
  twk?: number;
  tiu?: number;
  tkp?: number;
  total?: number;
  skb?: number;
  components?: Record<string, number>;
  finishedAt: string;
  version: number;
  reason?: string;
}

/** Hash of one link: the previous link's hash and this record's hash. */
export function linkHash(previousHash: string, recordHash: string): string {
  return sha256(`${previousHash}${recordHash}`);
}

type Tx = Prisma.TransactionClient;

/** Appends records to a session's chain inside the caller's transaction (which holds the session lock). */
export async function appendToLedger(tx: Tx, sessionId: number, records: ScoreRecord[]): Promise<void> {
  if (!records.length) return;
  const last = await tx.ledgerEntry.findFirst({ where: { sessionId }, orderBy: { sequence: 'desc' }, select: { sequence: true, hash: true } });
  let sequence = last?.sequence ?? 0;
  let previousHash = last?.hash ?? GENESIS_HASH;
  const rows = records.map((record) => {
    const text = canonicalJson(record);
    const recordHash = sha256(text);
    const hash = linkHash(previousHash, recordHash);
    sequence += 1;
    const row = { sessionId, sequence, kind: record.kind, participantNumber: record.participantNumber, record: text, recordHash, previousHash, hash };
    previousHash = hash;
    return row;
  });
  // unnest, not createMany: one statement with array parameters (see insertResults in ingestion.ts).
  await tx.$executeRaw`
    insert into "LedgerEntry" ("sessionId", "sequence", "kind", "participantNumber", "record", "recordHash", "previousHash", "hash")
    select * from unnest(
      ${rows.map((r) => r.sessionId)}::integer[], ${rows.map((r) => r.sequence)}::integer[], ${rows.map((r) => r.kind)}::text[]::"LedgerKind"[],
      ${rows.map((r) => r.participantNumber)}::text[], ${rows.map((r) => r.record)}::text[], ${rows.map((r) => r.recordHash)}::text[],
      ${rows.map((r) => r.previousHash)}::text[], ${rows.map((r) => r.hash)}::text[]
    )`;
}

export interface ChainEntry {
  sequence: number;
  record: string;
  recordHash: string;
  previousHash: string;
  hash: string;
}

export interface ChainVerdict {
  ok: boolean;
  entries: number;
  head: string;
  /** Sequence of the first entry that does not verify, with why. */
  firstBroken?: { sequence: number; reason: string };
}

/** Recomputes a chain from the genesis; compares the head with the published one when given. */
export function verifyChain(entries: ChainEntry[], publishedHead?: string | null): ChainVerdict {
  let previous = GENESIS_HASH;
  let expectedSequence = 1;
  for (const e of entries) {
    const broken = (reason: string): ChainVerdict => ({ ok: false, entries: entries.length, head: previous, firstBroken: { sequence: e.sequence, reason } });
    if (e.sequence !== expectedSequence) return broken(`expected sequence ${expectedSequence}`);
    if (sha256(e.record) !== e.recordHash) return broken('record does not match its hash (score edited)');
    if (e.previousHash !== previous) return broken('previous hash does not match the chain');
    if (linkHash(previous, e.recordHash) !== e.hash) return broken('link hash does not match');
    previous = e.hash;
    expectedSequence += 1;
  }
  if (publishedHead && publishedHead !== previous) {
    return { ok: false, entries: entries.length, head: previous, firstBroken: { sequence: entries.length, reason: 'chain head differs from the published head' } };
  }
  return { ok: true, entries: entries.length, head: previous };
}

export async function loadChain(prisma: PrismaClient, sessionId: number): Promise<ChainEntry[]> {
  return prisma.ledgerEntry.findMany({
    where: { sessionId },
    orderBy: { sequence: 'asc' },
    select: { sequence: true, record: true, recordHash: true, previousHash: true, hash: true },
  });
}

/**
 * Checks the stored scores of a session against its ledger: the score rows in the result table
 * must equal the latest record of each participant. An edit made directly in the database (that
 * bypassed ingestion) shows up here even when the ledger itself was not touched.
 */
export async function verifySession(prisma: PrismaClient, sessionId: number): Promise<ChainVerdict> {
  const session = await prisma.examSession.findUnique({ where: { id: sessionId }, select: { chainHead: true } });
  const chain = await loadChain(prisma, sessionId);
  const verdict = verifyChain(chain, session?.chainHead);
  if (!verdict.ok) return verdict;
  const latest = new Map<string, { sequence: number; record: ScoreRecord }>();
  for (const e of chain) {
    const record = JSON.parse(e.record) as ScoreRecord;
    latest.set(record.participantNumber, { sequence: e.sequence, record });
  }
  const skb = await prisma.skbResult.findMany({ where: { sessionId }, select: { participantNumber: true, score: true, version: true } });
  for (const r of skb) {
    const entry = latest.get(r.participantNumber);
    if (!entry || entry.record.skb !== r.score || entry.record.version !== r.version) {
      return { ...verdict, ok: false, firstBroken: { sequence: entry?.sequence ?? 0, reason: `stored SKB score of ${r.participantNumber} differs from the ledger` } };
    }
  }
  const results = await prisma.examResult.findMany({ where: { sessionId }, select: { participantNumber: true, twk: true, tiu: true, tkp: true, total: true, version: true } });
  for (const r of results) {
    const entry = latest.get(r.participantNumber);
    const rec = entry?.record;
    if (!rec || rec.twk !== r.twk || rec.tiu !== r.tiu || rec.tkp !== r.tkp || rec.total !== r.total || rec.version !== r.version) {
      return { ...verdict, ok: false, firstBroken: { sequence: entry?.sequence ?? 0, reason: `stored score of ${r.participantNumber} differs from the ledger` } };
    }
  }
  return verdict;
}

export interface ScoreProof {
  record: ScoreRecord;
  recordJson: string;
  recordHash: string;
  sequence: number;
  previousHash: string;
  hash: string;
  /** Record hashes of every later entry, in order: fold them with linkHash to reach the head. */
  laterRecordHashes: string[];
  head: string;
  /** Whether `head` is the session's published head (the session is closed). */
  headPublished: boolean;
}

/** The latest ledger record of a participant and the path from it to the session's head. */
export async function scoreProof(prisma: PrismaClient, sessionId: number, participantNumber: string): Promise<ScoreProof | null> {
  const entry = await prisma.ledgerEntry.findFirst({ where: { sessionId, participantNumber }, orderBy: { sequence: 'desc' } });
  if (!entry) return null;
  const later = await prisma.ledgerEntry.findMany({ where: { sessionId, sequence: { gt: entry.sequence } }, orderBy: { sequence: 'asc' }, select: { recordHash: true, hash: true } });
  const session = await prisma.examSession.findUniqueOrThrow({ where: { id: sessionId }, select: { chainHead: true } });
  const head = later.at(-1)?.hash ?? entry.hash;
  return {
    record: JSON.parse(entry.record) as ScoreRecord,
    recordJson: entry.record,
    recordHash: entry.recordHash,
    sequence: entry.sequence,
    previousHash: entry.previousHash,
    hash: entry.hash,
    laterRecordHashes: later.map((l) => l.recordHash),
    head,
    headPublished: session.chainHead === head,
  };
}
