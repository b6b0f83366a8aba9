import { describe, expect, it } from 'vitest';
import { FORMATION_TYPES, meetsThreshold, parseRuleSet, RULES_2024, RuleSetError, type RuleSet, type SkdScores } from './rules.js';
import { compareScoresDesc, compareSkd, finalScore, formatScore, skbScore, validateSkdScores } from './scoring.js';

const s = (TWK: number, TIU: number, TKP: number): SkdScores => ({ TWK, TIU, TKP });

describe('validateSkdScores', () => {
  it('accepts scores on their steps within 0..max (TWK 150, TIU 175, TKP 225)', () => {
    expect(validateSkdScores(RULES_2024, s(65, 80, 166))).toEqual([]);
    expect(validateSkdScores(RULES_2024, s(0, 0, 0))).toEqual([]);
    expect(validateSkdScores(RULES_2024, s(150, 175, 225))).toEqual([]);
  });

  it('rejects a TWK off its step of 5 with a clear message', () => {
    expect(validateSkdScores(RULES_2024, s(67, 80, 166))).toEqual([{ field: 'TWK', message: 'TWK must be a multiple of 5 between 0 and 150, got 67' }]);
  });

  it('rejects scores above the maximum or below 0', () => {
    expect(validateSkdScores(RULES_2024, s(155, 180, 226))).toEqual([
      { field: 'TWK', message: 'TWK must be a multiple of 5 between 0 and 150, got 155' },
      { field: 'TIU', message: 'TIU must be a multiple of 5 between 0 and 175, got 180' },
      { field: 'TKP', message: 'TKP must be an integer between 0 and 225, got 226' },
    ]);
    expect(validateSkdScores(RULES_2024, s(-5, 80, -1)).map((i) => i.field)).toEqual(['TWK', 'TKP']);
  });

  it('takes TKP in steps of 1 (1..5 per answered question, 0 blank)', () => {
    expect(validateSkdScores(RULES_2024, s(65, 80, 167))).toEqual([]);
    expect(validateSkdScores(RULES_2024, s(65, 80, 45))).toEqual([]);
    expect(validateSkdScores(RULES_2024, s(65, 80, 166.5))).toEqual([{ field: 'TKP', message: 'TKP must be an integer between 0 and 225, got 166.5' }]);
  });

  it('rejects non-numbers and non-finite values', () => {
    const bad = { TWK: Number.NaN, TIU: '80', TKP: Number.POSITIVE_INFINITY } as unknown as SkdScores;
    expect(validateSkdScores(RULES_2024, bad).map((i) => i.message)).toEqual([
      'TWK must be a multiple of 5 between 0 and 150, got NaN',
      'TIU must be a multiple of 5 between 0 and 175, got 80',
      'TKP must be an integer between 0 and 225, got Infinity',
    ]);
  });

  it('requires all three sub-tests unless partial', () => {
    expect(validateSkdScores(RULES_2024, { TWK: 65 })).toEqual([
      { field: 'TIU', message: 'TIU is required' },
      { field: 'TKP', message: 'TKP is required' },
    ]);
    expect(validateSkdScores(RULES_2024, { TWK: 65, TIU: null } as unknown as Partial<SkdScores>).map((i) => i.field)).toEqual(['TIU', 'TKP']);
  });

  it('accepts missing sub-tests in partial (live progress) mode but still checks the present ones', () => {
    expect(validateSkdScores(RULES_2024, {}, { partial: true })).toEqual([]);
    expect(validateSkdScores(RULES_2024, { TIU: 35 }, { partial: true })).toEqual([]);
    expect(validateSkdScores(RULES_2024, { TIU: 36 }, { partial: true })).toEqual([
      { field: 'TIU', message: 'TIU must be a multiple of 5 between 0 and 175, got 36' },
    ]);
  });

  it('reads maxima and steps from the rule set, not literals', () => {
    const rules: RuleSet = {
      ...RULES_2024,
      skd: { ...RULES_2024.skd, subtests: { ...RULES_2024.skd.subtests, TWK: { questions: 20, max: 200, step: 10 } } },
    };
    expect(validateSkdScores(rules, s(190, 80, 166))).toEqual([]);
    expect(validateSkdScores(rules, s(65, 80, 166))).toEqual([{ field: 'TWK', message: 'TWK must be a multiple of 10 between 0 and 200, got 65' }]);
  });
});

