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
  type StoredNode,
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

/** A log's state as an append hashes on from it: its size and frontier (rangeNodes of [0, size), with hashes). */
interface LogState {
  size: number;
  frontier: StoredNode[];
}

const EMPTY_LOG: LogState = { size: 0, frontier: [] };

/**
 * What this process last wrote to each log (maybe never committed) and which log each session
 * appends to: the guess an append hashes on from before it holds the lock. Never trusted: the
 * write applies only if the log row holds exactly that size and frontier (a guess about another
 * database, as tests open many, just misses).
 */
const lastWritten = { logOfSession: new Map<number, number>(), stateOfLog: new Map<number, LogState>() };
const REMEMBERED_SESSIONS = 10_000;

/**
 * Appends scores to the log of the session's year and stage inside the caller's transaction. The
 * caller holds the session's row lock (ingestion does), so no other transaction appends for the
 * session meanwhile. The log row stays locked until the commit, so entries of concurrent sessions
 * take turns and the leaf order is the commit order.
 *
 * Usually one statement: the entries are hashed onto the state this process last wrote to the log
 * (an empty log when it knows none), and one statement locks the log row (upsert), writes
 * if the row still holds that state, and returns the row. When it did not (another process
 * appended, a transaction rolled back), the entries are hashed again onto the state returned,
 * which the lock now holds still, and written by a second statement.
 */
export async function appendToLedger(tx: Tx, sessionId: number, entries: PendingEntry[]): Promise<void> {
  if (!entries.length) return;
  const texts = entries.map((e) => canonicalJson(e.record));
  const leaves = texts.map((t) => leafHash(t));
  if (texts.some((t) => t.includes('\n'))) throw new Error('canonical JSON escapes newlines; a record with a raw one cannot be sent newline-separated');
  const guessedLog = lastWritten.logOfSession.get(sessionId);
  let state = (guessedLog !== undefined && lastWritten.stateOfLog.get(guessedLog)) || EMPTY_LOG;
  for (let attempt = 1; ; attempt++) {
    const log = await writeEntries(tx, sessionId, entries, texts, leaves, state);
    if (!log) throw new IngestionError('SESSION_NOT_FOUND', `No exam session ${sessionId}`, 'sessionId');
    if (log.written) {
      if (lastWritten.logOfSession.size >= REMEMBERED_SESSIONS) lastWritten.logOfSession.clear();
      lastWritten.logOfSession.set(sessionId, log.id);
      lastWritten.stateOfLog.set(log.id, { size: log.size, frontier: log.grown });
      return;
    }
    if (attempt > 1) throw new Error(`score log ${log.id} changed while locked`);
    const keys = rangeNodes({ start: 0, end: log.size });
    const hashes = log.frontier ?? [];
    if (hashes.length !== keys.length) throw new Error(`score log ${log.id}: its frontier at size ${log.size} has ${hashes.length} hashes, not ${keys.length}`);
    state = { size: log.size, frontier: keys.map((k, i) => ({ ...k, hash: hashes[i]! })) };
  }
}

/**
 * One statement. Locks (or creates) the session's log: ON CONFLICT DO UPDATE locks the latest
 * committed version of the row, so the compare sees what the transaction that held the lock
 * before us committed. If the row holds exactly `state` (a new row: if `state` is the empty log),
 * it takes the new size and frontier, and the entries (with their leaf hashes and the session's
 * next sequence numbers) and the subtrees they complete from level 4 are inserted; otherwise
 * nothing changes. Returns the row as it now is, whether it was written, and the frontier hashed
 * onto `state`. Array parameters through unnest, not createMany (see insertRows in ingestion.ts);
 * the records go as one newline-separated text (a text[] of JSON costs the drivers an escape of
 * every quote).
 */
async function writeEntries(tx: Tx, sessionId: number, entries: PendingEntry[], texts: string[], leaves: string[], state: LogState) {
  const grown = appendLeaves(state.size, state.frontier, leaves);
  const nodes = grown.nodes.filter(isStored);
  const size = state.size + entries.length;
  const before = state.frontier.map((n) => n.hash);
  const after = grown.frontier.map((n) => n.hash);
  const fresh = state.size === 0;
  // A written row is the only one that can hold the new state: a log already holding these very
  // entries at these places would refuse them again (primary key). The session's last sequence is
  // read in the statement's snapshot: the caller's session lock means every earlier entry of the
  // session is committed and in it.
  const [log] = await tx.$queryRaw<Array<{ id: number; size: number; frontier: string[] | null; written: boolean }>>`
    with l as (
      insert into "LedgerLog" ("selectionYearId", "stage", "size", "frontier")
      select "selectionYearId", "stage", ${fresh ? size : 0}, ${fresh ? after : []}::text[] from "ExamSession" where "id" = ${sessionId}
      on conflict ("selectionYearId", "stage") do update set
        "size" = case when "LedgerLog"."size" = ${state.size} and "LedgerLog"."frontier" = ${before}::text[] then ${size} else "LedgerLog"."size" end,
        "frontier" = case when "LedgerLog"."size" = ${state.size} and "LedgerLog"."frontier" = ${before}::text[] then ${after}::text[] else "LedgerLog"."frontier" end
      returning "id", "size", "frontier"
    ), w as (
      select "id" from l where "size" = ${size} and "frontier" = ${after}::text[]
    ), s as (
      select coalesce(max("sequence"), 0)::int as "last" from "LedgerEntry" where "sessionId" = ${sessionId}
    ), e as (
      insert into "LedgerEntry" ("logId", "leafIndex", "sessionId", "sequence", "kind", "participantNumber", "record", "leafHash")
      select w."id", ${state.size} + o - 1, ${sessionId}, s."last" + o, k::"LedgerKind", p, r, h
      from w, s, rows from (
        unnest(${entries.map((e) => e.record.kind)}::text[]), unnest(${entries.map((e) => e.participantNumber)}::text[]),
        string_to_table(${texts.join('\n')}::text, chr(10)), unnest(${leaves}::text[])
      ) with ordinality as t(k, p, r, h, o)
    ), n as (
      insert into "LedgerNode" ("logId", "level", "index", "hash")
      select w."id", t.l, t.i, t.h from w, unnest(${nodes.map((n) => n.level)}::integer[], ${nodes.map((n) => n.index)}::integer[], ${nodes.map((n) => n.hash)}::text[]) as t(l, i, h)
    )
    select "id", "size", "frontier", exists (select 1 from w) as "written" from l`;
  return log && { ...log, grown: grown.frontier };
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
