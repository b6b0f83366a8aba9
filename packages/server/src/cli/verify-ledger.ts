/**
 * `pnpm --filter @pantau/server verify-ledger [--session <id>]`: recomputes the score ledger of
 * every held session (or one) and checks the stored scores against it, one line per session.
 * Exits 1 when any chain is broken, naming the first entry that does not verify, so an edit made
 * directly in the database is found by anyone who runs it, not only by the application.
 */
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { verifySession } from '../exams/ledger.js';
import { runCli } from './run.js';

export const VERIFY_USAGE = 'usage: pnpm --filter @pantau/server verify-ledger [--session <id>]';

class VerifyArgsError extends Error {
  override name = 'ConfigError';
}

function parseArgs(args: readonly string[]): { session?: number } {
  const options: { session?: number } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') continue;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (flag !== '--session') throw new VerifyArgsError(`unknown argument "${arg}" (${VERIFY_USAGE})`);
    const raw = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 2 ** 31 - 1) {
      throw new VerifyArgsError(`--session needs a session id, got ${raw === undefined ? 'nothing' : `"${raw}"`} (${VERIFY_USAGE})`);
    }
    options.session = Number(raw);
  }
  return options;
}

runCli(async (args) => {
  const { session } = parseArgs(args);
  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    // Sessions that can hold scores: started or closed, or holding ledger entries or results anyway
    // (a row slipped into a scheduled session is exactly what this must catch).
    const sessions = await db.prisma.$queryRaw<Array<{ id: number; site: string; date: Date; number: number; status: string }>>`
      select x."id", s."code" as "site", x."date", x."number", x."status"::text as "status"
      from "ExamSession" x join "ExamSite" s on s."id" = x."siteId"
      where (${session ?? null}::integer is null and (
              x."status" <> 'SCHEDULED'
              or exists (select 1 from "LedgerEntry" l where l."sessionId" = x."id")
              or exists (select 1 from "ExamResult" r where r."sessionId" = x."id")))
         or x."id" = ${session ?? null}::integer
      order by x."date", x."number", s."code"`;
    if (session !== undefined && !sessions.length) throw new VerifyArgsError(`No exam session ${session}`);
    let broken = 0;
    for (const s of sessions) {
      const verdict = await verifySession(db.prisma, s.id);
      const label = `session ${s.id} (${s.site} ${s.date.toISOString().slice(0, 10)} #${s.number}, ${s.status.toLowerCase()})`;
      if (verdict.ok) {
        console.log(`${label}: ok, ${verdict.entries} entries, head ${verdict.head.slice(0, 16)}`);
      } else {
        broken += 1;
        console.log(`${label}: BROKEN at entry ${verdict.firstBroken!.sequence}: ${verdict.firstBroken!.reason}`);
      }
    }
    console.log(`${sessions.length} session${sessions.length === 1 ? '' : 's'} verified: ${sessions.length - broken} ok, ${broken} broken`);
    if (broken) process.exitCode = 1;
  } finally {
    await db.close();
  }
});
