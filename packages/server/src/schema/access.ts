/** Administration: staff accounts and the audit log (ADMIN only). */
import { UserRole } from '../generated/prisma/enums.js';
import type { Prisma } from '../generated/prisma/client.js';
import { createUser, disableUser } from '../access/users.js';
import { checkPageSize } from '../errors.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';

const UserRoleEnum = builder.enumType(UserRole, { name: 'UserRole' });

/** What an audit change shows of an account: never its password hash. */
const accountView = (u: { id: number; username: string; displayName: string; role: string; disabledAt: Date | null }) => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  disabledAt: u.disabledAt,
});

export const UserRef = builder.prismaNode('User', {
  id: { field: 'id' },
  description: 'A government account: official, verifier or administrator.',
  authScopes: { staff: true },
  fields: (t) => ({
    username: t.exposeString('username'),
    displayName: t.exposeString('displayName'),
    role: t.expose('role', { type: UserRoleEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    disabledAt: t.expose('disabledAt', { type: 'DateTime', nullable: true }),
  }),
});

const AuditChangeRef = builder
  .objectRef<{ entity: string; id: string | number; before: unknown; after: unknown }>('AuditChange')
  .implement({
    description: 'One record a mutation changed, before and after (null when created or removed); personal data masked.',
    authScopes: { admin: true },
    fields: (t) => ({
      entity: t.exposeString('entity'),
      entityId: t.string({ resolve: (c) => String(c.id) }),
      beforeJson: t.string({ nullable: true, resolve: (c) => (c.before === null ? null : JSON.stringify(c.before)) }),
      afterJson: t.string({ nullable: true, resolve: (c) => (c.after === null ? null : JSON.stringify(c.after)) }),
    }),
  });

const AuditEntryRef = builder.prismaNode('AuditEntry', {
  id: { field: 'id' },
  description: 'One mutation call: who, what, when, how it ended and what it changed. Entries cannot be changed.',
  authScopes: { admin: true },
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    requestId: t.exposeString('requestId'),
    role: t.exposeString('role'),
    userId: t.exposeInt('userId', { nullable: true }),
    apiKeyId: t.exposeInt('apiKeyId', { nullable: true }),
    applicantId: t.exposeInt('applicantId', { nullable: true }),
    ip: t.exposeString('ip'),
    operation: t.exposeString('operation', { description: 'The mutation field, e.g. submitExamResults.' }),
    operationName: t.exposeString('operationName', { nullable: true }),
    outcome: t.exposeString('outcome', { description: 'OK, or the error code the caller got.' }),
    argumentsJson: t.string({ description: 'Arguments, secrets removed and personal data masked.', select: { arguments: true }, resolve: (e) => JSON.stringify(e.arguments) }),
    resultJson: t.string({ nullable: true, select: { result: true }, resolve: (e) => (e.result === null ? null : JSON.stringify(e.result)) }),
    changes: t.field({
      type: [AuditChangeRef],
      select: { changes: true },
      resolve: (e) => (Array.isArray(e.changes) ? (e.changes as never[]) : []),
    }),
  }),
});

const AuditFilter = builder.inputType('AuditFilter', {
  fields: (t) => ({
    operation: t.string(),
    role: t.string(),
    userId: t.int(),
    apiKeyId: t.int(),
    outcome: t.string(),
    since: t.field({ type: 'DateTime' }),
    until: t.field({ type: 'DateTime' }),
  }),
});

const CreateUserInput = builder.inputType('CreateUserInput', {
  fields: (t) => ({
    username: t.string({ required: true, description: '3-40 letters, digits, dots, dashes or underscores; case-insensitive.' }),
    displayName: t.string({ required: true }),
    role: t.field({ type: UserRoleEnum, required: true }),
    password: t.string({ required: true, description: 'At least 10 characters.' }),
  }),
});

builder.queryFields((t) => ({
  users: t.prismaConnection(
    {
      type: 'User',
      cursor: 'id',
      description: 'Staff accounts, oldest first.',
      authScopes: access('Query', 'users'),
      resolve: (query, _root, args, ctx) => {
        checkPageSize(args);
        return ctx.prisma.user.findMany({ ...query, orderBy: { id: 'asc' } });
      },
    },
    { name: 'UserConnection' },
    { name: 'UserEdge' },
  ),
  auditLog: t.prismaConnection(
    {
      type: 'AuditEntry',
      cursor: 'id',
      description: 'The audit log, newest first.',
      authScopes: access('Query', 'auditLog'),
      args: { filter: t.arg({ type: AuditFilter }) },
      resolve: (query, _root, args, ctx) => {
        checkPageSize(args);
        const f = args.filter;
        const where: Prisma.AuditEntryWhereInput = {
          ...(f?.operation ? { operation: f.operation } : {}),
          ...(f?.role ? { role: f.role } : {}),
          ...(f?.userId != null ? { userId: f.userId } : {}),
          ...(f?.apiKeyId != null ? { apiKeyId: f.apiKeyId } : {}),
          ...(f?.outcome ? { outcome: f.outcome } : {}),
          ...(f?.since || f?.until ? { at: { ...(f.since ? { gte: f.since } : {}), ...(f.until ? { lt: f.until } : {}) } } : {}),
        };
        return ctx.prisma.auditEntry.findMany({ ...query, where, orderBy: { id: 'desc' } });
      },
    },
    { name: 'AuditEntryConnection' },
    { name: 'AuditEntryEdge' },
  ),
}));

builder.mutationFields((t) => ({
  createUser: t.prismaField({
    type: 'User',
    description: 'Creates a staff account (ADMIN only).',
    authScopes: access('Mutation', 'createUser'),
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const user = await createUser(ctx.prisma, input);
      ctx.audit.change('User', user.id, null, accountView(user));
      return ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: user.id } });
    },
  }),
  disableUser: t.prismaField({
    type: 'User',
    description: 'Disables a staff account: its logins are refused and its sessions end (ADMIN only).',
    authScopes: access('Mutation', 'disableUser'),
    args: { id: t.arg.globalID({ for: [UserRef], required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { before, after } = await disableUser(ctx.prisma, Number(args.id.id), ctx.viewer.userId);
      ctx.audit.change('User', after.id, accountView(before), accountView(after));
      return ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: after.id } });
    },
  }),
}));

builder.subscriptionFields((t) => ({
  auditEntryAdded: t.field({
    type: AuditEntryRef,
    description: 'Every new audit entry, from any instance, as it is written (ADMIN only).',
    authScopes: access('Subscription', 'auditEntryAdded'),
    subscribe: (_root, _args, ctx) => ctx.bus.subscribe('auditEntryAdded'),
    resolve: (event, _args, ctx) => ctx.prisma.auditEntry.findUniqueOrThrow({ where: { id: event.id } }),
  }),
}));
