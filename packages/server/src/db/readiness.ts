import fs from 'node:fs';
import type { Database } from './client.js';
import { migrationsDir } from '../paths.js';

/** Migration folder names, read once: the folder does not change under a running server. */
export function expectedMigrations(): string[] {
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/**
 * Migrations of the folder that the database has not finished applying. A cheap query on
 * Prisma's own history table, fit for every `/ready` probe (the schema engine is not).
 */
export async function pendingMigrations(db: Database, expected: string[]): Promise<string[]> {
  let applied: Set<string>;
  try {
    const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
      'select migration_name from _prisma_migrations where finished_at is not null and rolled_back_at is null',
    );
    applied = new Set(rows.map((r) => r.migration_name));
  } catch (err) {
    if (/_prisma_migrations/.test(String((err as Error).message))) return expected; // never migrated
    throw err;
  }
  return expected.filter((name) => !applied.has(name));
}
