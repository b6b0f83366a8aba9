/**
 * The ledger migrations keep existing logs valid: the move to sparse tree storage
 * (ledger_sparse_nodes) keeps every root and proof, and ledger_frontier_on_log gives each log the
 * frontier an append hashes on from.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  appendLeaves,
  isStored,
  consistencyRanges,
  foldRanges,
  inclusionRanges,
  leafHash,
  rootOf,
  verifyConsistency,
  verifyInclusion,
} from '../src/domain/merkle.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { deployMigrations } from '../src/db/migrations.js';
import { consistencyProof, inclusionProof, rootAt } from '../src/exams/ledger.js';
import { migrationsDir, schemaPath } from '../src/paths.js';
import { createPostgresDatabase, ENGINES } from './databases.js';

const SPARSE = '20261204214626_ledger_sparse_nodes';
const FRONTIER = '20261205034447_ledger_frontier_on_log';
const SIZE = 53;

/** A scratch copy of the migrations folder holding those before `until`: the rest are copied in by the test. */
async function migrationsBefore(until: string) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pantau-ledger-migration-'));
  const layout = { schemaPath: path.join(dir, 'schema.prisma'), migrationsDir: path.join(dir, 'migrations') };
  await fs.copyFile(schemaPath, layout.schemaPath);
  await fs.mkdir(layout.migrationsDir);
  for (const name of (await fs.readdir(migrationsDir)).sort())
    if (name < until || !name.match(/^\d/)) await fs.cp(path.join(migrationsDir, name), path.join(layout.migrationsDir, name), { recursive: true });
  return layout;
}

async function openEmpty(engine: (typeof ENGINES)[number]): Promise<{ db: Database; drop(): Promise<void> }> {
  if (engine === 'pglite') return { db: await openDatabase({ engine: 'pglite', dataDir: 'memory://' }), drop: async () => {} };
  const created = await createPostgresDatabase();
  return { db: await openDatabase({ engine: 'postgres', url: created.url, poolSize: 2 }), drop: created.drop };
}

describe.each(ENGINES)('ledger_sparse_nodes on %s', (engine) => {
  let db: Database | undefined;
  let drop = async () => {};
  afterAll(async () => {
    await db?.close();
    await drop();
  });

  it('moves leaf hashes onto the entries, keeps nodes from level 4 only, and every root and proof is unchanged', async () => {
    const layout = await migrationsBefore(SPARSE);
    ({ db, drop } = await openEmpty(engine));
    const prisma = db.prisma;
    await deployMigrations(db.migrationTarget(), layout);

    // A log as the previous layout stored it: entries without a leaf hash, every perfect subtree as a node row.
    const records = Array.from({ length: SIZE }, (_, i) => `{"old":${i}}`);
    const leaves = records.map((r) => leafHash(r));
    const { nodes } = appendLeaves(0, [], leaves);
    await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('set local session_replication_role = replica'); // no session or year rows for the foreign keys
      await tx.$executeRaw`insert into "LedgerLog" ("id", "selectionYearId", "stage", "size") values (1, 1, 'SKD', ${SIZE})`;
      await tx.$executeRaw`
        insert into "LedgerEntry" ("logId", "leafIndex", "sessionId", "sequence", "kind", "participantNumber", "record")
        select 1, o - 1, 1, o, 'RESULT', 'p', r from unnest(${records}::text[]) with ordinality as t(r, o)`;
      await tx.$executeRaw`
        insert into "LedgerNode" ("logId", "level", "index", "hash")
        select 1, l, i, h from unnest(${nodes.map((n) => n.level)}::integer[], ${nodes.map((n) => n.index)}::integer[], ${nodes.map((n) => n.hash)}::text[]) as t(l, i, h)`;
    });

    await fs.cp(path.join(migrationsDir, SPARSE), path.join(layout.migrationsDir, SPARSE), { recursive: true });
    expect(await deployMigrations(db.migrationTarget(), layout)).toEqual([SPARSE]);

    const entries = await prisma.$queryRaw<Array<{ leafHash: string }>>`select "leafHash" from "LedgerEntry" order by "leafIndex"`;
    expect(entries.map((e) => e.leafHash)).toEqual(leaves);
    const [left] = await prisma.$queryRaw<
      Array<{ rows: number; lowest: number }>
    >`select count(*)::int as "rows", min("level")::int as "lowest" from "LedgerNode"`;
    expect(left).toEqual({ rows: nodes.filter((n) => n.level >= 4).length, lowest: 4 });
    const log = { id: 1, origin: 'pantau/test/SKD', size: SIZE };
    for (const size of [1, 16, 17, 40, SIZE]) {
      const root = rootOf(leaves.slice(0, size));
      expect(await rootAt(prisma, 1, size)).toBe(root);
      for (const index of [0, size - 1, Math.floor(size / 2)]) {
        const proof = await inclusionProof(prisma, 1, index, size);
        expect(proof).toEqual(foldRanges(inclusionRanges(index, size), (k) => nodes.find((n) => n.level === k.level && n.index === k.index)?.hash));
        expect(verifyInclusion(leaves[index]!, index, size, proof, root)).toBe(true);
      }
      const from = Math.max(1, size - 9);
      const proof = await consistencyProof(prisma, log, from, SIZE);
      expect(proof).toEqual(foldRanges(consistencyRanges(from, SIZE), (k) => nodes.find((n) => n.level === k.level && n.index === k.index)?.hash));
      expect(verifyConsistency(from, SIZE, proof, rootOf(leaves.slice(0, from)), rootOf(leaves))).toBe(true);
    }
    // Still append-only after the move.
    await expect(prisma.$executeRaw`delete from "LedgerNode"`).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRaw`update "LedgerEntry" set "leafHash" = 'x'`).rejects.toThrow(/append-only/);
  });
});

