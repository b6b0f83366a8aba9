/**
 * Password hashing with node:crypto's scrypt: memory-hard, built into Node, no native addon to
 * compile. Stored as `scrypt$N$r$p$salt$hash` so the cost can be raised later without breaking
 * existing hashes.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));

const COST = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

/** Shortest password an account may have; long passphrases are welcome up to 256 characters. */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Constant-time check; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltText, keyText] = stored.split('$');
  if (scheme !== 'scrypt' || !saltText || !keyText) return false;
  const expected = Buffer.from(keyText, 'base64url');
  const key = await scrypt(password, Buffer.from(saltText, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Fewest different characters a password must use, so "aaaaaaaaaa" or "1111111111" is no password. */
export const MIN_DISTINCT_CHARACTERS = 5;

/**
 * Why a new password is refused, or null when it is acceptable. The policy (NIST SP 800-63B
 * style: length over composition rules): 10-256 characters, any script, spaces allowed inside a
 * passphrase, but not only whitespace or invisible characters, no control characters, and at least
 * 5 different characters.
 */
export function passwordProblem(password: string): string | null {
  const chars = Array.from(password);
  if (chars.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (chars.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (/[\u0000-\u001F\u007F]/.test(password)) return 'must not hold control characters';
  const visible = chars.filter((c) => !/[\p{Z}\p{Cf}\s]/u.test(c));
  if (visible.length === 0) return 'must not be only spaces';
  if (new Set(visible).size < MIN_DISTINCT_CHARACTERS) return `must use at least ${MIN_DISTINCT_CHARACTERS} different characters`;
  return null;
}