describe('thresholds per formation type (meetsThreshold with RULES_2024)', () => {
  const cases: Array<[string, (typeof FORMATION_TYPES)[number], SkdScores, boolean]> = [
    // UMUM and KALIMANTAN: TWK >= 65, TIU >= 80, TKP >= 166, each on its own.
    ...(['UMUM', 'KALIMANTAN'] as const).flatMap(
      (type): Array<[string, typeof type, SkdScores, boolean]> => [
        [`${type} at every minimum`, type, s(65, 80, 166), true],
        [`${type} TWK 60 fails even with a huge total (460)`, type, s(60, 175, 225), false],
        [`${type} TIU 75 fails even with a huge total`, type, s(150, 75, 225), false],
        [`${type} TKP 165 fails even with a huge total`, type, s(150, 175, 165), false],
        [`${type} well above every minimum`, type, s(120, 150, 200), true],
      ],
    ),
    // CUMLAUDE: total >= 311 and TIU >= 85.
    ['CUMLAUDE total 311 and TIU 85', 'CUMLAUDE', s(60, 85, 166), true],
    ['CUMLAUDE total 310', 'CUMLAUDE', s(60, 85, 165), false],
    ['CUMLAUDE TIU 80 fails with total 400', 'CUMLAUDE', s(100, 80, 220), false],
    ['CUMLAUDE ignores a low TWK (30) when total and TIU pass', 'CUMLAUDE', s(30, 115, 166), true],
    // DISABILITAS and PAPUA: total >= 286 and TIU >= 60.
    ...(['DISABILITAS', 'PAPUA'] as const).flatMap(
      (type): Array<[string, typeof type, SkdScores, boolean]> => [
        [`${type} total 286 and TIU 60`, type, s(50, 60, 176), true],
        [`${type} total 285`, type, s(50, 60, 175), false],
        [`${type} TIU 55 fails with total 430`, type, s(150, 55, 225), false],
        [`${type} passes with TKP 150 (below the UMUM minimum) at total 290`, type, s(70, 70, 150), true],
        [`${type} passes a low TWK and TKP with total 286`, type, s(40, 100, 146), true],
      ],
    ),
  ];

  it.each(cases)('%s', (_name, type, scores, expected) => {
    expect(meetsThreshold(RULES_2024, type, scores)).toBe(expected);
  });

  it('KALIMANTAN has the same thresholds as UMUM', () => {
    expect(RULES_2024.thresholds.KALIMANTAN).toEqual(RULES_2024.thresholds.UMUM);
  });
});

describe('compareSkd', () => {
  it('ranks the higher total first', () => {
    expect(compareSkd(s(70, 90, 170), s(65, 80, 166))).toBeLessThan(0);
    expect(compareSkd(s(65, 80, 166), s(70, 90, 170))).toBeGreaterThan(0);
  });

  it('on equal totals, the higher TKP', () => {
    expect(compareSkd(s(65, 90, 180), s(70, 95, 170))).toBeLessThan(0);
  });

  it('on equal total and TKP, the higher TIU', () => {
    expect(compareSkd(s(65, 100, 170), s(75, 90, 170))).toBeLessThan(0);
    expect(compareSkd(s(75, 90, 170), s(65, 100, 170))).toBeGreaterThan(0);
  });

  it('is 0 only when every key is equal (equal total, TKP and TIU leave TWK equal too)', () => {
    expect(compareSkd(s(65, 80, 166), s(65, 80, 166))).toBe(0);
  });

  it('still orders on TWK last if given inconsistent data', () => {
    // Unreachable with real scores (total = TWK + TIU + TKP): shows TWK is the fourth key.
    const a = { TWK: 70, TIU: 80, TKP: 166 };
    const b = { TWK: 65, TIU: 80, TKP: 166 };
    expect(compareSkd(a, b)).toBeLessThan(0);
  });

  it('sorts a list in ranking order', () => {
    const list = [s(65, 80, 166), s(65, 100, 170), s(75, 90, 170), s(120, 150, 200), s(65, 90, 180)];
    expect(list.sort(compareSkd)).toEqual([s(120, 150, 200), s(65, 90, 180), s(65, 100, 170), s(75, 90, 170), s(65, 80, 166)]);
  });
});

