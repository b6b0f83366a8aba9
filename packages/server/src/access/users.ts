/** Government accounts (officials, verifiers, administrators) and how anyone logs in. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { UserRole } from '../generated/prisma/enums.js';
import { InputError, PantauError, requireText } from '../errors.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import type { TokenSigner } from './tokens.js';

export interface Session {
  token: string;
  expiresAt: Date;
  role: UserRole | 'APPLICANT';
}

/** Refused logins all read the same, so a caller cannot learn which usernames exist. */
function loginRefused(): PantauError {
  return new PantauError('UNAUTHENTICATED', 'Wrong username or password');
}

// A hash to compare against when the account does not exist, so both answers take as long.
const decoy = hashPassword('decoy-password-never-valid');

export async function createUser(prisma: PrismaClient, input: { username: string; displayName: string; role: UserRole; password: string }) {
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9._-]{3,40}$/.test(username)) throw new InputError('username', 'use 3-40 letters, digits, dots, dashes or underscores');
  const displayName = requireText('displayName', input.displayName, { min: 1, max: 80 });
  // A name as written (any script, digits for desks like "Operator BKD 2", spaces, . , ' -), nothing more.
  if (!/^[\p{L}\p{M}][\p{L}\p{M}\p{N} .,'-]{0,79}$/u.test(displayName)) {
    throw new InputError('displayName', 'use 1-80 letters, digits, spaces, dots, commas, apostrophes or hyphens, starting with a letter');
  }
  const problem = passwordProblem(input.password);
  if (problem) throw new InputError('password', problem);
  if (await prisma.user.findUnique({ where: { username }, select: { id: true } })) {
    throw new InputError('username', `"${username}" is taken`);
  }
  return prisma.user.create({
    data: { username, displayName, role: input.role, passwordHash: await hashPassword(input.password) },
  });
}

/** Checks a staff login and issues a session token. */
export async function loginUser(prisma: PrismaClient, tokens: TokenSigner, username: string, password: string): Promise<Session> {
  const user = await prisma.user.findUnique({ where: { username: username.trim().toLowerCase() } });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoy));
  if (!user || !ok || user.disabledAt) throw loginRefused();
  return { ...tokens.sign({ kind: 'user', id: user.id, role: user.role }), role: user.role };
}

/** Checks an applicant's login (by email, as on the registration portal); an unconfirmed registration cannot log in. */
export async function loginApplicant(prisma: PrismaClient, tokens: TokenSigner, email: string, password: string): Promise<Session> {
  const applicant = await prisma.applicant.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, passwordHash: true, confirmedAt: true },
  });
  const ok = await verifyPassword(password, applicant?.passwordHash ?? (await decoy));
  if (!applicant?.passwordHash || !ok || !applicant.confirmedAt) throw loginRefused();
  return { ...tokens.sign({ kind: 'applicant', id: applicant.id }), role: 'APPLICANT' };
}

/**
 * Confirms a registration with the code mailed to its email and logs the applicant in. A wrong
 * code, an unknown email and an account already confirmed are refused alike.
 */
export async function confirmApplicant(prisma: PrismaClient, tokens: TokenSigner, email: string, code: string): Promise<Session> {
  const applicant = await prisma.applicant.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, confirmationHash: true, confirmedAt: true },
  });
  const given = Buffer.from(createHash('sha256').update(code.trim()).digest('hex'));
  const expected = Buffer.from(applicant?.confirmationHash ?? '0'.repeat(64));
  if (!applicant || applicant.confirmedAt || !applicant.confirmationHash || !timingSafeEqual(given, expected)) {
    throw new PantauError('UNAUTHENTICATED', 'Wrong email or confirmation code');
  }
  await prisma.applicant.update({ where: { id: applicant.id }, data: { confirmedAt: new Date(), confirmationHash: null } });
  return { ...tokens.sign({ kind: 'applicant', id: applicant.id }), role: 'APPLICANT' };
}

/**
 * Disables an account: its logins are refused and its tokens stop working at once (live
 * subscriptions close at the next credential check). Returns the account before and after.
 */
export async function disableUser(prisma: PrismaClient, id: number, by: number | undefined) {
  if (id === by) throw new InputError('id', 'an administrator cannot disable their own account');
  const before = await prisma.user.findUnique({ where: { id } });
  if (!before) throw new InputError('id', 'no such user');
  const after = before.disabledAt ? before : await prisma.user.update({ where: { id }, data: { disabledAt: new Date() } });
  return { before, after };
}
