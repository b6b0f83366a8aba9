/**
 * `tsx bench/catalogue-size.ts [--villages]`: how long the reference catalogue takes to load the
 * regions and how much heap it holds, on a fresh PostgreSQL database (run with --expose-gc).
 */
import { loadRegions } from '../src/db/region-dataset.js';
import { ReferenceCatalogue } from '../src/reference/catalogue.js';
import { freshDatabase } from '../test/databases.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const villages = process.argv.includes('--villages');
const db = await freshDatabase('postgres');
try {
  const loaded = await loadRegions(db.prisma, { villages });
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  for (let round = 0; round < 3; round++) {
    const catalogue = new ReferenceCatalogue(db.prisma, { maxAgeWhileDisconnected: 250 });
    const before = heap();
    const cpu = process.cpuUsage();
    const started = performance.now();
    await catalogue.regionByCode('16.71');
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const held = heap() - before;
    const page = performance.now();
    for (let i = 0; i < 100; i++) await catalogue.listRegions({ search: 'jaya', first: 100, offset: 0 });
    const searchMs = (performance.now() - page) / 100;
    console.log(
      `${loaded.total} regions: loaded in ${ms.toFixed(0)} ms (${((used.user + used.system) / 1000).toFixed(0)} ms CPU), ` +
        `${(held / 2 ** 20).toFixed(1)} MiB heap held; a name search over all of them ${searchMs.toFixed(2)} ms`,
    );
  }
} finally {
  await db.close();
}
