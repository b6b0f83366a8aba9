/** One line of the benchmark table: a figure beside its baseline from the same run. */
export interface BenchRow {
  suite: string;
  benchmark: string;
  metric: string;
  unit: string;
  value: number;
  baseline?: string;
  baselineValue?: number;
  /** value / baselineValue, or its inverse where lower is better, so > 1 always means "better". */
  ratio?: number;
  /** The target, in words, and whether this run met it. */
  target?: string;
  met?: boolean;
}

export interface SuiteContext {
  quick: boolean;
}

export type Suite = (ctx: SuiteContext) => Promise<BenchRow[]>;

/** Ratio oriented so that > 1 means the subject beats the baseline. */
export function betterRatio(value: number, baseline: number, lowerIsBetter: boolean): number {
  return lowerIsBetter ? baseline / value : value / baseline;
}
