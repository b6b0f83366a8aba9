import { loginApplicant, loginUser, type Session } from '../access/users.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';

export const RoleEnum = builder.enumType('Role', {
  description: 'What a caller may see and do. Without credentials a caller is PUBLIC.',
  values: ['PUBLIC', 'APPLICANT', 'PARTNER', 'VERIFIER', 'OFFICIAL', 'ADMIN'] as const,
});

const ViewerRef = builder.objectRef<{ role: string; expiresAt?: Date }>('Viewer').implement({
  description: 'The caller of this request.',
  authScopes: { public: true },
  fields: (t) => ({
    role: t.field({ type: RoleEnum, resolve: (v) => v.role as never }),
    sessionExpiresAt: t.field({ type: 'DateTime', nullable: true, description: 'When the session token expires.', resolve: (v) => v.expiresAt ?? null }),
  }),
});

export const SessionRef = builder.objectRef<Session>('Session').implement({
  description: 'A signed session token: send it as `Authorization: Bearer <token>`, or as `authorization` in graphql-ws `connection_init`.',
  authScopes: { public: true },
  fields: (t) => ({
    token: t.exposeString('token'),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    role: t.field({ type: RoleEnum, resolve: (s) => s.role }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({ type: ViewerRef, authScopes: { public: true }, resolve: (_root, _args, ctx) => ctx.viewer }),
);

builder.mutationFields((t) => ({
  login: t.field({
    type: SessionRef,
    description: 'Logs an official, verifier or administrator in. Limited per IP and per account (RATE_LIMITED with retryAfter).',
    authScopes: access('Mutation', 'login'),
    args: { username: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: (_root, { username, password }, ctx) => loginUser(ctx.prisma, ctx.tokens, username, password),
  }),
  loginApplicant: t.field({
    type: SessionRef,
    description: 'Logs an applicant in with the email and password chosen at registration.',
    authScopes: access('Mutation', 'loginApplicant'),
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: (_root, { email, password }, ctx) => loginApplicant(ctx.prisma, ctx.tokens, email, password),
  }),
}));
