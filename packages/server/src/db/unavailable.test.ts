import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './unavailable.js';
import { toGraphQLError } from '../schema/errors.js';

describe('telling an unavailable database from other errors', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', syscall: 'connect', errno: -111 })],
    ['a connection dropped mid-query', new Error('Connection terminated unexpectedly')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    ['an administrator shutdown', { kind: 'postgres', code: '57P01', message: 'terminating connection due to administrator command' }],
    ['a server starting up', { kind: 'postgres', originalCode: '57P03', message: 'the database system is starting up' }],
    [
      'Prisma wrapping an adapter error',
      Object.assign(new Error("Can't reach database server"), { code: 'P1001', meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } } }),
    ],
    [
      'a raw query whose cause is the adapter error',
      Object.assign(new Error('Raw query failed'), { code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'ConnectionClosed' } } } }),
    ],
  ])('%s is unavailability', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', Object.assign(new Error('Unique constraint failed'), { code: 'P2002' })],
    ['a syntax error', { kind: 'postgres', code: '42601', message: 'syntax error at or near "selec"' }],
    ['bad input', new InputError('first', 'must be between 1 and 100, got 0')],
    ['nothing at all', undefined],
  ])('%s is not', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('becomes one typed GraphQL error at the edge (HTTP 503), not a masked one', () => {
    const error = new DatabaseUnavailableError(new Error('Connection terminated unexpectedly'));
    expect(error.extensions).toEqual({ code: 'DATABASE_UNAVAILABLE', http: { status: 503 } });
    expect(isDatabaseUnavailable(error)).toBe(true);
    // As graphql-js hands it over from a resolver, and as it comes from building the context.
    const fromResolver = toGraphQLError(new GraphQLError(error.message, { originalError: error, path: ['formations'] }));
    expect(fromResolver).toMatchObject({ message: error.message, path: ['formations'], extensions: { code: 'DATABASE_UNAVAILABLE' } });
    expect(toGraphQLError(error)?.extensions).toEqual({ code: 'DATABASE_UNAVAILABLE', http: { status: 503 } });
    expect(toGraphQLError(new Error('a bug'))).toBeNull();
  });
});
