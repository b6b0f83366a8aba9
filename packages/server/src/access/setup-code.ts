/**
 * The first administrator without a restart, the way Grafana and Jenkins start: while no ADMIN
 * exists, the server prints a one-time setup code (valid until used, or 24 hours); whoever holds
 * it creates the first ADMIN over the API. Only its hash is stored (in ServerSecret, so every
 * instance of a cluster accepts the same code).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.js';
import { RefusedError } from '../errors.js';
import { createUser } from './users.js';

const SECRET = 'first-admin-setup-code';
const VALID_MS = 24 * 60 * 60 * 1000;
const hash = (code: string) => createHash('sha256').update(code).digest('hex');

async function hasAdmin(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.user.count({ where: { role: 'ADMIN', disabledAt: null } })) > 0;
}

/**
 * A fresh setup code when there is no ADMIN (replacing any earlier one), else null. Called on
 * start; the caller prints it.
 */
export async function issueSetupCode(prisma: PrismaClient, now = new Date()): Promise<{ code: string; expiresAt: Date } | null> {
  if (await hasAdmin(prisma)) {
    await prisma.serverSecret.deleteMany({ where: { name: SECRET } });
    return null;
  }
  const code = randomBytes(9)
    .toString('base64url')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, 'X');
  const value = JSON.stringify({ hash: hash(code), expiresAt: new Date(now.getTime() + VALID_MS).toISOString() });
  await prisma.serverSecret.upsert({ where: { name: SECRET }, create: { name: SECRET, value }, update: { value, createdAt: now } });
  return { code, expiresAt: new Date(now.getTime() + VALID_MS) };
}

/** Creates the first ADMIN with a valid setup code, consuming it; refused once any ADMIN exists. */
export async function createFirstAdmin(
  prisma: PrismaClient,
  input: { setupCode: string; username: string; displayName: string; password: string },
  now = new Date(),
) {
  return prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ value: string }>>`select "value" from "ServerSecret" where "name" = ${SECRET} for update`;
    const refused = () => new RefusedError('SETUP_CODE_INVALID', 'is not a valid setup code (used, expired, or an ADMIN exists already)', 'setupCode');
    if (!row) throw refused();
    const stored = JSON.parse(row.value) as { hash: string; expiresAt: string };
    const given = Buffer.from(hash(input.setupCode.trim().toUpperCase()), 'hex');
    if (new Date(stored.expiresAt) <= now || !timingSafeEqual(given, Buffer.from(stored.hash, 'hex'))) throw refused();
    if (await hasAdmin(tx as PrismaClient)) throw refused();
    const user = await createUser(tx as PrismaClient, { ...input, role: 'ADMIN' });
    await tx.serverSecret.delete({ where: { name: SECRET } });
    return user;
  });
}
