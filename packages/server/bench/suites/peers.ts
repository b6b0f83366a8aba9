/**
 * Peers (`pnpm bench --peers`): Pantau beside PostGraphile 5 on the same PostgreSQL database,
 * seeded as `pnpm db:seed --applicants 100000 --held 1000` seeds it, for a trivial read and the
 * nested formation list. Both answers are checked to hold the same data before timing; the two
 * servers are loaded in turn, three times each, and the median ratio is reported.
 */
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { openDatabase } from '../../src/db/client.js';
import { seedAll } from '../../src/seed/seed.js';
import { startInstance } from '../../test/app.js';
import { createPostgresDatabase } from '../../test/databases.js';
import { deployMigrations } from '../../src/db/migrations.js';
import { graphqlLoad, postOperation, type LoadResult } from '../load.js';
import { installPeers, PEER_PACKAGES, startPostGraphile } from '../peers.js';
import { betterRatio, type BenchRow, type Suite } from '../types.js';

const CONCURRENCY = 8;
const log = (line: string) => console.log(`  [peers] ${line}`);

interface Comparison {
  name: string;
  /** The least throughput ratio (Pantau / PostGraphile) the issue asks for. */
  target: number;
  pantau: { query: string; variables: Record<string, unknown> };
  peer: { query: string; variables: Record<string, unknown> };
  /** Both answers as the same plain rows, to check they hold the same data. */
  pantauRows(data: any): unknown[];
  peerRows(data: any): unknown[];
}

