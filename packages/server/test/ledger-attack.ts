/** The attack the score log exists for, played as whoever controls the database would play it. */
import { appendLeaves, foldRange, isStored, leafHash } from '../src/domain/merkle.js';
import type { Database } from '../src/db/client.js';

/**
 * Rewrites one entry of a log (and the participant's stored SKD score) with triggers off, rebuilds
 * every tree node and the log's frontier, sets the closing root of every closed session of the log to the new root, and
 * removes the stored heads so the server, which holds the key, signs the rewritten log. Returns the new root.
 */
export async function rewriteEntry(
  db: Database,
  logId: number,
  leafIndex: number,
  forged: string,
  score: { participantNumber: string; tkp: number; total: number },
): Promise<string> {
  const entries = await db.prisma.ledgerEntry.findMany({ where: { logId }, orderBy: { leafIndex: 'asc' } });
  const texts = entries.map((e) => (e.leafIndex === leafIndex ? forged : e.record));
  const leaves = texts.map((t) => leafHash(t));
  const { nodes: all, frontier } = appendLeaves(0, [], leaves);
  const nodes = all.filter(isStored);
  const root = foldRange(frontier.map((n) => n.hash));
  const log = await db.prisma.ledgerLog.findUniqueOrThrow({ where: { id: logId } });
  await db.prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe('set local session_replication_role = replica');
    await tx.$executeRaw`update "ExamResult" set "tkp" = ${score.tkp}, "total" = ${score.total} where "participantNumber" = ${score.participantNumber}`;
    await tx.$executeRaw`update "LedgerEntry" set "record" = ${forged}, "leafHash" = ${leafHash(forged)} where "logId" = ${logId} and "leafIndex" = ${leafIndex}`;
    await tx.$executeRaw`delete from "LedgerNode" where "logId" = ${logId}`;
    await tx.$executeRaw`
      insert into "LedgerNode" ("logId", "level", "index", "hash")
      select ${logId}, l, i, h from unnest(${nodes.map((n) => n.level)}::integer[], ${nodes.map((n) => n.index)}::integer[], ${nodes.map((n) => n.hash)}::text[]) as t(l, i, h)`;
    await tx.$executeRaw`update "LedgerLog" set "frontier" = ${frontier.map((n) => n.hash)}::text[] where "id" = ${logId}`;
    await tx.$executeRaw`update "ExamSession" set "chainHead" = ${root} where "selectionYearId" = ${log.selectionYearId} and "stage" = ${log.stage}::"ExamStage" and "closingLogSize" = ${entries.length}`;
    await tx.$executeRaw`delete from "LedgerHead" where "logId" = ${logId}`;
  });
  return root;
}
