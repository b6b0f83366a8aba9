/**
 * Scoring of one applicant: SKD score checks, the SKD ranking order, the SKB score from its
 * components, the final integration and the one display rounding. Pure: no GraphQL, Prisma or
 * I/O. Numbers: shared/domain/RULES.md; the yearly numbers come from a {@link RuleSet}.
 */

import { SKD_SUBTESTS, skdMax, skdTotal, type RuleSet, type SkdScores, type SkdSubtest } from './rules.js';

/**
 * Result codes on announcements (RULES.md): `P/L` passed the threshold and within the SKB cut,
 * `P` passed but outside the cut, `TL` below the threshold, `TH` absent, `DIS` disqualified,
 * `P/L-2` placed by optimalisasi.
 */
export type ResultCode = 'P/L' | 'P' | 'TL' | 'TH' | 'DIS' | 'P/L-2';

/** One problem with submitted SKD scores, named by sub-test so a form can show it in place. */
export interface ScoreIssue {
  field: SkdSubtest;
  message: string;
}

/**
 * Checks SKD scores against the rule set before they are stored or published, because a score
 * off its step (TWK 67) or over its maximum can only be a typing or import error and would
 * otherwise rank applicants wrongly. TWK and TIU move in steps of 5 (5 per right answer); TKP in
 * steps of 1 (1..5 per answered question, 0 blank), so its maximum (5 x 45 = 225) is the only
 * bound on it. With `partial` (live progress while a session runs) missing sub-tests are fine;
 * otherwise all three are required. Returns no issues when the scores are valid.
 */
export function validateSkdScores(rules: RuleSet, scores: Partial<SkdScores>, options: { partial?: boolean } = {}): ScoreIssue[] {
  const issues: ScoreIssue[] = [];
  for (const field of SKD_SUBTESTS) {
    const value: unknown = scores[field];
    if (value === undefined || value === null) {
      if (!options.partial) issues.push({ field, message: `${field} is required` });
      continue;
    }
    const { max, step } = rules.skd.subtests[field];
    const ok = typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max && value % step === 0;
    if (!ok) {
      const expected = step === 1 ? `an integer between 0 and ${max}` : `a multiple of ${step} between 0 and ${max}`;
      issues.push({ field, message: `${field} must be ${expected}, got ${String(value)}` });
    }
  }
  return issues;
}

/**
 * The SKD ranking order inside one formation (RULES.md): higher total, then higher TKP, then
 * higher TIU, then higher TWK. Negative when `a` ranks first, 0 when the two are tied on every
 * key (and so share a rank), so it can be passed to `Array.prototype.sort` directly.
 */
export function compareSkd(a: SkdScores, b: SkdScores): number {
  return skdTotal(b) - skdTotal(a) || b.TKP - a.TKP || b.TIU - a.TIU || b.TWK - a.TWK;
}

/**
 * The SKB score (0..100) from its components (each 0..100) with the rule set's weights, so an
 * agency that adds an interview or a practical test changes data, not code. Throws a RangeError
 * naming a missing, unknown or out-of-range component rather than scoring a partial SKB.
 */
export function skbScore(rules: RuleSet, parts: Record<string, number>): number {
  const components = rules.skb.components;
  for (const name of Object.keys(parts)) {
    if (!Object.hasOwn(components, name)) throw new RangeError(`SKB component ${name} is not in the ${rules.year} rule set`);
  }
  let score = 0;
  for (const [name, weight] of Object.entries(components)) {
    const value = Object.hasOwn(parts, name) ? parts[name] : undefined;
    if (value === undefined) throw new RangeError(`SKB component ${name} is missing`);
    if (!Number.isFinite(value) || value < 0 || value > 100) {
      throw new RangeError(`SKB component ${name} must be between 0 and 100, got ${String(value)}`);
    }
    score += weight * value;
  }
  // Weights sum to 1 only up to floating error: never let that push a perfect SKB past 100.
  return Math.min(score, 100);
}

/**
 * The final score (RULES.md): SKD/max x 100 x skd weight + SKB x skb weight, e.g. SKD 420 gives
 * an SKD part of 30.5454... under the 2024 rules. Unrounded on purpose: ranking and selection
 * compare this value, and only {@link formatScore} rounds it, for display.
 */
export function finalScore(rules: RuleSet, skdTotalValue: number, skb: number): number {
  const max = skdMax(rules);
  if (!Number.isFinite(skdTotalValue) || skdTotalValue < 0 || skdTotalValue > max) {
    throw new RangeError(`SKD total must be between 0 and ${max}, got ${String(skdTotalValue)}`);
  }
  if (!Number.isFinite(skb) || skb < 0 || skb > 100) throw new RangeError(`SKB must be between 0 and 100, got ${String(skb)}`);
  return ((skdTotalValue * 100) / max) * rules.finalWeights.skd + skb * rules.finalWeights.skb;
}

/**
 * Two final scores closer than this are equal: the same mathematical score reached from different
 * SKD/SKB pairs can differ in the last binary digits (SKD 321 + SKB 81 and SKD 354 + SKB 77 are
 * both 71.94545...), and that noise must not decide a seat. Real differences are far larger
 * (the smallest step, one TKP point, moves the final by 0.0727).
 */
export const SCORE_EPSILON = 1e-9;

/**
 * Orders two unrounded scores, higher first, treating float noise as a tie (see
 * {@link SCORE_EPSILON}) so the next tie-break decides instead of a rounding artefact.
 */
export function compareScoresDesc(a: number, b: number): number {
  return Math.abs(a - b) <= SCORE_EPSILON ? 0 : b - a;
}

/**
 * The one display rounding of scores (announcements, API strings, dashboard): round half up
 * (half away from zero) to exactly two decimals, e.g. 30.5454... -> "30.55", 74 -> "74.00".
 * Computed on the decimal digits of the value taken to 10 places, so binary floating error
 * (1.005 is stored as 1.00499999...) cannot turn a half into a round-down. Display only: never
 * rank or select on the result.
 */
export function formatScore(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot format score ${String(value)}`);
  if (Math.abs(value) >= 1e15) throw new RangeError(`score ${value} is out of range`);
  const negative = value < 0;
  const [whole = '0', fraction = ''] = Math.abs(value).toFixed(10).split('.');
  let hundredths = BigInt(whole + fraction.slice(0, 2));
  if (fraction.charAt(2) >= '5') hundredths += 1n;
  const digits = hundredths.toString().padStart(3, '0');
  const text = `${digits.slice(0, -2)}.${digits.slice(-2)}`;
  return negative && hundredths !== 0n ? `-${text}` : text;
}
