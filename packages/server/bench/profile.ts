/**
 * `pnpm --filter @pantau/server profile [--query trivial|formations] [--seconds N] [--engine postgres|pglite] [--svg FILE]`:
 * a CPU profile of one instance answering one operation under load, the way `pnpm bench` loads it.
 * The load runs in a child process; the profile covers only this process (the server). Prints the
 * functions with the most self time and writes a `.cpuprofile` (open it in Chromium's DevTools or
 * speedscope) and a static flame graph (`.svg`, see flame.ts) under bench/results/.
 */
import { parseCliArgs, wholeNumber } from '../src/cli/args.js';
import { repoRoot } from '../src/paths.js';
import { seedReference } from '../src/seed/seed.js';
import { startInstance } from '../test/app.js';
import { freshDatabase } from '../test/databases.js';
import { shortFile, type CpuProfile } from './flame.js';
import { underProfiler, writeProfile } from './profiling.js';
import { graphqlLoad, postOperation } from './load.js';

const QUERIES = {
  typename: { query: '{ __typename }', variables: {} },
  trivial: { query: '{ regions(first: 100) { code name } }', variables: {} },
  formations: {
    query: `query($first: Int) { formations(first: $first) { totalCount edges { node {
      code quota applicantCount agency { name region { name parent { name } } }
      serviceUnit { name region { code } } region { code parent { code } } selectionYear { year } } } } }`,
    variables: { first: 100 },
  },
} as const;

/** What each flame graph's title says was asked. */
const QUERY_TEXT = { typename: '{ __typename }', trivial: '{ regions(first: 100) { code name } }', formations: 'every formation, nested' } as const;

const USAGE = 'usage: profile [--query trivial|formations] [--seconds N] [--engine postgres|pglite] [--svg FILE]';
const { values } = parseCliArgs(
  process.argv.slice(2),
  {
    query: { type: 'string', default: 'trivial' },
    seconds: { type: 'string', default: '8' },
    engine: { type: 'string', default: 'postgres' },
    'no-profile': { type: 'boolean', default: false },
    /** Also write the flame graph here (e.g. docs/img/flame-trivial.svg), relative to the repository. */
    svg: { type: 'string' },
  },
  USAGE,
);
const body = QUERIES[values.query as keyof typeof QUERIES];
if (!body) throw new Error(USAGE);
const seconds = wholeNumber('seconds', values.seconds!, { min: 1, max: 120, usage: USAGE });

/** Self time per function (by name and file), largest first. */
function selfTimes(profile: CpuProfile): Array<[string, number]> {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const counts = new Map<string, number>();
  for (const id of profile.samples ?? []) {
    const frame = byNode.get(id)!.callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${shortFile(frame.url)}:${frame.lineNumber + 1}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const total = profile.samples?.length ?? 1;
  return [...counts].sort((a, b) => b[1] - a[1]).map(([k, c]) => [k, (100 * c) / total]);
}

/** Self time per package (or node internals, or this project's folder), largest first. */
function byPackage(times: Array<[string, number]>): Array<[string, number]> {
  const sums = new Map<string, number>();
  for (const [key, pct] of times) {
    const file = key.slice(key.indexOf(' ') + 1);
    const owner = /^(src|bench|test)\//.test(file)
      ? `packages/server/${file.split('/').slice(0, 2).join('/')}`
      : file.startsWith('node:')
        ? 'node internals'
        : file.startsWith(':')
          ? key.split(' ')[0]!
          : file.split('/')[0]!.startsWith('@')
            ? file.split('/').slice(0, 2).join('/')
            : file.split('/')[0]!;
    sums.set(owner, (sums.get(owner) ?? 0) + pct);
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
}

const db = await freshDatabase(values.engine as 'postgres' | 'pglite');
await seedReference(db.prisma);
const app = await startInstance(db);
try {
  await postOperation(app.server.url, body);
  // CPU time of this process per request: unlike req/s, it hardly moves with the machine's load.
  for (let round = 0; round < 3; round++) {
    const cpu = process.cpuUsage();
    const run = await graphqlLoad(app.server.url, body, { concurrency: 8, seconds: Math.min(seconds, 5), warmupSeconds: 0 });
    const used = process.cpuUsage(cpu);
    console.log(
      `${values.query}: ${((used.user + used.system) / 1000 / run.requests).toFixed(3)} ms CPU per request (${run.rps.toFixed(0)} req/s, ${run.errors} errors)`,
    );
  }
  if (values['no-profile']) process.exit(0);
  const { result, profile } = await underProfiler(() => graphqlLoad(app.server.url, body, { concurrency: 8, seconds }));
  console.log(
    `${values.query}: ${result.rps.toFixed(0)} req/s, p99 ${result.p99.toFixed(1)} ms, ${result.errors} errors (profiled, so slower than in the bench)`,
  );
  const times = selfTimes(profile);
  for (const [name, pct] of times.slice(0, 30)) console.log(`${pct.toFixed(1).padStart(5)}%  ${name}`);
  console.log('by package:');
  for (const [name, pct] of byPackage(times).slice(0, 25)) console.log(`${pct.toFixed(1).padStart(5)}%  ${name}`);
  const title = `${values.query}: ${QUERY_TEXT[values.query as keyof typeof QUERIES]} (${result.rps.toFixed(0)} req/s while profiled, ${new Date().toISOString().slice(0, 10)})`;
  writeProfile(values.query!, profile, title, values.svg ? [values.svg] : []);
} finally {
  await app.close();
  await db.close();
}
