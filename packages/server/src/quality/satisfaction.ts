/**
 * The IKM of a service unit or a region for one period, read from per-unit sums computed in SQL
 * (one GROUP BY over the responses, never the responses themselves): respondents, element
 * averages, IKM, the converted value and its grade, the required sample and the provisional flag,
 * roll-ups weighted by respondents along the region tree, the trend across periods, and the
 * complaint metrics (time to first answer) of U8.
 */
import type { PrismaClient } from '../generated/prisma/client.js';
import type { ServiceUnit, SurveyPeriod } from '../generated/prisma/client.js';
import { regionSubtree, withinRegion } from '../db/regions.js';
import { ikmFromAverages, isProvisional, requiredSample, rollUp, type IkmResult, type SkmSummary } from '../domain/ikm.js';
import type { UnitPeriodSummary } from '../domain/impact.js';
import { RefusedError } from '../errors.js';

export type SatisfactionScope = { regionCode: string } | { serviceUnitId: number };

export type IndexFigures = IkmResult & SkmSummary;

export interface ComplaintMetrics {
  total: number;
  complaints: number;
  suggestions: number;
  open: number;
  answered: number;
  closed: number;
  /** Hours from submission to the first answer, over the answered ones; null when none was answered. */
  meanHoursToFirstAnswer: number | null;
  medianHoursToFirstAnswer: number | null;
}

export type UnitRow = ServiceUnit & { regionCode: string };

export interface UnitSatisfaction {
  unit: UnitRow;
  /** The unit's period with the chosen label; null when the unit ran none. */
  period: SurveyPeriod | null;
  respondents: number;
  requiredSample: number;
  provisional: boolean;
  index: IndexFigures | null;
  complaints: ComplaintMetrics;
}

export interface RegionFigures {
  regionId: number;
  respondents: number;
  index: IndexFigures | null;
  /** Some unit below it that ran the period has fewer respondents than its required sample. */
  provisional: boolean;
}

export interface TrendPoint {
  period: string;
  opensAt: Date;
  index: IndexFigures | null;
}

export interface ServiceSatisfaction {
  /** The period's label; null when the scope never ran a survey. */
  period: string | null;
  regionId: number | null;
  serviceUnitId: number | null;
  respondents: number;
  index: IndexFigures | null;
  provisional: boolean;
  complaints: ComplaintMetrics;
  units: UnitSatisfaction[];
  /** The scope region's direct children holding service units, each rolled up from every unit below it. */
  children: RegionFigures[];
  trend: TrendPoint[];
}

const figures = (s: SkmSummary | null): IndexFigures | null =>
  s && s.respondents ? { respondents: s.respondents, elementAverages: s.elementAverages, ...ikmFromAverages(s.elementAverages) } : null;

const NO_COMPLAINTS: ComplaintMetrics = {
  total: 0,
  complaints: 0,
  suggestions: 0,
  open: 0,
  answered: 0,
  closed: 0,
  meanHoursToFirstAnswer: null,
  medianHoursToFirstAnswer: null,
};

/** Respondents and element averages of every (unit, period) of these units, summed in SQL. */
export async function unitPeriodSums(
  prisma: PrismaClient,
  periods: ReadonlyArray<Pick<SurveyPeriod, 'id' | 'serviceUnitId' | 'label'>>,
): Promise<Array<UnitPeriodSummary & { periodId: number }>> {
  if (!periods.length) return [];
  const sums = await prisma.surveyResponse.groupBy({
    by: ['periodId'],
    where: { periodId: { in: periods.map((p) => p.id) } },
    _count: { _all: true },
    _sum: { u1: true, u2: true, u3: true, u4: true, u5: true, u6: true, u7: true, u8: true, u9: true },
  });
  const byId = new Map(periods.map((p) => [p.id, p]));
  return sums.map((row) => {
    const p = byId.get(row.periodId)!;
    const n = row._count._all;
    const s = row._sum;
    return {
      periodId: p.id,
      unitId: p.serviceUnitId,
      label: p.label,
      respondents: n,
      elementAverages: [s.u1, s.u2, s.u3, s.u4, s.u5, s.u6, s.u7, s.u8, s.u9].map((x) => (x ?? 0) / n),
    };
  });
}

/** Complaint metrics per unit and over all of them (the row without a unit), for some periods. */
async function complaintMetrics(prisma: PrismaClient, periodIds: number[]): Promise<{ byUnit: Map<number, ComplaintMetrics>; total: ComplaintMetrics }> {
  const byUnit = new Map<number, ComplaintMetrics>();
  if (!periodIds.length) return { byUnit, total: NO_COMPLAINTS };
  const rows = await prisma.$queryRaw<Array<ComplaintMetrics & { unitId: number | null }>>`
    select "serviceUnitId" as "unitId",
      count(*)::int as "total",
      count(*) filter (where "kind" = 'COMPLAINT')::int as "complaints",
      count(*) filter (where "kind" = 'SUGGESTION')::int as "suggestions",
      count(*) filter (where "status" = 'OPEN')::int as "open",
      count(*) filter (where "status" = 'ANSWERED')::int as "answered",
      count(*) filter (where "status" = 'CLOSED')::int as "closed",
      (avg(extract(epoch from "firstAnsweredAt" - "createdAt")) / 3600)::float8 as "meanHoursToFirstAnswer",
      (percentile_cont(0.5) within group (order by extract(epoch from "firstAnsweredAt" - "createdAt")) / 3600)::float8 as "medianHoursToFirstAnswer"
    from "Feedback"
    where "periodId" = any(${periodIds}::integer[])
    group by grouping sets (("serviceUnitId"), ())`;
  let total = NO_COMPLAINTS;
  for (const { unitId, ...metrics } of rows) {
    if (unitId === null) total = metrics;
    else byUnit.set(unitId, metrics);
  }
  return { byUnit, total };
}

