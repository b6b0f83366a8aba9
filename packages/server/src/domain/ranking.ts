/**
 * Ranking inside one formation: the SKD ranking with its SKB cut and result codes, the final
 * ranking and selection, and optimalisasi across formations. Pure: no GraphQL, Prisma or I/O.
 * Rules and numbers: shared/domain/RULES.md.
 */

import { parseCalendarDate } from './calendar.js';
import { formationTypeIneligibility, type TypeEligibilityFacts } from './eligibility.js';
import { meetsThreshold, skdTotal, type FormationTypeName, type RuleSet, type SkdScores } from './rules.js';
import { compareScoresDesc, compareSkd, finalScore, validateSkdScores, type ResultCode } from './scoring.js';

/** One applicant of a formation as the SKD ranking sees them. */
export interface SkdCandidate {
  /** Caller's identity for the applicant (e.g. the application id); unique in one call. */
  key: string;
  participantNumber: string;
  /** Null when the applicant has no SKD scores (did not sit the test). */
  scores: SkdScores | null;
  absent?: boolean;
  disqualified?: boolean;
}

/** What the SKD ranking adds to a candidate. */
export interface SkdRankFields {
  /** SKD total; null for TH and DIS, which are not ranked or shown with a score. */
  total: number | null;
  passedThreshold: boolean;
  /**
   * Competition rank (1, 2, 2, 4) by {@link compareSkd}: those who passed the threshold first,
   * then TL continuing after the last of them; null for TH and DIS. Among those who passed, it
   * is the position the SKB cut is made on.
   */
  rank: number | null;
  resultCode: ResultCode;
}

export interface SkdRankEntry extends SkdCandidate, SkdRankFields {}

/** The formation facts ranking needs. */
export interface RankingFormation {
  type: FormationTypeName;
  quota: number;
}

/** Display order inside a tie, and the last resort everywhere: participant number, then key. */
function byParticipant(a: SkdCandidate, b: SkdCandidate): number {
  return cmp(a.participantNumber, b.participantNumber) || cmp(a.key, b.key);
}

/** Code-unit string order: the same on every machine, unlike localeCompare. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkCount(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${what} must be a whole number >= 0, got ${String(value)}`);
}

function checkUniqueKeys(items: Array<{ key: string }>, what: string): void {
  const seen = new Set<string>();
  for (const { key } of items) {
    if (seen.has(key)) throw new RangeError(`${what} key ${key} appears twice`);
    seen.add(key);
  }
}

/** Competition ranks over an already sorted list: an entry tied with the one before shares its rank. */
function competitionRanks<T>(sorted: T[], tied: (a: T, b: T) => boolean): number[] {
  const ranks: number[] = [];
  sorted.forEach((entry, i) => {
    const previous = sorted[i - 1];
    ranks.push(previous !== undefined && tied(previous, entry) ? (ranks[i - 1] ?? i + 1) : i + 1);
  });
  return ranks;
}

type Scored<C> = C & SkdRankFields & { scores: SkdScores };

/**
 * Ranks a formation's SKD results and gives each applicant their announcement code, so the SKB
 * list and the public ranking come from one definition of the rules (RULES.md): `P/L` for those
 * who passed the threshold and rank within skbCutMultiplier x quota (an applicant tied on every
 * key with the last one at the cut goes on as well, which competition ranks give as rank <= cut),
 * `P` passed outside the cut, `TL` below the threshold, `TH` absent or without scores, `DIS`
 * disqualified (DIS wins over TH). Returned in display order: P/L and P by rank, then TL by
 * score, then TH, then DIS; inside a tie (and within TH and DIS) by participant number. Throws a
 * RangeError on scores that break the rule set, since ranking them would publish a wrong list.
 */