function comparisons(formationCount: number): Comparison[] {
  return [
    {
      name: 'trivial read: 100 regions, code and name',
      target: 1.0,
      pantau: { query: '{ regions(first: 100) { code name } }', variables: {} },
      peer: { query: '{ allRegions(first: 100, orderBy: CODE_ASC) { nodes { code name } } }', variables: {} },
      pantauRows: (d) => d.regions,
      peerRows: (d) => d.allRegions.nodes,
    },
    {
      name: `nested list: ${formationCount} formations with agency, unit, regions, parents, year, applicant count`,
      target: 3.0,
      pantau: {
        query: `query($first: Int) { formations(first: $first) { edges { node {
          code quota applicantCount agency { name region { name parent { name } } }
          serviceUnit { name region { code } } region { code parent { code } } selectionYear { year } } } } }`,
        variables: { first: formationCount },
      },
      peer: {
        query: `query($first: Int) { allFormations(first: $first, orderBy: PRIMARY_KEY_ASC) { nodes {
          code quota applicationsByFormationId { totalCount }
          agencyByAgencyId { name regionByRegionId { name regionByParentId { name } } }
          serviceUnitByServiceUnitId { name regionByRegionId { code } }
          regionByRegionId { code regionByParentId { code } } selectionYearBySelectionYearId { year } } } }`,
        variables: { first: formationCount },
      },
      pantauRows: (d) =>
        d.formations.edges.map(({ node: n }: any) => [
          n.code,
          n.quota,
          n.applicantCount,
          n.agency.name,
          n.agency.region?.name,
          n.agency.region?.parent?.name,
          n.serviceUnit?.name,
          n.serviceUnit?.region.code,
          n.region.code,
          n.region.parent?.code,
          n.selectionYear.year,
        ]),
      peerRows: (d) =>
        d.allFormations.nodes.map((n: any) => [
          n.code,
          n.quota,
          n.applicationsByFormationId.totalCount,
          n.agencyByAgencyId.name,
          n.agencyByAgencyId.regionByRegionId?.name,
          n.agencyByAgencyId.regionByRegionId?.regionByParentId?.name,
          n.serviceUnitByServiceUnitId?.name,
          n.serviceUnitByServiceUnitId?.regionByRegionId.code,
          n.regionByRegionId.code,
          n.regionByRegionId.regionByParentId?.code,
          n.selectionYearBySelectionYearId.year,
        ]),
    },
  ];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function formationCount(prisma: PrismaClient): Promise<number> {
  return prisma.formation.count();
}

/** Without `--peers`: one row saying the peer was not run, so the table never suggests it was. */
export const peersNotRun: BenchRow = {
  suite: 'peers',
  benchmark: `PostGraphile ${PEER_PACKAGES.postgraphile} beside Pantau: not run (pnpm bench --peers)`,
  metric: 'run',
  unit: '1/0',
  value: 0,
};

export const peersSuite: Suite = async ({ quick }) => {
  const install = installPeers(log);
  const applicants = quick ? 10_000 : 100_000;
  const seconds = quick ? 2 : 8;
  const rounds = quick ? 1 : 3;
  const { url, drop } = await createPostgresDatabase();
  const db = await openDatabase({ engine: 'postgres', url, poolSize: 4 });
  try {
    await deployMigrations(db.migrationTarget());
    const t0 = performance.now();
    log(`seeding ${applicants.toLocaleString('en')} applicants, 1,000 sessions held, as pnpm db:seed --applicants ${applicants} --held 1000…`);
    await seedAll(db.prisma, { applicants, seed: 2024, simulate: 1000 });
    await db.prisma.$executeRawUnsafe('vacuum analyze');
    log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const pantau = await startInstance(db, { production: false });
    const peer = await startPostGraphile(install, url);
    const rows: BenchRow[] = [];
    try {
      for (const c of comparisons(await formationCount(db.prisma))) {
        const ours = c.pantauRows(await postOperation(pantau.server.url, c.pantau));
        const theirs = c.peerRows(await postOperation(peer.url, c.peer));
        const same = JSON.stringify(ours) === JSON.stringify(theirs);
        log(`${c.name}: same data on both: ${same ? 'yes' : 'NO'} (${ours.length} rows)`);
        if (!same) log(`  pantau ${JSON.stringify(ours).slice(0, 300)}\n  peer   ${JSON.stringify(theirs).slice(0, 300)}`);
        const runs: Array<{ pantau: LoadResult; peer: LoadResult }> = [];
        for (let round = 0; round < rounds; round++) {
          const p = await graphqlLoad(pantau.server.url, c.pantau, { concurrency: CONCURRENCY, seconds });
          const g = await graphqlLoad(peer.url, c.peer, { concurrency: CONCURRENCY, seconds });
          log(
            `${c.name}, round ${round + 1}: pantau ${p.rps.toFixed(0)} req/s p99 ${p.p99.toFixed(1)} ms; PostGraphile ${g.rps.toFixed(0)} req/s p99 ${g.p99.toFixed(1)} ms`,
          );
          runs.push({ pantau: p, peer: g });
        }
        const ratio = median(runs.map((r) => r.pantau.rps / r.peer.rps));
        const name = `${c.name}, ${applicants.toLocaleString('en')} applicants, PostgreSQL, ${CONCURRENCY} concurrent`;
        const baseline = `PostGraphile ${PEER_PACKAGES.postgraphile} (amber, Node ${PEER_PACKAGES.node})`;
        rows.push(
          {
            suite: 'peers',
            benchmark: name,
            metric: 'throughput',
            unit: 'req/s',
            value: median(runs.map((r) => r.pantau.rps)),
            baseline,
            baselineValue: median(runs.map((r) => r.peer.rps)),
            ratio,
            target: `>= ${c.target.toFixed(1)}x`,
            met: ratio >= c.target,
          },
          {
            suite: 'peers',
            benchmark: name,
            metric: 'p99',
            unit: 'ms',
            value: median(runs.map((r) => r.pantau.p99)),
            baseline,
            baselineValue: median(runs.map((r) => r.peer.p99)),
            ratio: betterRatio(median(runs.map((r) => r.pantau.p99)), median(runs.map((r) => r.peer.p99)), true),
          },
          { suite: 'peers', benchmark: `${c.name}: same data as PostGraphile`, metric: 'same data', unit: '1/0', value: same ? 1 : 0 },
        );
      }
      return rows;
    } finally {
      await pantau.close();
      await peer.close();
    }
  } finally {
    await db.close();
    await drop();
  }
};