/** Units in scope with their region codes, and the scope's region (with its children) if any. */
async function loadScope(prisma: PrismaClient, scope: SatisfactionScope) {
  if ('regionCode' in scope) {
    const region = await prisma.region.findUnique({
      where: { code: scope.regionCode },
      select: { id: true, code: true, children: { select: { id: true, code: true }, orderBy: { code: 'asc' } } },
    });
    if (!region) throw new RefusedError('REGION_NOT_FOUND', `no region ${scope.regionCode}`, 'regionCode');
    const units = await prisma.serviceUnit.findMany({
      where: { region: regionSubtree(region.code) },
      include: { region: { select: { code: true } } },
      orderBy: { code: 'asc' },
    });
    return { region, units };
  }
  const unit = await prisma.serviceUnit.findUnique({ where: { id: scope.serviceUnitId }, include: { region: { select: { code: true } } } });
  if (!unit) throw new RefusedError('UNIT_NOT_FOUND', `no service unit ${scope.serviceUnitId}`, 'serviceUnitId');
  return { region: null, units: [unit] };
}

/**
 * serviceSatisfaction(regionCode | serviceUnitId, period): without a period, the latest one (by
 * opening) in which the scope was heard. An unknown region, unit or period label is refused.
 */
export async function serviceSatisfaction(prisma: PrismaClient, scope: SatisfactionScope, period?: string | null): Promise<ServiceSatisfaction> {
  const loaded = await loadScope(prisma, scope);
  const units: UnitRow[] = loaded.units.map(({ region, ...u }) => ({ ...u, regionCode: region.code }));
  const periods = await prisma.surveyPeriod.findMany({
    where: { serviceUnitId: { in: units.map((u) => u.id) } },
    orderBy: [{ opensAt: 'asc' }, { id: 'asc' }],
  });
  const sums = await unitPeriodSums(prisma, periods);

  // Labels in order of their earliest opening; each a roll-up of its units.
  const labels = new Map<string, Date>();
  for (const p of periods) if (!labels.has(p.label)) labels.set(p.label, p.opensAt);
  const sumsOf = (label: string) => sums.filter((s) => s.label === label);
  const trend: TrendPoint[] = [...labels].map(([label, opensAt]) => ({ period: label, opensAt, index: figures(rollUp(sumsOf(label))) }));

  if (period && !labels.has(period)) throw new RefusedError('PERIOD_NOT_FOUND', `no survey period ${period} here`, 'period');
  const chosen = period ?? [...trend].reverse().find((t) => t.index)?.period ?? trend.at(-1)?.period ?? null;
  const chosenPeriods = periods.filter((p) => p.label === chosen);
  const { byUnit, total } = await complaintMetrics(
    prisma,
    chosenPeriods.map((p) => p.id),
  );

  const unitRows: UnitSatisfaction[] = units.map((unit) => {
    const own = chosenPeriods.find((p) => p.serviceUnitId === unit.id) ?? null;
    const summary = own ? (sums.find((s) => s.periodId === own.id) ?? null) : null;
    const respondents = summary?.respondents ?? 0;
    return {
      unit,
      period: own,
      respondents,
      requiredSample: requiredSample(unit.populationServed),
      provisional: own !== null && isProvisional(respondents, unit.populationServed),
      index: figures(summary),
      complaints: byUnit.get(unit.id) ?? NO_COMPLAINTS,
    };
  });
  const rolled = (rows: UnitSatisfaction[]) => {
    const summary = rollUp(rows.flatMap((r) => (r.index ? [r.index] : [])));
    return { respondents: summary?.respondents ?? 0, index: figures(summary), provisional: rows.some((r) => r.provisional) };
  };
  // Only children with service units: a province lists its kabupaten/kota that Pantau serves, not all of them.
  const children = (loaded.region?.children ?? []).flatMap((child) => {
    const rows = unitRows.filter((r) => withinRegion(r.unit.regionCode, child.code));
    return rows.length ? [{ regionId: child.id, ...rolled(rows) }] : [];
  });
  return {
    period: chosen,
    regionId: loaded.region?.id ?? null,
    serviceUnitId: loaded.region ? null : units[0]!.id,
    ...rolled(unitRows),
    complaints: total,
    units: unitRows,
    children,
    trend,
  };
}
