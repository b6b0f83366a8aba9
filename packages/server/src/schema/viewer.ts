import { loginApplicant, loginUser, type Session } from '../access/users.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';

export const RoleEnum = builder.enumType('Role', {
  description: 'What a caller may see and do. Without credentials a caller is PUBLIC.',
  values: {
    PUBLIC: { description: 'Publik: anyone without credentials (public screens, residents).' },
    APPLICANT: { description: 'Pelamar: a logged-in applicant, who acts on their own data only.' },
    PARTNER: { description: 'Mitra: a partner application calling with an API key; its scopes decide what it may do.' },
    VERIFIER: { description: "Verifikator: staff who verify applicants' documents and nothing else." },
    OFFICIAL: { description: 'Pejabat/panitia: staff who run selections, announcements, sanggah decisions, surveys and the workforce.' },
    ADMIN: { description: 'Administrator: can do what officials can, and alone manages accounts and reads the audit.' },
  } as const,
});

const ViewerRef = builder.objectRef<{ role: string; expiresAt?: Date }>('Viewer').implement({
  description: 'The caller of this request.',
  authScopes: { public: true },
  fields: (t) => ({
    role: t.field({ description: 'Peran: the role this request runs as.', type: RoleEnum, resolve: (v) => v.role as never }),
    sessionExpiresAt: t.field({ type: 'DateTime', nullable: true, description: 'When the session token expires.', resolve: (v) => v.expiresAt ?? null }),
  }),
});

export const SessionRef = builder.objectRef<Session>('Session').implement({
  description: 'A signed session token: send it as `Authorization: Bearer <token>`, or as `authorization` in graphql-ws `connection_init`.',
  authScopes: { public: true },
  fields: (t) => ({
    token: t.exposeString('token', { description: 'The signed session token; send it as `Authorization: Bearer <token>`.' }),
    expiresAt: t.expose('expiresAt', {
      description: 'When the token stops being accepted (8 hours for staff, 2 hours for applicants): log in again after.',
      type: 'DateTime',
    }),
    role: t.field({ description: 'Peran: the role the token carries.', type: RoleEnum, resolve: (s) => s.role }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    description: 'Who this request runs as (the role, and when its session expires).',
    type: ViewerRef,
    authScopes: { public: true },
    resolve: (_root, _args, ctx) => ctx.viewer,
  }),
);

builder.mutationFields((t) => ({
  login: t.field({
    type: SessionRef,
    description: 'Logs an official, verifier or administrator in. Limited per IP and per account (RATE_LIMITED with retryAfter).',
    authScopes: access('Mutation', 'login'),
    args: {
      username: t.arg.string({ description: "Nama pengguna: the staff account's username.", required: true }),
      password: t.arg.string({ description: "Kata sandi: the account's password.", required: true }),
    },
    resolve: (_root, { username, password }, ctx) => loginUser(ctx.prisma, ctx.tokens, username, password),
  }),
  loginApplicant: t.field({
    type: SessionRef,
    description: 'Logs an applicant in with the email and password chosen at registration.',
    authScopes: access('Mutation', 'loginApplicant'),
    args: {
      email: t.arg.string({ description: 'The email the applicant registered with.', required: true }),
      password: t.arg.string({ description: 'Kata sandi: the password chosen at registration.', required: true }),
    },
    resolve: (_root, { email, password }, ctx) => loginApplicant(ctx.prisma, ctx.tokens, email, password),
  }),
}));
