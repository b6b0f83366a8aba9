/**
 * Flags of `pnpm db:seed`, parsed apart from the CLI so they can be tested without running it.
 */
import { DEFAULT_SYNTHETIC } from './seed.js';
import { MAX_SYNTHETIC_APPLICANTS } from './synthetic.js';

export const SEED_USAGE = 'usage: pnpm db:seed [--applicants N] [--seed S] [--held SESSIONS]';

/** Bad flags or an unusable seed: named ConfigError so runCli prints one line, no stack trace. */
export class SeedArgsError extends Error {
  override name = 'ConfigError';
}

function wholeNumber(flag: string, raw: string | undefined, max: number): number {
  if (raw === undefined || !/^\d[\d_]*$/.test(raw)) {
    throw new SeedArgsError(`${flag} needs a whole number, got ${raw === undefined ? 'nothing' : `"${raw}"`} (${SEED_USAGE})`);
  }
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value > max) throw new SeedArgsError(`${flag} must be at most ${max}, got ${raw}`);
  return value;
}

/**
 * Parses `--applicants N`, `--seed S` and `--held SESSIONS` (how many SKD sessions to hold with
 * simulated results; by default those before the demo clock), also as `--flag=value`; defaults are
 * what the server seeds on first start. Skips the lone "--" pnpm may pass through. Throws
 * SeedArgsError on anything else.
 */
export function parseSeedArgs(args: readonly string[]): { applicants: number; seed: number; held?: number } {
  const options: { applicants: number; seed: number; held?: number } = { ...DEFAULT_SYNTHETIC };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') continue;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => (eq > 0 ? arg.slice(eq + 1) : args[++i]);
    if (flag === '--applicants') options.applicants = wholeNumber(flag, value(), MAX_SYNTHETIC_APPLICANTS);
    else if (flag === '--seed') options.seed = wholeNumber(flag, value(), 0xffffffff);
    else if (flag === '--held') options.held = wholeNumber(flag, value(), 1_000_000);
    else throw new SeedArgsError(`unknown argument "${arg}" (${SEED_USAGE})`);
  }
  return options;
}
