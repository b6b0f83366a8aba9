import { describe, expect, it } from 'vitest';
import { gradeConverted, ikmFromAverages, ikmOfResponses, isProvisional, requiredSample, rollUp, summarizeResponses, validateSkmAnswers } from './ikm.js';

const all = (x: number) => Array.from({ length: 9 }, () => x);

describe('SKM answers', () => {
  it('takes exactly nine answers from 1 to 4, naming the element at fault', () => {
    expect(validateSkmAnswers(all(3))).toEqual([]);
    expect(validateSkmAnswers(all(3).slice(0, 8))).toEqual(['expected 9 answers (U1-U9), got 8']);
    expect(validateSkmAnswers([...all(3).slice(0, 2), 5, ...all(3).slice(3)])).toEqual(['U3 must be an integer from 1 to 4, got 5']);
    expect(validateSkmAnswers([0, ...all(2).slice(1)])).toEqual(['U1 must be an integer from 1 to 4, got 0']);
    expect(validateSkmAnswers([...all(2).slice(0, 8), 2.5])).toEqual(['U9 must be an integer from 1 to 4, got 2.5']);
  });
});

describe('IKM grade (RULES.md table), both sides of every bound', () => {
  it.each([
    [1, 'D', 'tidak baik'],
    [2.5996, 'D', 'tidak baik'], // 64.99
    [2.6, 'C', 'kurang baik'], // 65.00
    [3.064, 'C', 'kurang baik'], // 76.60
    [3.0644, 'B', 'baik'], // 76.61
    [3.532, 'B', 'baik'], // 88.30
    [3.5324, 'A', 'sangat baik'], // 88.31
    [4, 'A', 'sangat baik'],
  ] as const)('IKM %s is %s (%s)', (ikm, quality, performance) => {
    expect(ikmFromAverages(all(ikm))).toMatchObject({ quality, performance });
    expect(ikmFromAverages(all(ikm)).converted).toBeCloseTo(ikm * 25, 10);
  });

  it('places values in the hairline gaps of the IKM column by the converted value, to two decimals', () => {
    expect(gradeConverted(64.994).quality).toBe('D'); // IKM 2.59976 shows as 64.99
    expect(gradeConverted(64.995).quality).toBe('C'); // shows as 65.00
    expect(gradeConverted(76.6049).quality).toBe('C'); // IKM 3.064196 shows as 76.60
    expect(gradeConverted(76.605).quality).toBe('B'); // IKM 3.0642 shows as 76.61
    expect(gradeConverted(88.3049).quality).toBe('B');
    expect(gradeConverted(88.305).quality).toBe('A');
  });

  it('refuses averages outside 1..4 or a wrong count', () => {
    expect(() => ikmFromAverages(all(3).slice(1))).toThrow(/expected 9/);
    expect(() => ikmFromAverages([...all(3).slice(0, 8), 4.2])).toThrow(/U9 average/);
  });
});

describe('worked example', () => {
  // Five respondents at a puskesmas. Element sums (U1..U9): 17 15 14 20 16 18 19 12 15
  // averages: 3.4 3.0 2.8 4.0 3.2 3.6 3.8 2.4 3.0; sum 29.2; IKM = 29.2 / 9 = 3.2444…;
  // converted = 81.111…, which is 81.11: quality B, "baik".
  const responses = [
    [4, 3, 3, 4, 3, 4, 4, 2, 3],
    [3, 3, 3, 4, 3, 4, 4, 3, 3],
    [4, 3, 2, 4, 4, 3, 4, 2, 3],
    [3, 3, 3, 4, 3, 4, 3, 3, 3],
    [3, 3, 3, 4, 3, 3, 4, 2, 3],
  ];
  it('gives the hand-checked figures', () => {
    const r = ikmOfResponses(responses)!;
    expect(r.respondents).toBe(5);
    expect(r.elementAverages.map((a) => Number(a.toFixed(2)))).toEqual([3.4, 3, 2.8, 4, 3.2, 3.6, 3.8, 2.4, 3]);
    expect(r.ikm).toBeCloseTo(29.2 / 9, 12);
    expect(r.converted).toBeCloseTo(81.1111, 4);
    expect(r).toMatchObject({ quality: 'B', performance: 'baik' });
  });
  it('has no index without respondents, and refuses a bad row naming it', () => {
    expect(ikmOfResponses([])).toBeNull();
    expect(() => summarizeResponses([all(3), [1, 2, 3]])).toThrow(/response 1: expected 9/);
  });
});

describe('roll-up weighted by respondents', () => {
  it('counts a unit heard by 300 three times one heard by 100; ignores units without respondents', () => {
    const r = rollUp([
      { respondents: 100, elementAverages: all(2) },
      { respondents: 300, elementAverages: all(4) },
      { respondents: 0, elementAverages: [] },
    ])!;
    expect(r.respondents).toBe(400);
    expect(r.elementAverages.every((a) => Math.abs(a - 3.5) < 1e-12)).toBe(true);
    expect(rollUp([{ respondents: 0, elementAverages: [] }])).toBeNull();
  });
});

describe('required sample (Krejcie-Morgan, RULES.md examples)', () => {
  it.each([
    [100, 80],
    [1_000, 278],
    [1_000_000, 384],
    [10_000_000, 384],
  ])('N = %i needs %i respondents', (n, s) => {
    expect(requiredSample(n)).toBe(s);
  });
  it('marks a result below the sample provisional', () => {
    expect(isProvisional(79, 100)).toBe(true);
    expect(isProvisional(80, 100)).toBe(false);
    expect(() => requiredSample(0)).toThrow(/population/);
  });
});
