/**
 * `pnpm db:seed [--applicants N] [--seed S] [--held SESSIONS] [--scale KOTA]`: applies pending
 * migrations, then writes the demo's 2024 for the five article regions: reference data, N
 * synthetic applicants (default 2,000, seed 2024, as the server's first start does), the
 * recruitment story around them (needs, announcements, aspirations), their SKD schedule, the CAT
 * results of the sessions already held in the demo's timeline, and the service-quality story
 * (survey periods and responses, complaints, an example cohort of new ASN); then the scenario's
 * 2023 for KOTA more kota (default 1), made through the GraphQL API as users make theirs
 * (seed/scenario.ts).
 * Safe to repeat: a second run adds nothing; a larger N with the same seed adds the difference
 * (the scenario's year is made once, at the scale of its first run).
 * Targets PostgreSQL when DATABASE_URL is set, else the embedded PGlite folder (stop the server first).
 */
import path from 'node:path';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { deployMigrations } from '../db/migrations.js';
import { repoRoot } from '../paths.js';
import { parseSeedArgs } from '../seed/args.js';
import { UsageError } from './args.js';
import { seedExamSchedule, simulateSkdResults } from '../seed/exams.js';
import { seedRecruitment } from '../seed/recruitment.js';
import { seedServiceQuality } from '../seed/quality.js';
import { seedReference, seedSynthetic, SyntheticSeedConflictError, type SyncCount } from '../seed/seed.js';
import { SCENARIO_SEED_YEAR, seedScenario } from '../seed/scenario.js';
import { announcer, type Announcer } from './announcer.js';
import { runCli } from './run.js';

function describe(count: SyncCount): string {
  const total = count.created + count.updated + count.unchanged;
  const parts = [count.created && `${count.created} new`, count.updated && `${count.updated} updated`].filter(Boolean);
  return `${total}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

runCli(async (args) => {
  const options = parseSeedArgs(args);
  const config = loadConfig();
  const db = await openDatabase(config.database);
  let events: Announcer | undefined;
  try {
    // Servers running on this database hear the new reference data (their catalogues drop theirs).
    events = await announcer(config.redisUrl, config.redisNamespace, db);
    const dir = config.database.engine === 'pglite' ? path.relative(repoRoot, config.database.dataDir) : '';
    const where = config.database.engine === 'pglite' ? `embedded PGlite at ${dir.startsWith('..') ? config.database.dataDir : dir || '.'}` : 'PostgreSQL';
    console.log(`Seeding ${where}`);
    const applied = await deployMigrations(db.migrationTarget());
    if (applied.length) console.log(`  migrations applied: ${applied.join(', ')}`);

    let started = performance.now();
    const ref = await seedReference(db.prisma, events);
    console.log(
      `  reference (${seconds(started)}): regions ${describe(ref.regions)}, agencies ${describe(ref.agencies)}, ` +
        `service units ${describe(ref.serviceUnits)}, selection years ${describe(ref.selectionYears)}, formations ${describe(ref.formations)}`,
    );

    started = performance.now();
    const onProgress = process.stdout.isTTY ? (done: number, total: number) => process.stdout.write(`\r  applicants ${done}/${total}`) : undefined;
    const synthetic = await seedSynthetic(db.prisma, { applicants: options.applicants, seed: options.seed, onProgress }).catch((err: unknown) => {
      throw err instanceof SyntheticSeedConflictError ? new UsageError(err.message) : err;
    });
    if (onProgress) process.stdout.write('\r\x1b[K');
    console.log(
      `  synthetic, seed ${options.seed} (${seconds(started)}): ${synthetic.requested} applicants ` +
        `(${synthetic.applicantsCreated} new), ${synthetic.applicationsCreated} new applications`,
    );

    started = performance.now();
    const recruitment = await seedRecruitment(db.prisma, { seed: options.seed });
    console.log(
      `  recruitment (${seconds(started)}): ${recruitment.staffingNeeds} new staffing needs, ` +
        `${recruitment.announcements} new administrative announcements, ${recruitment.aspirations} new aspirations`,
    );

    started = performance.now();
    const schedule = await seedExamSchedule(db.prisma, { seed: options.seed });
    console.log(`  exam schedule (${seconds(started)}): ${schedule.seats} seats in ${schedule.sessions} SKD sessions (${schedule.seatsCreated} new seats)`);
    started = performance.now();
    const simulation = await simulateSkdResults(db.prisma, { seed: options.seed, sessions: options.held });
    console.log(
      `  CAT results of the sessions already held (${seconds(started)}): ${simulation.sessionsClosed} sessions closed, ` +
        `${simulation.resultsCreated} new results, ${simulation.absent} absent, ${simulation.disqualified} disqualified`,
    );

    started = performance.now();
    const quality = await seedServiceQuality(db.prisma, { seed: options.seed });
    console.log(
      `  service quality (${seconds(started)}): ${quality.periodsCreated} new survey periods, ${quality.responsesCreated} new responses, ` +
        `${quality.feedbackCreated} new complaints/suggestions; example cohort: ${quality.employeesCreated} new employees from ${quality.formationsAppointed} formations`,
    );

    if (options.scale > 0) {
      started = performance.now();
      const scenario = await seedScenario(db, { year: SCENARIO_SEED_YEAR, scale: options.scale, documentsDir: config.documentsDir });
      console.log(
        scenario
          ? `  scenario ${SCENARIO_SEED_YEAR} through the API (${seconds(started)}): kota ${scenario.regions.join(', ')}; ${scenario.formations} formations, ` +
              `${scenario.applications} applications, ${scenario.employees} appointed, ${scenario.surveyResponses} survey responses`
          : `  scenario ${SCENARIO_SEED_YEAR}: already there`,
      );
    }
  } finally {
    await events?.done().catch((err: Error) => console.warn(`pantau: seeded, but running servers were not told (${err.message}); restart them`));
    await db.close();
  }
});
