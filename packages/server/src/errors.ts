import { GraphQLError } from 'graphql';
import { cleanText, type TextRule } from './domain/text.js';

/**
 * Bad input from a client, named by the argument or field it concerns, so partner apps can map
 * the error to their form without parsing messages.
 */
export class InputError extends GraphQLError {
  constructor(field: string, message: string) {
    super(`${field}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', field } });
  }
}

/** `raw` cleaned by the text rules (domain/text.ts), or BAD_USER_INPUT naming `field`. */
export function requireText(field: string, raw: string, rule: TextRule): string {
  const cleaned = cleanText(raw, rule);
  if (!cleaned.ok) throw new InputError(field, cleaned.problem);
  return cleaned.text;
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
