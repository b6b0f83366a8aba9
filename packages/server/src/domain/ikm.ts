/**
 * SKM (Survei Kepuasan Masyarakat) and its index, IKM, per PermenPANRB 14/2017 (RULES.md): nine
 * elements answered 1..4, IKM = the mean of the element averages, converted x 25, graded A-D.
 * Pure: no GraphQL, Prisma or I/O.
 */

export const SKM_ELEMENTS = [
  { code: 'U1', name: 'Persyaratan', label: 'Requirements' },
  { code: 'U2', name: 'Sistem, mekanisme, dan prosedur', label: 'System, mechanism and procedure' },
  { code: 'U3', name: 'Waktu penyelesaian', label: 'Completion time' },
  { code: 'U4', name: 'Biaya/tarif', label: 'Cost/fee' },
  { code: 'U5', name: 'Produk spesifikasi jenis pelayanan', label: 'Service product specification' },
  { code: 'U6', name: 'Kompetensi pelaksana', label: 'Staff competence' },
  { code: 'U7', name: 'Perilaku pelaksana', label: 'Staff behaviour' },
  { code: 'U8', name: 'Penanganan pengaduan, saran dan masukan', label: 'Handling of complaints and suggestions' },
  { code: 'U9', name: 'Sarana dan prasarana', label: 'Facilities and infrastructure' },
] as const;

export type IkmQuality = 'A' | 'B' | 'C' | 'D';
export type IkmPerformance = 'sangat baik' | 'baik' | 'kurang baik' | 'tidak baik';

export interface IkmResult {
  /** Mean of the nine element averages, 1..4, unrounded. */
  ikm: number;
  /** ikm x 25, 25..100, unrounded. */
  converted: number;
  quality: IkmQuality;
  performance: IkmPerformance;
}

/** Problems with one respondent's answers, naming the element; empty when they are valid. */
export function validateSkmAnswers(answers: readonly number[]): string[] {
  if (answers.length !== SKM_ELEMENTS.length) return [`expected ${SKM_ELEMENTS.length} answers (U1-U9), got ${answers.length}`];
  return answers.flatMap((a, i) => (Number.isInteger(a) && a >= 1 && a <= 4 ? [] : [`${SKM_ELEMENTS[i]!.code} must be an integer from 1 to 4, got ${a}`]));
}

/** Half-up to two decimals, robust to binary noise (76.605 stays 76.61). */
function round2(x: number): number {
  return Math.round(Number(x.toFixed(10)) * 100 + Number.EPSILON * 100) / 100;
}

/**
 * The grade of a converted value. RULES.md's table leaves hairline gaps between its IKM bounds
 * (2.5996 | 2.60, 3.064 | 3.0644, 3.532 | 3.5324); the converted column has none once values are
 * shown to two decimals, so the grade is taken from the converted value rounded half up to two
 * decimals: below 65.00 D, up to 76.60 C, up to 88.30 B, above A. Every bound of the table lands
 * on its own side.
 */
export function gradeConverted(converted: number): Pick<IkmResult, 'quality' | 'performance'> {
  const c = round2(converted);
  if (c < 65) return { quality: 'D', performance: 'tidak baik' };
  if (c <= 76.6) return { quality: 'C', performance: 'kurang baik' };
  if (c <= 88.3) return { quality: 'B', performance: 'baik' };
  return { quality: 'A', performance: 'sangat baik' };
}

/** IKM from the nine element averages (each 1..4). */
export function ikmFromAverages(elementAverages: readonly number[]): IkmResult {
  if (elementAverages.length !== SKM_ELEMENTS.length) throw new RangeError(`expected ${SKM_ELEMENTS.length} element averages, got ${elementAverages.length}`);
  elementAverages.forEach((a, i) => {
    if (!(a >= 1 && a <= 4)) throw new RangeError(`${SKM_ELEMENTS[i]!.code} average must be between 1 and 4, got ${a}`);
  });
  const ikm = elementAverages.reduce((sum, a) => sum + a / SKM_ELEMENTS.length, 0);
  const converted = ikm * 25;
  return { ikm, converted, ...gradeConverted(converted) };
}

export interface SkmSummary {
  respondents: number;
  /** Average per element U1..U9; empty when there are no respondents. */
  elementAverages: number[];
}

/** Respondents and element averages of a set of valid answer rows. */
export function summarizeResponses(responses: readonly (readonly number[])[]): SkmSummary {
  responses.forEach((r, i) => {
    const problems = validateSkmAnswers(r);
    if (problems.length) throw new RangeError(`response ${i}: ${problems[0]}`);
  });
  if (!responses.length) return { respondents: 0, elementAverages: [] };
  const sums = SKM_ELEMENTS.map((_, e) => responses.reduce((s, r) => s + r[e]!, 0));
  return { respondents: responses.length, elementAverages: sums.map((s) => s / responses.length) };
}

/** IKM of answer rows; null without respondents. */
export function ikmOfResponses(responses: readonly (readonly number[])[]): (IkmResult & SkmSummary) | null {
  const summary = summarizeResponses(responses);
  return summary.respondents ? { ...summary, ...ikmFromAverages(summary.elementAverages) } : null;
}

/**
 * Rolls units up (unit -> kecamatan -> kabupaten/kota -> province) weighting each element average
 * by respondents, so a unit heard by 400 people counts four times one heard by 100. Units without
 * respondents add nothing; none at all gives null.
 */
export function rollUp(units: readonly SkmSummary[]): SkmSummary | null {
  const heard = units.filter((u) => u.respondents > 0);
  const respondents = heard.reduce((s, u) => s + u.respondents, 0);
  if (!respondents) return null;
  const elementAverages = SKM_ELEMENTS.map((_, e) => heard.reduce((s, u) => s + u.elementAverages[e]! * u.respondents, 0) / respondents);
  return { respondents, elementAverages };
}

/**
 * Required SKM sample for the population a unit serves (Krejcie-Morgan): s = X²NP(1-P) /
 * (d²(N-1) + X²P(1-P)) with X² = 3.841, P = 0.5, d = 0.05, rounded up. The published table (and
 * RULES.md) stops at 384 for N >= 1,000,000, where the raw formula creeps to 385 as N grows
 * (its limit is 384.1): the table wins. A result below the sample is provisional.
 */
export function requiredSample(population: number): number {
  if (!Number.isInteger(population) || population < 1) throw new RangeError(`population must be a whole number >= 1, got ${population}`);
  const x2 = 3.841;
  const pq = 0.25;
  const d2 = 0.0025;
  if (population >= 1_000_000) return 384;
  return Math.ceil((x2 * population * pq) / (d2 * (population - 1) + x2 * pq) - 1e-9);
}

export function isProvisional(respondents: number, population: number): boolean {
  return respondents < requiredSample(population);
}
