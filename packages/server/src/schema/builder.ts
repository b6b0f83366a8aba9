/**
 * The one Pothos builder. Plugins: scope-auth first (every field says who may read it), then
 * Prisma (selections planned from the query, no N+1) and Relay (global IDs, connections).
 */
import SchemaBuilder from '@pothos/core';
import { GraphQLError, Kind, type GraphQLResolveInfo } from 'graphql';
import { formatCalendarDate, parseCalendarDate } from '../domain/calendar.js';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin, { decodeGlobalID } from '@pothos/plugin-relay';
import ScopeAuthPlugin, { RequestCache } from '@pothos/plugin-scope-auth';
import { InputError } from '../errors.js';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';
import type { Context } from '../context.js';
import { allows, type Access } from '../access/matrix.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: {
    /** Anyone, including anonymous public screens. */
    public: boolean;
    /** Any staff account: officials, verifiers and administrators (reading applicants' files). */
    staff: boolean;
    /** Officials and administrators (not verifiers, who verify documents and nothing else). */
    official: boolean;
    admin: boolean;
    /** An operation's row of the authorization matrix (src/access/matrix.ts). */
    matrix: Access;
    /** A logged-in applicant (resolvers then limit them to their own data). */
    applicant: boolean;
    /** A partner key holding this scope. */
    partnerScope: string;
  };
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    Date: { Input: Date; Output: Date };
    File: { Input: File; Output: never };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => ({
      public: true,
      staff: ctx.viewer.role === 'OFFICIAL' || ctx.viewer.role === 'VERIFIER' || ctx.viewer.role === 'ADMIN',
      official: ctx.viewer.role === 'OFFICIAL' || ctx.viewer.role === 'ADMIN',
      admin: ctx.viewer.role === 'ADMIN',
      matrix: (row) => allows(row, ctx.viewer.role, ctx.viewer.scopes),
      applicant: ctx.viewer.role === 'APPLICANT',
      partnerScope: (scope: string) => ctx.viewer.scopes.has(scope),
    }),
    // Subscriptions are authorized when they start, and again per event by the field's scopes.
    authorizeOnSubscribe: true,
    // A code clients can branch on (scope-auth's own error has none).
    unauthorizedError: (_parent, _context, _info, result) => new GraphQLError(result.message, { extensions: { code: 'FORBIDDEN' } }),
  },
  prisma: {
    // The client comes with each request: one schema serves any database the app was opened on.
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    maxConnectionSize: 100,
    defaultConnectionSize: 20,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
  },
  relay: {
    clientMutationId: 'omit',
    // Numeric ids are int4 in the database: a larger one is bad input, not a database error.
    decodeGlobalID: (globalID) => {
      const decoded = decodeGlobalID(globalID);
      if (/^\d+$/.test(decoded.id) && Number(decoded.id) > 2_147_483_647) {
        throw new GraphQLError(`ID ${globalID} is out of range`, { extensions: { code: 'BAD_USER_INPUT' } });
      }
      return decoded;
    },
    cursorType: 'String',
    // The contract describes itself: the Relay plumbing every connection and node shares.
    nodeTypeOptions: { description: 'Anything with a global ID, fetchable again with node(id:) or nodes(ids:).' },
    idFieldOptions: { description: 'Global ID (opaque): pass it back as an ID argument, or to node(id:).' },
    pageInfoTypeOptions: { description: 'Where a page of a connection sits in the whole list (Relay cursor pagination).' },
    pageInfoFieldOptions: { description: 'Where this page sits: whether there are more, and the cursors to fetch them.' },
    hasNextPageFieldOptions: { description: 'True when a later page exists: ask again with `after: endCursor`.' },
    hasPreviousPageFieldOptions: { description: 'True when an earlier page exists: ask again with `before: startCursor`.' },
    startCursorFieldOptions: { description: "The first edge's cursor; null on an empty page." },
    endCursorFieldOptions: { description: "The last edge's cursor; null on an empty page." },
    edgesFieldOptions: { description: 'The items of this page, in order, each with its cursor.' },
    nodeFieldOptions: { description: 'The item itself.' },
    cursorFieldOptions: { description: 'Opaque position of this item: pass it as `after` or `before` to page on from here.' },
    firstArgOptions: { description: 'Page size from the start or from `after` (1-100; 20 when absent).' },
    afterArgOptions: { description: 'Cursor (endCursor of the previous page) to continue after.' },
    lastArgOptions: { description: 'Page size from the end or from `before` (1-100).' },
    beforeArgOptions: { description: 'Cursor (startCursor of the next page) to continue before.' },
    nodeQueryOptions: {
      description: 'Any object by its global ID; null when it does not exist or the caller may not see it (the same answer for both).',
      args: { id: { description: 'Global ID of the object.' } },
      authScopes: { public: true },
      resolve: async (_root, { id }, ctx, info, resolveNode) => {
        checkNodeId(id, 'id');
        const node = await lookUp(() => resolveNode(id));
        return node === MISSING ? null : visibleNode(id.typename, node, ctx, info);
      },
    },
    nodesQueryOptions: {
      description: 'Several objects by global ID (at most 100), in the order asked; null for each that does not exist or the caller may not see.',
      args: { ids: { description: 'Global IDs of the objects (at most 100).' } },
      authScopes: { public: true },
      resolve: async (_root, args, ctx, info, resolveNodes) => {
        const { ids } = args;
        for (const id of ids) checkNodeId(id, 'ids');
        // Prisma batches the lookups of one tick and a missing row fails its whole batch, so the ids
        // whose rows exist are found first (one query per type) and only those are loaded.
        const existing = new Set<string>();
        const byType = new Map<string, Array<{ typename: string; id: string }>>();
        for (const id of ids) byType.set(id.typename, [...(byType.get(id.typename) ?? []), id]);
        await Promise.all(
          [...byType].map(async ([typename, group]) => {
            const model = (ctx.prisma as unknown as Record<string, { findMany(q: object): Promise<Array<{ id: number }>> }>)[
              typename[0]!.toLowerCase() + typename.slice(1)
            ]!;
            const rows = await model.findMany({ where: { id: { in: group.map((id) => Number(id.id)) } }, select: { id: true } });
            for (const row of rows) existing.add(`${typename}:${row.id}`);
          }),
        );
        const present = ids.filter((id) => existing.has(`${id.typename}:${Number(id.id)}`));
        // Pothos 4's resolveNodes callback loads `args.ids` whatever it is given: hand it the present ones.
        args.ids = present;
        const loaded = new Map((await resolveNodes(present)).map((node, i) => [`${present[i]!.typename}:${Number(present[i]!.id)}`, node]));
        const first = ids.map((id) => loaded.get(`${id.typename}:${Number(id.id)}`) ?? MISSING);
        return Promise.all(first.map((node, i) => (node === MISSING ? null : visibleNode(ids[i]!.typename, node, ctx, info))));
      },
    },
  },
});

