/**
 * The data the satisfaction views take, shaped after PermenPANRB 14/2017 (RULES.md). They are fed
 * by props: the service-quality API (`serviceSatisfaction`, `feedbackMetricsUpdated`) maps onto
 * these shapes where it is wired; until then every view says "no data yet".
 */
import type { IkmGrade, SkmElement } from '../i18n.ts';

/** IKM converted to 25..100 with its quality grade. */
export interface IkmScore {
  value: number;
  grade: IkmGrade;
}

/** Average of one element (unsur) on the 1..4 scale. */
export interface ElementScore {
  element: SkmElement;
  average: number;
}

export interface IkmTrendPoint {
  /** A label for the period, e.g. "2024-S1" or an ISO date. */
  period: string;
  ikm: number;
}

export interface ComplaintStats {
  received: number;
  answered: number;
  /** Median hours from a complaint to its answer; null before any answer. */
  medianHoursToAnswer: number | null;
}

/** One service unit (or, with `unitCode` null, a whole region). */
export interface SatisfactionRow {
  key: string;
  name: string;
  regionName: string;
  ikm: IkmScore | null;
  respondents: number;
  /** Krejcie-Morgan sample for the population served; below it the IKM is provisional. */
  requiredSample: number;
  complaints: ComplaintStats | null;
}

export interface SatisfactionData {
  units: SatisfactionRow[];
  regions: SatisfactionRow[];
  elements: ElementScore[];
  trend: IkmTrendPoint[];
}
