/** The move to sparse tree storage (migration ledger_sparse_nodes) keeps every existing log's roots and proofs. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendLeaves, consistencyRanges, foldRanges, inclusionRanges, leafHash, rootOf, verifyConsistency, verifyInclusion } from '../src/domain/merkle.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { deployMigrations } from '../src/db/migrations.js';
import { consistencyProof, inclusionProof, rootAt } from '../src/exams/ledger.js';
import { migrationsDir, schemaPath } from '../src/paths.js';
import { createPostgresDatabase, ENGINES } from './databases.js';

const SPARSE = '20261204214626_ledger_sparse_nodes';
const SIZE = 53;

describe.each(ENGINES)('ledger_sparse_nodes on %s', (engine) => {
  let db: Database | undefined;
  let drop = async () => {};
  afterAll(async () => {
    await db?.close();
    await drop();
  });

  it('moves leaf hashes onto the entries, keeps nodes from level 4 only, and every root and proof is unchanged', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pantau-ledger-migration-'));
    const layout = { schemaPath: path.join(dir, 'schema.prisma'), migrationsDir: path.join(dir, 'migrations') };
    await fs.copyFile(schemaPath, layout.schemaPath);
    await fs.mkdir(layout.migrationsDir);
    const names = (await fs.readdir(migrationsDir)).sort();
    for (const name of names)
      if (name < SPARSE || !name.match(/^\d/)) await fs.cp(path.join(migrationsDir, name), path.join(layout.migrationsDir, name), { recursive: true });
    if (engine === 'pglite') db = await openDatabase({ engine: 'pglite', dataDir: 'memory://' });
    else {
      const created = await createPostgresDatabase();
      drop = created.drop;
      db = await openDatabase({ engine: 'postgres', url: created.url, poolSize: 2 });
    }
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
