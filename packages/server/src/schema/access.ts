/** Administration: staff accounts and the audit log (ADMIN only). */
import { UserRole } from '../generated/prisma/enums.js';
import type { Prisma } from '../generated/prisma/client.js';
import { createUser, disableUser } from '../access/users.js';
import { checkPageSize } from '../errors.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';

const UserRoleEnum = builder.enumType(UserRole, {
  name: 'UserRole',
  description: 'Peran staf: the role of a government account.',
  values: {
    VERIFIER: { description: "Verifikator: verifies applicants' documents and nothing else." },
    OFFICIAL: { description: 'Pejabat/panitia: runs selections, announcements, sanggah decisions, surveys and the workforce.' },
    ADMIN: { description: 'Administrator: what officials can do, plus accounts and the audit.' },
  },
});

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
    username: t.exposeString('username', { description: 'Nama pengguna: the login name (case-insensitive).' }),
    displayName: t.exposeString('displayName', { description: "Nama tampilan: the person's name as shown to others." }),
    role: t.expose('role', { description: 'Peran: verifier, official or administrator.', type: UserRoleEnum }),
    createdAt: t.expose('createdAt', { description: 'When the account was created.', type: 'DateTime' }),
    disabledAt: t.expose('disabledAt', {
      description: 'When an administrator disabled the account; null while it may log in.',
      type: 'DateTime',
      nullable: true,
    }),
  }),
});

const AuditChangeRef = builder.objectRef<{ entity: string; id: string | number; before: unknown; after: unknown }>('AuditChange').implement({
  description: 'One record a mutation changed, before and after (null when created or removed); personal data masked.',
  authScopes: { admin: true },
  fields: (t) => ({
    entity: t.exposeString('entity', { description: 'The kind of record changed, e.g. "ExamResult" or "User".' }),
    entityId: t.string({ description: "The changed record's database id.", resolve: (c) => String(c.id) }),
    beforeJson: t.string({
      description: 'The record before the change, as JSON (personal data masked); null when the mutation created it.',
      nullable: true,
      resolve: (c) => (c.before === null ? null : JSON.stringify(c.before)),
    }),
    afterJson: t.string({
      description: 'The record after the change, as JSON (personal data masked); null when the mutation removed it.',
      nullable: true,
      resolve: (c) => (c.after === null ? null : JSON.stringify(c.after)),
    }),
  }),
});

const AuditEntryRef = builder.prismaNode('AuditEntry', {
  id: { field: 'id' },
  description: 'One mutation call: who, what, when, how it ended and what it changed. Entries cannot be changed.',
  authScopes: { admin: true },
  fields: (t) => ({
    at: t.expose('at', { description: 'Waktu: when the call was made (midnight UTC of the day only, for anonymous inputs).', type: 'DateTime' }),
    requestId: t.exposeString('requestId', {
      description: 'The request\'s id, as in the x-request-id header and the server\'s log lines; "anonymous" for anonymous inputs.',
    }),
    role: t.exposeString('role', { description: "Peran: the caller's role (ANONYMOUS for an SKM response or an aspiration)." }),
    userId: t.exposeInt('userId', { description: 'The staff account that called; null otherwise.', nullable: true }),
    apiKeyId: t.exposeInt('apiKeyId', { description: 'The partner key that called; null otherwise.', nullable: true }),
    applicantId: t.exposeInt('applicantId', { description: 'The applicant who called; null otherwise.', nullable: true }),
    ip: t.exposeString('ip', { description: "The caller's address; empty for anonymous inputs." }),
    operation: t.exposeString('operation', { description: 'The mutation field, e.g. submitExamResults.' }),
    operationName: t.exposeString('operationName', { description: 'The operation name the client sent, if any.', nullable: true }),
    outcome: t.exposeString('outcome', { description: 'OK, or the error code the caller got.' }),
    argumentsJson: t.string({
      description: 'Arguments, secrets removed and personal data masked.',
      select: { arguments: true },
      resolve: (e) => JSON.stringify(e.arguments),
    }),
    resultJson: t.string({
      description: "The answer's scalar fields, as JSON (personal data masked); null on a refusal.",
      nullable: true,
      select: { result: true },
      resolve: (e) => (e.result === null ? null : JSON.stringify(e.result)),
    }),
    changes: t.field({
      description: 'The records the mutation changed, before and after.',
      type: [AuditChangeRef],
      select: { changes: true },
      resolve: (e) => (Array.isArray(e.changes) ? (e.changes as never[]) : []),
    }),
  }),
});

const AuditFilter = builder.inputType('AuditFilter', {
  description: 'Which audit entries to list; every field narrows the list.',
  fields: (t) => ({
    operation: t.string({ description: 'Only calls of this mutation, e.g. "submitExamResults".' }),
    role: t.string({ description: 'Only calls made in this role, e.g. "PARTNER".' }),
    userId: t.int({ description: 'Only calls by this staff account (database id).' }),
    apiKeyId: t.int({ description: 'Only calls by this partner key (database id).' }),
    outcome: t.string({ description: 'Only calls that ended so: "OK" or an error code.' }),
    since: t.field({ description: 'Only calls at or after this instant.', type: 'DateTime' }),
    until: t.field({ description: 'Only calls before this instant.', type: 'DateTime' }),
  }),
});

const CreateUserInput = builder.inputType('CreateUserInput', {
  description: 'A new staff account.',
  fields: (t) => ({
    username: t.string({ required: true, description: '3-40 letters, digits, dots, dashes or underscores; case-insensitive.' }),
    displayName: t.string({ description: "Nama tampilan: the person's name as shown to others.", required: true }),
    role: t.field({ description: 'Peran: verifier, official or administrator.', type: UserRoleEnum, required: true }),
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
    { name: 'UserConnection', description: 'A page of staff accounts.' },
    { name: 'UserEdge', description: 'One staff account in a page, with its cursor.' },
  ),
  auditLog: t.prismaConnection(
    {
      type: 'AuditEntry',
      cursor: 'id',
      description: 'The audit log, newest first.',
      authScopes: access('Query', 'auditLog'),
      args: { filter: t.arg({ description: 'Which entries to list; all when absent.', type: AuditFilter }) },
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
    { name: 'AuditEntryConnection', description: 'A page of audit entries.' },
    { name: 'AuditEntryEdge', description: 'One audit entry in a page, with its cursor.' },
  ),
}));

builder.mutationFields((t) => ({
  createUser: t.prismaField({
    type: 'User',
    description: 'Creates a staff account (ADMIN only).',
    authScopes: access('Mutation', 'createUser'),
    args: { input: t.arg({ description: 'The account to create.', type: CreateUserInput, required: true }) },
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
    args: { id: t.arg.globalID({ description: 'Global ID of the account to disable.', for: [UserRef], required: true }) },
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
