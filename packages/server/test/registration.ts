/** Registering an applicant in tests: register, read the code from the outbox (as the mail would bring it), confirm. */
import type { PrismaClient } from '../src/generated/prisma/client.js';
import { mailedCode } from '../src/seed/scenario.js';
import type { GraphQLResponse } from './app.js';

type Gql = (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => Promise<GraphQLResponse>;

export const REGISTER = 'mutation ($input: RegisterApplicantInput!) { registerApplicant(input: $input) { confirmationSentTo } }';
export const CONFIRM = 'mutation ($e: String!, $c: String!) { confirmApplicant(email: $e, code: $c) { token role } }';

export { mailedCode };

// A woman born 1 January 1999 in Plaju (16.71.14): day 01 + 40 = 41 (RULES.md).
export const SITI = {
  nik: '1671144101990001',
  fullName: 'Siti Aminah Lestari',
  birthDate: '1999-01-01',
  gender: 'FEMALE',
  email: 'siti.aminah@contoh.test',
  phone: '081234567890',
  educationLevel: 'S1',
  major: 'Pendidikan Guru Sekolah Dasar',
  gpa: 3.21,
  disability: false,
  originRegionCode: '16.71',
  password: 'kata-sandi-rahasia',
};

/** Registers and confirms; returns the session token and the applicant's global id. */
export async function registerConfirmed(
  gql: Gql,
  prisma: PrismaClient,
  input: { email: string } & Record<string, unknown>,
): Promise<{ token: string; applicantId: string }> {
  const registered = await gql(REGISTER, { input });
  if (registered.errors) throw new Error(`registration refused: ${registered.errors[0]!.message}`);
  const confirmed = await gql(CONFIRM, { e: input.email, c: await mailedCode(prisma, input.email) });
  if (confirmed.errors) throw new Error(`confirmation refused: ${confirmed.errors[0]!.message}`);
  const applicant = await prisma.applicant.findUniqueOrThrow({ where: { email: input.email.toLowerCase() }, select: { id: true } });
  return { token: confirmed.data.confirmApplicant.token, applicantId: Buffer.from(`Applicant:${applicant.id}`).toString('base64') };
}
