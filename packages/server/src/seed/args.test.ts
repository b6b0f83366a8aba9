import { describe, expect, it } from 'vitest';
import { UsageError } from '../cli/args.js';
import { parseSeedArgs } from './args.js';
import { DEFAULT_SYNTHETIC } from './seed.js';

describe('pnpm db:seed flags', () => {
  it('defaults to what the server seeds on first start', () => {
    expect(parseSeedArgs([])).toEqual({ ...DEFAULT_SYNTHETIC, scale: 1 });
  });

  it('reads --applicants and --seed, separate or with =, past a lone --', () => {
    expect(parseSeedArgs(['--applicants', '100000', '--seed', '7'])).toEqual({ applicants: 100_000, seed: 7, scale: 1 });
    expect(parseSeedArgs(['--', '--applicants=100_000', '--seed=0'])).toEqual({ applicants: 100_000, seed: 0, scale: 1 });
    expect(parseSeedArgs(['--held', '800'])).toEqual({ ...DEFAULT_SYNTHETIC, held: 800, scale: 1 });
    expect(parseSeedArgs(['--scale', '12'])).toEqual({ ...DEFAULT_SYNTHETIC, scale: 12 });
    expect(parseSeedArgs(['--scale=0'])).toEqual({ ...DEFAULT_SYNTHETIC, scale: 0 });
  });

  it('refuses anything else with one clear line, named ConfigError for runCli', () => {
    for (const args of [
      ['--applicants'],
      ['--applicants', 'many'],
      ['--applicants', '-5'],
      ['--seed', '1e3'],
      ['--seed', '4294967296'],
      ['--held', 'all'],
      ['--scale', '86'],
      ['--scale', '-1'],
      ['--verbose'],
    ]) {
      let error: unknown;
      try {
        parseSeedArgs(args);
      } catch (e) {
        error = e;
      }
      expect(error, args.join(' ')).toBeInstanceOf(UsageError);
      expect((error as Error).name).toBe('ConfigError');
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
