/**
 * The score log: one append-only RFC 6962 Merkle log per selection year and stage. Every
 * committed score and correction is an entry, appended inside the ingestion transaction in commit
 * order. Each entry keeps its leaf hash; perfect subtrees are stored from level 4 up (one row per
 * 16 entries), the lower levels rebuilt from 16 leaf hashes when a proof needs them, so roots and
 * proofs are one O(log n) read. Heads are signed elsewhere (ledger-heads.ts) with a key the
 * database never sees.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { participantCommitment } from '../domain/masking.js';
import {
  BLOCK,
  appendLeaves,
  blockNodes,
  blocksFor,
  consistencyRanges,
  foldRanges,
  inclusionRanges,
  isStored,
  leafHash,
  nodesFor,
  rangeNodes,
  type LeafRange,
  type NodeKey,
} from '../domain/merkle.js';
import { logOrigin } from '../domain/tree-head.js';
import { canonicalJson } from './canonical.js';
import { IngestionError } from './errors.js';
import { InputError } from '../errors.js';

/**
 * The canonical score record that is a log entry: public, so it names the participant only by a
 * commitment (SHA-256 of their number and exam-card code) and holds no free text.
 */
export interface ScoreRecord {
  sessionId: number;
  participant: string;
  kind: 'RESULT' | 'CORRECTION';
  twk?: number;
  tiu?: number;
  tkp?: number;
  total?: number;
  skb?: number;
  components?: Record<string, number>;
  finishedAt: string;
  version: number;
}

/** A score about to be appended: its record and who it belongs to (kept in the database only). */
export interface PendingEntry {
  participantNumber: string;
  record: ScoreRecord;
}

type Tx = Prisma.TransactionClient;
type Db = PrismaClient | Tx;

/** A refused ledger request (a bad size, index or code): the caller's input, named by `field`. */
export class LedgerRequestError extends InputError {
  override name = 'LedgerRequestError';
}

/** A log as the public knows it. */
export interface LogInfo {
  id: number;
  origin: string;
  size: number;
}

/**
 * Reads the nodes `keys` name in one statement: the stored ones (level >= 4) by primary key, and
 * the leaf hashes of each block under an unstored one (a range of at most 16 entries), from which
 * that block's lower levels are rebuilt.
 */
async function readNodes(db: Db, logId: number, keys: readonly NodeKey[]): Promise<Map<string, string>> {
  const stored = keys.filter(isStored);
  const blocks = blocksFor(keys);
  // One primary-key lookup per key and one index range per block (lateral), whatever the planner thinks of the arrays' sizes.
  const rows = await db.$queryRaw<Array<{ level: number; index: number; hash: string }>>`
    select k.l as "level", k.i as "index", n."hash"
    from unnest(${stored.map((k) => k.level)}::integer[], ${stored.map((k) => k.index)}::integer[]) as k(l, i)
    cross join lateral (select "hash" from "LedgerNode" where "logId" = ${logId} and "level" = k.l and "index" = k.i) n
    union all
    select -1, e."leafIndex", e."leafHash"
    from unnest(${blocks}::integer[]) as b(b)
    cross join lateral (select "leafIndex", "leafHash" from "LedgerEntry" where "logId" = ${logId} and "leafIndex" >= b.b * ${BLOCK}::int and "leafIndex" < (b.b + 1) * ${BLOCK}::int) e`;
  const nodes = new Map<string, string>();
  const leaves = new Map<number, string>();
  for (const r of rows) {
    if (r.level >= 0) nodes.set(`${r.level}:${r.index}`, r.hash);
    else leaves.set(r.index, r.hash);
  }
  for (const b of blocks) {
    // The block's leaves from its first on, up to the first gap (a missing node then fails the fold).
    const block: string[] = [];
    for (let i = b * BLOCK; leaves.has(i) && block.length < BLOCK; i++) block.push(leaves.get(i)!);
    for (const n of blockNodes(b, block)) nodes.set(`${n.level}:${n.index}`, n.hash);
  }
  return nodes;
}

/** Proof hashes of a list of ranges: one read of at most ~2 log2(n) nodes. */
export async function rangeHashes(db: Db, logId: number, ranges: readonly LeafRange[]): Promise<string[]> {
  const nodes = await readNodes(db, logId, nodesFor(ranges));
  return foldRanges(ranges, (k) => nodes.get(`${k.level}:${k.index}`));
}

/** The RFC 6962 root of a log at `size` entries. */
export async function rootAt(db: Db, logId: number, size: number): Promise<string> {
  return (await rangeHashes(db, logId, [{ start: 0, end: size }]))[0]!;
}

/** Audit path of leaf `index` in the log at `size` (which must not exceed the log's size). */
export function inclusionProof(db: Db, logId: number, index: number, size: number): Promise<string[]> {
  return rangeHashes(db, logId, inclusionRanges(index, size));
}