export function rankSkd<C extends SkdCandidate>(rules: RuleSet, formation: RankingFormation, candidates: C[]): Array<C & SkdRankFields> {
  checkCount(formation.quota, 'quota');
  checkUniqueKeys(candidates, 'candidate');
  const passed: Array<Scored<C>> = [];
  const failed: Array<Scored<C>> = [];
  const absent: Array<C & SkdRankFields> = [];
  const disqualified: Array<C & SkdRankFields> = [];
  for (const c of candidates) {
    const unranked = { total: null, passedThreshold: false, rank: null } as const;
    if (c.disqualified) disqualified.push({ ...c, ...unranked, resultCode: 'DIS' });
    else if (c.absent || c.scores === null) absent.push({ ...c, ...unranked, resultCode: 'TH' });
    else {
      const scores = c.scores;
      const issues = validateSkdScores(rules, scores);
      if (issues.length) {
        throw new RangeError(`SKD scores of ${c.participantNumber}: ${issues.map((i) => i.message).join('; ')}`);
      }
      const ok = meetsThreshold(rules, formation.type, scores);
      (ok ? passed : failed).push({ ...c, scores, total: skdTotal(scores), passedThreshold: ok, rank: null, resultCode: ok ? 'P' : 'TL' });
    }
  }
  const byScore = (a: Scored<C>, b: Scored<C>): number => compareSkd(a.scores, b.scores) || byParticipant(a, b);
  passed.sort(byScore);
  failed.sort(byScore);
  // One list: identical scores always meet the same threshold, so no tie spans passed and TL.
  const ranked = [...passed, ...failed];
  const ranks = competitionRanks(ranked, (a, b) => compareSkd(a.scores, b.scores) === 0);
  ranked.forEach((entry, i) => {
    entry.rank = ranks[i] ?? null;
  });
  const cut = rules.skbCutMultiplier * formation.quota;
  for (const entry of passed) entry.resultCode = entry.rank !== null && entry.rank <= cut ? 'P/L' : 'P';
  absent.sort(byParticipant);
  disqualified.sort(byParticipant);
  return [...ranked, ...absent, ...disqualified];
}

/** The keys of the final ranking after the final score itself (RULES.md). */
export interface FinalTieBreak {
  /** Unrounded final score. */
  final: number;
  scores: SkdScores;
  /** IPK or diploma average. */
  gpa: number;
  /** YYYY-MM-DD. */
  birthDate: string;
}

/**
 * The final ranking order (RULES.md): higher final, then SKD total, TKP, TIU, TWK, then higher
 * GPA, then the older applicant (earlier birth date). Negative when `a` ranks first; 0 only when
 * every key is equal. Finals within float noise of each other count as equal (see
 * SCORE_EPSILON) so that the next key, not a binary rounding artefact, decides.
 */
export function compareFinal(a: FinalTieBreak, b: FinalTieBreak): number {
  return compareScoresDesc(a.final, b.final) || compareSkd(a.scores, b.scores) || compareScoresDesc(a.gpa, b.gpa) || cmp(a.birthDate, b.birthDate);
}

/** Birth dates are compared as text, so they must be real dates in exactly this form. */
function checkBirthDate(value: string, participantNumber: string): void {
  if (!parseCalendarDate(value)) {
    throw new RangeError(`birth date of ${participantNumber} must be a date as YYYY-MM-DD, got ${value}`);
  }
}

/** One applicant of a formation as the final ranking sees them. */
export interface FinalCandidate extends SkdCandidate {
  /** SKB score 0..100 (see skbScore); null when the applicant has none (did not sit the SKB). */
  skb: number | null;
  gpa: number;
  /** YYYY-MM-DD. */
  birthDate: string;
}

export interface FinalRankEntry extends FinalCandidate {
  /** SKD total; null for TH and DIS. */
  total: number | null;
  passedThreshold: boolean;
  /** The SKD rank and code (see rankSkd). */
  skdRank: number | null;
  skdResultCode: ResultCode;
  /** Unrounded final score; null unless the applicant went to SKB (P/L) and has an SKB score. */
  final: number | null;
  /** Competition rank by {@link compareFinal} among those with a final; null otherwise. */
  rank: number | null;
  /** Within the quota, best final first. */
  selected: boolean;
  /**
   * True for applicants equal on every key, birth date included, whose tie straddles the last
   * seat: the rules cannot decide it, so all of them are marked selected and the agency has to.
   */
  unresolvedTie: boolean;
}

/**
 * Ranks a formation for the final announcement and marks who fills its quota (RULES.md): only
 * applicants who went to SKB (P/L) and have an SKB score get a final, which is compared
 * unrounded with the {@link compareFinal} tie-breaks; the best `quota` are selected. The SKD
 * part is ranked here too (by rankSkd) so the final can never disagree with the SKB list.
 * Display order: ranked finals, then everyone else in SKD display order.
 */
