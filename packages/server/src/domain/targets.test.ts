import { describe, expect, it } from 'vitest';
import { ikmByYear, meetsTarget, targetProblem, trendSeries, type RegionFigure } from './targets.js';

describe('targetProblem', () => {
  it("accepts targets in the figure's own unit and range", () => {
    expect(targetProblem('FILL_RATE', 2025, 0.95)).toBeNull();
    expect(targetProblem('IKM', 2025, 88.31)).toBeNull();
    expect(targetProblem('SKD_PASS_RATE', 2024, 0)).toBeNull();
    expect(targetProblem('DAYS_TO_FINAL_RESULT', 2026, 120)).toBeNull();
    // Clearing a target (null) only needs a valid year.
    expect(targetProblem('IKM', 2025, null)).toBeNull();
  });

  it('names the field at fault: a rate typed as a percentage, an IKM below the scale, fractional days, an unlikely year', () => {
    expect(targetProblem('FILL_RATE', 2025, 95)).toEqual({ field: 'value', message: expect.stringContaining('0.85 is 85%') });
    expect(targetProblem('IKM', 2025, 20)?.field).toBe('value');
    expect(targetProblem('IKM', 2025, 100.01)?.field).toBe('value');
    expect(targetProblem('DAYS_TO_FINAL_RESULT', 2025, 90.5)).toEqual({ field: 'value', message: 'DAYS_TO_FINAL_RESULT must be a whole number' });
    expect(targetProblem('SKD_PASS_RATE', 2025, Number.NaN)?.field).toBe('value');
    expect(targetProblem('FILL_RATE', 2204, 0.9)?.field).toBe('year');
    expect(targetProblem('FILL_RATE', 2024.5, 0.9)?.field).toBe('year');
  });
});

describe('meetsTarget', () => {
  it("compares in the figure's direction: more is better for rates and IKM, fewer days is better", () => {
    expect(meetsTarget('FILL_RATE', 0.9, 0.9)).toBe(true);
    expect(meetsTarget('FILL_RATE', 0.89, 0.9)).toBe(false);
    expect(meetsTarget('IKM', 80, 76.61)).toBe(true);
    expect(meetsTarget('DAYS_TO_FINAL_RESULT', 100, 120)).toBe(true);
    expect(meetsTarget('DAYS_TO_FINAL_RESULT', 130, 120)).toBe(false);
    expect(meetsTarget('IKM', null, 80)).toBeNull();
    expect(meetsTarget('IKM', 80, null)).toBeNull();
  });
});

describe('trendSeries', () => {
  it('lines every figure up over the same years, targets beside figures, a future target included', () => {
    const actuals = new Map<RegionFigure, Map<number, number | null>>([
      ['FILL_RATE', new Map([[2024, 0.8]])],
      [
        'IKM',
        new Map([
          [2024, 78],
          [2025, 81],
          [2026, 83],
        ]),
      ],
    ]);
    const series = trendSeries(actuals, [
      { year: 2024, figure: 'FILL_RATE', value: 0.9 },
      { year: 2025, figure: 'IKM', value: 80 },
      { year: 2027, figure: 'IKM', value: 85 },
    ]);
    expect(series.map((s) => s.figure)).toEqual(['FILL_RATE', 'IKM', 'SKD_PASS_RATE', 'DAYS_TO_FINAL_RESULT']);
    for (const s of series) expect(s.points.map((p) => p.year)).toEqual([2024, 2025, 2026, 2027]);
    const fill = series[0]!;
    expect(fill.better).toBe('HIGHER_IS_BETTER');
    expect(fill.points[0]).toEqual({ year: 2024, actual: 0.8, target: 0.9, met: false, gap: expect.closeTo(-0.1, 10) });
    expect(fill.points[1]).toEqual({ year: 2025, actual: null, target: null, met: null, gap: null });
    const ikm = series[1]!;
    expect(ikm.points.map((p) => p.met)).toEqual([null, true, null, null]);
    expect(ikm.points[3]).toEqual({ year: 2027, actual: null, target: 85, met: null, gap: null });
    expect(series[3]!.better).toBe('LOWER_IS_BETTER');
  });

  it('is empty when a region has neither figures nor targets', () => {
    expect(trendSeries(new Map(), []).every((s) => s.points.length === 0)).toBe(true);
  });
});

describe('ikmByYear', () => {
  const flat = (average: number, respondents: number) => ({ respondents, elementAverages: Array(9).fill(average) as number[] });

  it('rolls the periods of a year up weighted by respondents, as the satisfaction pages do', () => {
    const byYear = ikmByYear([
      { year: 2024, ...flat(3, 30) },
      { year: 2024, ...flat(4, 10) },
      { year: 2025, ...flat(3.2, 5) },
    ]);
    // (3 x 30 + 4 x 10) / 40 = 3.25 -> 81.25
    expect(byYear.get(2024)).toBeCloseTo(81.25, 10);
    expect(byYear.get(2025)).toBeCloseTo(80, 10);
  });

  it('leaves out a year nobody was heard in', () => {
    expect([...ikmByYear([{ year: 2026, respondents: 0, elementAverages: [] }]).keys()]).toEqual([]);
  });
});