/** Consistency proof between two sizes of a log; sizes outside 0 <= from <= to <= log size are refused, naming the argument. */
export function consistencyProof(db: Db, log: LogInfo, from: number, to: number): Promise<string[]> {
  if (!Number.isInteger(from) || from < 0 || from > to) throw new LedgerRequestError('from', `must be a whole number from 0 to "to" (${to})`);
  if (!Number.isInteger(to) || to > log.size) throw new LedgerRequestError('to', `must be at most the log's size (${log.size})`);
  return rangeHashes(db, log.id, consistencyRanges(from, to));
}

/**
 * Appends scores to the log of the session's year and stage inside the caller's transaction. The
 * log row is locked (upsert) until the commit, so entries of concurrent sessions take turns and
 * the leaf order is the commit order. Two round trips, the first of them the lock.
 */
export async function appendToLedger(tx: Tx, sessionId: number, entries: PendingEntry[]): Promise<void> {
  if (!entries.length) return;
  // Hashed before the lock: the entries do not depend on the log's state.
  const texts = entries.map((e) => canonicalJson(e.record));
  const leaves = texts.map((t) => leafHash(t));
  // Round trip 1: lock (or create) the log. ON CONFLICT DO UPDATE locks the latest committed
  // version of the row and returns it, so the size and frontier are what the transaction that
  // held the lock before us committed (a read in the same statement would see an older snapshot).
  const [log] = await tx.$queryRaw<Array<{ id: number; size: number; frontier: string[] | null }>>`
    insert into "LedgerLog" ("selectionYearId", "stage")
    select "selectionYearId", "stage" from "ExamSession" where "id" = ${sessionId}
    on conflict ("selectionYearId", "stage") do update set "size" = "LedgerLog"."size"
    returning "id", "size", "frontier"`;
  if (!log) throw new IngestionError('SESSION_NOT_FOUND', `No exam session ${sessionId}`, 'sessionId');
  const keys = rangeNodes({ start: 0, end: log.size });
  const hashes = log.frontier ?? [];
  if (hashes.length !== keys.length) throw new Error(`score log ${log.id}: its frontier at size ${log.size} has ${hashes.length} hashes, not ${keys.length}`);
  const grown = appendLeaves(
    log.size,
    keys.map((k, i) => ({ ...k, hash: hashes[i]! })),
    leaves,
  );
  const nodes = grown.nodes.filter(isStored);
  // Round trip 2: the entries (with their leaf hashes and the session's next sequence numbers), the
  // completed subtrees from level 4, the new size and frontier, in one statement (unnest, not
  // createMany: array parameters, see insertResults in ingestion.ts). Its snapshot is taken after the
  // lock, so the session's last sequence includes every entry committed before.
  await tx.$executeRaw`
    with s as (
      select coalesce(max("sequence"), 0)::int as "last" from "LedgerEntry" where "sessionId" = ${sessionId}
    ), e as (
      insert into "LedgerEntry" ("logId", "leafIndex", "sessionId", "sequence", "kind", "participantNumber", "record", "leafHash")
      select ${log.id}, ${log.size} + o - 1, ${sessionId}, s."last" + o, k::"LedgerKind", p, r, h
      from s, unnest(${entries.map((e) => e.record.kind)}::text[], ${entries.map((e) => e.participantNumber)}::text[], ${texts}::text[], ${leaves}::text[]) with ordinality as t(k, p, r, h, o)
    ), n as (
      insert into "LedgerNode" ("logId", "level", "index", "hash")
      select ${log.id}, l, i, h from unnest(${nodes.map((n) => n.level)}::integer[], ${nodes.map((n) => n.index)}::integer[], ${nodes.map((n) => n.hash)}::text[]) as t(l, i, h)
    )
    update "LedgerLog" set "size" = ${log.size + entries.length}, "frontier" = ${grown.frontier.map((n) => n.hash)}::text[] where "id" = ${log.id}`;
}

/** Every log with its public name, oldest first. */
export async function listLogs(db: Db): Promise<LogInfo[]> {
  const logs = await db.ledgerLog.findMany({
    orderBy: { id: 'asc' },
    select: { id: true, size: true, stage: true, selectionYear: { select: { year: true } } },
  });
  return logs.map((l) => ({ id: l.id, size: l.size, origin: logOrigin(l.selectionYear.year, l.stage) }));
}

/** A log by its public name ("pantau/2026/SKD"), or null. */
export async function findLog(db: Db, origin: string): Promise<LogInfo | null> {
  return (await listLogs(db)).find((l) => l.origin === origin) ?? null;
}

/** Entries [start, end) of a log as the public mirrors them: index and the exact entry text. */
export async function logEntries(db: Db, logId: number, start: number, end: number): Promise<Array<{ index: number; entry: string }>> {
  const rows = await db.ledgerEntry.findMany({
    where: { logId, leafIndex: { gte: start, lt: end } },
    orderBy: { leafIndex: 'asc' },
    select: { leafIndex: true, record: true },
  });
  return rows.map((r) => ({ index: r.leafIndex, entry: r.record }));
}

/** The record of a score as it becomes a log entry. */
export function scoreRecord(participantNumber: string, examCardCode: string, fields: Omit<ScoreRecord, 'participant'>): PendingEntry {
  return { participantNumber, record: { ...fields, participant: participantCommitment(participantNumber, examCardCode) } };
}
