/**
 * Needs analysis (analisis kebutuhan) and the formations that answer it, plus residents' service
 * aspirations. Leadership reads `needsAnalysis` to see whether recruitment follows real needs.
 */
import type { PrismaClient } from '../generated/prisma/client.js';
import type { AspirationCategory, DocumentKind, EducationLevel, FormationType } from '../generated/prisma/enums.js';
import { staffingGap } from '../domain/needs.js';
import { parseRuleSet } from '../domain/rules.js';
import { InputError, RefusedError, requireText } from '../errors.js';
import { requireToken, type SubmissionSource } from '../quality/surveys.js';
import { regionSubtree } from '../db/regions.js';

export interface StaffingNeedInput {
  serviceUnitId: number;
  selectionYear: number;
  jobTitle: string;
  educationLevel: EducationLevel;
  serviceLoad: number;
  currentStaff: number;
  expectedRetirements: number;
}

function nonNegative(value: number, field: string) {
  if (!Number.isInteger(value) || value < 0 || value > 100_000_000) throw new InputError(field, 'must be a whole number, 0 or more');
}

async function selectionYearOf(prisma: PrismaClient, year: number, field = 'selectionYear') {
  const found = await prisma.selectionYear.findUnique({ where: { year } });
  if (!found) throw new InputError(field, `no selection year ${year}`);
  return found;
}

/** Records (or updates) one job's staffing figures at a unit for a selection year. */
export async function recordStaffingNeed(prisma: PrismaClient, input: StaffingNeedInput) {
  nonNegative(input.serviceLoad, 'serviceLoad');
  nonNegative(input.currentStaff, 'currentStaff');
  nonNegative(input.expectedRetirements, 'expectedRetirements');
  if (input.expectedRetirements > input.currentStaff) throw new InputError('expectedRetirements', 'cannot exceed currentStaff');
  const jobTitle = requireText('jobTitle', input.jobTitle, { min: 1, max: 120 });
  const year = await selectionYearOf(prisma, input.selectionYear);
  if (!(await prisma.serviceUnit.findUnique({ where: { id: input.serviceUnitId }, select: { id: true } }))) {
    throw new InputError('serviceUnitId', 'no service unit with this id');
  }
  const figures = {
    educationLevel: input.educationLevel,
    serviceLoad: input.serviceLoad,
    currentStaff: input.currentStaff,
    expectedRetirements: input.expectedRetirements,
  };
  return prisma.staffingNeed.upsert({
    where: { serviceUnitId_selectionYearId_jobTitle: { serviceUnitId: input.serviceUnitId, selectionYearId: year.id, jobTitle } },
    create: { serviceUnitId: input.serviceUnitId, selectionYearId: year.id, jobTitle, ...figures },
    update: figures,
  });
}

export interface NeedRow {
  jobTitle: string;
  need: number;
  currentStaff: number;
  expectedRetirements: number;
  gap: number;
  /** Quota of approved formations answering these needs. */
  formationsOpened: number;
  /** Quota proposed and not yet approved. */
  formationsProposed: number;
  /** Whether the rule set has a norm for the job (without one, need is what staff remain). */
  hasNorm: boolean;
}

/** Per job in a region (and below) for a year: need, staff, gap and the formations opened for it. */
export async function needsAnalysis(prisma: PrismaClient, regionCode: string, year: number): Promise<NeedRow[]> {
  const selectionYear = await selectionYearOf(prisma, year);
  const rules = parseRuleSet(selectionYear.rules);
  const needs = await prisma.staffingNeed.findMany({
    where: { selectionYearId: selectionYear.id, serviceUnit: { region: regionSubtree(regionCode) } },
    include: { serviceUnit: { select: { populationServed: true } }, formations: { select: { quota: true, status: true } } },
  });
  const rows = new Map<string, NeedRow>();
  for (const n of needs) {
    const norm = rules.staffingNorms[n.jobTitle];
    const figures = {
      populationServed: n.serviceUnit.populationServed,
      serviceLoad: n.serviceLoad,
      currentStaff: n.currentStaff,
      expectedRetirements: n.expectedRetirements,
    };
    const { need, gap } = norm ? staffingGap(norm, figures) : { need: Math.max(0, n.currentStaff - n.expectedRetirements), gap: 0 };
    const row = rows.get(n.jobTitle) ?? {
      jobTitle: n.jobTitle,
      need: 0,
      currentStaff: 0,
      expectedRetirements: 0,
      gap: 0,
      formationsOpened: 0,
      formationsProposed: 0,
      hasNorm: Boolean(norm),
    };
    row.need += need;
    row.currentStaff += n.currentStaff;
    row.expectedRetirements += n.expectedRetirements;
    row.gap += gap;
    for (const f of n.formations) {
      if (f.status === 'APPROVED') row.formationsOpened += f.quota;
      else row.formationsProposed += f.quota;
    }
    rows.set(n.jobTitle, row);
  }
  return [...rows.values()].sort((a, b) => b.gap - a.gap || a.jobTitle.localeCompare(b.jobTitle));
}

/**
 * An official proposes a formation answering a staffing gap. Proposals and approvals together
 * may not exceed the gap: recruitment follows the need.
 */
