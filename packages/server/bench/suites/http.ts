/**
 * HTTP: the public's three heaviest reads (a formation's ranking, a nested formation list, a
 * region's KPIs) through Pantau against a baseline server written the plain way (graphql-yoga,
 * hand-written SDL, naive per-field resolvers; bench/baseline.ts) on the same PostgreSQL and the
 * same data, at fixed concurrency. Each answer is checked to be the same on both before timing.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { startInstance } from '../../test/app.js';
import { freshDatabase } from '../../test/databases.js';
import { startBaseline } from '../baseline.js';
import { contestedRegion, secondsSince, vacuumAnalyze } from '../fixtures.js';
import { graphqlLoad, postOperation } from '../load.js';
import { betterRatio, type BenchRow, type Suite } from '../types.js';

const REGION = '15.71';
const CONCURRENCY = 8;
const log = (line: string) => console.log(`  [http] ${line}`);

interface Operation {
  name: string;
  body: { query: string; variables: Record<string, unknown> };
}

function operations(bigFormationId: number): Operation[] {
  return [
    {
      name: `ranking(first:50) of the largest formation`,
      body: {
        query: `query($f: ID!) { ranking(formationId: $f, first: 50) { totalCount cutRank edges { node {
          rank participantNumber displayName twk tiu tkp total resultCode } } } }`,
        variables: { f: encodeGlobalID('Formation', bigFormationId) },
      },
    },
    {
      name: 'formations(first:100) with agency, unit, region, parent',
      body: {
        query: `query($first: Int) { formations(first: $first) { totalCount edges { node {
          code quota applicantCount agency { name region { name parent { name } } }
          serviceUnit { name region { code } } region { code parent { code } } selectionYear { year } } } } }`,
        variables: { first: 100 },
      },
    },
    {
      name: `recruitmentKpis(${REGION}) funnel and gender`,
      body: {
        query: `query($r: String!) { recruitmentKpis(regionCode: $r) { applicants formationCount funnel { step count } byGender { gender count } } }`,
        variables: { r: REGION },
      },
    },
  ];
}

/** Applicants of the region's formations with SKD results; most of them in one formation, as in a contested one. */
async function buildRegion(prisma: PrismaClient, n: number): Promise<number> {
  const { big } = await contestedRegion(prisma, { tag: 'H', region: REGION, applicants: n, prefixes: ['31', '32'] });
  await vacuumAnalyze(prisma, ['Applicant', 'Application', 'ExamResult', 'ApplicationTally']);
  return big;
}

export const httpSuite: Suite = async ({ quick }) => {
  const seconds = quick ? 2 : 10;
  const n = quick ? 20_000 : 100_000;
  const t0 = performance.now();
  const db = await freshDatabase('postgres');
  try {
    log(`building ${REGION} with ${n.toLocaleString('en')} applicants and their SKD results…`);
    const big = await buildRegion(db.prisma, n);
    log(`built in ${secondsSince(t0)}`);
    const pantau = await startInstance(db);
    const baseline = await startBaseline(db.prisma);
    const rows: BenchRow[] = [];
    try {
      for (const op of operations(big)) {
        const [ours, theirs] = [await postOperation(pantau.server.url, op.body), await postOperation(baseline.url, op.body)];
        const same = JSON.stringify(ours) === JSON.stringify(theirs);
        log(`${op.name}: same answer on both servers: ${same ? 'yes' : 'NO'}`);
        if (!same) log(`  pantau ${JSON.stringify(ours).slice(0, 400)}\n  baseline ${JSON.stringify(theirs).slice(0, 400)}`);
        const subject = await graphqlLoad(pantau.server.url, op.body, { concurrency: CONCURRENCY, seconds });
        const base = await graphqlLoad(baseline.url, op.body, { concurrency: CONCURRENCY, seconds });
        log(
          `${op.name}: pantau ${subject.rps.toFixed(0)} req/s p99 ${subject.p99.toFixed(1)} ms (${subject.errors} errors); baseline ${base.rps.toFixed(1)} req/s p99 ${base.p99.toFixed(1)} ms (${base.errors} errors)`,
        );
        const name = `${op.name}, ${n.toLocaleString('en')} applicants, PostgreSQL, ${CONCURRENCY} concurrent`;
        const baselineName = 'naive per-field resolvers';
        rows.push(
          {
            suite: 'http',
            benchmark: name,
            metric: 'throughput',
            unit: 'req/s',
            value: subject.rps,
            baseline: baselineName,
            baselineValue: base.rps,
            ratio: betterRatio(subject.rps, base.rps, false),
          },
          {
            suite: 'http',
            benchmark: name,
            metric: 'p99',
            unit: 'ms',
            value: subject.p99,
            baseline: baselineName,
            baselineValue: base.p99,
            ratio: betterRatio(subject.p99, base.p99, true),
          },
          { suite: 'http', benchmark: name, metric: 'errors', unit: 'count', value: subject.errors, baseline: baselineName, baselineValue: base.errors },
        );
        rows.push({ suite: 'http', benchmark: `${op.name}: same answer as the baseline`, metric: 'same answer', unit: '1/0', value: same ? 1 : 0 });
      }
      return rows;
    } finally {
      await pantau.close();
      await baseline.close();
    }
  } finally {
    await db.close();
  }
};
