/**
 * `pnpm bench [--quick]`: each figure beside a baseline measured in the same run, as a ratio.
 * Prints one table and writes JSON under bench/results/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../src/paths.js';
import { seedAll } from '../src/seed/seed.js';
import { freshDatabase } from '../test/databases.js';
import { startInstance } from '../test/app.js';
import { startBaseline } from './baseline.js';
import { graphqlLoad, type LoadResult } from './load.js';

const quick = process.argv.includes('--quick');
const seconds = quick ? 3 : 10;
const concurrency = 8;
const applicants = quick ? 20_000 : 100_000;

interface Row {
  benchmark: string;
  subject: string;
  baseline: string;
  result: LoadResult;
  baselineResult: LoadResult;
  /** subject rps / baseline rps */
  throughputRatio: number;
  /** baseline p99 / subject p99 */
  p99Ratio: number;
}

const NESTED_FORMATIONS = {
  query: `query($first: Int) { formations(first: $first) { totalCount edges { node {
    code quota applicantCount agency { name region { name parent { name } } }
    serviceUnit { name region { code } } region { code parent { code } } selectionYear { year } } } } }`,
  variables: { first: 100 },
};

async function main() {
  const db = await freshDatabase('postgres');
  const rows: Row[] = [];
  try {
    const t0 = performance.now();
    await seedAll(db.prisma, { applicants, seed: 2024 });
    console.log(`seeded ${applicants} applicants on PostgreSQL in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const pantau = await startInstance(db);
    const baseline = await startBaseline(db.prisma);
    try {
      const subject = await graphqlLoad(pantau.server.url, NESTED_FORMATIONS, { concurrency, seconds });
      const base = await graphqlLoad(baseline.url, NESTED_FORMATIONS, { concurrency, seconds });
      rows.push({
        benchmark: 'formations(first: 100), nested agency/unit/region/year + applicantCount',
        subject: 'Pantau (Pothos + Prisma plugin)',
        baseline: 'naive per-field resolvers',
        result: subject,
        baselineResult: base,
        throughputRatio: subject.rps / base.rps,
        p99Ratio: base.p99 / subject.p99,
      });
    } finally {
      await pantau.close();
      await baseline.close();
    }
  } finally {
    await db.close();
  }

  console.table(
    rows.map((r) => ({
      benchmark: r.benchmark,
      'req/s': r.result.rps.toFixed(0),
      'baseline req/s': r.baselineResult.rps.toFixed(0),
      'x throughput': r.throughputRatio.toFixed(2),
      'p99 ms': r.result.p99.toFixed(1),
      'baseline p99 ms': r.baselineResult.p99.toFixed(1),
      'x p99': r.p99Ratio.toFixed(2),
      errors: r.result.errors + r.baselineResult.errors,
    })),
  );
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
  const out = path.join(repoRoot, 'bench/results');
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, `${new Date().toISOString().replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`);
  fs.writeFileSync(file, JSON.stringify({ quick, concurrency, seconds, applicants, machine, rows }, null, 2));
  console.log(`wrote ${path.relative(repoRoot, file)}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
