/**
 * `pnpm bench [--quick] [--only suite,suite] [--peers]`: every figure beside a baseline measured in
 * the same run, as a ratio (> 1: better than the baseline). Prints one table, writes JSON under
 * bench/results/. `--peers` adds PostGraphile beside Pantau (installed outside the workspace).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCliArgs } from '../src/cli/args.js';
import { repoRoot } from '../src/paths.js';
import { cacheSuite } from './suites/cache.js';
import { dashboardSuite } from './suites/dashboard.js';
import { clusterSuite } from './suites/cluster.js';
import { fanoutSuite } from './suites/fanout.js';
import { httpSuite } from './suites/http.js';
import { ingestionSuite } from './suites/ingestion.js';
import { kpisSuite } from './suites/kpis.js';
import { metricsSuite } from './suites/metrics.js';
import { rankingSuite } from './suites/ranking.js';
import { scaleSuite } from './suites/scale.js';
import { startupSuite } from './suites/startup.js';
import { peersNotRun, peersSuite } from './suites/peers.js';
import type { BenchRow, Suite } from './types.js';

const SUITES: Record<string, Suite> = {
  peers: peersSuite,
  http: httpSuite,
  ingestion: ingestionSuite,
  ranking: rankingSuite,
  fanout: fanoutSuite,
  cluster: clusterSuite,
  kpis: kpisSuite,
  scale: scaleSuite,
  dashboard: dashboardSuite,
  startup: startupSuite,
  cache: cacheSuite,
  metrics: metricsSuite,
};

const USAGE = `usage: pnpm bench [--quick] [--only suite,suite] [--peers] (suites: ${Object.keys(SUITES).join(', ')})`;
const { values } = parseCliArgs(
  process.argv.slice(2),
  { quick: { type: 'boolean', default: false }, only: { type: 'string' }, peers: { type: 'boolean', default: false } },
  USAGE,
);
const quick = values.quick;
const selected = values.only ? values.only.split(',') : Object.keys(SUITES).filter((name) => name !== 'peers');
// The peer needs a download: it runs only when asked for, by --peers or by name in --only.
if (values.peers && !selected.includes('peers')) selected.push('peers');

const fmt = (n: number | undefined) => (n === undefined ? '' : Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));

async function main() {
  const rows: BenchRow[] = [];
  for (const name of selected) {
    const suite = SUITES[name];
    if (!suite) throw new Error(`unknown suite ${name}; known: ${Object.keys(SUITES).join(', ')}`);
    const t0 = performance.now();
    console.log(`\n▶ ${name}${quick ? ' (quick)' : ''}`);
    rows.push(...(await suite({ quick })));
    console.log(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  if (!selected.includes('peers')) rows.push(peersNotRun);
  console.table(
    rows.map((r) => ({
      benchmark: r.benchmark,
      metric: `${r.metric} (${r.unit})`,
      value: fmt(r.value),
      baseline: r.baseline ? `${fmt(r.baselineValue)} ${r.baseline}` : '',
      'x vs baseline': r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`,
      target: r.target ? `${r.target} ${r.met ? '✓' : '✗'}` : '',
    })),
  );
  const cpus = os.cpus();
  const machine = {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  const out = path.join(repoRoot, 'bench/results');
  fs.mkdirSync(out, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const body = JSON.stringify({ quick, suites: selected, machine, rows, at: new Date().toISOString() }, null, 2);
  fs.writeFileSync(path.join(out, `${stamp}${quick ? '-quick' : ''}.json`), body);
  fs.writeFileSync(path.join(out, `latest${quick ? '-quick' : ''}.json`), body);
  console.log(`wrote bench/results/${stamp}${quick ? '-quick' : ''}.json`);
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
