/**
 * Real databases for tests: an in-memory PGlite, or a fresh PostgreSQL database created for the
 * test file and dropped after. Both are migrated through the same wasm engine the app uses.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, pgConfig, type Database, type DatabaseOptions } from '../src/db/client.js';
import { deployMigrations } from '../src/db/migrations.js';

export const ENGINES = ['pglite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

/** Admin connection used to create and drop test databases (trust auth on these machines). */
export const adminUrl = process.env.PANTAU_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase extends Database {
  /** The URL of a PostgreSQL test database, for servers started in another process. */
  url?: string;
}

async function admin<T>(run: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(pgConfig(adminUrl));
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty PostgreSQL database and returns its URL and a function that drops it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `pantau_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`create database "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => {}),
  };
}

/** A migrated, empty database of the given engine. Closing it drops a PostgreSQL database. */
export async function freshDatabase(engine: Engine, options: DatabaseOptions = {}): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const db = await openDatabase({ engine: 'pglite', dataDir: 'memory://' }, options);
    await deployMigrations(db.migrationTarget());
    return db;
  }
  const { url, drop } = await createPostgresDatabase();
  const db = await openDatabase({ engine: 'postgres', url, poolSize: 4 }, options);
  await deployMigrations(db.migrationTarget());
  return {
    ...db,
    url,
    close: async () => {
      await db.close();
      await drop();
    },
  };
}