export function rankFinal(rules: RuleSet, formation: RankingFormation, candidates: FinalCandidate[]): FinalRankEntry[] {
  const finalists: Array<FinalRankEntry & FinalTieBreak> = [];
  const others: FinalRankEntry[] = [];
  for (const entry of rankSkd(rules, formation, candidates)) {
    const { rank: skdRank, resultCode: skdResultCode, ...rest } = entry;
    const base = { ...rest, skdRank, skdResultCode, rank: null, selected: false, unresolvedTie: false };
    if (skdResultCode === 'P/L' && entry.skb !== null && entry.scores !== null && entry.total !== null) {
      if (!Number.isFinite(entry.gpa)) throw new RangeError(`GPA of ${entry.participantNumber} must be a number, got ${String(entry.gpa)}`);
      checkBirthDate(entry.birthDate, entry.participantNumber);
      finalists.push({ ...base, scores: entry.scores, final: finalScore(rules, entry.total, entry.skb) });
    } else {
      others.push({ ...base, final: null });
    }
  }
  finalists.sort((a, b) => compareFinal(a, b) || byParticipant(a, b));
  const ranks = competitionRanks(finalists, (a, b) => compareFinal(a, b) === 0);
  const quota = formation.quota;
  finalists.forEach((entry, i) => {
    const rank = ranks[i] ?? i + 1;
    entry.rank = rank;
    entry.selected = rank <= quota;
  });
  // A tie group straddles the last seat when it starts within the quota and ends outside it.
  for (let start = 0; start < finalists.length; ) {
    let end = start;
    while (end + 1 < finalists.length && finalists[end + 1]?.rank === finalists[start]?.rank) end++;
    if (start < quota && end >= quota) for (let i = start; i <= end; i++) (finalists[i] as FinalRankEntry).unresolvedTie = true;
    start = end + 1;
  }
  return [...finalists, ...others];
}

/** A formation as optimalisasi sees it. */
export interface OptimizationFormation {
  key: string;
  jobTitle: string;
  educationLevel: string;
  /** Its type decides who may be placed in it, as it did who could apply (domain/eligibility.ts). */
  type: FormationTypeName;
  quota: number;
  /** Seats already filled (selected applicants, earlier placements). */
  filled: number;
}

/** A passing-but-unselected applicant (went to SKB, has a final, not selected at their formation). */
export interface OptimizationCandidate extends FinalTieBreak, TypeEligibilityFacts {
  key: string;
  participantNumber: string;
  /** The formation the applicant applied to. */
  formationKey: string;
  jobTitle: string;
  educationLevel: string;
}

export interface Placement {
  candidateKey: string;
  toFormationKey: string;
}

/**
 * Optimalisasi (RULES.md, code `P/L-2`): fills each formation's unfilled seats (quota - filled)
 * from passing applicants not selected at another formation with the same job title and
 * education level, best ranked first across the pool by {@link compareFinal} (then participant
 * number), each applicant placed at most once, so seats are not left empty while qualified
 * applicants wait. An applicant is only placed in a formation whose type they could have applied
 * to (origin province for PAPUA and KALIMANTAN, the disability flag, the CUMLAUDE GPA bound of
 * `rules`): one passed over stays in the pool for the next formation. Formations are served in ascending key order (code-unit order of `key`), which
 * decides which formation gets the better applicant when several have open seats. The caller
 * scopes the call (e.g. one agency) and marks the placed applicants P/L-2. Returns placements in
 * the order they were made.
 */
export function optimize(rules: RuleSet, formations: OptimizationFormation[], pool: OptimizationCandidate[]): Placement[] {
  checkUniqueKeys(formations, 'formation');
  checkUniqueKeys(pool, 'candidate');
  for (const f of formations) {
    checkCount(f.quota, `quota of formation ${f.key}`);
    checkCount(f.filled, `filled of formation ${f.key}`);
  }
  for (const c of pool) {
    if (!Number.isFinite(c.final)) throw new RangeError(`final of ${c.participantNumber} must be a number, got ${String(c.final)}`);
    checkBirthDate(c.birthDate, c.participantNumber);
  }
  const group = (x: { jobTitle: string; educationLevel: string }): string => JSON.stringify([x.jobTitle, x.educationLevel]);
  const waiting = new Map<string, OptimizationCandidate[]>();
  const sortedPool = [...pool].sort((a, b) => compareFinal(a, b) || cmp(a.participantNumber, b.participantNumber) || cmp(a.key, b.key));
  for (const c of sortedPool) {
    const list = waiting.get(group(c));
    if (list) list.push(c);
    else waiting.set(group(c), [c]);
  }
  const placements: Placement[] = [];
  for (const f of [...formations].sort((a, b) => cmp(a.key, b.key))) {
    let open = f.quota - f.filled;
    const list = waiting.get(group(f));
    if (open <= 0 || !list) continue;
    const remaining: OptimizationCandidate[] = [];
    for (const c of list) {
      if (open > 0 && c.formationKey !== f.key && !formationTypeIneligibility(c, f.type, rules)) {
        placements.push({ candidateKey: c.key, toFormationKey: f.key });
        open--;
      } else remaining.push(c);
    }
    waiting.set(group(f), remaining);
  }
  return placements;
}
