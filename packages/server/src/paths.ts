import fs from 'node:fs';
import path from 'node:path';

/**
 * The workspace root: the nearest folder above this file holding `pnpm-workspace.yaml`. Found by
 * walking up rather than a fixed `../..`, so the same code works from `src/` under tsx and from
 * the compiled `dist/` under node.
 */
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
  }
}

/** Repository layout, resolved once so CLIs, the server and tests agree on where things live. */
export const repoRoot = findRepoRoot(import.meta.dirname);
export const prismaDir = path.join(repoRoot, 'prisma');
export const schemaPath = path.join(prismaDir, 'schema.prisma');
export const migrationsDir = path.join(prismaDir, 'migrations');
export const dashboardDist = path.join(repoRoot, 'packages/dashboard/dist');
export const printedSchemaPath = path.join(repoRoot, 'packages/schema/schema.graphql');
export const persistedOperationsPath = path.join(repoRoot, 'packages/schema/src/generated/persisted-operations.json');
