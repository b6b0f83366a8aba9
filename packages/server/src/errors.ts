import { GraphQLError } from 'graphql';

/**
 * Bad input from a client, named by the argument or field it concerns, so partner apps can map
 * the error to their form without parsing messages.
 */
export class InputError extends GraphQLError {
  constructor(field: string, message: string) {
    super(`${field}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', field } });
  }
}

/** Connections page at most this many items; larger requests are refused, not silently cut. */
export const MAX_PAGE_SIZE = 100;

/** Rejects page sizes outside 1..MAX_PAGE_SIZE with an error naming the argument. */
export function checkPageSize(args: { first?: number | null; last?: number | null }): void {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value !== null && value !== undefined && (value < 1 || value > MAX_PAGE_SIZE)) {
      throw new InputError(name, `must be between 1 and ${MAX_PAGE_SIZE}, got ${value}`);
    }
  }
}

/**
 * A request refused by a domain rule (unknown period, duplicate response, second appraisal of a
 * year): a stable `code` clients can switch on and, where one input is at fault, the `field`.
 * Services throw it before writing anything, or inside the transaction that it rolls back.
 */
export class RefusedError extends GraphQLError {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(field ? `${field}: ${message}` : message, { extensions: { code, ...(field ? { field } : {}) } });
  }
}