export async function proposeFormation(
  prisma: PrismaClient,
  input: { staffingNeedId: number; agencyCode: string; type: FormationType; quota: number; extraDocuments?: DocumentKind[] | null },
) {
  if (!Number.isInteger(input.quota) || input.quota < 1) throw new InputError('quota', 'must be a whole number of at least 1');
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`select 1 from "StaffingNeed" where id = ${input.staffingNeedId} for update`;
    const need = await tx.staffingNeed.findUnique({
      where: { id: input.staffingNeedId },
      include: { serviceUnit: true, selectionYear: true, formations: { select: { quota: true } } },
    });
    if (!need) throw new InputError('staffingNeedId', 'no staffing need with this id');
    const agency = await tx.agency.findUnique({ where: { code: input.agencyCode } });
    if (!agency) throw new InputError('agencyCode', `unknown agency "${input.agencyCode}"`);
    if (need.serviceUnit.agencyId !== agency.id) throw new InputError('agencyCode', 'the service unit belongs to another agency');
    const norm = parseRuleSet(need.selectionYear.rules).staffingNorms[need.jobTitle];
    if (!norm) throw new InputError('staffingNeedId', `the ${need.selectionYear.year} rule set has no staffing norm for "${need.jobTitle}"`);
    const { gap } = staffingGap(norm, { ...need, populationServed: need.serviceUnit.populationServed });
    const taken = need.formations.reduce((sum, f) => sum + f.quota, 0);
    if (taken + input.quota > gap)
      throw new InputError('quota', `the gap is ${gap} and formations already cover ${taken}; at most ${Math.max(0, gap - taken)} more`);
    const serial = (await tx.formation.count({ where: { agencyId: agency.id, selectionYearId: need.selectionYearId } })) + 1;
    return tx.formation.create({
      data: {
        code: `${need.selectionYear.year}-${agency.code}-${String(serial).padStart(3, '0')}`,
        jobTitle: need.jobTitle,
        educationLevel: need.educationLevel,
        type: input.type,
        quota: input.quota,
        agencyId: agency.id,
        serviceUnitId: need.serviceUnitId,
        regionId: need.serviceUnit.regionId,
        selectionYearId: need.selectionYearId,
        staffingNeedId: need.id,
        extraDocuments: input.extraDocuments ?? [],
        status: 'PROPOSED',
      },
    });
  });
}

export async function approveFormation(prisma: PrismaClient, formationId: number, now = new Date()) {
  const { count } = await prisma.formation.updateMany({ where: { id: formationId, status: 'PROPOSED' }, data: { status: 'APPROVED', approvedAt: now } });
  if (!count) {
    const exists = await prisma.formation.findUnique({ where: { id: formationId }, select: { status: true } });
    throw new InputError('formationId', exists ? 'this formation is already approved' : 'no formation with this id');
  }
  return prisma.formation.findUniqueOrThrow({ where: { id: formationId } });
}

/** A resident's anonymous say, from a device with a server-issued token (or a partner kiosk); nothing about the sender is stored. */
export async function submitServiceAspiration(
  prisma: PrismaClient,
  input: { regionCode: string; serviceUnitId?: number | null; category: AspirationCategory; text: string },
  source: SubmissionSource,
) {
  const token = requireToken(source);
  if (token?.kind === 'kiosk' && input.serviceUnitId != null && token.serviceUnitId !== input.serviceUnitId)
    throw new RefusedError('INVALID_DEVICE_TOKEN', 'this kiosk serves another unit', 'deviceToken');
  const text = requireText('text', input.text, { min: 10, max: 2000, multiline: true });
  const region = await prisma.region.findUnique({ where: { code: input.regionCode }, select: { id: true, code: true } });
  if (!region) throw new InputError('regionCode', `unknown region "${input.regionCode}"`);
  let regionId = region.id;
  if (input.serviceUnitId != null) {
    const unit = await prisma.serviceUnit.findUnique({ where: { id: input.serviceUnitId }, select: { regionId: true, region: { select: { code: true } } } });
    if (!unit) throw new InputError('serviceUnitId', 'no service unit with this id');
    if (unit.region.code !== region.code && !unit.region.code.startsWith(`${region.code}.`))
      throw new InputError('serviceUnitId', 'the unit is not in this region');
    regionId = unit.regionId; // the unit pins it down further than the region named
  }
  return prisma.serviceAspiration.create({ data: { regionId, serviceUnitId: input.serviceUnitId ?? null, category: input.category, text } });
}

/** What the public sees of aspirations: counts per category and per unit, never the texts. */
export async function aspirationSummary(prisma: PrismaClient, regionCode: string) {
  const where = { region: regionSubtree(regionCode) };
  const [byCategory, byUnit] = await Promise.all([
    prisma.serviceAspiration.groupBy({ by: ['category'], where, _count: { _all: true } }),
    prisma.serviceAspiration.groupBy({ by: ['serviceUnitId'], where: { ...where, serviceUnitId: { not: null } }, _count: { _all: true } }),
  ]);
  return {
    total: byCategory.reduce((sum, c) => sum + c._count._all, 0),
    byCategory: byCategory
      .map((c) => ({ category: c.category, count: c._count._all }))
      .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
    byUnit: byUnit
      .map((u) => ({ serviceUnitId: u.serviceUnitId!, count: u._count._all }))
      .sort((a, b) => b.count - a.count || a.serviceUnitId - b.serviceUnitId),
  };
}
