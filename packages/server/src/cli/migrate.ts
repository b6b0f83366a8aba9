/**
 * `pnpm db:migrate` (deploy), `pnpm db:migrate:create <name>`, `pnpm db:migrate:status`.
 * Targets PostgreSQL when DATABASE_URL is set, else the embedded PGlite folder (stop the server first:
 * one process owns the folder).
 */
import path from 'node:path';
import { loadConfig } from '../config.js';
import { openDatabase, scratchMigrationTarget } from '../db/client.js';
import { createMigration, deployMigrations, migrationStatus } from '../db/migrations.js';
import { repoRoot } from '../paths.js';
import { runCli } from './run.js';

runCli(async (args) => {
  const [command = 'deploy', name = 'migration'] = args;
  if (command === 'create') {
    const dir = await createMigration(scratchMigrationTarget(), name);
    console.log(dir ? `Created ${path.relative(repoRoot, dir)}/migration.sql` : 'No schema changes.');
    return;
  }
  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    if (command === 'deploy') {
      const applied = await deployMigrations(db.migrationTarget());
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
    } else if (command === 'status') {
      const status = await migrationStatus(db.migrationTarget());
      console.log(JSON.stringify(status, null, 2));
      if (!status.upToDate) process.exitCode = 1;
    } else {
      throw new Error(`Unknown command "${command}": use deploy, create <name> or status.`);
    }
  } finally {
    await db.close();
  }
});
