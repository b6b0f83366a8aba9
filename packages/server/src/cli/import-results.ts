/**
 * `pnpm --filter @pantau/server import-results --session <id> --file <sheet.csv> [--correction <reason>] [--batch-size N]`:
 * imports a CAT result sheet into a running session through the same idempotent ingestion as the
 * API. Importing the same file again replays (writes nothing); a sheet that changes a final score
 * is refused unless `--correction` gives the reason. Targets PostgreSQL when DATABASE_URL is set,
 * else the embedded PGlite folder (stop the server first).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { deployMigrations } from '../db/migrations.js';
import { importResultSheet, SheetIngestionError } from '../exams/csv.js';
import { IngestionError } from '../exams/errors.js';
import { MAX_BATCH } from '../exams/ingestion.js';
import { runCli } from './run.js';

export const IMPORT_USAGE = 'usage: pnpm --filter @pantau/server import-results --session <id> --file <sheet.csv> [--correction <reason>] [--batch-size N]';

/** Bad flags or an unreadable file: named ConfigError so runCli prints one line, no stack trace. */
class ImportArgsError extends Error {
  override name = 'ConfigError';
}

function positive(flag: string, raw: string | undefined, max: number): number {
  if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    throw new ImportArgsError(`${flag} needs a whole number from 1 to ${max}, got ${raw === undefined ? 'nothing' : `"${raw}"`} (${IMPORT_USAGE})`);
  }
  return Number(raw);
}

function parseArgs(args: readonly string[]) {
  const options: { session?: number; file?: string; correction?: string; batchSize: number } = { batchSize: 100 };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') continue;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => (eq > 0 ? arg.slice(eq + 1) : args[++i]);
    if (flag === '--session') options.session = positive(flag, value(), 2 ** 31 - 1);
    else if (flag === '--file') options.file = value();
    else if (flag === '--correction') options.correction = value();
    else if (flag === '--batch-size') options.batchSize = positive(flag, value(), MAX_BATCH);
    else throw new ImportArgsError(`unknown argument "${arg}" (${IMPORT_USAGE})`);
  }
  if (options.session === undefined || !options.file) throw new ImportArgsError(`--session and --file are required (${IMPORT_USAGE})`);
  if (options.correction !== undefined && !options.correction.trim()) throw new ImportArgsError('--correction needs a reason');
  return { ...options, session: options.session, file: options.file };
}

/** One line for a refused ingestion: which item (and line of the sheet), which field, why. */
function oneLine(err: IngestionError): IngestionError {
  const where = err instanceof SheetIngestionError ? `item ${err.item} (line ${err.line}) field ${err.field}` : `field ${err.field}`;
  return new IngestionError(err.code, `import refused, nothing more written: ${where}: ${err.message} [${err.code}]`, err.field);
}

runCli(async (args) => {
  const options = parseArgs(args);
  // pnpm runs scripts in the package folder: resolve the file against where the command was typed.
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), options.file);
  const csvText = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new ImportArgsError(`cannot read ${file}: ${err.code ?? err.message}`);
  });
  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    await deployMigrations(db.migrationTarget());
    const started = performance.now();
    const summary = await importResultSheet(db.prisma, {
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
    await db.close();
  }
});
