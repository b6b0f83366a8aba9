import { cleanText, type TextRule } from './domain/text.js';
/**
 * Errors services throw on purpose. They are plain errors (no GraphQL here): a stable `code`
 * clients can switch on, the `field` at fault where one input is, and an HTTP status where the
 * request as a whole fails. The GraphQL edge maps them once (`toGraphQLError` in
 * `schema/errors.ts`); the CLIs print their message. `extensions` is what graphql-js copies onto
 * the error it wraps around one thrown in a resolver.
 */
export class PantauError extends Error {
  readonly field?: string;
  readonly httpStatus?: number;

  constructor(
    readonly code: string,
    message: string,
    options: { field?: string; httpStatus?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.field !== undefined) this.field = options.field;
    if (options.httpStatus !== undefined) this.httpStatus = options.httpStatus;
  }

  /** The GraphQL error extensions this error answers with. */
  get extensions(): Record<string, unknown> {
    return { code: this.code, ...(this.field !== undefined ? { field: this.field } : {}), ...(this.httpStatus ? { http: { status: this.httpStatus } } : {}) };
  }
}

/**
 * Bad input from a client, named by the argument or field it concerns, so partner apps can map
 * the error to their form without parsing messages.
 */
export class InputError extends PantauError {
  constructor(field: string, message: string) {
    super('BAD_USER_INPUT', `${field}: ${message}`, { field });
    this.name = 'InputError';
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
export class RefusedError extends PantauError {
  constructor(code: string, message: string, field?: string) {
    super(code, field ? `${field}: ${message}` : message, field === undefined ? {} : { field });
    this.name = 'RefusedError';
  }
}

/** Why credentials were refused: an expired session can be renewed by logging in again, the rest cannot. */
export type RefusalReason = 'EXPIRED' | 'INVALID' | 'REVOKED' | 'DISABLED';

/**
 * Credentials that do not check out (HTTP 401). The `reason` tells a client whether logging in
 * again helps (EXPIRED) and decides how the live transports end a connection (close 4401 or 4403).
 */
export class UnauthenticatedError extends PantauError {
  constructor(
    message: string,
    readonly reason: RefusalReason = 'INVALID',
  ) {
    super('UNAUTHENTICATED', message, { httpStatus: 401 });
    this.name = 'UnauthenticatedError';
  }

  override get extensions(): Record<string, unknown> {
    return { code: this.code, reason: this.reason, http: { status: 401 } };
  }
}

/** A rate limit was reached (HTTP 429): `retryAfter` seconds until its window resets, also sent as `Retry-After`. */
export class RateLimitedError extends PantauError {
  constructor(readonly retryAfter: number) {
    super('RATE_LIMITED', `Too many requests; retry in ${retryAfter} s`, { httpStatus: 429 });
    this.name = 'RateLimitedError';
  }

  override get extensions(): Record<string, unknown> {
    return { code: this.code, retryAfter: this.retryAfter, http: { status: 429, headers: { 'retry-after': String(this.retryAfter) } } };
  }
}
