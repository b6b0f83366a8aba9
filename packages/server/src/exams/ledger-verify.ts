/**
 * Full re-verification of a score log from its entries, for `verify-ledger`: every stored node,
 * every signed head, every closed session's root and every stored score are recomputed or compared.
 * What this proves depends on what it is compared with: the database's own heads prove only that
 * the database is self-consistent; heads kept by a witness prove it is the log the public saw.
 */
import type { PrismaClient } from '../generated/prisma/client.js';
import { participantCommitment } from '../domain/masking.js';
import { EMPTY_ROOT, appendLeaves, foldRanges, isStored, leafHash, type StoredNode } from '../domain/merkle.js';
import { verifyHead, type SignedTreeHead } from '../domain/tree-head.js';
import { canonicalJson } from './canonical.js';
import { publicHead } from './ledger-heads.js';
import { listLogs, type LogInfo, type ScoreRecord } from './ledger.js';

/** The first problem found, naming the entry it is at when it is at one. */
export interface LogProblem {
  reason: string;
  leafIndex?: number;
  sessionId?: number;
  sequence?: number;
}

export interface LogVerdict {
  origin: string;
  entries: number;
  /** The root over every entry as recomputed. */
  root: string;
  problem?: LogProblem;
  /** How many signed heads of the database and of the witness were checked. */
  databaseHeads: number;
  witnessHeads: number;
}

/** What a witness kept for a log: its heads and, when it mirrored them, the entries. */
export interface WitnessCopy {
  heads: SignedTreeHead[];
  entries?: string[];
  /** The public key the witness pinned for this log. */
  publicKey: string;
}

interface Entry {
  leafIndex: number;
  sessionId: number;
  sequence: number;
  participantNumber: string;
  record: string;
  leafHash: string;
}

