/**
 * `pnpm db:regions [--villages]`: loads or refreshes Indonesia's regions from the installed
 * idn-area-data package (names updated, new codes added, ids kept). Run it after upgrading the
 * package; the server also loads them on start when the stored version differs. Running servers
 * hear of it (`referenceChanged`) and reload their region catalogue.
 */
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { loadRegions } from '../db/region-dataset.js';
import { announcer, type Announcer } from './announcer.js';
import { runCli } from './run.js';

runCli(async (args) => {
  const config = loadConfig();
  const db = await openDatabase(config.database);
  let events: Announcer | undefined;
  try {
    events = await announcer(config.redisUrl, config.redisNamespace, db);
    const result = await loadRegions(db.prisma, { villages: args.includes('--villages') });
    // Running servers' catalogues drop their regions.
    if (result.changed.some((n) => n > 0)) events.publish('referenceChanged', { tables: ['region'] });
    const [provinces, regencies, districts, villages] = result.changed;
    console.log(
      `idn-area-data ${result.version}: ${result.total} regions read in ${result.ms} ms; added or changed: ` +
        `${provinces} provinces, ${regencies} kabupaten/kota, ${districts} kecamatan${villages === undefined ? '' : `, ${villages} villages`}`,
    );
  } finally {
    await events?.done().catch((err: Error) => console.warn(`pantau: loaded, but running servers were not told (${err.message}); restart them`));
    await db.close();
  }
});
