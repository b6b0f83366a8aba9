/**
 * Partner API keys: random, shown once, stored as a sha256 hash (the key itself has 192 bits of
 * entropy, so a fast hash is enough), scoped and revocable.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Viewer } from './roles.js';

/** Scopes a partner key can hold. */
export const PARTNER_SCOPES = ['scores:write', 'registrations:read', 'kpis:read', 'feedback:write', 'pii:read', 'employees:read', 'employees:write'] as const;
export type PartnerScope = (typeof PARTNER_SCOPES)[number];

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export class ApiKeyError extends Error {
  override name = 'ConfigError';
}

/** Creates a key and returns it in clear: the only time it is ever seen. */
export async function createApiKey(prisma: PrismaClient, input: { name: string; scopes: string[] }) {
  const unknown = input.scopes.filter((s) => !(PARTNER_SCOPES as readonly string[]).includes(s));
  if (unknown.length) throw new ApiKeyError(`Unknown scope(s): ${unknown.join(', ')}; known: ${PARTNER_SCOPES.join(', ')}`);
  if (!input.name.trim()) throw new ApiKeyError('A key needs a name');
  const key = `pantau_${randomBytes(24).toString('base64url')}`;
  const prefix = key.slice(0, 15);
  const record = await prisma.apiKey.create({ data: { name: input.name.trim(), prefix, hash: hashKey(key), scopes: [...new Set(input.scopes)] } });
  return { key, prefix, id: record.id, scopes: record.scopes };
}

/** Revokes a key by prefix (the CLI) ; true when an active key was revoked. */
export async function revokeApiKey(prisma: PrismaClient, prefix: string): Promise<boolean> {
  const { count } = await prisma.apiKey.updateMany({ where: { prefix, revokedAt: null }, data: { revokedAt: new Date() } });
  return count > 0;
}

/** The viewer a key stands for, or null when the key is unknown or revoked. */
export async function viewerForApiKey(prisma: PrismaClient, key: string): Promise<Viewer | null> {
  const record = await prisma.apiKey.findUnique({ where: { prefix: key.slice(0, 15) } });
  if (!record || record.revokedAt || record.hash !== hashKey(key)) return null;
  return { role: 'PARTNER', scopes: new Set(record.scopes), apiKeyId: record.id };
}
