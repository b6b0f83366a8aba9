/**
 * Scale: a province-sized selection seeded the way `pnpm db:seed --applicants N --held <all>` seeds
 * it (every SKD session held, so every seated applicant has a result or is absent), then the
 * public's ranking, a province's KPIs and its satisfaction index through a Pantau instance at that
 * size, and every SQL statement those requests send explained: a sequential scan of a table larger
 * than SMALL_TABLE rows is what an index was supposed to prevent, so it is counted and printed.
 * `SCALE_APPLICANTS=1000000 pnpm bench --only scale` for the national-sized run.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { openDatabase } from '../../src/db/client.js';
import { seedAll } from '../../src/seed/seed.js';
import { startInstance } from '../../test/app.js';
import { recordingDatabase } from '../fixtures.js';
import { postOperation, timeRuns } from '../load.js';
import type { BenchRow, Suite } from '../types.js';

const SEED_TARGET_S = 300;
const SMALL_TABLE = 10_000;
const log = (line: string) => console.log(`  [scale] ${line}`);

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function* walk(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* walk(child);
}

export const scaleSuite: Suite = async ({ quick }) => {
  const applicants = Number(process.env.SCALE_APPLICANTS ?? (quick ? 25_000 : 250_000));
  const runs = quick ? 30 : 100;
  const { db, record } = await recordingDatabase();
  try {
    const prisma = db.prisma;
    log(`seeding ${applicants.toLocaleString('en')} applicants, every SKD session held…`);
    const t0 = performance.now();
    const seeded = await seedAll(prisma, { applicants, seed: 2024, simulate: Number.MAX_SAFE_INTEGER });
    const seedSeconds = (performance.now() - t0) / 1000;
    log(
      `seeded in ${seedSeconds.toFixed(1)} s: ${seeded.exams?.seats.toLocaleString('en')} seats in ${seeded.exams?.sessions} sessions, ${seeded.simulation?.resultsCreated.toLocaleString('en')} results`,
    );

    const [largest] = await prisma.$queryRaw<Array<{ id: number; n: number }>>`
      select "formationId" as id, count(*)::int as n from "ExamResult" where "stage" = 'SKD' group by 1 order by 2 desc limit 1`;
    const [province] = await prisma.$queryRaw<Array<{ code: string; n: number }>>`
      select split_part(r."code", '.', 1) as code, count(*)::int as n
      from "Application" a join "Formation" f on f."id" = a."formationId" join "Region" r on r."id" = f."regionId" group by 1 order by 2 desc limit 1`;
    const [satisfied] = await prisma.$queryRaw<Array<{ code: string }>>`
      select split_part(r."code", '.', 1) as code from "SurveyResponse" s join "ServiceUnit" u on u."id" = s."serviceUnitId" join "Region" r on r."id" = u."regionId"
      group by 1 order by count(*) desc limit 1`;
    log(`largest formation: ${largest!.n.toLocaleString('en')} SKD results; province ${province!.code}: ${province!.n.toLocaleString('en')} applications`);

    // Timed on a client without query events (they cost time per statement); the statements are
    // captured through a second instance on the client that records them.
    const plain = await openDatabase({ engine: 'postgres', url: db.url!, poolSize: 4 });
    const app = await startInstance(plain);
    const traced = await startInstance(db);
    const rows: BenchRow[] = [
      {
        suite: 'scale',
        benchmark: `seed ${applicants.toLocaleString('en')} applicants, every session held, PostgreSQL`,
        metric: 'time',
        unit: 's',
        value: seedSeconds,
        target: applicants <= 250_000 ? `< ${SEED_TARGET_S} s` : undefined,
        met: applicants <= 250_000 ? seedSeconds < SEED_TARGET_S : undefined,
      },
    ];
    const reads = [
      {
        name: `ranking(first:50), ${largest!.n.toLocaleString('en')} results in the formation`,
        target: 20,
        body: {
          query: `query($f: ID!) { ranking(formationId: $f, first: 50) { totalCount cutRank edges { node { rank participantNumber displayName total resultCode } } } }`,
          variables: { f: encodeGlobalID('Formation', largest!.id) },
        },
      },
      {
        name: `recruitmentKpis(${province!.code}), ${province!.n.toLocaleString('en')} applications`,
        target: 200,
        body: {
          query: `query($r: String!) { recruitmentKpis(regionCode: $r) { applicants fillRate funnel { step count } byGender { gender count } mostContested { competitionRatio } } }`,
          variables: { r: province!.code },
        },
      },
      {
        name: `serviceSatisfaction(${satisfied!.code})`,
        target: undefined,
        body: {
          query: `query($r: String!) { serviceSatisfaction(regionCode: $r) { respondents provisional index { ikm converted quality } children { respondents } trend { period } complaints { open } } }`,
          variables: { r: satisfied!.code },
        },
      },
    ];
    try {
      for (const read of reads) {
        const send = (url = app.server.url) => postOperation(url, read.body);
        const coldStart = performance.now();
        await send();
        const cold = performance.now() - coldStart;
        const { p50, p95 } = await timeRuns(runs, 5, () => send());
        log(`${read.name}: first ${cold.toFixed(1)} ms, then p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);

        // The statements of one request (the traced instance's caches are cold: a warm request sends a subset).
        const events = await record(() => send(traced.server.url));
        const bigSeqScans: string[] = [];
        const indexes = new Set<string>();
        const statements = new Map(events.map((e) => [`${e.query} ${e.params}`, e]));
        for (const e of statements.values()) {
          const [plan] = await prisma.$queryRawUnsafe<Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>>(
            `explain (format json) ${e.query}`,
            ...(JSON.parse(e.params) as unknown[]),
          );
          for (const node of walk(plan!['QUERY PLAN'][0]!.Plan)) {
            if (node['Index Name']) indexes.add(node['Index Name']);
            if (node['Node Type'] === 'Seq Scan' && node['Relation Name']) {
              const [size] = await prisma.$queryRaw<Array<{ n: number }>>`select reltuples::float8 as n from pg_class where relname = ${node['Relation Name']}`;
              if ((size?.n ?? 0) > SMALL_TABLE)
                bigSeqScans.push(
                  `${node['Relation Name']} (${Math.round(size!.n).toLocaleString('en')} rows) in: ${e.query.replace(/\s+/g, ' ').trim().slice(0, 200)}`,
                );
            }
          }
        }
        log(`  ${statements.size} statements in a first request; indexes used: ${[...indexes].join(', ') || 'none'}`);
        for (const s of bigSeqScans) log(`  SEQUENTIAL SCAN ${s}`);
        rows.push(
          {
            suite: 'scale',
            benchmark: `${read.name}, HTTP, one at a time`,
            metric: 'p95',
            unit: 'ms',
            value: p95,
            target: read.target ? `≤ ${read.target} ms` : undefined,
            met: read.target ? p95 <= read.target : undefined,
          },
          { suite: 'scale', benchmark: `${read.name}, first request`, metric: 'time', unit: 'ms', value: cold },
          {
            suite: 'scale',
            benchmark: `${read.name}: sequential scans of tables over ${SMALL_TABLE.toLocaleString('en')} rows`,
            metric: 'count',
            unit: 'scans',
            value: bigSeqScans.length,
            target: '0',
            met: bigSeqScans.length === 0,
          },
        );
      }
      return rows;
    } finally {
      await app.close();
      await traced.close();
      await plain.close();
    }
  } finally {
    await db.close();
  }
};
