import { describe, expect, it } from 'vitest';
import { checkEligibility, type EligibilityInput } from './eligibility.js';
import { RULES_2024 } from './rules.js';

const base: EligibilityInput['applicant'] = { educationLevel: 'S1', disability: false, gpa: 3.2, originRegionCode: '33.74' };
const check = (applicant: Partial<EligibilityInput['applicant']>, formation: EligibilityInput['formation']) =>
  checkEligibility({ applicant: { ...base, ...applicant }, formation, rules: RULES_2024 }).map((p) => p.field);

describe('eligibility (RULES.md formation types)', () => {
  it('UMUM asks only for the education level of the job, neither lower nor higher', () => {
    expect(check({}, { educationLevel: 'S1', type: 'UMUM' })).toEqual([]);
    expect(check({ educationLevel: 'D3' }, { educationLevel: 'S1', type: 'UMUM' })).toEqual(['educationLevel']);
    expect(check({ educationLevel: 'S2' }, { educationLevel: 'S1', type: 'UMUM' })).toEqual(['educationLevel']);
  });

  it('DISABILITAS needs the disability flag', () => {
    expect(check({}, { educationLevel: 'S1', type: 'DISABILITAS' })).toEqual(['disability']);
    expect(check({ disability: true }, { educationLevel: 'S1', type: 'DISABILITAS' })).toEqual([]);
  });

  it('CUMLAUDE needs the rule set GPA bound of 3.50, the bound itself included', () => {
    expect(check({ gpa: 3.49 }, { educationLevel: 'S1', type: 'CUMLAUDE' })).toEqual(['gpa']);
    expect(check({ gpa: 3.5 }, { educationLevel: 'S1', type: 'CUMLAUDE' })).toEqual([]);
  });

  it('PAPUA and KALIMANTAN need an origin in those provinces, new Papua provinces included', () => {
    expect(check({}, { educationLevel: 'S1', type: 'PAPUA' })).toEqual(['originRegion']);
    expect(check({ originRegionCode: '91.71' }, { educationLevel: 'S1', type: 'PAPUA' })).toEqual([]);
    expect(check({ originRegionCode: '95.01' }, { educationLevel: 'S1', type: 'PAPUA' })).toEqual([]);
    expect(check({ originRegionCode: '64.72' }, { educationLevel: 'S1', type: 'PAPUA' })).toEqual(['originRegion']);
    expect(check({ originRegionCode: '64.72' }, { educationLevel: 'S1', type: 'KALIMANTAN' })).toEqual([]);
    expect(check({ originRegionCode: '15.71' }, { educationLevel: 'S1', type: 'KALIMANTAN' })).toEqual(['originRegion']);
  });

  it('reports every unmet requirement at once', () => {
    expect(check({ educationLevel: 'D3', gpa: 3.0 }, { educationLevel: 'S1', type: 'CUMLAUDE' })).toEqual(['educationLevel', 'gpa']);
  });
});
