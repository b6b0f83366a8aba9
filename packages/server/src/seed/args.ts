/**
 * Flags of `pnpm db:seed`, parsed apart from the CLI so they can be tested without running it.
 */
import { parseCliArgs, wholeNumber } from '../cli/args.js';
import { DEFAULT_SYNTHETIC } from './seed.js';
import { MAX_SYNTHETIC_APPLICANTS } from './synthetic.js';
import { DEFAULT_SCENARIO_SCALE, MAX_SCENARIO_SCALE } from './scenario.js';

export const SEED_USAGE = 'usage: pnpm db:seed [--applicants N] [--seed S] [--held SESSIONS] [--scale KOTA]';

export interface SeedArgs {
  applicants: number;
  seed: number;
  held?: number;
  /** Kota whose selection year the scenario runs through the API (0: none). */
  scale: number;
}

/**
 * Parses `--applicants N`, `--seed S`, `--held SESSIONS` (how many SKD sessions to hold with
 * simulated results; by default those before the demo clock) and `--scale KOTA` (how many kota run
 * the scenario's year through the API), also as `--flag=value`; defaults are what the server seeds
 * on first start, plus one kota's scenario year. Throws a ConfigError (UsageError) on anything else.
 */
export function parseSeedArgs(args: readonly string[]): SeedArgs {
  const { values } = parseCliArgs(
    args,
    { applicants: { type: 'string' }, seed: { type: 'string' }, held: { type: 'string' }, scale: { type: 'string' } },
    SEED_USAGE,
  );
  const options: SeedArgs = { ...DEFAULT_SYNTHETIC, scale: DEFAULT_SCENARIO_SCALE };
  if (values.applicants !== undefined) options.applicants = wholeNumber('applicants', values.applicants, { max: MAX_SYNTHETIC_APPLICANTS, usage: SEED_USAGE });
  if (values.seed !== undefined) options.seed = wholeNumber('seed', values.seed, { max: 0xffffffff, usage: SEED_USAGE });
  if (values.held !== undefined) options.held = wholeNumber('held', values.held, { max: 1_000_000, usage: SEED_USAGE });
  if (values.scale !== undefined) options.scale = wholeNumber('scale', values.scale, { max: MAX_SCENARIO_SCALE, usage: SEED_USAGE });
  return options;
}
