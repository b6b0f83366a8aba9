/**
 * Targets (sasaran) a regional government sets per selection year for the figures its leaders
 * watch, and the yearly series of each figure beside its target. Pure: the service gathers the
 * figures (recruitment KPIs per selection year, IKM per survey year) and the stored targets; these
 * functions check a target, line the series up by year and say whether each year met its target.
 */
import { rollUp, ikmFromAverages, type SkmSummary } from './ikm.js';

export type RegionFigure = 'FILL_RATE' | 'IKM' | 'SKD_PASS_RATE' | 'DAYS_TO_FINAL_RESULT';
export const REGION_FIGURES: readonly RegionFigure[] = ['FILL_RATE', 'IKM', 'SKD_PASS_RATE', 'DAYS_TO_FINAL_RESULT'];

/** Which way is better: more seats filled is better, fewer days to the final result is. */
export type TargetDirection = 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';

export interface FigureRule {
  /** Smallest and largest target accepted, in the figure's own unit (the API's). */
  min: number;
  max: number;
  /** Only whole numbers (days). */
  whole: boolean;
  better: TargetDirection;
}

/** The unit and range of each figure, as the API reports it (rates 0..1, IKM converted 25..100, days). */
export const FIGURE_RULES: Record<RegionFigure, FigureRule> = {
  FILL_RATE: { min: 0, max: 1, whole: false, better: 'HIGHER_IS_BETTER' },
  IKM: { min: 25, max: 100, whole: false, better: 'HIGHER_IS_BETTER' },
  SKD_PASS_RATE: { min: 0, max: 1, whole: false, better: 'HIGHER_IS_BETTER' },
  // A selection year runs from registration to the final result in well under two years.
  DAYS_TO_FINAL_RESULT: { min: 0, max: 730, whole: true, better: 'LOWER_IS_BETTER' },
};

/** Years a target may be set for: a plausible selection year, past or planned. */
export const TARGET_YEARS = { min: 2000, max: 2100 } as const;

/** What is wrong with a target, naming the input at fault; null when it may be stored. */
export function targetProblem(figure: RegionFigure, year: number, value: number | null): { field: 'year' | 'value'; message: string } | null {
  if (!Number.isInteger(year) || year < TARGET_YEARS.min || year > TARGET_YEARS.max) {
    return { field: 'year', message: `must be a year from ${TARGET_YEARS.min} to ${TARGET_YEARS.max}` };
  }
  if (value === null) return null;
  const rule = FIGURE_RULES[figure];
  if (!Number.isFinite(value) || value < rule.min || value > rule.max) {
    return { field: 'value', message: `${figure} must be from ${rule.min} to ${rule.max}${rule.min === 0 && rule.max === 1 ? ' (a rate: 0.85 is 85%)' : ''}` };
  }
  if (rule.whole && !Number.isInteger(value)) return { field: 'value', message: `${figure} must be a whole number` };
  return null;
}

/** Whether `actual` meets `target` in the figure's direction; null when either is unknown. */
export function meetsTarget(figure: RegionFigure, actual: number | null, target: number | null): boolean | null {
  if (actual === null || target === null) return null;
  return FIGURE_RULES[figure].better === 'HIGHER_IS_BETTER' ? actual >= target : actual <= target;
}

export interface TrendPoint {
  year: number;
  /** The figure that year; null when unknown (no selection that year, no survey heard). */
  actual: number | null;
  target: number | null;
  met: boolean | null;
  /** actual - target, in the figure's unit; null when either is unknown. */
  gap: number | null;
}

export interface FigureTrend {
  figure: RegionFigure;
  better: TargetDirection;
  points: TrendPoint[];
}

export interface TargetRow {
  year: number;
  figure: RegionFigure;
  value: number;
}

/**
 * The series of every figure over the same years (ascending, each once): every year that has a
 * figure or a target, so a chart of one figure lines up with the others and a target set for a
 * year still to come shows ahead of its figure.
 */
export function trendSeries(actuals: ReadonlyMap<RegionFigure, ReadonlyMap<number, number | null>>, targets: readonly TargetRow[]): FigureTrend[] {
  const years = new Set<number>(targets.map((t) => t.year));
  for (const byYear of actuals.values()) for (const year of byYear.keys()) years.add(year);
  const ordered = [...years].sort((a, b) => a - b);
  const targetOf = new Map(targets.map((t) => [`${t.figure}:${t.year}`, t.value]));
  return REGION_FIGURES.map((figure) => ({
    figure,
    better: FIGURE_RULES[figure].better,
    points: ordered.map((year) => {
      const actual = actuals.get(figure)?.get(year) ?? null;
      const target = targetOf.get(`${figure}:${year}`) ?? null;
      return { year, actual, target, met: meetsTarget(figure, actual, target), gap: actual === null || target === null ? null : actual - target };
    }),
  }));
}

/**
 * IKM (converted, 25..100) per year: the survey periods of a year (by the local day they open)
 * rolled up, weighted by respondents, as the satisfaction pages roll units up. Years nobody was
 * heard in are left out.
 */
export function ikmByYear(periods: ReadonlyArray<SkmSummary & { year: number }>): Map<number, number> {
  const byYear = new Map<number, SkmSummary[]>();
  for (const p of periods) byYear.set(p.year, [...(byYear.get(p.year) ?? []), p]);
  const out = new Map<number, number>();
  for (const [year, summaries] of [...byYear].sort(([a], [b]) => a - b)) {
    const summary = rollUp(summaries);
    if (summary) out.set(year, ikmFromAverages(summary.elementAverages).converted);
  }
  return out;
}