describe('skbScore and the skb rule-set field', () => {
  it('RULES_2024 takes the CAT SKB alone', () => {
    expect(RULES_2024.skb).toEqual({ components: { CAT: 1 } });
    expect(skbScore(RULES_2024, { CAT: 82 })).toBe(82);
    expect(skbScore(RULES_2024, { CAT: 0 })).toBe(0);
    expect(skbScore(RULES_2024, { CAT: 100 })).toBe(100);
  });

  it('weights components with the rule set', () => {
    const rules: RuleSet = { ...RULES_2024, skb: { components: { CAT: 0.5, WAWANCARA: 0.3, PRAKTIK: 0.2 } } };
    expect(skbScore(rules, { CAT: 80, WAWANCARA: 90, PRAKTIK: 70 })).toBeCloseTo(81, 10);
    expect(skbScore(rules, { CAT: 100, WAWANCARA: 100, PRAKTIK: 100 })).toBeLessThanOrEqual(100);
  });

  it('throws a RangeError naming a missing component', () => {
    const rules: RuleSet = { ...RULES_2024, skb: { components: { CAT: 0.5, WAWANCARA: 0.5 } } };
    expect(() => skbScore(rules, { CAT: 80 })).toThrow(RangeError);
    expect(() => skbScore(rules, { CAT: 80 })).toThrow(/WAWANCARA is missing/);
    expect(() => skbScore(RULES_2024, {})).toThrow(/CAT is missing/);
  });

  it('throws on an unknown or out-of-range component', () => {
    expect(() => skbScore(RULES_2024, { CAT: 80, cat: 80 })).toThrow(/cat is not in the 2024 rule set/);
    expect(() => skbScore(RULES_2024, { CAT: 101 })).toThrow(/CAT must be between 0 and 100, got 101/);
    expect(() => skbScore(RULES_2024, { CAT: -1 })).toThrow(RangeError);
    expect(() => skbScore(RULES_2024, { CAT: Number.NaN })).toThrow(RangeError);
  });

  it('parseRuleSet accepts RULES_2024 from JSON, skb included', () => {
    expect(parseRuleSet(JSON.parse(JSON.stringify(RULES_2024)))).toEqual(RULES_2024);
  });

  it('parseRuleSet reads a rule set stored before skb existed as the CAT SKB alone', () => {
    const { skb: _skb, ...old } = RULES_2024;
    const parsed = parseRuleSet(JSON.parse(JSON.stringify(old)));
    expect(parsed.skb).toEqual({ components: { CAT: 1 } });
  });

  it('parseRuleSet reads a rule set stored before documents existed as the standard five for every type, and refuses a type requiring nothing', () => {
    const { documents: _documents, ...old } = RULES_2024;
    const parsed = parseRuleSet(JSON.parse(JSON.stringify(old)));
    for (const type of FORMATION_TYPES) expect(parsed.documents[type]).toEqual(['KTP', 'IJAZAH', 'TRANSKRIP', 'PAS_FOTO', 'SURAT_LAMARAN']);
    expect(() => parseRuleSet({ ...RULES_2024, documents: { ...RULES_2024.documents, PAPUA: [] } })).toThrow(
      /documents.PAPUA: expected at least one document kind/,
    );
    expect(() => parseRuleSet({ ...RULES_2024, documents: ['KTP'] })).toThrow(/documents: expected a list of documents per formation type/);
  });

  it.each([
    ['weights not summing to 1', { components: { CAT: 0.5, WAWANCARA: 0.4 } }, /skb.components: weights must sum to 1/],
    ['no component', { components: {} }, /names no component/],
    ['no components object', { components: null }, /expected an object of weights/],
    ['an array', { components: [1] }, /expected an object of weights/],
    ['a weight above 1', { components: { CAT: 1.5, WAWANCARA: -0.5 } }, /skb.components.CAT: a weight cannot exceed 1/],
    ['a negative weight', { components: { CAT: 1, WAWANCARA: -0.5 } }, /skb.components.WAWANCARA: expected a number >= 0/],
    ['a string weight', { components: { CAT: '1' } }, /skb.components.CAT: expected a number/],
    ['null skb', null, /expected an object of weights/],
  ])('parseRuleSet rejects %s', (_name, skb, message) => {
    expect(() => parseRuleSet({ ...JSON.parse(JSON.stringify(RULES_2024)), skb })).toThrow(RuleSetError);
    expect(() => parseRuleSet({ ...JSON.parse(JSON.stringify(RULES_2024)), skb })).toThrow(message);
  });
});

