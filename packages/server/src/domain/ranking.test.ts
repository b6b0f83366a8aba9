import { describe, expect, it } from 'vitest';
import { RULES_2024, type RuleSet, type SkdScores } from './rules.js';
import {
  compareFinal,
  optimize,
  rankFinal,
  rankSkd,
  type FinalCandidate,
  type OptimizationCandidate,
  type OptimizationFormation,
  type SkdCandidate,
} from './ranking.js';
import { formatScore } from './scoring.js';

const s = (TWK: number, TIU: number, TKP: number): SkdScores => ({ TWK, TIU, TKP });

function cand(participantNumber: string, scores: SkdScores | null, extra: Partial<SkdCandidate> = {}): SkdCandidate {
  return { key: `k${participantNumber}`, participantNumber, scores, ...extra };
}

const UMUM = (quota: number) => ({ type: 'UMUM' as const, quota });

/** Compact view of a ranking: participant number, rank and code. */
const view = (entries: Array<{ participantNumber: string; rank: number | null; resultCode: string }>) =>
  entries.map((e) => [e.participantNumber, e.rank, e.resultCode]);

describe('rankSkd', () => {
  it('gives every result code and sorts for display: ranked, then TL, then TH, then DIS', () => {
    const entries = rankSkd(RULES_2024, UMUM(1), [
      cand('09', null, { disqualified: true }),
      cand('08', s(150, 175, 225), { absent: true }),
      cand('07', null),
      cand('06', s(60, 175, 225)), // TL: TWK 60 below 65 even with total 460
      cand('05', s(65, 80, 166)),
      cand('04', s(70, 85, 170)),
      cand('03', s(80, 90, 180)),
      cand('02', s(90, 100, 190)),
      cand('01', s(100, 110, 200)),
    ]);
    expect(view(entries)).toEqual([
      ['01', 1, 'P/L'],
      ['02', 2, 'P/L'],
      ['03', 3, 'P/L'],
      ['04', 4, 'P'],
      ['05', 5, 'P'],
      ['06', 6, 'TL'],
      ['07', null, 'TH'],
      ['08', null, 'TH'],
      ['09', null, 'DIS'],
    ]);
    expect(entries.map((e) => e.total)).toEqual([410, 380, 350, 325, 311, 460, null, null, null]);
    expect(entries.map((e) => e.passedThreshold)).toEqual([true, true, true, true, true, false, false, false, false]);
  });

  it('includes applicants tied with the last one at the 3 x quota cut', () => {
    // quota 1: cut at 3; 03 and 04 are tied on every key at position 3.
    const entries = rankSkd(RULES_2024, UMUM(1), [
      cand('05', s(70, 85, 170)),
      cand('04', s(80, 90, 180)),
      cand('03', s(80, 90, 180)),
      cand('02', s(90, 100, 190)),
      cand('01', s(100, 110, 200)),
    ]);
    expect(view(entries)).toEqual([
      ['01', 1, 'P/L'],
      ['02', 2, 'P/L'],
      ['03', 3, 'P/L'],
      ['04', 3, 'P/L'],
      ['05', 5, 'P'],
    ]);
  });

  it('includes a whole tie group at the cut, however large', () => {
    const tied = ['03', '04', '05', '06'].map((n) => cand(n, s(80, 90, 180)));
    const entries = rankSkd(RULES_2024, UMUM(1), [cand('01', s(100, 110, 200)), cand('02', s(90, 100, 190)), ...tied]);
    expect(entries.map((e) => e.resultCode)).toEqual(['P/L', 'P/L', 'P/L', 'P/L', 'P/L', 'P/L']);
    expect(entries.map((e) => e.rank)).toEqual([1, 2, 3, 3, 3, 3]);
  });

  it('is not a tie at the cut when TKP differs (equal total)', () => {
    const entries = rankSkd(RULES_2024, UMUM(1), [
      cand('01', s(100, 110, 200)),
      cand('02', s(90, 100, 190)),
      cand('03', s(70, 95, 170)), // total 335, TKP 170
      cand('04', s(65, 90, 180)), // total 335, TKP 180: ranks before 03
    ]);
    expect(view(entries)).toEqual([
      ['01', 1, 'P/L'],
      ['02', 2, 'P/L'],
      ['04', 3, 'P/L'],
      ['03', 4, 'P'],
    ]);
  });

  it('is not a tie at the cut when TIU differs (equal total and TKP)', () => {
    const entries = rankSkd(RULES_2024, UMUM(1), [
      cand('01', s(100, 110, 200)),
      cand('02', s(90, 100, 190)),
      cand('03', s(75, 90, 170)), // total 335, TKP 170, TIU 90
      cand('04', s(65, 100, 170)), // total 335, TKP 170, TIU 100: ranks before 03
    ]);
    expect(view(entries)).toEqual([
      ['01', 1, 'P/L'],
      ['02', 2, 'P/L'],
      ['04', 3, 'P/L'],
      ['03', 4, 'P'],
    ]);
  });

  it('ranks higher total before higher TKP', () => {
    const entries = rankSkd(RULES_2024, UMUM(5), [cand('01', s(65, 80, 225)), cand('02', s(150, 175, 170))]);
    expect(entries.map((e) => e.participantNumber)).toEqual(['02', '01']);
  });

  it('uses competition ranks (1, 2, 2, 4) and orders a tie by participant number', () => {
    const entries = rankSkd(RULES_2024, UMUM(10), [
      cand('0004', s(65, 80, 166)),
      cand('0003', s(80, 90, 180)),
      cand('0002', s(80, 90, 180)),
      cand('0001', s(100, 110, 200)),
    ]);
    expect(view(entries)).toEqual([
      ['0001', 1, 'P/L'],
      ['0002', 2, 'P/L'],
      ['0003', 2, 'P/L'],
      ['0004', 4, 'P/L'],
    ]);
  });

  it('continues ranks for TL after the last applicant who passed, also on ties', () => {
    const entries = rankSkd(RULES_2024, UMUM(1), [
      cand('01', s(65, 80, 166)),
      cand('02', s(60, 175, 225)),
      cand('03', s(60, 175, 225)),
      cand('04', s(150, 75, 225)),
    ]);
    expect(view(entries)).toEqual([
      ['01', 1, 'P/L'],
      ['02', 2, 'TL'],
      ['03', 2, 'TL'],
      ['04', 4, 'TL'],
    ]);
  });

  it("applies the formation type's threshold", () => {
    const scores = [cand('01', s(60, 85, 166)), cand('02', s(60, 85, 165)), cand('03', s(50, 60, 176)), cand('04', s(150, 55, 225))];
    const codes = (type: 'UMUM' | 'KALIMANTAN' | 'CUMLAUDE' | 'DISABILITAS' | 'PAPUA') =>
      Object.fromEntries(rankSkd(RULES_2024, { type, quota: 5 }, scores).map((e) => [e.participantNumber, e.resultCode]));
    // 01: total 311, TIU 85, TWK 60. 02: total 310. 03: total 286, TIU 60. 04: total 430, TIU 55.
    expect(codes('UMUM')).toEqual({ '01': 'TL', '02': 'TL', '03': 'TL', '04': 'TL' });
    expect(codes('KALIMANTAN')).toEqual(codes('UMUM'));
    expect(codes('CUMLAUDE')).toEqual({ '01': 'P/L', '02': 'TL', '03': 'TL', '04': 'TL' });
    expect(codes('DISABILITAS')).toEqual({ '01': 'P/L', '02': 'P/L', '03': 'P/L', '04': 'TL' });
    expect(codes('PAPUA')).toEqual(codes('DISABILITAS'));
  });

  it('marks DIS over TH and shows no total for either', () => {
    const entries = rankSkd(RULES_2024, UMUM(1), [
      cand('02', s(100, 110, 200), { disqualified: true }),
      cand('01', null, { absent: true, disqualified: true }),
      cand('03', s(100, 110, 200), { absent: true }),
    ]);
    expect(view(entries)).toEqual([
      ['03', null, 'TH'],
      ['01', null, 'DIS'],
      ['02', null, 'DIS'],
    ]);
    expect(entries.every((e) => e.total === null && !e.passedThreshold)).toBe(true);
  });

  it('sends everyone who passed to SKB when fewer pass than the cut, and nobody at quota 0', () => {
    const list = [cand('01', s(100, 110, 200)), cand('02', s(65, 80, 166)), cand('03', s(60, 80, 166))];
    expect(rankSkd(RULES_2024, UMUM(1), list).map((e) => e.resultCode)).toEqual(['P/L', 'P/L', 'TL']);
    expect(rankSkd(RULES_2024, UMUM(0), list).map((e) => e.resultCode)).toEqual(['P', 'P', 'TL']);
  });

  it('takes the cut multiplier from the rule set (skbCutMultiplier x quota)', () => {
    const rules: RuleSet = { ...RULES_2024, skbCutMultiplier: 2 };
    const list = ['01', '02', '03', '04', '05'].map((n, i) => cand(n, s(100 - 5 * i, 110, 200)));
    expect(rankSkd(rules, UMUM(2), list).map((e) => e.resultCode)).toEqual(['P/L', 'P/L', 'P/L', 'P/L', 'P']);
    expect(rankSkd(RULES_2024, UMUM(1), list).map((e) => e.resultCode)).toEqual(['P/L', 'P/L', 'P/L', 'P', 'P']);
  });

  it('keeps extra fields, does not mutate its input, and returns [] for no candidates', () => {
    const input = [{ ...cand('01', s(65, 80, 166)), applicantName: 'B*** S******' }];
    const frozen = JSON.stringify(input);
    const [entry] = rankSkd(RULES_2024, UMUM(1), input);
    expect(entry?.applicantName).toBe('B*** S******');
    expect(JSON.stringify(input)).toBe(frozen);
    expect(rankSkd(RULES_2024, UMUM(1), [])).toEqual([]);
  });

  it('refuses scores that break the rule set, duplicate keys and a bad quota', () => {
    expect(() => rankSkd(RULES_2024, UMUM(1), [cand('01', s(67, 80, 166))])).toThrow('SKD scores of 01: TWK must be a multiple of 5 between 0 and 150, got 67');
    expect(() => rankSkd(RULES_2024, UMUM(1), [cand('01', s(65, 80, 166)), { ...cand('02', null), key: 'k01' }])).toThrow(/k01 appears twice/);
    expect(() => rankSkd(RULES_2024, UMUM(-1), [])).toThrow(RangeError);
    expect(() => rankSkd(RULES_2024, UMUM(1.5), [])).toThrow(RangeError);
  });
});