/** Recomputes a log from its entries and compares it with the stored tree, heads, sessions and scores, and with a witness's copy. */
export async function verifyLog(prisma: PrismaClient, log: LogInfo, options: { publicKey?: string; witness?: WitnessCopy } = {}): Promise<LogVerdict> {
  const entries: Entry[] = await prisma.ledgerEntry.findMany({
    where: { logId: log.id },
    orderBy: { leafIndex: 'asc' },
    select: { leafIndex: true, sessionId: true, sequence: true, participantNumber: true, record: true, leafHash: true },
  });
  const leaves = entries.map((e) => leafHash(e.record));
  const { nodes, frontier } = appendLeaves(0, [], leaves);
  const computed = new Map(nodes.map((n) => [`${n.level}:${n.index}`, n.hash]));
  const rootAt = (size: number) => foldRanges([{ start: 0, end: size }], (k) => computed.get(`${k.level}:${k.index}`))[0]!;
  const verdict: LogVerdict = { origin: log.origin, entries: entries.length, root: rootAt(entries.length), databaseHeads: 0, witnessHeads: 0 };
  const at = (e: Entry | undefined, reason: string): LogVerdict => ({
    ...verdict,
    problem: e ? { reason, leafIndex: e.leafIndex, sessionId: e.sessionId, sequence: e.sequence } : { reason },
  });

  // The witness first: when the log was rewritten, the entry that differs from the public copy is the news.
  if (options.witness) {
    const w = options.witness;
    const firstDiff = w.entries?.findIndex((text, i) => entries[i]?.record !== text) ?? -1;
    for (const head of w.heads) {
      verdict.witnessHeads += 1;
      if (!verifyHead(head, w.publicKey)) return at(undefined, `the witness's head of size ${head.size} does not verify with its pinned key`);
      if (head.size > entries.length)
        return at(undefined, `the witness saw a head of ${head.size} entries; the database holds only ${entries.length} (entries removed)`);
      if (rootAt(head.size) !== head.rootHash) {
        const index = firstDiff >= 0 ? firstDiff : undefined;
        return at(
          index === undefined ? undefined : entries[index],
          `the database's first ${head.size} entries hash to ${rootAt(head.size).slice(0, 16)}, but the witness kept root ${head.rootHash.slice(0, 16)} signed ${head.timestamp}${index === undefined ? '' : `: entry ${index} differs from the witness's copy`}`,
        );
      }
    }
    if (firstDiff >= 0) return at(entries[firstDiff], `entry ${firstDiff} differs from the witness's copy`);
  }

  for (const [i, e] of entries.entries()) if (e.leafIndex !== i) return at(e, `expected leaf index ${i}`);
  if (log.size !== entries.length) return at(undefined, `the log says ${log.size} entries; ${entries.length} are stored`);
  for (const [i, e] of entries.entries()) if (e.leafHash !== leaves[i]) return at(e, 'the entry does not match its stored leaf hash (entry edited)');
  // Levels 1-3 are not stored (proofs rebuild them from the leaf hashes just checked); every stored level is compared.
  const expected = nodes.filter(isStored);
  const stored = await prisma.ledgerNode.findMany({ where: { logId: log.id }, select: { level: true, index: true, hash: true } });
  const storedMap = new Map(stored.map((n: StoredNode) => [`${n.level}:${n.index}`, n.hash]));
  for (const n of expected) {
    if (storedMap.get(`${n.level}:${n.index}`) !== n.hash)
      return at(entries[n.index * 2 ** n.level], `stored tree node (level ${n.level}, index ${n.index}) differs from the entries under it`);
  }
  if (stored.length !== expected.length) return at(undefined, `${stored.length} tree nodes are stored; the entries make ${expected.length}`);
  // The frontier the next append hashes on from: a wrong one would make every later node wrong.
  const row = await prisma.ledgerLog.findUniqueOrThrow({ where: { id: log.id }, select: { selectionYearId: true, stage: true, frontier: true } });
  if (row.frontier.join() !== frontier.map((n) => n.hash).join()) return at(undefined, "the log's stored frontier differs from the one its entries make");

  const heads = await prisma.ledgerHead.findMany({ where: { logId: log.id }, orderBy: { id: 'asc' } });
  for (const h of heads) {
    verdict.databaseHeads += 1;
    const head = publicHead(log.origin, h);
    if (h.size > entries.length || rootAt(h.size) !== h.rootHash)
      return at(undefined, `stored head of size ${h.size} (${head.timestamp}) does not match the entries`);
    if (options.publicKey && !verifyHead(head, options.publicKey))
      return at(undefined, `stored head of size ${h.size} (${head.timestamp}) is not signed by the ledger key`);
  }

  const sessions = await prisma.examSession.findMany({
    where: { selectionYearId: row.selectionYearId, stage: row.stage, closingLogSize: { not: null } },
    select: { id: true, closingLogSize: true, chainHead: true },
  });
  for (const s of sessions) {
    if (s.closingLogSize! > entries.length || rootAt(s.closingLogSize!) !== s.chainHead)
      return at(undefined, `session ${s.id}'s closing root does not match the log at ${s.closingLogSize} entries`);
  }
  return (await checkStoredScores(prisma, entries)) ?? verdict;

  /** The score tables must hold each participant's latest entry: a direct edit of a score row shows here. */
  async function checkStoredScores(db: PrismaClient, all: Entry[]): Promise<LogVerdict | null> {
    const latest = new Map<string, Entry>();
    for (const e of all) latest.set(`${e.sessionId}:${e.participantNumber}`, e);
    const sessionIds = [...new Set(all.map((e) => e.sessionId))];
    const seats = await db.examSeat.findMany({
      where: { sessionId: { in: sessionIds } },
      select: { sessionId: true, participantNumber: true, examCardCode: true },
    });
    const codes = new Map(seats.map((s) => [`${s.sessionId}:${s.participantNumber}`, s.examCardCode]));
    const skd = await db.examResult.findMany({
      where: { sessionId: { in: sessionIds } },
      select: { sessionId: true, participantNumber: true, twk: true, tiu: true, tkp: true, total: true, version: true },
    });
    const skb = await db.skbResult.findMany({
      where: { sessionId: { in: sessionIds } },
      select: { sessionId: true, participantNumber: true, components: true, score: true, version: true },
    });
    const rows = [
      ...skd.map((r) => ({
        key: `${r.sessionId}:${r.participantNumber}`,
        r,
        same: (x: ScoreRecord) => x.twk === r.twk && x.tiu === r.tiu && x.tkp === r.tkp && x.total === r.total && x.version === r.version,
      })),
      ...skb.map((r) => ({
        key: `${r.sessionId}:${r.participantNumber}`,
        r,
        same: (x: ScoreRecord) => x.skb === r.score && canonicalJson(x.components) === canonicalJson(r.components) && x.version === r.version,
      })),
    ];
    for (const { key, r, same } of rows) {
      const e = latest.get(key);
      const record = e && (JSON.parse(e.record) as ScoreRecord);
      const code = codes.get(key);
      if (!e || !record || !same(record)) return at(e, `stored score of ${r.participantNumber} in session ${r.sessionId} differs from the log`);
      // Entries from before exam-card codes named the participant directly.
      if (record.participant !== undefined && (!code || record.participant !== participantCommitment(r.participantNumber, code))) {
        return at(e, `the entry of ${r.participantNumber} in session ${r.sessionId} names another participant`);
      }
    }
    return null;
  }
}

/** Verifies the log that holds a session's scores (its year and stage); a session without entries verifies trivially. */
export async function verifyLogOfSession(
  prisma: PrismaClient,
  sessionId: number,
  options: { publicKey?: string; witness?: WitnessCopy } = {},
): Promise<LogVerdict> {
  const session = await prisma.examSession.findUniqueOrThrow({ where: { id: sessionId }, select: { selectionYearId: true, stage: true } });
  const row = await prisma.ledgerLog.findFirst({ where: { selectionYearId: session.selectionYearId, stage: session.stage }, select: { id: true } });
  const info = (await listLogs(prisma)).find((l) => l.id === row?.id);
  if (!info) return { origin: '', entries: 0, root: EMPTY_ROOT, databaseHeads: 0, witnessHeads: 0 };
  return verifyLog(prisma, info, options);
}
