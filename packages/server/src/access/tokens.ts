/**
 * Session tokens: `v1.<payload>.<signature>`, the payload base64url JSON and the signature an
 * HMAC-SHA256 over it. Stateless, so any instance checks a token another issued; the key is a
 * `ServerSecret` row every instance reads from the shared database.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.js';

export type SessionSubject = { kind: 'user'; id: number; role: 'OFFICIAL' | 'VERIFIER' | 'ADMIN' } | { kind: 'applicant'; id: number };

export interface SessionClaims {
  sub: SessionSubject;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
}

/** How long a login lasts: a working day for staff, shorter for applicants on shared computers. */
export const SESSION_TTL_SECONDS = { user: 8 * 3600, applicant: 2 * 3600 } as const;

// An HMAC-SHA256 in base64url is 43 characters.
const TOKEN = /^v1\.([A-Za-z0-9_-]{1,4096})\.([A-Za-z0-9_-]{43})$/;

export class TokenSigner {
  constructor(private readonly key: Buffer) {}

  sign(sub: SessionSubject, now = Date.now(), ttlSeconds = SESSION_TTL_SECONDS[sub.kind]): { token: string; expiresAt: Date } {
    const iat = Math.floor(now / 1000);
    const claims: SessionClaims = { sub, iat, exp: iat + ttlSeconds };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `v1.${payload}.${this.mac(payload)}`, expiresAt: new Date(claims.exp * 1000) };
  }

  /** The claims of a genuine, unexpired token; `expired` or `invalid` otherwise. */
  verify(token: string, now = Date.now()): SessionClaims | 'expired' | 'invalid' {
    // Exactly `v1.<payload>.<signature>` in base64url: nothing before, after or between may be added.
    const match = TOKEN.exec(token);
    if (!match) return 'invalid';
    const [, payload, signature] = match as unknown as [string, string, string];
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
    let claims: SessionClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SessionClaims;
    } catch {
      return 'invalid';
    }
    if (!claims || typeof claims.exp !== 'number' || typeof claims.iat !== 'number' || !Number.isInteger(claims.sub?.id)) return 'invalid';
    if (claims.sub.kind !== 'user' && claims.sub.kind !== 'applicant') return 'invalid';
    return claims.exp * 1000 <= now ? 'expired' : claims;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

/**
 * The signing key: created by whichever instance starts first, then read by all, so tokens work
 * across instances and survive restarts without a setting to forget.
 */
export async function loadTokenSigner(prisma: PrismaClient): Promise<TokenSigner> {
  await prisma.serverSecret.createMany({
    data: [{ name: 'session-token-key', value: randomBytes(32).toString('base64url') }],
    skipDuplicates: true,
  });
  const secret = await prisma.serverSecret.findUniqueOrThrow({ where: { name: 'session-token-key' } });
  return new TokenSigner(Buffer.from(secret.value, 'base64url'));
}
