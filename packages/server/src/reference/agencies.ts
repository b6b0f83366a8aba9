/**
 * Reference data a BKD sets up through the API before a selection year: agencies (instansi),
 * the service units they run with the population each serves, exam sites with their seats, and
 * the population of a region. Each check names the field at fault and writes nothing. Each write
 * announces `referenceChanged` after it commits: every instance's catalogue drops the table.
 */
import type { PrismaClient } from '../generated/prisma/client.js';
import type { AgencyLevel, RegionKind, ServiceUnitKind } from '../generated/prisma/enums.js';
import type { Publisher } from '../events/publisher.js';
import { withinRegion } from '../db/regions.js';
import { InputError } from '../errors.js';

const CODE = /^[A-Z0-9][A-Z0-9-]{1,59}$/;

function checkCode(code: string): string {
  const c = code.trim().toUpperCase();
  if (!CODE.test(c)) throw new InputError('code', 'must be 2-60 letters, digits or dashes, e.g. "PEMKOT-SAMARINDA"');
  return c;
}

function checkName(name: string): string {
  const n = name.trim().replace(/\s+/g, ' ');
  if (n.length < 3 || n.length > 160) throw new InputError('name', 'must be 3-160 characters');
  return n;
}

function checkCount(value: number, field: string, min: number): number {
  if (!Number.isInteger(value) || value < min || value > 500_000_000) throw new InputError(field, `must be a whole number of at least ${min}`);
  return value;
}

async function regionByCode(prisma: PrismaClient, code: string, field = 'regionCode') {
  const region = await prisma.region.findUnique({ where: { code }, select: { id: true, code: true, kind: true } });
  if (!region) throw new InputError(field, `unknown region "${code}"`);
  return region;
}

/** The region kind an agency of each level governs (a central ministry sits anywhere). */
const LEVEL_REGION: Record<AgencyLevel, RegionKind | null> = { CENTRAL: null, PROVINCE: 'PROVINCE', KABUPATEN: 'KABUPATEN', KOTA: 'KOTA' };

/** Creates an agency: a regional government sits in the region of its level (a Pemkot in a kota). */
export async function createAgency(prisma: PrismaClient, events: Publisher, input: { code: string; name: string; level: AgencyLevel; regionCode: string }) {
  const code = checkCode(input.code);
  const name = checkName(input.name);
  const region = await regionByCode(prisma, input.regionCode);
  const kind = LEVEL_REGION[input.level];
  if (kind && region.kind !== kind) throw new InputError('regionCode', `a ${input.level} agency governs a ${kind}; ${region.code} is a ${region.kind}`);
  if (await prisma.agency.findUnique({ where: { code }, select: { id: true } })) throw new InputError('code', `agency ${code} already exists`);
  const agency = await prisma.agency.create({ data: { code, name, level: input.level, regionId: region.id } });
  events.publish('referenceChanged', { tables: ['agency'] });
  return agency;
}

/** Creates a service unit of an agency, inside the agency's region, with the population it serves (SKM sample size). */
export async function createServiceUnit(
  prisma: PrismaClient,
  events: Publisher,
  input: { agencyId: number; code: string; name: string; kind: ServiceUnitKind; regionCode: string; populationServed: number },
) {
  const code = checkCode(input.code);
  const name = checkName(input.name);
  const populationServed = checkCount(input.populationServed, 'populationServed', 1);
  const agency = await prisma.agency.findUnique({ where: { id: input.agencyId }, select: { id: true, level: true, region: { select: { code: true } } } });
  if (!agency) throw new InputError('agencyId', 'no agency with this id');
  const region = await regionByCode(prisma, input.regionCode);
  if (agency.level !== 'CENTRAL' && agency.region && !withinRegion(region.code, agency.region.code)) {
    throw new InputError('regionCode', `${region.code} is outside the agency's region ${agency.region.code}`);
  }
  if (await prisma.serviceUnit.findUnique({ where: { code }, select: { id: true } })) throw new InputError('code', `service unit ${code} already exists`);
  const unit = await prisma.serviceUnit.create({ data: { code, name, kind: input.kind, regionId: region.id, agencyId: agency.id, populationServed } });
  events.publish('referenceChanged', { tables: ['serviceUnit'] });
  return unit;
}

/** Changes a unit's name or the population it serves (a new census, a redrawn catchment). */
export async function updateServiceUnit(
  prisma: PrismaClient,
  events: Publisher,
  input: { id: number; name?: string | null; populationServed?: number | null },
) {
  const before = await prisma.serviceUnit.findUnique({ where: { id: input.id } });
  if (!before) throw new InputError('id', 'no service unit with this id');
  const data = {
    ...(input.name != null ? { name: checkName(input.name) } : {}),
    ...(input.populationServed != null ? { populationServed: checkCount(input.populationServed, 'populationServed', 1) } : {}),
  };
  const after = await prisma.serviceUnit.update({ where: { id: before.id }, data });
  events.publish('referenceChanged', { tables: ['serviceUnit'] });
  return { before, after };
}

/** Creates a CAT exam site in a region with its seats per session. */
export async function createExamSite(prisma: PrismaClient, input: { code: string; name: string; regionCode: string; capacity: number }) {
  const code = checkCode(input.code);
  const name = checkName(input.name);
  const capacity = checkCount(input.capacity, 'capacity', 1);
  const region = await regionByCode(prisma, input.regionCode);
  if (await prisma.examSite.findUnique({ where: { code }, select: { id: true } })) throw new InputError('code', `exam site ${code} already exists`);
  return prisma.examSite.create({ data: { code, name, capacity, regionId: region.id } });
}

/** Sets a region's population (BPS figures are not in the region dataset). */
export async function setRegionPopulation(prisma: PrismaClient, events: Publisher, input: { regionCode: string; population: number }) {
  const region = await regionByCode(prisma, input.regionCode);
  const population = checkCount(input.population, 'population', 0);
  const before = await prisma.region.findUniqueOrThrow({ where: { id: region.id }, select: { population: true } });
  const after = await prisma.region.update({ where: { id: region.id }, data: { population } });
  events.publish('referenceChanged', { tables: ['region'] });
  return { before, after };
}
