/**
 * `pnpm db:regions [--villages]`: loads or refreshes Indonesia's regions from the installed
 * idn-area-data package (names updated, new codes added, ids kept). Run it after upgrading the
 * package; the server also loads them on start when the stored version differs.
 */
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { loadRegions } from '../db/region-dataset.js';
import { runCli } from './run.js';

runCli(async (args) => {
  const db = await openDatabase(loadConfig().database);
  try {
    const result = await loadRegions(db.prisma, { villages: args.includes('--villages') });
    const [provinces, regencies, districts, villages] = result.changed;
    console.log(
      `idn-area-data ${result.version}: ${result.total} regions read in ${result.ms} ms; added or changed: ` +
        `${provinces} provinces, ${regencies} kabupaten/kota, ${districts} kecamatan${villages === undefined ? '' : `, ${villages} villages`}`,
    );
  } finally {
    await db.close();
  }
});
