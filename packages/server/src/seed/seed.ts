/**
 * The demo seed in order (seedAll): reference data (reference-data.ts), synthetic applicants in
 * bulk (bulk-applicants.ts), the recruitment story, the SKD schedule and its first sessions held,
 * the service-quality story. Idempotent: seeding again adds or changes nothing. The scenario's
 * year, made through the API (scenario.ts), follows in `pnpm db:seed`. This module is also where
 * other code imports the seed's steps from.
 */
import type { PrismaClient } from '../generated/prisma/client.js';
import { seedReference, type ReferenceResult } from './reference-data.js';
import { seedSynthetic, type SeedSyntheticOptions, type SyntheticResult } from './bulk-applicants.js';
import { seedRecruitment, type RecruitmentSeedResult } from './recruitment.js';
import { seedExamSchedule, simulateSkdResults, type ExamScheduleResult, type SimulationResult } from './exams.js';
import { seedServiceQuality, type QualitySeedResult } from './quality.js';

export { isSeeded, seedReference, type ReferenceResult, type SyncCount } from './reference-data.js';
export { seedSynthetic, SyntheticSeedConflictError, type SeedSyntheticOptions, type SyntheticResult } from './bulk-applicants.js';

/** What the server seeds on the first start of the embedded default, and `pnpm db:seed` without flags. */
export const DEFAULT_SYNTHETIC = { applicants: 2_000, seed: 2024 } as const;

export interface SeedAllOptions extends SeedSyntheticOptions {
  /** Schedule the SKD of 2024 (seedExamSchedule); true by default. */
  exams?: boolean;
  /**
   * Hold the first SKD sessions (simulateSkdResults): true (the default) for those before the
   * demo's clock, a number for that many sessions, false or 0 for none. Needs `exams`.
   */
  simulate?: boolean | number;
  /** Survey periods, responses, complaints and the example cohort (seedServiceQuality); true by default. */
  quality?: boolean;
}

export interface SeedAllResult {
  reference: ReferenceResult;
  synthetic: SyntheticResult;
  recruitment: RecruitmentSeedResult;
  exams?: ExamScheduleResult;
  simulation?: SimulationResult;
  quality?: QualitySeedResult;
}

/**
 * Reference data, synthetic applicants, the SKD schedule and its first sessions held, and the
 * service-quality story (surveys, an example cohort): what a fresh database needs to be useful,
 * with closed sessions to look back on and some still to come.
 */
export async function seedAll(prisma: PrismaClient, options: SeedAllOptions = DEFAULT_SYNTHETIC): Promise<SeedAllResult> {
  const { exams = true, simulate = true, quality = true, ...synthetic } = options;
  const reference = await seedReference(prisma);
  const result: SeedAllResult = {
    reference,
    synthetic: await seedSynthetic(prisma, synthetic),
    recruitment: await seedRecruitment(prisma, { seed: options.seed }),
  };
  if (exams) {
    result.exams = await seedExamSchedule(prisma, { seed: options.seed });
    if (simulate !== false && simulate !== 0) {
      result.simulation = await simulateSkdResults(prisma, { seed: options.seed, sessions: simulate === true ? undefined : simulate });
    }
  }
  if (quality) result.quality = await seedServiceQuality(prisma, { seed: options.seed });
  return result;
}