describe('finalScore', () => {
  it("gives RULES.md's example: SKD 420 is an SKD part of 30.5454...", () => {
    const part = finalScore(RULES_2024, 420, 0);
    expect(part).toBeCloseTo(30.545454545454, 10);
    expect(part).toBe((420 * 100 * 0.4) / 550);
    expect(formatScore(part)).toBe('30.55');
  });

  it('adds SKB x 60%, unrounded', () => {
    const value = finalScore(RULES_2024, 420, 80);
    expect(value).toBeCloseTo(78.545454545454, 10);
    expect(value).not.toBe(78.55);
    expect(formatScore(value)).toBe('78.55');
  });

  it('spans 0..100', () => {
    expect(finalScore(RULES_2024, 0, 0)).toBe(0);
    expect(finalScore(RULES_2024, 550, 100)).toBeCloseTo(100, 12);
    expect(finalScore(RULES_2024, 550, 0)).toBeCloseTo(40, 12);
    expect(finalScore(RULES_2024, 0, 100)).toBeCloseTo(60, 12);
  });

  it('uses the rule set weights and SKD maximum', () => {
    const rules: RuleSet = { ...RULES_2024, finalWeights: { skd: 0.5, skb: 0.5 } };
    expect(finalScore(rules, 275, 60)).toBeCloseTo(55, 12);
  });

  it('rejects an SKD total outside 0..max or an SKB outside 0..100', () => {
    expect(() => finalScore(RULES_2024, 551, 80)).toThrow(/SKD total must be between 0 and 550, got 551/);
    expect(() => finalScore(RULES_2024, -1, 80)).toThrow(RangeError);
    expect(() => finalScore(RULES_2024, 420, 100.5)).toThrow(/SKB must be between 0 and 100/);
    expect(() => finalScore(RULES_2024, Number.NaN, 80)).toThrow(RangeError);
  });
});

describe('compareScoresDesc', () => {
  it('treats the same mathematical final reached by different SKD/SKB pairs as a tie', () => {
    // 4 x 321/55 + 0.6 x 81 = 4 x 354/55 + 0.6 x 77 = 71.94545..., but the doubles differ.
    const a = finalScore(RULES_2024, 321, 81);
    const b = finalScore(RULES_2024, 354, 77);
    expect(a).not.toBe(b);
    expect(compareScoresDesc(a, b)).toBe(0);
  });

  it('orders real differences, higher first', () => {
    const lower = finalScore(RULES_2024, 420, 80);
    const higher = finalScore(RULES_2024, 421, 80);
    expect(compareScoresDesc(higher, lower)).toBeLessThan(0);
    expect(compareScoresDesc(lower, higher)).toBeGreaterThan(0);
  });
});

describe('formatScore (half up to 2 decimals)', () => {
  it.each([
    [(420 * 100 * 0.4) / 550, '30.55'],
    [74, '74.00'],
    [0, '0.00'],
    [100, '100.00'],
    [30.544999, '30.54'],
    [30.545, '30.55'],
    [0.005, '0.01'],
    [0.004999, '0.00'],
    [99.995, '100.00'],
    [1e-7, '0.00'],
    [7.1, '7.10'],
  ])('%s -> %s', (value, text) => {
    expect(formatScore(value)).toBe(text);
  });

  it('rounds halves up despite binary floating error, where toFixed does not', () => {
    expect((1.005).toFixed(2)).toBe('1.00');
    expect(formatScore(1.005)).toBe('1.01');
    expect((2.675).toFixed(2)).toBe('2.67');
    expect(formatScore(2.675)).toBe('2.68');
    expect(formatScore(30.549999999999997)).toBe('30.55');
  });

  it('rounds negatives away from zero and never shows -0.00', () => {
    expect(formatScore(-1.005)).toBe('-1.01');
    expect(formatScore(-0.001)).toBe('0.00');
  });

  it('rejects non-finite values', () => {
    expect(() => formatScore(Number.NaN)).toThrow(RangeError);
    expect(() => formatScore(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
