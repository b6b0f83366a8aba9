/**
 * `pnpm start`: one Pantau instance. With no settings it runs on embedded PGlite under `.data/`,
 * migrating and seeding itself on first start; with DATABASE_URL and REDIS_URL it joins a cluster.
 */
import { isOperatorError } from './cli/run.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { deployMigrations } from './db/migrations.js';
import { ensureRegions } from './db/region-dataset.js';
import { issueSetupCode } from './access/setup-code.js';
import { recordServerAddress } from './cli/remote.js';
import { surveySecret } from './quality/guard.js';
import { ephemeralLedgerKey, LedgerKeyError, loadLedgerKey, type LedgerKey } from './exams/ledger-heads.js';
import { isSeeded, seedAll } from './seed/seed.js';
import { startServer } from './server.js';
import { createEventBus } from './transport/pubsub.js';
import { log } from './logger.js';

// A promise a request forgot to handle is a bug to log, not a reason to take every screen down.
process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection; the process goes on'));

async function main() {
  const config = loadConfig();
  const db = await openDatabase(config.database);
  const cleanups: Array<() => Promise<void>> = [() => db.close()];
  const shutdown = async (code: number) => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => log.error({ err }, 'shutdown step failed'));
    process.exit(code);
  };
  try {
    if (db.engine === 'pglite') {
      const applied = await deployMigrations(db.migrationTarget());
      if (applied.length) console.log(`Migrations applied: ${applied.join(', ')}`);
    }
    const regions = await ensureRegions(db.prisma, { villages: config.regionVillages });
    if (regions) console.log(`Regions: idn-area-data ${regions.version}, ${regions.total} regions in ${regions.ms} ms`);
    if (db.engine === 'pglite') {
      if (!(await isSeeded(db.prisma))) {
        console.log('First start: seeding reference data…');
        await seedAll(db.prisma, { applicants: 2_000, seed: 2024 });
      }
    }
    const setup = await issueSetupCode(db.prisma);
    if (setup) {
      console.log(`No ADMIN yet. One-time setup code (valid until used or ${setup.expiresAt.toISOString()}): ${setup.code}`);
      console.log('  Create the first ADMIN with the createFirstAdmin mutation (see docs/selection-year.md).');
    }
    // On PostgreSQL without Redis the server also hears what the CLI announces through the database.
    const databaseUrl = config.database.engine === 'postgres' ? config.database.url : undefined;
    const events = await createEventBus({ redisUrl: config.redisUrl, namespace: config.redisNamespace, databaseUrl });
    cleanups.push(() => events.close());
    // Other instances already serving (a rolling upgrade to a newer dataset) reload their regions.
    if (regions) events.publish('referenceChanged', { tables: ['region'] });
    const survey = surveySecret(config.surveySalt, config.database.engine === 'pglite' ? config.database.dataDir : undefined);
    if (survey.origin === 'process')
      console.warn('PANTAU_SURVEY_SALT is not set: SKM duplicates are remembered by this process only (set it, the same on every instance).');
    let ledgerKey: LedgerKey;
    if (config.ledgerKeyFile) {
      const loaded = loadLedgerKey(config.ledgerKeyFile, !process.env.PANTAU_LEDGER_KEY?.trim());
      ledgerKey = loaded.key;
      console.log(
        `${loaded.created ? 'Score log key created' : 'Score log key'}: ${config.ledgerKeyFile} (key id ${ledgerKey.keyId}; keep it, and a copy, outside the database)`,
      );
    } else if (config.production) {
      throw new LedgerKeyError('PANTAU_LEDGER_KEY must name the Ed25519 key file that signs score log heads (see docs/operations.md)');
    } else {
      ledgerKey = ephemeralLedgerKey();
      console.warn(
        `PANTAU_LEDGER_KEY is not set: score log heads are signed with a key of this process only (key id ${ledgerKey.keyId}); witnesses will alarm after a restart.`,
      );
    }
    const server = await startServer({ ...config, surveySecret: survey.secret, ledgerKey }, db, events);
    cleanups.push(() => server.close());
    // The CLIs find this server through the folder it holds (cli/remote.ts).
    const dataDir = config.database.engine === 'pglite' ? config.database.dataDir : null;
    if (dataDir) {
      recordServerAddress(dataDir, server.url);
      cleanups.push(async () => recordServerAddress(dataDir, null));
    }

    const where = db.engine === 'pglite' ? `embedded PGlite at ${config.database.engine === 'pglite' ? config.database.dataDir : ''}` : 'PostgreSQL';
    console.log(`Pantau (${config.instanceId}) on ${where}, events ${events.kind}`);
    console.log(`  Dasbor / Dashboard : ${server.url}/`);
    console.log(`  GraphQL API        : ${server.url}/graphql`);
    if (server.metricsUrl) console.log(`  Metrics            : ${server.metricsUrl} (Prometheus; not on the public port)`);
    let stopping = false;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        if (stopping) return;
        stopping = true;
        console.log(`${signal}: shutting down`);
        void shutdown(0);
      });
    }
  } catch (err) {
    console.error(isOperatorError(err) ? `pantau: ${err.message}` : err);
    await shutdown(1);
  }
}

main().catch((err: unknown) => {
  console.error(isOperatorError(err) ? `pantau: ${err.message}` : err);
  process.exit(1);
});
