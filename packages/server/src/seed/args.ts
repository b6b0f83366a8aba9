/**
 * Flags of `pnpm db:seed`, parsed apart from the CLI so they can be tested without running it.
 */
import { parseCliArgs, wholeNumber } from '../cli/args.js';
import { DEFAULT_SYNTHETIC } from './seed.js';
import { MAX_SYNTHETIC_APPLICANTS } from './synthetic.js';

export const SEED_USAGE = 'usage: pnpm db:seed [--applicants N] [--seed S] [--held SESSIONS]';

/**
 * Parses `--applicants N`, `--seed S` and `--held SESSIONS` (how many SKD sessions to hold with
 * simulated results; by default those before the demo clock), also as `--flag=value`; defaults are
 * what the server seeds on first start. Throws a ConfigError (UsageError) on anything else.
 */
export function parseSeedArgs(args: readonly string[]): { applicants: number; seed: number; held?: number } {
  const { values } = parseCliArgs(args, { applicants: { type: 'string' }, seed: { type: 'string' }, held: { type: 'string' } }, SEED_USAGE);
  const options: { applicants: number; seed: number; held?: number } = { ...DEFAULT_SYNTHETIC };
  if (values.applicants !== undefined) options.applicants = wholeNumber('applicants', values.applicants, { max: MAX_SYNTHETIC_APPLICANTS, usage: SEED_USAGE });
  if (values.seed !== undefined) options.seed = wholeNumber('seed', values.seed, { max: 0xffffffff, usage: SEED_USAGE });
  if (values.held !== undefined) options.held = wholeNumber('held', values.held, { max: 1_000_000, usage: SEED_USAGE });
  return options;
}