/** Node types are keyed by an int4 id in the database; anything else in a global id is malformed. */
function checkNodeId(id: { typename: string; id: string }, argument: string): void {
  let isNode = false;
  try {
    isNode = builder.configStore.getTypeConfig(id.typename).kind === 'Object' && /^\d{1,10}$/.test(id.id);
  } catch {
    // an unknown type name
  }
  if (!isNode) throw new InputError(argument, 'is not a valid global ID');
}

/** A row that is not there is simply not found: Relay's node lookups answer null. */
const MISSING = Symbol('missing');

/** The node of `id`, MISSING when Prisma found no row (any other error is a real one). */
const lookUp = (resolve: () => unknown): Promise<unknown> =>
  Promise.resolve()
    .then(resolve)
    .catch((err: unknown) => {
      if ((err as { code?: unknown }).code === 'P2025') return MISSING;
      throw err;
    });

/**
 * A node the caller may not read is answered like one that does not exist (null, no error), so
 * `node(id:)` cannot tell anyone which ids exist: the type's own auth scopes decide, as they would
 * for its fields.
 */
async function visibleNode(typename: string, node: unknown, ctx: Context, info: GraphQLResolveInfo): Promise<unknown> {
  if (node === null || node === undefined) return null;
  const scopes = (builder.configStore.getTypeConfig(typename).pothosOptions as { authScopes?: unknown }).authScopes;
  if (!scopes) return node;
  const cache = RequestCache.fromContext(ctx, builder as never) as unknown as {
    evaluateTypeScopeFunction(s: unknown, type: string, parent: unknown, info: GraphQLResolveInfo): unknown;
    evaluateScopeMap(s: unknown, info: GraphQLResolveInfo): unknown;
  };
  const failure = await (typeof scopes === 'function' ? cache.evaluateTypeScopeFunction(scopes, typename, node, info) : cache.evaluateScopeMap(scopes, info));
  return failure ? null : node;
}

/** Instants Pantau records or plans: nothing before 1900 or after 2999 is a real one. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The instant a DateTime input names; a TypeError saying what is accepted otherwise. */
function parseDateTime(value: unknown): Date {
  const match = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  const date = match ? new Date(value as string) : null;
  const [year, month, day] = [Number(match?.[1]), Number(match?.[2]), Number(match?.[3])];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (
    !date ||
    Number.isNaN(date.getTime()) ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth ||
    year < 1900 ||
    year > 2999 ||
    date.getUTCFullYear() < 1899 ||
    date.getUTCFullYear() > 3000
  ) {
    throw new TypeError('DateTime must be an ISO-8601 date and time between the years 1900 and 2999, e.g. 2024-10-21T08:00:00+07:00');
  }
  return date;
}

builder.scalarType('DateTime', {
  description: 'An instant in time, as an ISO-8601 string in UTC (years 1900 to 2999).',
  serialize: (value) => (value instanceof Date ? value : new Date(value)).toISOString(),
  // A variable's refusal must carry its code itself (graphql-js wraps it); a literal's is named by validation.
  parseValue: (value) => {
    try {
      return parseDateTime(value);
    } catch (err) {
      throw new GraphQLError((err as Error).message, { extensions: { code: 'BAD_USER_INPUT' } });
    }
  },
  parseLiteral: (node) => parseDateTime(node.kind === Kind.STRING ? node.value : null),
});

builder.scalarType('Date', {
  description:
    'Tanggal: a calendar day as YYYY-MM-DD, with no time and no time zone (birth dates, schedule days, TMT). Impossible days such as 2026-02-30 are refused.',
  serialize: (value) => formatCalendarDate(value),
  parseValue: (value) => {
    const date = typeof value === 'string' ? parseCalendarDate(value) : null;
    if (!date) throw new GraphQLError(`Date must be a calendar day as YYYY-MM-DD, got ${JSON.stringify(value)}`, { extensions: { code: 'BAD_USER_INPUT' } });
    return date;
  },
  parseLiteral: (node) => {
    const date = node.kind === Kind.STRING ? parseCalendarDate(node.value) : null;
    if (!date) throw new GraphQLError('Date must be a calendar day as YYYY-MM-DD', { extensions: { code: 'BAD_USER_INPUT' } });
    return date;
  },
});

builder.scalarType('File', {
  description: 'An uploaded file (GraphQL multipart request). Input only.',
  serialize: () => {
    throw new TypeError('File is an input-only scalar');
  },
});
