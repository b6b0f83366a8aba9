/**
 * All of Indonesia's regions from the `idn-area-data` package (Kemendagri codes): 38 provinces,
 * 514 kabupaten/kota, 7,285 kecamatan and, when asked, 83,762 villages. Loading is set-based (one
 * INSERT ... ON CONFLICT per level from a JSON array) and keyed by code, so a newer dataset
 * renames regions and adds codes while every row that refers to a region keeps its id.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { timeZoneOfRegion } from '../domain/calendar.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { RegionKind } from '../generated/prisma/enums.js';

/** The dataset's name as kept in ReferenceDataset and shown by /ready. */
export const REGION_DATASET = 'idn-area-data';

const packageDir = path.dirname(createRequire(import.meta.url).resolve('idn-area-data/package.json'));

/** The installed dataset's version (its package version). */
export const regionDatasetVersion: string = (JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;

interface RegionRow {
  code: string;
  parentCode: string | null;
  name: string;
  kind: RegionKind;
  timeZone: string;
}

const LEVELS = [
  { file: 'provinces.csv', parent: null },
  { file: 'regencies.csv', parent: 'province_code' },
  { file: 'districts.csv', parent: 'regency_code' },
  { file: 'villages.csv', parent: 'district_code' },
] as const;

function kindOf(level: number, code: string, name: string): RegionKind {
  if (level === 0) return 'PROVINCE';
  if (level === 1) return name.startsWith('Kota ') ? 'KOTA' : 'KABUPATEN';
  if (level === 2) return 'KECAMATAN';
  // Village codes: 1xxx kelurahan (urban), 2xxx desa (rural).
  return code.slice(code.lastIndexOf('.') + 1).startsWith('1') ? 'KELURAHAN' : 'DESA';
}

/** The rows of one level of the dataset, parents' codes included. */
export function readRegionLevel(level: number): RegionRow[] {
  const { file, parent } = LEVELS[level]!;
  const records = parse(fs.readFileSync(path.join(packageDir, 'data', file)), { columns: true, skip_empty_lines: true, trim: true }) as Record<
    string,
    string
  >[];
  return records.map((r) => ({
    code: r.code!,
    parentCode: parent ? r[parent]! : null,
    name: r.name!,
    kind: kindOf(level, r.code!, r.name!),
    timeZone: timeZoneOfRegion(r.code!),
  }));
}

export interface RegionLoadResult {
  version: string;
  /** Rows inserted or whose name, kind, parent or time zone changed, per level. */
  changed: number[];
  total: number;
  ms: number;
}

const UPSERT = `
  INSERT INTO "Region" ("code", "name", "kind", "timeZone", "parentId")
  SELECT r.code, r.name, r.kind::"RegionKind", r."timeZone"::"TimeZone", p.id
  FROM jsonb_to_recordset($1::jsonb) AS r(code text, "parentCode" text, name text, kind text, "timeZone" text)
  LEFT JOIN "Region" p ON p.code = r."parentCode"
  ON CONFLICT ("code") DO UPDATE SET
    "name" = EXCLUDED."name", "kind" = EXCLUDED."kind", "timeZone" = EXCLUDED."timeZone", "parentId" = EXCLUDED."parentId"
  WHERE ("Region"."name", "Region"."kind", "Region"."timeZone", "Region"."parentId")
    IS DISTINCT FROM (EXCLUDED."name", EXCLUDED."kind", EXCLUDED."timeZone", EXCLUDED."parentId")`;

/**
 * Loads provinces, kabupaten/kota and kecamatan (and villages when `villages`) in one transaction
 * and records the dataset's version. Codes missing from the dataset are kept (something may refer
 * to them); names follow the dataset.
 */
export async function loadRegions(prisma: PrismaClient, options: { villages?: boolean } = {}): Promise<RegionLoadResult> {
  const started = performance.now();
  const levels = options.villages ? 4 : 3;
  const changed: number[] = [];
  let total = 0;
  await prisma.$transaction(
    async (tx) => {
      for (let level = 0; level < levels; level++) {
        const rows = readRegionLevel(level);
        total += rows.length;
        changed.push(await tx.$executeRawUnsafe(UPSERT, JSON.stringify(rows)));
      }
      const scope = ['provinces', 'regencies', 'districts', 'villages'].slice(0, levels).join(',');
      await tx.referenceDataset.upsert({
        where: { name: REGION_DATASET },
        create: { name: REGION_DATASET, version: regionDatasetVersion, scope },
        update: { version: regionDatasetVersion, scope, loadedAt: new Date() },
      });
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  return { version: regionDatasetVersion, changed, total, ms: Math.round(performance.now() - started) };
}

/** The loaded version of the region dataset, or null before the first load. */
export async function loadedRegionDataset(prisma: PrismaClient): Promise<{ version: string; scope: string } | null> {
  return prisma.referenceDataset.findUnique({ where: { name: REGION_DATASET }, select: { version: true, scope: true } });
}

/** Loads the regions when the database has none of this dataset version yet (first start, upgrade). */
export async function ensureRegions(prisma: PrismaClient, options: { villages?: boolean } = {}): Promise<RegionLoadResult | null> {
  const loaded = await loadedRegionDataset(prisma);
  const wantVillages = options.villages ?? loaded?.scope.includes('villages') ?? false;
  if (loaded?.version === regionDatasetVersion && loaded.scope.includes('villages') === wantVillages) return null;
  return loadRegions(prisma, { villages: wantVillages });
}