function fin(participantNumber: string, scores: SkdScores | null, skb: number | null, extra: Partial<FinalCandidate> = {}): FinalCandidate {
  return { key: `k${participantNumber}`, participantNumber, scores, skb, gpa: 3.5, birthDate: '1998-06-15', ...extra };
}

const finalView = (entries: Array<{ participantNumber: string; rank: number | null; selected: boolean }>) =>
  entries.map((e) => [e.participantNumber, e.rank, e.selected]);

describe('rankFinal', () => {
  it('ranks P/L applicants with an SKB score by final and selects the quota, best first', () => {
    const entries = rankFinal(RULES_2024, UMUM(3), [
      fin('01', s(100, 110, 200), 70), // SKD 410: final 71.82
      fin('02', s(90, 100, 190), 90), // SKD 380: 81.64
      fin('03', s(80, 90, 180), 85), // SKD 350: 76.45
      fin('04', s(80, 90, 180), null), // went to SKB (P/L) without an SKB score
      fin('05', s(70, 90, 180), 100), // SKD 340: 84.73
      fin('06', s(65, 80, 166), 100), // SKD 311: 82.62
      fin('07', s(65, 80, 166), 100, { birthDate: '1990-01-01' }), // same as 06, older
      fin('08', s(65, 80, 167), 100), // SKD 312: 82.69
      fin('09', s(60, 80, 166), 100), // TL: never ranked for the final
      fin('10', null, null, { absent: true }),
    ]);
    expect(entries.map((e) => [e.participantNumber, e.skdResultCode, e.final === null ? null : formatScore(e.final)])).toEqual([
      ['05', 'P/L', '84.73'],
      ['08', 'P/L', '82.69'],
      ['07', 'P/L', '82.62'],
      ['06', 'P/L', '82.62'],
      ['02', 'P/L', '81.64'],
      ['03', 'P/L', '76.45'],
      ['01', 'P/L', '71.82'],
      ['04', 'P/L', null],
      ['09', 'TL', null],
      ['10', 'TH', null],
    ]);
    expect(finalView(entries)).toEqual([
      ['05', 1, true],
      ['08', 2, true],
      ['07', 3, true],
      ['06', 4, false],
      ['02', 5, false],
      ['03', 6, false],
      ['01', 7, false],
      ['04', null, false],
      ['09', null, false],
      ['10', null, false],
    ]);
    expect(entries[0]?.final).toBeCloseTo((340 * 40) / 550 + 60, 10);
    expect(entries.find((e) => e.participantNumber === '10')?.total).toBeNull();
    expect(entries.some((e) => e.unresolvedTie)).toBe(false);
  });

  it('ranks only P/L: an applicant outside the SKB cut (P) gets no final even with an SKB score', () => {
    const entries = rankFinal(RULES_2024, UMUM(1), [
      fin('01', s(100, 110, 200), 60),
      fin('02', s(95, 110, 200), 60),
      fin('03', s(90, 110, 200), 60),
      fin('04', s(65, 80, 166), 100),
    ]);
    expect(entries.map((e) => [e.participantNumber, e.skdResultCode, e.final === null])).toEqual([
      ['01', 'P/L', false],
      ['02', 'P/L', false],
      ['03', 'P/L', false],
      ['04', 'P', true],
    ]);
  });

  it('keeps the SKD rank and code next to the final ones', () => {
    const [first] = rankFinal(RULES_2024, UMUM(1), [fin('01', s(65, 80, 166), 90), fin('02', s(100, 110, 200), 50)]);
    expect(first).toMatchObject({ participantNumber: '01', skdRank: 2, skdResultCode: 'P/L', rank: 1, selected: true, total: 311 });
  });

  it('ranks on the unrounded final even when the displayed values are equal', () => {
    const entries = rankFinal(RULES_2024, UMUM(1), [
      fin('01', s(80, 100, 220), 80), // SKD 400: 77.0909...
      fin('02', s(80, 100, 220), 80.004), // SKB a hair higher: 77.0933...
    ]);
    expect(entries.map((e) => formatScore(e.final ?? 0))).toEqual(['77.09', '77.09']);
    expect(finalView(entries)).toEqual([
      ['02', 1, true],
      ['01', 2, false],
    ]);
  });

  describe('tie-breaks on equal finals', () => {
    it('1. the higher SKD total, even when the doubles say otherwise (321+81 vs 354+77, both 71.9454...)', () => {
      const entries = rankFinal(RULES_2024, UMUM(1), [fin('01', s(65, 90, 166), 81), fin('02', s(80, 100, 174), 77)]);
      expect((entries[1]?.final ?? 0) > (entries[0]?.final ?? 0)).toBe(true); // float noise favours 01
      expect(finalView(entries)).toEqual([
        ['02', 1, true],
        ['01', 2, false],
      ]);
    });

    it('2. the higher TKP on equal SKD totals', () => {
      const entries = rankFinal(RULES_2024, UMUM(1), [fin('01', s(70, 95, 170), 80), fin('02', s(65, 90, 180), 80)]);
      expect(finalView(entries)).toEqual([
        ['02', 1, true],
        ['01', 2, false],
      ]);
    });

    it('3. the higher TIU on equal SKD total and TKP', () => {
      const entries = rankFinal(RULES_2024, UMUM(1), [fin('01', s(75, 90, 170), 80), fin('02', s(65, 100, 170), 80)]);
      expect(finalView(entries)).toEqual([
        ['02', 1, true],
        ['01', 2, false],
      ]);
    });

    it('4. the higher GPA on equal SKD scores', () => {
      const entries = rankFinal(RULES_2024, UMUM(1), [fin('01', s(80, 90, 180), 80, { gpa: 3.5 }), fin('02', s(80, 90, 180), 80, { gpa: 3.62 })]);
      expect(finalView(entries)).toEqual([
        ['02', 1, true],
        ['01', 2, false],
      ]);
    });

    it('5. the older applicant on equal GPA', () => {
      const entries = rankFinal(RULES_2024, UMUM(1), [
        fin('01', s(80, 90, 180), 80, { birthDate: '1996-01-01' }),
        fin('02', s(80, 90, 180), 80, { birthDate: '1995-12-31' }),
      ]);
      expect(finalView(entries)).toEqual([
        ['02', 1, true],
        ['01', 2, false],
      ]);
    });

    it('a tie on every key shares the rank; one straddling the last seat is flagged, not decided', () => {
      const same = { birthDate: '1995-12-31', gpa: 3.7 };
      const entries = rankFinal(RULES_2024, UMUM(2), [
        fin('03', s(80, 90, 180), 80, same),
        fin('02', s(80, 90, 180), 80, same),
        fin('01', s(100, 110, 200), 80),
        fin('04', s(70, 90, 180), 80),
      ]);
      expect(entries.map((e) => [e.participantNumber, e.rank, e.selected, e.unresolvedTie])).toEqual([
        ['01', 1, true, false],
        ['02', 2, true, true],
        ['03', 2, true, true],
        ['04', 4, false, false],
      ]);
    });

    it('a full tie inside the quota is no problem', () => {
      const same = { birthDate: '1995-12-31', gpa: 3.7 };
      const entries = rankFinal(RULES_2024, UMUM(3), [
        fin('03', s(80, 90, 180), 80, same),
        fin('02', s(80, 90, 180), 80, same),
        fin('01', s(100, 110, 200), 80),
      ]);
      expect(entries.map((e) => [e.participantNumber, e.rank, e.selected, e.unresolvedTie])).toEqual([
        ['01', 1, true, false],
        ['02', 2, true, false],
        ['03', 2, true, false],
      ]);
    });
  });

  it('compareFinal orders on every level', () => {
    const base = { final: 70, scores: s(80, 90, 180), gpa: 3.5, birthDate: '1998-01-01' };
    expect(compareFinal({ ...base, final: 70.1 }, base)).toBeLessThan(0);
    expect(compareFinal({ ...base, scores: s(85, 90, 180) }, base)).toBeLessThan(0);
    expect(compareFinal({ ...base, scores: s(75, 90, 185) }, base)).toBeLessThan(0);
    expect(compareFinal({ ...base, scores: s(75, 95, 180) }, base)).toBeLessThan(0);
    expect(compareFinal({ ...base, gpa: 3.51 }, base)).toBeLessThan(0);
    expect(compareFinal({ ...base, birthDate: '1997-12-31' }, base)).toBeLessThan(0);
    expect(compareFinal(base, { ...base })).toBe(0);
  });

  it('refuses a malformed birth date or GPA of a finalist', () => {
    expect(() => rankFinal(RULES_2024, UMUM(1), [fin('01', s(80, 90, 180), 80, { birthDate: '15-06-1998' })])).toThrow(
      'birth date of 01 must be a date as YYYY-MM-DD, got 15-06-1998',
    );
    expect(() => rankFinal(RULES_2024, UMUM(1), [fin('01', s(80, 90, 180), 80, { birthDate: '1998-02-30' })])).toThrow(RangeError);
    expect(() => rankFinal(RULES_2024, UMUM(1), [fin('01', s(80, 90, 180), 80, { gpa: Number.NaN })])).toThrow(/GPA of 01/);
    expect(() => rankFinal(RULES_2024, UMUM(1), [fin('01', s(80, 90, 180), 101)])).toThrow(/SKB must be between 0 and 100/);
  });
});

