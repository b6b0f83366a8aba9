/**
 * Writes the demo's reference data (reference.ts: the five article regions' figures, agencies,
 * service units, the 2024 selection year and its formations), keyed by code, so seeding again adds
 * or changes nothing and seeding a seeded database is always safe.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { ensureRegions } from '../db/region-dataset.js';
import { unheard, type Publisher } from '../events/publisher.js';
import { AGENCIES, FORMATIONS_2024, REGIONS, SELECTION_YEARS, SERVICE_UNITS } from './reference.js';

type Tx = Prisma.TransactionClient;

/** The selection year whose presence marks a seeded database. */
const SEEDED_YEAR = 2024;

export interface SyncCount {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ReferenceResult {
  regions: SyncCount;
  agencies: SyncCount;
  serviceUnits: SyncCount;
  selectionYears: SyncCount;
  formations: SyncCount;
}

/** Equality of stored and desired values: dates by instant, JSON objects regardless of key order (jsonb reorders keys). */
function same(a: unknown, b: unknown): boolean {
  if (a === b || (a == null && b == null)) return true;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/**
 * Creates missing rows and updates only the fields that differ, so a second run writes nothing
 * (no UPDATE that rewrites a row with its own values) while an edited reference.ts still lands.
 */
async function sync<Row extends Record<string, unknown>>(
  desired: readonly Row[],
  key: keyof Row & string,
  existing: ReadonlyArray<{ id: number } & Partial<Record<keyof Row, unknown>>>,
  create: (rows: Row[]) => Promise<unknown>,
  update: (id: number, changes: Partial<Row>) => Promise<unknown>,
): Promise<SyncCount> {
  const byKey = new Map<unknown, (typeof existing)[number]>(existing.map((row) => [row[key], row]));
  const missing: Row[] = [];
  const count: SyncCount = { created: 0, updated: 0, unchanged: 0 };
  for (const row of desired) {
    const current = byKey.get(row[key]);
    if (!current) {
      missing.push(row);
      continue;
    }
    const changes: Partial<Row> = {};
    for (const field of Object.keys(row) as Array<keyof Row>) if (!same(current[field], row[field])) changes[field] = row[field];
    if (Object.keys(changes).length) {
      await update(current.id, changes);
      count.updated++;
    } else {
      count.unchanged++;
    }
  }
  if (missing.length) await create(missing);
  count.created = missing.length;
  return count;
}

/** The id of a code, or an error naming what is missing. */
export function idOf(ids: Map<string, number>, code: string, what: string): number {
  const id = ids.get(code);
  if (id === undefined) throw new Error(`Reference data: unknown ${what} "${code}"`);
  return id;
}

/**
 * The seed regions' figures the national dataset lacks (BPS code, population) on top of the
 * regions loaded from idn-area-data (ensureRegions, before this transaction): names, kinds and
 * parents are the dataset's.
 */
async function seedRegions(tx: Tx): Promise<{ count: SyncCount; ids: Map<string, number> }> {
  const codes = REGIONS.map((r) => r.code);
  const existing = await tx.region.findMany({ where: { code: { in: codes } }, select: { id: true, code: true, bpsCode: true, population: true } });
  const missing = codes.filter((code) => !existing.some((r) => r.code === code));
  if (missing.length) throw new Error(`Reference data: regions ${missing.join(', ')} are not in the national dataset`);
  const count = await sync(
    REGIONS.map((r) => ({ code: r.code, bpsCode: r.bpsCode, population: r.population })),
    'code',
    existing,
    () => Promise.resolve(),
    (id, data) => tx.region.update({ where: { id }, data }),
  );
  return { count, ids: codeIds(existing) };
}

function codeIds(rows: Array<{ id: number; code: string }>): Map<string, number> {
  return new Map(rows.map((r) => [r.code, r.id]));
}

async function seedReferenceIn(tx: Tx): Promise<ReferenceResult> {
  const { count: regions, ids: regionIds } = await seedRegions(tx);

  const agencyRows = AGENCIES.map((a) => ({ code: a.code, name: a.name, level: a.level, regionId: idOf(regionIds, a.regionCode, 'region') }));
  const agencyCodes = agencyRows.map((a) => a.code);
  const agencies = await sync(
    agencyRows,
    'code',
    await tx.agency.findMany({ where: { code: { in: agencyCodes } }, select: { id: true, code: true, name: true, level: true, regionId: true } }),
    (data) => tx.agency.createMany({ data }),
    (id, data) => tx.agency.update({ where: { id }, data }),
  );
  const agencyIds = codeIds(await tx.agency.findMany({ where: { code: { in: agencyCodes } }, select: { id: true, code: true } }));

  const unitRows = SERVICE_UNITS.map((u) => ({
    code: u.code,
    name: u.name,
    kind: u.kind,
    regionId: idOf(regionIds, u.regionCode, 'region'),
    agencyId: idOf(agencyIds, u.agencyCode, 'agency'),
    populationServed: u.populationServed,
  }));
  const unitCodes = unitRows.map((u) => u.code);
  const serviceUnits = await sync(
    unitRows,
    'code',
    await tx.serviceUnit.findMany({
      where: { code: { in: unitCodes } },
      select: { id: true, code: true, name: true, kind: true, regionId: true, agencyId: true, populationServed: true },
    }),
    (data) => tx.serviceUnit.createMany({ data }),
    (id, data) => tx.serviceUnit.update({ where: { id }, data }),
  );
  const unitIds = codeIds(await tx.serviceUnit.findMany({ where: { code: { in: unitCodes } }, select: { id: true, code: true } }));

  const yearRows = SELECTION_YEARS.map((y) => ({
    year: y.year,
    name: y.name,
    registrationOpensAt: y.registrationOpensAt,
    registrationClosesAt: y.registrationClosesAt,
    rules: y.rules as unknown as Prisma.InputJsonValue,
    // The seeded 2024 year has run up to appointment (Latsar and SKP follow it).
    phase: 'APPOINTMENT' as const,
  }));
  const years = yearRows.map((y) => y.year);
  const selectionYears = await sync(
    yearRows,
    'year',
    await tx.selectionYear.findMany({
      where: { year: { in: years } },
      select: { id: true, year: true, name: true, registrationOpensAt: true, registrationClosesAt: true, rules: true, phase: true },
    }),
    (data) => tx.selectionYear.createMany({ data }),
    (id, data) => tx.selectionYear.update({ where: { id }, data }),
  );
  const yearIds = new Map(
    (await tx.selectionYear.findMany({ where: { year: { in: years } }, select: { id: true, year: true } })).map((y) => [String(y.year), y.id]),
  );

  const formationRows = FORMATIONS_2024.map((f) => ({
    code: f.code,
    jobTitle: f.jobTitle,
    educationLevel: f.educationLevel,
    type: f.type,
    quota: f.quota,
    agencyId: idOf(agencyIds, f.agencyCode, 'agency'),
    serviceUnitId: f.serviceUnitCode === null ? null : idOf(unitIds, f.serviceUnitCode, 'service unit'),
    regionId: idOf(regionIds, f.regionCode, 'region'),
    selectionYearId: idOf(yearIds, String(f.year), 'selection year'),
  }));
  const formations = await sync(
    formationRows,
    'code',
    await tx.formation.findMany({
      where: { code: { in: formationRows.map((f) => f.code) } },
      select: {
        id: true,
        code: true,
        jobTitle: true,
        educationLevel: true,
        type: true,
        quota: true,
        agencyId: true,
        serviceUnitId: true,
        regionId: true,
        selectionYearId: true,
      },
    }),
    (data) => tx.formation.createMany({ data }),
    (id, data) => tx.formation.update({ where: { id }, data }),
  );

  return { regions, agencies, serviceUnits, selectionYears, formations };
}

/**
 * Writes the reference data in one transaction, keyed by code (selection years by year): safe to
 * run on every start or deploy, since a second run finds every row equal and writes nothing.
 * Rows no longer in reference.ts are left alone (applications may point at them). `events`
 * reaches running servers (the seed CLI's announcer).
 */
export async function seedReference(prisma: PrismaClient, events: Publisher = unheard): Promise<ReferenceResult> {
  await ensureRegions(prisma);
  const result = await prisma.$transaction((tx) => seedReferenceIn(tx), { maxWait: 30_000, timeout: 120_000 });
  // Running servers' catalogues drop what they hold (the regions too: ensureRegions may have loaded a new dataset).
  events.publish('referenceChanged', { tables: ['region', 'agency', 'serviceUnit', 'selectionYear'] });
  return result;
}

/** Whether the reference data is in (the 2024 selection year exists): the server seeds on first start when not. */
export async function isSeeded(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.selectionYear.findUnique({ where: { year: SEEDED_YEAR }, select: { id: true } })) !== null;
}
