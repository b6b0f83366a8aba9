/**
 * `pnpm --filter @pantau/server import-results --session <id> --file <sheet.csv> [--correction <reason>] [--batch-size N]`:
 * imports a result sheet (SKD: twk,tiu,tkp; SKB: one column per component of the year's rules)
 * into a running session through the same idempotent ingestion as the API. Importing the same file again replays (writes nothing); a sheet that changes a final score
 * is refused unless `--correction` gives the reason. Targets PostgreSQL when DATABASE_URL is set,
 * else the embedded PGlite folder.
 *
 * Running servers hear every committed batch, as if the CAT centre had sent it through the API:
 * their ranking caches drop it and the live screens update. With REDIS_URL the changes go out on
 * the Redis bus; on PostgreSQL without Redis through the database (`transport/pg-notify.ts`). On
 * the embedded default only one process opens the folder: while the server runs, the import is
 * refused with one line (stop the server, import, start it again: it reads the scores at start).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { DataDirLockedError } from '../db/lock.js';
import { deployMigrations } from '../db/migrations.js';
import { importResultSheet, SheetIngestionError } from '../exams/csv.js';
import { IngestionError } from '../exams/errors.js';
import { MAX_BATCH } from '../exams/ingestion.js';
import { announcer, type Announcer } from './announcer.js';
import { parseCliArgs, UsageError, wholeNumber } from './args.js';
import { runCli } from './run.js';

export const IMPORT_USAGE = 'usage: pnpm --filter @pantau/server import-results --session <id> --file <sheet.csv> [--correction <reason>] [--batch-size N]';

function readArgs(args: readonly string[]) {
  const { values } = parseCliArgs(
    args,
    { session: { type: 'string' }, file: { type: 'string' }, correction: { type: 'string' }, 'batch-size': { type: 'string' } },
    IMPORT_USAGE,
  );
  if (values.session === undefined || !values.file) throw new UsageError(`--session and --file are required (${IMPORT_USAGE})`);
  if (values.correction !== undefined && !values.correction.trim()) throw new UsageError('--correction needs a reason');
  return {
    session: wholeNumber('session', values.session, { min: 1, max: 2 ** 31 - 1, usage: IMPORT_USAGE }),
    file: values.file,
    correction: values.correction,
    batchSize: values['batch-size'] === undefined ? 100 : wholeNumber('batch-size', values['batch-size'], { min: 1, max: MAX_BATCH, usage: IMPORT_USAGE }),
  };
}

/** One line for a refused ingestion: which item (and line of the sheet), which field, why. */
function oneLine(err: IngestionError): IngestionError {
  const where = err instanceof SheetIngestionError ? `item ${err.item} (line ${err.line}) field ${err.field}` : `field ${err.field}`;
  return new IngestionError(err.code, `import refused, nothing more written: ${where}: ${err.message} [${err.code}]`, err.field);
}

runCli(async (args) => {
  const options = readArgs(args);
  // pnpm runs scripts in the package folder: resolve the file against where the command was typed.
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), options.file);
  const csvText = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${err.code ?? err.message}`);
  });
  const config = loadConfig();
  const db = await openDatabase(config.database).catch((err: unknown) => {
    if (err instanceof DataDirLockedError) {
      err.message =
        `the embedded data folder ${err.dataDir} is held by another Pantau process (pid ${err.ownerPid}), the server if it runs: ` +
        'stop it, import, then start it again (it reads the new scores when it starts); or run Pantau on PostgreSQL (DATABASE_URL) to import while it serves';
    }
    throw err;
  });
  let events: Announcer | undefined;
  try {
    // Opened before anything is written: an unreachable Redis refuses the import instead of leaving servers stale.
    events = await announcer(config.redisUrl, config.redisNamespace, db);
    await deployMigrations(db.migrationTarget());
    const started = performance.now();
    const summary = await importResultSheet(db.prisma, events, {
      sessionId: options.session,
      csvText,
      batchSize: options.batchSize,
      ...(options.correction ? { correctionReason: options.correction } : {}),
    }).catch((err: unknown) => {
      throw err instanceof IngestionError ? oneLine(err) : err;
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Imported ${path.basename(file)} into session ${summary.sessionId} (${seconds} s): ${summary.rows} rows in ${summary.batches} batch${summary.batches === 1 ? '' : 'es'}; ` +
        `${summary.created} new, ${summary.unchanged} unchanged, ${summary.corrected} corrected` +
        (summary.replayedBatches
          ? `; ${summary.replayedBatches} batch${summary.replayedBatches > 1 ? 'es' : ''} (${summary.replayedRows} rows) already imported, replayed`
          : ''),
    );
  } finally {
    // The batches are committed whatever happens here: say so, and what the servers are missing.
    await events
      ?.done()
      .catch((err: Error) =>
        console.warn(`pantau: imported, but running servers were not told (${err.message}); restart them so their rankings and screens show the new scores`),
      );
    await db.close();
  }
});
