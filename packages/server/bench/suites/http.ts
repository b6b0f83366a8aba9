/** HTTP: a nested formation list through Pantau against naive per-field resolvers on the same database. */
import { seedAll } from '../../src/seed/seed.js';
import { startInstance } from '../../test/app.js';
import { freshDatabase } from '../../test/databases.js';
import { startBaseline } from '../baseline.js';
import { graphqlLoad } from '../load.js';
import { betterRatio, type Suite } from '../types.js';

const NESTED_FORMATIONS = {
  query: `query($first: Int) { formations(first: $first) { totalCount edges { node {
    code quota applicantCount agency { name region { name parent { name } } }
    serviceUnit { name region { code } } region { code parent { code } } selectionYear { year } } } } }`,
  variables: { first: 100 },
};

export const httpSuite: Suite = async ({ quick }) => {
  const seconds = quick ? 3 : 10;
  const concurrency = 8;
  const db = await freshDatabase('postgres');
  try {
    await seedAll(db.prisma, { applicants: quick ? 20_000 : 100_000, seed: 2024 });
    const pantau = await startInstance(db);
    const baseline = await startBaseline(db.prisma);
    try {
      const subject = await graphqlLoad(pantau.server.url, NESTED_FORMATIONS, { concurrency, seconds });
      const base = await graphqlLoad(baseline.url, NESTED_FORMATIONS, { concurrency, seconds });
      const name = 'formations(first:100) nested, PostgreSQL, 8 concurrent';
      return [
        { suite: 'http', benchmark: name, metric: 'throughput', unit: 'req/s', value: subject.rps, baseline: 'naive per-field resolvers', baselineValue: base.rps, ratio: betterRatio(subject.rps, base.rps, false) },
        { suite: 'http', benchmark: name, metric: 'p99', unit: 'ms', value: subject.p99, baseline: 'naive per-field resolvers', baselineValue: base.p99, ratio: betterRatio(subject.p99, base.p99, true) },
      ];
    } finally {
      await pantau.close();
      await baseline.close();
    }
  } finally {
    await db.close();
  }
};
