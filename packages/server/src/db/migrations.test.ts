import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, ENGINES } from '../../test/databases.js';
import { migrationsDir, schemaPath } from '../paths.js';
import { openDatabase, scratchMigrationTarget, type Database } from './client.js';
import { createMigration, deployMigrations, diffSchema, migrationStatus, type MigrationLayout } from './migrations.js';

describe('committed migrations', () => {
  it('bring an empty database exactly to prisma/schema.prisma (no drift)', async () => {
    const sql = await diffSchema(scratchMigrationTarget());
    expect(sql).toMatch(/^-- This is an empty migration\.\s*$|^\s*$/);
  });
});

describe.each(ENGINES)('migrations on %s', (engine) => {
  let layout: MigrationLayout;
  let db: Database;
  let dropDatabase = async () => {};

  beforeAll(async () => {
    // Work on a copy of the repository's schema and migrations, so the test can add one of its own.
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pantau-migrations-'));
    layout = { schemaPath: path.join(dir, 'schema.prisma'), migrationsDir: path.join(dir, 'migrations') };
    await fs.cp(migrationsDir, layout.migrationsDir, { recursive: true });
    await fs.copyFile(schemaPath, layout.schemaPath);
    if (engine === 'pglite') {
      db = await openDatabase({ engine: 'pglite', dataDir: 'memory://' });
    } else {
      const created = await createPostgresDatabase();
      dropDatabase = created.drop;
      db = await openDatabase({ engine: 'postgres', url: created.url, poolSize: 2 });
    }
  });

  afterAll(async () => {
    await db?.close();
    await dropDatabase();
  });

  it('creates a migration, applies every pending one, and then reports the history clean', async () => {
    const before = await migrationStatus(db.migrationTarget(), layout);
    expect(before.upToDate).toBe(false);
    expect(before.pending.length).toBeGreaterThan(0);

    await fs.appendFile(layout.schemaPath, '\nmodel MigrationProbe {\n  id   Int    @id @default(autoincrement())\n  note String\n}\n');
    const created = await createMigration(scratchMigrationTarget(), 'add probe', { layout, now: new Date('2100-01-01T00:00:00Z') });
    expect(created && path.basename(created)).toBe('21000101000000_add_probe');
    expect(await fs.readFile(path.join(created!, 'migration.sql'), 'utf8')).toContain('CREATE TABLE "MigrationProbe"');

    const applied = await deployMigrations(db.migrationTarget(), layout);
    expect(applied).toEqual([...before.pending, '21000101000000_add_probe']);
    await db.prisma.$executeRawUnsafe(`insert into "MigrationProbe" (note) values ('ok')`);

    const after = await migrationStatus(db.migrationTarget(), layout);
    expect(after).toMatchObject({ upToDate: true, pending: [], failed: [], edited: [] });
    expect(await deployMigrations(db.migrationTarget(), layout)).toEqual([]);
    expect(await createMigration(scratchMigrationTarget(), 'nothing', { layout })).toBeNull();
  });

  it('reports a migration edited after it was applied', async () => {
    const file = path.join(layout.migrationsDir, '21000101000000_add_probe', 'migration.sql');
    await fs.appendFile(file, '\n-- edited by hand\n');
    const status = await migrationStatus(db.migrationTarget(), layout);
    expect(status.edited).toEqual(['21000101000000_add_probe']);
    expect(status.upToDate).toBe(false);
  });

  it('records a failing migration as failed, not applied', async () => {
    const dir = path.join(layout.migrationsDir, '21000102000000_broken');
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, 'migration.sql'), 'CREATE TABLE "Half" (id int);\nSELECT no_such_function();\n');
    await expect(deployMigrations(db.migrationTarget(), layout)).rejects.toThrow();
    const status = await migrationStatus(db.migrationTarget(), layout);
    expect(status.failed).toEqual(['21000102000000_broken']);
    // The whole script ran as one statement batch: the table of the failed script is not left behind.
    const rows = await db.prisma.$queryRawUnsafe<{ n: number }[]>(`select count(*)::int as n from pg_tables where tablename = 'Half'`);
    expect(rows[0]!.n).toBe(0);
  });
});
