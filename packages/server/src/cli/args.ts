/**
 * Command-line flags for every Pantau CLI and script, on `node:util` `parseArgs` (strict: an
 * unknown flag or a missing value is refused), with the project's two additions: a lone `--` that
 * pnpm may pass through is dropped, and every refusal is one line naming the flag and the usage,
 * as a `ConfigError` so `runCli` prints it without a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad flags: named ConfigError so runCli prints one line, no stack trace. */
export class UsageError extends Error {
  override name = 'ConfigError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses `args` against `options` (and positionals when `positionals` is true); refusals name the usage. */
export function parseCliArgs<const O extends Options>(args: readonly string[], options: O, usage: string, { positionals = false } = {}) {
  try {
    return parseArgs({ args: args.filter((a) => a !== '--'), options, strict: true, allowPositionals: positionals });
  } catch (err) {
    const message = (err as Error).message.split('\n')[0]!.replace(/\.$/, '');
    throw new UsageError(`${message} (${usage})`);
  }
}

/**
 * A whole number flag from `min` to `max`; digits with `_` separators (`100_000`), nothing else
 * (no sign, exponent or fraction that `Number` would accept).
 */
export function wholeNumber(flag: string, raw: string | undefined, { min = 0, max, usage }: { min?: number; max: number; usage: string }): number {
  const value = raw !== undefined && /^\d[\d_]*$/.test(raw) ? Number(raw.replace(/_/g, '')) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${flag} needs a whole number from ${min} to ${max}, got ${raw === undefined ? 'nothing' : `"${raw}"`} (${usage})`);
  }
  return value;
}