function pooled(key: string, formationKey: string, final: number, extra: Partial<OptimizationCandidate> = {}): OptimizationCandidate {
  return {
    key,
    participantNumber: `P-${key}`,
    formationKey,
    jobTitle: 'Guru Ahli Pertama',
    educationLevel: 'S1',
    final,
    scores: s(80, 90, 180),
    gpa: 3.5,
    birthDate: '1998-01-01',
    disability: false,
    originRegionCode: '33.74',
    ...extra,
  };
}

function formation(key: string, quota: number, filled: number, extra: Partial<OptimizationFormation> = {}): OptimizationFormation {
  return { key, jobTitle: 'Guru Ahli Pertama', educationLevel: 'S1', type: 'UMUM', quota, filled, ...extra };
}

describe('optimize (optimalisasi, P/L-2)', () => {
  it('fills unfilled seats from the same job and education at other formations, best first', () => {
    const placements = optimize(
      RULES_2024,
      [formation('F-A', 3, 1), formation('F-B', 2, 2), formation('F-C', 1, 1, { jobTitle: 'Perawat Ahli Pertama' })],
      [
        pooled('c1', 'F-B', 70),
        pooled('c2', 'F-B', 80),
        pooled('c3', 'F-B', 75),
        pooled('nurse', 'F-C', 99, { jobTitle: 'Perawat Ahli Pertama' }),
        pooled('d3', 'F-X', 99, { educationLevel: 'D3' }),
      ],
    );
    expect(placements).toEqual([
      { candidateKey: 'c2', toFormationKey: 'F-A' },
      { candidateKey: 'c3', toFormationKey: 'F-A' },
    ]);
  });

  it('serves formations in ascending key order and places each applicant once', () => {
    const placements = optimize(
      RULES_2024,
      [formation('F-Z', 1, 0), formation('F-A', 1, 0), formation('F-M', 1, 0)],
      [pooled('c1', 'F-X', 70), pooled('c2', 'F-X', 80)],
    );
    expect(placements).toEqual([
      { candidateKey: 'c2', toFormationKey: 'F-A' },
      { candidateKey: 'c1', toFormationKey: 'F-M' },
    ]);
  });

  it('never places an applicant back into their own formation', () => {
    const placements = optimize(RULES_2024, [formation('F-A', 1, 0), formation('F-B', 1, 0)], [pooled('fromA', 'F-A', 90), pooled('fromB', 'F-B', 80)]);
    expect(placements).toEqual([
      { candidateKey: 'fromB', toFormationKey: 'F-A' },
      { candidateKey: 'fromA', toFormationKey: 'F-B' },
    ]);
  });

  it('ranks the pool with the final tie-breaks (equal final: SKD total, TKP, TIU, GPA, age), then participant number', () => {
    const pool = [
      pooled('young', 'F-X', 70, { birthDate: '1999-01-01' }),
      pooled('old', 'F-X', 70, { birthDate: '1990-01-01' }),
      pooled('gpa', 'F-X', 70, { gpa: 3.9, birthDate: '1999-01-01' }),
      pooled('tiu', 'F-X', 70, { scores: s(70, 100, 180), birthDate: '1999-01-01' }),
      pooled('tkp', 'F-X', 70, { scores: s(70, 85, 195), birthDate: '1999-01-01' }),
      pooled('skd', 'F-X', 70, { scores: s(80, 90, 181), birthDate: '1999-01-01' }),
      pooled('final', 'F-X', 70.01),
      pooled('b-twin', 'F-X', 60),
      pooled('a-twin', 'F-X', 60),
    ];
    const placements = optimize(RULES_2024, [formation('F-A', 9, 0)], pool);
    expect(placements.map((p) => p.candidateKey)).toEqual(['final', 'skd', 'tkp', 'tiu', 'gpa', 'old', 'young', 'a-twin', 'b-twin']);
  });

  it('leaves seats open when the pool runs out, and skips full or over-full formations', () => {
    expect(optimize(RULES_2024, [formation('F-A', 5, 0), formation('F-B', 1, 3)], [pooled('c1', 'F-X', 70)])).toEqual([
      { candidateKey: 'c1', toFormationKey: 'F-A' },
    ]);
    expect(optimize(RULES_2024, [formation('F-A', 2, 2)], [pooled('c1', 'F-X', 70)])).toEqual([]);
    expect(optimize(RULES_2024, [], [pooled('c1', 'F-X', 70)])).toEqual([]);
  });

  it('is deterministic whatever the input order', () => {
    const formations = [formation('F-C', 2, 1), formation('F-A', 1, 0), formation('F-B', 2, 0)];
    const pool = ['a', 'b', 'c', 'd', 'e', 'f'].map((k, i) => pooled(k, 'F-X', 60 + (i % 3)));
    const expected = optimize(RULES_2024, formations, pool);
    expect(expected).toHaveLength(4);
    expect(optimize(RULES_2024, [...formations].reverse(), [...pool].reverse())).toEqual(expected);
  });

  it('does not confuse a job title and education that concatenate alike', () => {
    const placements = optimize(
      RULES_2024,
      [formation('F-A', 1, 0, { jobTitle: 'Guru S', educationLevel: '1' })],
      [pooled('c1', 'F-X', 70, { jobTitle: 'Guru', educationLevel: 'S1' })],
    );
    expect(placements).toEqual([]);
  });

  it('places nobody in a formation whose type they could not have applied to (RULES.md formation types)', () => {
    // A Semarang (33.74) applicant with GPA 3.40 and no disability: only the UMUM seat is theirs.
    const placements = optimize(
      RULES_2024,
      [
        formation('F-A-papua', 1, 0, { type: 'PAPUA' }),
        formation('F-B-kalimantan', 1, 0, { type: 'KALIMANTAN' }),
        formation('F-C-disabilitas', 1, 0, { type: 'DISABILITAS' }),
        formation('F-D-cumlaude', 1, 0, { type: 'CUMLAUDE' }),
        formation('F-E-umum', 1, 0),
      ],
      [pooled('semarang', 'F-X', 90, { gpa: 3.4 })],
    );
    expect(placements).toEqual([{ candidateKey: 'semarang', toFormationKey: 'F-E-umum' }]);
  });

  it('passes over an ineligible better applicant for the best eligible one, who keeps their rank elsewhere', () => {
    // Samarinda (64.72) is in Kalimantan; Jayapura (91.71) in Papua; 95.01 is a new Papua province.
    const pool = [
      pooled('samarinda', 'F-X', 90, { originRegionCode: '64.72' }),
      pooled('jayapura', 'F-X', 80, { originRegionCode: '91.71' }),
      pooled('papua-selatan', 'F-X', 70, { originRegionCode: '95.01' }),
      pooled('cumlaude', 'F-X', 60, { gpa: 3.5 }),
      pooled('disabled', 'F-X', 50, { disability: true, gpa: 3.49 }),
    ];
    const placements = optimize(
      RULES_2024,
      [
        formation('F-A', 2, 0, { type: 'PAPUA' }),
        formation('F-B', 1, 0, { type: 'CUMLAUDE' }),
        formation('F-C', 1, 0, { type: 'DISABILITAS' }),
        formation('F-D', 1, 0, { type: 'KALIMANTAN' }),
        formation('F-E', 1, 0),
      ],
      pool,
    );
    expect(placements).toEqual([
      { candidateKey: 'jayapura', toFormationKey: 'F-A' },
      { candidateKey: 'papua-selatan', toFormationKey: 'F-A' },
      // The CUMLAUDE bound of the 2024 rules is 3.50, the bound itself included.
      { candidateKey: 'samarinda', toFormationKey: 'F-B' },
      { candidateKey: 'disabled', toFormationKey: 'F-C' },
      // The KALIMANTAN seat stays open: its one eligible applicant took a better-served seat first.
      { candidateKey: 'cumlaude', toFormationKey: 'F-E' },
    ]);
  });

  it('refuses duplicate keys and bad counts', () => {
    expect(() => optimize(RULES_2024, [formation('F-A', 1, 0), formation('F-A', 1, 0)], [])).toThrow(/F-A appears twice/);
    expect(() => optimize(RULES_2024, [formation('F-A', 1, 0)], [pooled('c', 'F-X', 70), pooled('c', 'F-Y', 60)])).toThrow(/c appears twice/);
    expect(() => optimize(RULES_2024, [formation('F-A', -1, 0)], [])).toThrow(RangeError);
    expect(() => optimize(RULES_2024, [formation('F-A', 1, 0)], [pooled('c', 'F-X', Number.NaN)])).toThrow(RangeError);
  });
});
