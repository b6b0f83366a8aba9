/**
 * Targets a regional government sets per selection year (RegionTarget) and the yearly trend of
 * each figure beside them: fill rate, SKD pass rate and days to the final result from the
 * recruitment KPIs of each selection year (through the KPI layer's cache), IKM per survey year
 * from the per-unit sums the satisfaction pages use. domain/targets.ts checks and lines them up.
 */
import { regionSubtree } from '../db/regions.js';
import { localDay, timeZoneOfRegion } from '../domain/calendar.js';
import { ikmByYear, REGION_FIGURES, targetProblem, trendSeries, type FigureTrend, type RegionFigure } from '../domain/targets.js';
import { InputError } from '../errors.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { RegionKind } from '../generated/prisma/enums.js';
import type { RecruitmentKpis } from '../kpis/service.js';
import { unitPeriodSums } from '../quality/satisfaction.js';

/** Region kinds with a government of their own (pemerintah daerah) that sets targets. */
const GOVERNED: readonly RegionKind[] = ['PROVINCE', 'KABUPATEN', 'KOTA'];

export interface RegionTargetInput {
  regionCode: string;
  year: number;
  figure: RegionFigure;
  /** null removes the target. */
  value: number | null;
}

/** The region a trend or a target belongs to. */
export interface TrendRegion {
  id: number;
  code: string;
}

/**
 * Sets (or with a null value removes) a region's target for one figure and year. Refuses, naming
 * the field and writing nothing, an unknown region, a kecamatan or village (no government of its
 * own), a year outside 2000..2100 and a value outside the figure's range.
 */
export async function setRegionTarget(prisma: PrismaClient, input: RegionTargetInput) {
  if (!REGION_FIGURES.includes(input.figure)) throw new InputError('figure', `must be one of ${REGION_FIGURES.join(', ')}`);
  const problem = targetProblem(input.figure, input.year, input.value);
  if (problem) throw new InputError(problem.field, problem.message);
  const region = await prisma.region.findUnique({ where: { code: input.regionCode }, select: { id: true, code: true, kind: true } });
  if (!region) throw new InputError('regionCode', `unknown region "${input.regionCode}"`);
  if (!GOVERNED.includes(region.kind))
    throw new InputError('regionCode', `targets are set by a province or kabupaten/kota government; ${region.code} is a ${region.kind}`);
  const key = { regionId_year_figure: { regionId: region.id, year: input.year, figure: input.figure } };
  const existing = await prisma.regionTarget.findUnique({ where: key, select: { value: true } });
  const before = existing ? { year: input.year, figure: input.figure, value: existing.value } : null;
  if (input.value === null) {
    if (existing) await prisma.regionTarget.delete({ where: key });
    return { region, before, after: null };
  }
  const saved = await prisma.regionTarget.upsert({
    where: key,
    create: { regionId: region.id, year: input.year, figure: input.figure, value: input.value },
    update: { value: input.value },
    select: { year: true, figure: true, value: true },
  });
  return { region, before, after: saved };
}

export interface TrendDeps {
  prisma: PrismaClient;
  /** The recruitment KPIs of a region for a selection year (the KPI layer's, cached). */
  kpis: (regionCode: string, year: number) => Promise<RecruitmentKpis | null>;
}

/** IKM per survey year of the region and everything below it; a period counts in the year it opens, local time. */
async function ikmPerYear(prisma: PrismaClient, region: TrendRegion): Promise<Map<number, number>> {
  const periods = await prisma.surveyPeriod.findMany({
    where: { serviceUnit: { region: regionSubtree(region.code) } },
    select: { id: true, serviceUnitId: true, label: true, opensAt: true },
  });
  const sums = await unitPeriodSums(prisma, periods);
  const zone = timeZoneOfRegion(region.code);
  const yearOf = new Map(periods.map((p) => [p.id, Number(localDay(p.opensAt, zone).slice(0, 4))]));
  return ikmByYear(sums.map((s) => ({ ...s, year: yearOf.get(s.periodId)! })));
}

/** Each figure of the region, year by year, beside the targets the region set. */
export async function regionTrends({ prisma, kpis }: TrendDeps, region: TrendRegion): Promise<FigureTrend[]> {
  const [years, ikm, targets] = await Promise.all([
    prisma.selectionYear.findMany({ select: { year: true }, orderBy: { year: 'asc' } }),
    ikmPerYear(prisma, region),
    prisma.regionTarget.findMany({ where: { regionId: region.id }, select: { year: true, figure: true, value: true } }),
  ]);
  const actuals = new Map<RegionFigure, Map<number, number | null>>(REGION_FIGURES.map((f) => [f, new Map()]));
  for (const { year } of years) {
    const k = await kpis(region.code, year);
    if (!k) continue;
    actuals.get('FILL_RATE')!.set(year, k.totals.fillRate);
    actuals.get('SKD_PASS_RATE')!.set(year, k.stages.find((s) => s.stage === 'SKD')?.passRate ?? null);
    actuals.get('DAYS_TO_FINAL_RESULT')!.set(year, k.daysToFinalResult);
  }
  for (const [year, value] of ikm) actuals.get('IKM')!.set(year, value);
  return trendSeries(actuals, targets);
}