describe.each(ENGINES)('ledger_frontier_on_log on %s', (engine) => {
  let db: Database | undefined;
  let drop = async () => {};
  afterAll(async () => {
    await db?.close();
    await drop();
  });

  it("gives every log the frontier of its size, from its stored nodes and last block's leaves, and it moves only as the log grows", async () => {
    const layout = await migrationsBefore(FRONTIER);
    ({ db, drop } = await openEmpty(engine));
    const prisma = db.prisma;
    await deployMigrations(db.migrationTarget(), layout);

    // Logs as the sparse layout stores them (leaf hashes on the entries, nodes from level 4), of sizes with and without a last block.
    const sizes = [0, 1, 7, 16, 53, 64, 75];
    const leavesOf = (size: number) => Array.from({ length: size }, (_, i) => leafHash(`{"log":${size},"i":${i}}`));
    await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('set local session_replication_role = replica'); // no session or year rows for the foreign keys
      for (const [id, size] of sizes.entries()) {
        const leaves = leavesOf(size);
        const nodes = appendLeaves(0, [], leaves).nodes.filter(isStored);
        await tx.$executeRaw`insert into "LedgerLog" ("id", "selectionYearId", "stage", "size") values (${id + 1}, ${id + 1}, 'SKD', ${size})`;
        await tx.$executeRaw`
          insert into "LedgerEntry" ("logId", "leafIndex", "sessionId", "sequence", "kind", "participantNumber", "record", "leafHash")
          select ${id + 1}, o - 1, ${id + 1}, o, 'RESULT', 'p', 'r', h from unnest(${leaves}::text[]) with ordinality as t(h, o)`;
        await tx.$executeRaw`
          insert into "LedgerNode" ("logId", "level", "index", "hash")
          select ${id + 1}, l, i, h from unnest(${nodes.map((n) => n.level)}::integer[], ${nodes.map((n) => n.index)}::integer[], ${nodes.map((n) => n.hash)}::text[]) as t(l, i, h)`;
      }
    });

    await fs.cp(path.join(migrationsDir, FRONTIER), path.join(layout.migrationsDir, FRONTIER), { recursive: true });
    expect(await deployMigrations(db.migrationTarget(), layout)).toEqual([FRONTIER]);

    const logs = await prisma.$queryRaw<Array<{ size: number; frontier: string[] }>>`select "size", "frontier" from "LedgerLog" order by "id"`;
    expect(logs).toEqual(sizes.map((size) => ({ size, frontier: appendLeaves(0, [], leavesOf(size)).frontier.map((n) => n.hash) })));
    // The frontier changes only with the size, and always holds one hash per set bit of it.
    await expect(prisma.$executeRaw`update "LedgerLog" set "frontier" = array["frontier"[3], "frontier"[2], "frontier"[1]] where "size" = 7`).rejects.toThrow(
      /frontier/,
    );
    await expect(prisma.$executeRaw`update "LedgerLog" set "size" = 8 where "size" = 7`).rejects.toThrow(/frontier/);
    await expect(prisma.$executeRaw`update "LedgerLog" set "size" = 6 where "size" = 7`).rejects.toThrow(/only grows/);
  });
});
