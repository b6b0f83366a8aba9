/**
 * Analisis kebutuhan: how many staff a job at a unit needs, from the staffing norm of the rule
 * set, and the gap recruitment should close. Pure.
 */

/** A staffing norm: staff per 1,000 residents served, and/or services one staff member can carry a year. */
export interface StaffingNorm {
  perThousandResidents?: number;
  loadPerStaff?: number;
}

export interface StaffingFigures {
  populationServed: number;
  serviceLoad: number;
  currentStaff: number;
  expectedRetirements: number;
}

export interface StaffingGap {
  /** Staff the norm asks for: the larger of the population-based and the load-based figure. */
  need: number;
  /** Staff still in post after the expected retirements. */
  remaining: number;
  /** Positions to fill (never negative: a surplus is not a gap). */
  gap: number;
}

export function staffingGap(norm: StaffingNorm, f: StaffingFigures): StaffingGap {
  const byPopulation = norm.perThousandResidents ? Math.ceil((f.populationServed * norm.perThousandResidents) / 1000) : 0;
  const byLoad = norm.loadPerStaff ? Math.ceil(f.serviceLoad / norm.loadPerStaff) : 0;
  const need = Math.max(byPopulation, byLoad);
  const remaining = Math.max(0, f.currentStaff - f.expectedRetirements);
  return { need, remaining, gap: Math.max(0, need - remaining) };
}
