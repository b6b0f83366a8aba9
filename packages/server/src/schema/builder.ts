/**
 * The one Pothos builder. Plugins: scope-auth first (every field says who may read it), then
 * Prisma (selections planned from the query, no N+1) and Relay (global IDs, connections).
 */
import SchemaBuilder from '@pothos/core';
import { GraphQLError, Kind } from 'graphql';
import { formatCalendarDate, parseCalendarDate } from '../domain/calendar.js';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin, { decodeGlobalID } from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
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
    nodeQueryOptions: { authScopes: { public: true } },
    nodesQueryOptions: { authScopes: { public: true } },
  },
});

builder.scalarType('DateTime', {
  description: 'An instant in time, as an ISO-8601 string in UTC.',
  serialize: (value) => (value instanceof Date ? value : new Date(value)).toISOString(),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError('DateTime must be an ISO-8601 string');
    return date;
  },
});

builder.scalarType('Date', {
  description: 'Tanggal: a calendar day as YYYY-MM-DD, with no time and no time zone (birth dates, schedule days, TMT). Impossible days such as 2026-02-30 are refused.',
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
