import { describe, expect, it } from 'vitest';
import { staffingGap } from './needs.js';
import { parseRuleSet, RULES_2024, RuleSetError } from './rules.js';

describe('staffingGap', () => {
  it('takes the larger of the population and the load figure, rounding staff up', () => {
    // 0.5 nurses per 1,000 of 36,000 residents = 18; 52,000 visits / 2,500 = 20.8 -> 21.
    expect(
      staffingGap(
        { perThousandResidents: 0.5, loadPerStaff: 2500 },
        { populationServed: 36_000, serviceLoad: 52_000, currentStaff: 14, expectedRetirements: 2 },
      ),
    ).toEqual({
      need: 21,
      remaining: 12,
      gap: 9,
    });
  });

  it('a surplus is no gap, and retirements never count below zero staff', () => {
    expect(staffingGap({ loadPerStaff: 28 }, { populationServed: 0, serviceLoad: 280, currentStaff: 12, expectedRetirements: 1 })).toEqual({
      need: 10,
      remaining: 11,
      gap: 0,
    });
    expect(staffingGap({ perThousandResidents: 1 }, { populationServed: 2000, serviceLoad: 0, currentStaff: 1, expectedRetirements: 3 })).toEqual({
      need: 2,
      remaining: 0,
      gap: 2,
    });
  });
});

describe('staffing norms in the rule set', () => {
  it('a rule set stored before norms existed has none', () => {
    const { staffingNorms: _, ...old } = JSON.parse(JSON.stringify(RULES_2024));
    expect(parseRuleSet(old).staffingNorms).toEqual({});
  });

  it('a norm naming no figure is refused with its path', () => {
    const broken = { ...JSON.parse(JSON.stringify(RULES_2024)), staffingNorms: { Bidan: {} } };
    expect(() => parseRuleSet(broken)).toThrow(new RuleSetError('staffingNorms.Bidan', 'names neither perThousandResidents nor loadPerStaff'));
  });
});
