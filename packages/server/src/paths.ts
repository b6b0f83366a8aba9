import path from 'node:path';

/** Repository layout, resolved once so CLIs, the server and tests agree on where things live. */
export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const prismaDir = path.join(repoRoot, 'prisma');
export const schemaPath = path.join(prismaDir, 'schema.prisma');
export const migrationsDir = path.join(prismaDir, 'migrations');
export const dashboardDist = path.join(repoRoot, 'packages/dashboard/dist');
export const printedSchemaPath = path.join(repoRoot, 'packages/schema/schema.graphql');
export const persistedOperationsPath = path.join(repoRoot, 'packages/schema/src/generated/persisted-operations.json');
