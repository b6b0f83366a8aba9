/** Partner keys managed over the API (ADMIN), and the first ADMIN created with the setup code. */
import { ApiKeyError, createApiKey, PARTNER_SCOPES } from '../access/api-keys.js';
import { createFirstAdmin } from '../access/setup-code.js';
import { InputError } from '../errors.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';

const PartnerScopeEnum = builder.enumType('PartnerScope', {
  description: 'What a partner key may do.',
  values: Object.fromEntries(PARTNER_SCOPES.map((s) => [s.replace(':', '_').toUpperCase(), { value: s, description: `The "${s}" scope.` }])),
});

export const ApiKeyRef = builder.prismaNode('ApiKey', {
  id: { field: 'id' },
  description: 'Kunci API: a partner key. The secret is shown once, when it is created; only its prefix is listed.',
  authScopes: { admin: true },
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Nama: what the key is for, e.g. "CAT BKN Jambi".' }),
    prefix: t.exposeString('prefix', { description: 'First characters of the key, to recognise it.' }),
    scopes: t.field({ description: 'Cakupan: what the key may do.', type: [PartnerScopeEnum], select: { scopes: true }, resolve: (k) => k.scopes as never }),
    createdAt: t.expose('createdAt', { description: 'When the key was created.', type: 'DateTime' }),
    revokedAt: t.expose('revokedAt', { description: 'When the key was revoked; null while it works.', type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', { description: 'When the key last called the API; null if never.', type: 'DateTime', nullable: true }),
  }),
});

const CreatedKeyRef = builder.objectRef<{ key: string; id: number }>('CreatedApiKey').implement({
  description: 'A new partner key: `key` is the secret, shown this once (send it as the x-api-key header).',
  authScopes: { admin: true },
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The secret; never shown again.' }),
    apiKey: t.prismaField({
      description: 'The key as it will be listed (no secret).',
      type: 'ApiKey',
      resolve: (query, k, _args, ctx) => ctx.prisma.apiKey.findUniqueOrThrow({ ...query, where: { id: k.id } }),
    }),
  }),
});

const FirstAdminRef = builder.objectRef<{ username: string }>('FirstAdmin').implement({
  description: 'The first ADMIN, created: log in with its username and password.',
  authScopes: { public: true },
  fields: (t) => ({ username: t.exposeString('username', { description: "The new administrator's username." }) }),
});

builder.queryFields((t) => ({
  apiKeys: t.prismaField({
    type: ['ApiKey'],
    description: 'Every partner key, newest first (ADMIN only).',
    authScopes: access('Query', 'apiKeys'),
    resolve: (query, _root, _args, ctx) => ctx.prisma.apiKey.findMany({ ...query, orderBy: { id: 'desc' }, take: 500 }),
  }),
}));

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedKeyRef,
    description: 'Creates a partner key with scopes; the secret is in the answer and nowhere else (ADMIN only).',
    authScopes: access('Mutation', 'createApiKey'),
    args: {
      name: t.arg.string({ description: 'Nama: what the key is for, to recognise it in the list.', required: true }),
      scopes: t.arg({ description: 'Cakupan: what the key may do (at least one scope).', type: [PartnerScopeEnum], required: true }),
    },
    resolve: async (_root, args, ctx) => {
      if (!args.scopes.length) throw new InputError('scopes', 'name at least one scope');
      try {
        const created = await createApiKey(ctx.prisma, { name: args.name, scopes: args.scopes });
        ctx.audit.change('ApiKey', created.id, null, { name: args.name.trim(), prefix: created.prefix, scopes: created.scopes });
        return { key: created.key, id: created.id };
      } catch (err) {
        if (err instanceof ApiKeyError) throw new InputError('name', err.message);
        throw err;
      }
    },
  }),
  revokeApiKey: t.prismaField({
    type: 'ApiKey',
    description: 'Revokes a partner key: it is refused from the next request on (ADMIN only).',
    authScopes: access('Mutation', 'revokeApiKey'),
    args: { id: t.arg.globalID({ description: 'Global ID of the key to revoke.', for: [ApiKeyRef], required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = Number(args.id.id);
      const { count } = await ctx.prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
      if (!count) throw new InputError('id', (await ctx.prisma.apiKey.count({ where: { id } })) ? 'this key is already revoked' : 'no key with this id');
      ctx.audit.change('ApiKey', id, { revokedAt: null }, { revoked: true });
      return ctx.prisma.apiKey.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  createFirstAdmin: t.field({
    type: FirstAdminRef,
    description: 'Creates the first ADMIN with the one-time setup code the server printed on start (valid 24 h, until used, and only while no ADMIN exists).',
    authScopes: access('Mutation', 'createFirstAdmin'),
    args: {
      setupCode: t.arg.string({ description: 'Kode setup: the one-time code the server printed on start.', required: true }),
      username: t.arg.string({ description: 'Nama pengguna: 3-40 letters, digits, dots, dashes or underscores.', required: true }),
      displayName: t.arg.string({ description: "Nama tampilan: the administrator's name as shown to others.", required: true }),
      password: t.arg.string({ description: 'Kata sandi: 10-256 characters, at least 5 different ones.', required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const user = await createFirstAdmin(ctx.prisma, args);
      ctx.audit.change('User', user.id, null, { username: user.username, role: user.role });
      return { username: user.username };
    },
  }),
}));
