import { describe, expect, it } from 'vitest';
import { recruitmentImpactOf, type UnitPeriodSummary } from './impact.js';

const all = (x: number) => Array.from({ length: 9 }, () => x);
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const periods = [
  { label: '2024-S2', opensAt: day('2024-07-01'), closesAt: day('2025-01-01') },
  { label: '2025-S1', opensAt: day('2025-01-01'), closesAt: day('2025-07-01') },
  { label: '2025-S2', opensAt: day('2025-07-01'), closesAt: day('2026-01-01') },
];
const heard = (unitId: number, label: string, average: number, respondents = 10): UnitPeriodSummary => ({
  unitId,
  label,
  respondents,
  elementAverages: all(average),
});

describe('recruitment impact', () => {
  it('compares against units that gained nobody in the window, whatever cohort the others got', () => {
    const summaries = [1, 2, 3].flatMap((u) => [heard(u, '2024-S2', 3), heard(u, '2025-S1', 3), heard(u, '2025-S2', u === 1 ? 4 : 3.2)]);
    const [c2024, c2025] = recruitmentImpactOf({
      units: [1, 2, 3],
      periods,
      summaries,
      arrivals: [
        { unitId: 1, cohort: 2024, startsOn: day('2025-03-01'), employees: 3 },
        // Unit 3 gains a 2025 recruit inside the 2024 cohort's window: it is no comparison for it.
        { unitId: 3, cohort: 2025, startsOn: day('2025-09-01'), employees: 1 },
      ],
    });
    expect(c2024).toMatchObject({ before: { label: '2024-S2' }, after: { label: '2025-S2' }, treated: { units: 1 }, comparison: { units: 1 } });
    expect(c2024!.treated.change).toBeCloseTo(25, 10); // unit 1: 3.0 -> 4.0 = 75 -> 100
    expect(c2024!.comparison.change).toBeCloseTo(5, 10); // unit 2: 3.0 -> 3.2 = 75 -> 80
    expect(c2024!.difference).toBeCloseTo(20, 10);
    // The 2025 cohort arrived in 2025-S2 with no period after it: nothing to compare yet.
    expect(c2025).toMatchObject({ cohort: 2025, before: { label: '2025-S1' }, after: null, difference: null, trend: [] });
    expect(c2025!.units).toMatchObject([{ unitId: 3, employees: 1, after: null, change: null }]);
    expect(c2025!.units[0]!.before).toBeCloseTo(75, 10);
  });
});
