/**
 * Recruitment KPIs from counts: rates, competition, the stage funnel, fill and timing. Pure: the
 * service gathers per-formation counts (applications from the maintained tally, exam stages from
 * the rankings) and these functions turn them into what a dashboard shows, the same way for a
 * kecamatan and for a province. No GraphQL, Prisma or I/O.
 */

const DAY_MS = 86_400_000;

/** part / whole, or null when there is no whole (a rate of nothing is unknown, not 0%). */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Applicants per seat; null for a formation (or region) without quota. */
export function competitionRatio(applicants: number, quota: number): number | null {
  return rate(applicants, quota);
}

/** Whole days from `from` to `to` (floored), or null when either is unknown. */
export function daysBetween(from: Date | null | undefined, to: Date | null | undefined): number | null {
  if (!from || !to) return null;
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

/** Everything the KPIs need to know about one formation. */
export interface FormationFacts {
  formationId: number;
  code: string;
  quota: number;
  /** Applications received (one per applicant and year). */
  applicants: number;
  /** Administrative check done: MS or TMS. */
  verified: number;
  /** MS (memenuhi syarat), after appeals. */
  eligible: number;
  /** SKD results, disqualified included. */
  skdSat: number;
  /** Seats in SKD sessions marked absent (TH). */
  skdAbsent: number;
  /** Met the threshold of the formation type, not disqualified. */
  skdPassed: number;
  /** P/L: within skbCutMultiplier x quota of those who passed (ties at the cut included). */
  skdAdvanced: number;
  skbSat: number;
  /** Selected at this formation in the final ranking (P/L). */
  selected: number;
  /** Placed here by optimalisasi from a sibling formation (P/L-2). */
  placed: number;
  /** The final result of this formation is in (SKB results or a FINAL announcement). */
  finalKnown: boolean;
}

/** Seats taken at a formation, optimalisasi included, never more than its quota. */
export function filledSeats(f: Pick<FormationFacts, 'quota' | 'selected' | 'placed'>): number {
  return Math.min(f.quota, f.selected + f.placed);
}

/** A formation whose final result is in and which still has empty seats. */
export function isUnfilled(f: FormationFacts): boolean {
  return f.finalKnown && filledSeats(f) < f.quota;
}

export type StageName = 'ADMINISTRASI' | 'SKD' | 'SKB' | 'FINAL';
export const STAGES: readonly StageName[] = ['ADMINISTRASI', 'SKD', 'SKB', 'FINAL'];

export type FunnelStepName = 'REGISTERED' | 'ELIGIBLE' | 'SKD_SAT' | 'SKD_PASSED' | 'SKB_ADVANCED' | 'SKB_SAT' | 'SELECTED' | 'FILLED';
export const FUNNEL_STEPS: readonly FunnelStepName[] = ['REGISTERED', 'ELIGIBLE', 'SKD_SAT', 'SKD_PASSED', 'SKB_ADVANCED', 'SKB_SAT', 'SELECTED', 'FILLED'];

export interface StageMilestones {
  /** First result of the stage (SKD: first SKD result; SKB: first SKB result). */
  startedAt: Date | null;
  /** First publication of the stage's results (an announcement). */
  announcedAt: Date | null;
}

export interface StageKpi extends StageMilestones {
  stage: StageName;
  /**
   * ADMINISTRASI: applications checked; SKD: sat the test; SKB: sat the SKB; FINAL: all applicants.
   */
  entered: number;
  /** ADMINISTRASI: MS; SKD: met the threshold; SKB: selected at their formation; FINAL: seats filled, optimalisasi included. */
  passed: number;
  passRate: number | null;
  daysToStart: number | null;
  daysToAnnouncement: number | null;
}

export interface RegionTotals {
  formationCount: number;
  quota: number;
  applicants: number;
  competitionRatio: number | null;
  funnel: Array<{ step: FunnelStepName; count: number }>;
  /** Filled seats including optimalisasi, and the part of them placed by it. */
  filledSeats: number;
  placedByOptimalisasi: number;
  fillRate: number | null;
  fillRateBeforeOptimalisasi: number | null;
  unfilledFormationCount: number;
  unfilledSeats: number;
  stageCounts: Record<StageName, { entered: number; passed: number }>;
}

/** Sums a region's formations: the region tree rolls up by adding its formations, nothing else. */
export function rollUp(formations: readonly FormationFacts[]): RegionTotals {
  const sum = (pick: (f: FormationFacts) => number) => formations.reduce((s, f) => s + pick(f), 0);
  const quota = sum((f) => f.quota);
  const applicants = sum((f) => f.applicants);
  const filled = sum(filledSeats);
  const ownFilled = sum((f) => Math.min(f.quota, f.selected));
  const unfilled = formations.filter(isUnfilled);
  const counts: Record<FunnelStepName, number> = {
    REGISTERED: applicants,
    ELIGIBLE: sum((f) => f.eligible),
    SKD_SAT: sum((f) => f.skdSat),
    SKD_PASSED: sum((f) => f.skdPassed),
    SKB_ADVANCED: sum((f) => f.skdAdvanced),
    SKB_SAT: sum((f) => f.skbSat),
    SELECTED: sum((f) => f.selected),
    FILLED: filled,
  };
  return {
    formationCount: formations.length,
    quota,
    applicants,
    competitionRatio: competitionRatio(applicants, quota),
    funnel: FUNNEL_STEPS.map((step) => ({ step, count: counts[step] })),
    filledSeats: filled,
    placedByOptimalisasi: filled - ownFilled,
    fillRate: rate(filled, quota),
    fillRateBeforeOptimalisasi: rate(ownFilled, quota),
    unfilledFormationCount: unfilled.length,
    unfilledSeats: unfilled.reduce((s, f) => s + f.quota - filledSeats(f), 0),
    stageCounts: {
      ADMINISTRASI: { entered: sum((f) => f.verified), passed: counts.ELIGIBLE },
      SKD: { entered: counts.SKD_SAT, passed: counts.SKD_PASSED },
      SKB: { entered: counts.SKB_SAT, passed: counts.SELECTED },
      FINAL: { entered: applicants, passed: filled },
    },
  };
}

/** Pass rate and timing of each stage, days counted from the opening of registration. */
export function stageKpis(totals: RegionTotals, registrationOpensAt: Date, milestones: Partial<Record<StageName, StageMilestones>>): StageKpi[] {
  return STAGES.map((stage) => {
    const { entered, passed } = totals.stageCounts[stage];
    const m = milestones[stage] ?? { startedAt: null, announcedAt: null };
    return {
      stage,
      entered,
      passed,
      passRate: rate(passed, entered),
      startedAt: m.startedAt,
      announcedAt: m.announcedAt,
      daysToStart: daysBetween(registrationOpensAt, m.startedAt),
      daysToAnnouncement: daysBetween(registrationOpensAt, m.announcedAt),
    };
  });
}

/**
 * Formations by competition, most contested first: applicants per seat, then more applicants,
 * then code, so the order is stable between pushes and formations without quota come last.
 */
export function byCompetition<F extends Pick<FormationFacts, 'applicants' | 'quota' | 'code'>>(formations: readonly F[]): F[] {
  const ratio = (f: F) => competitionRatio(f.applicants, f.quota) ?? -1;
  return [...formations].sort((a, b) => ratio(b) - ratio(a) || b.applicants - a.applicants || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Counts by key, largest first (ties by key), dropping empty keys so a chart shows what exists. */
export function distribution<K extends string | number | boolean>(counts: ReadonlyMap<K, number>): Array<{ key: K; count: number }> {
  return [...counts]
    .filter(([, count]) => count > 0)
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (String(a.key) < String(b.key) ? -1 : String(a.key) > String(b.key) ? 1 : 0));
}

/** The earliest of some dates, ignoring unknowns. */
export function earliest(dates: ReadonlyArray<Date | null | undefined>): Date | null {
  let first: Date | null = null;
  for (const d of dates) if (d && (!first || d < first)) first = d;
  return first;
}
