/**
 * The selection rules of one year, kept as data (stored in `SelectionYear.rules`) because they
 * change yearly. Pure: no GraphQL or Prisma imports. Numbers: shared/domain/RULES.md.
 */

import type { StaffingNorm } from './needs.js';

export const SKD_SUBTESTS = ['TWK', 'TIU', 'TKP'] as const;
export type SkdSubtest = (typeof SKD_SUBTESTS)[number];

export const FORMATION_TYPES = ['UMUM', 'CUMLAUDE', 'DISABILITAS', 'PAPUA', 'KALIMANTAN'] as const;
export type FormationTypeName = (typeof FORMATION_TYPES)[number];

export interface SubtestRule {
  questions: number;
  /** Highest score of the sub-test. */
  max: number;
  /** Scores move in steps of this size (5 for right/wrong sub-tests, 1 for TKP). */
  step: number;
}

/** A passing threshold (nilai ambang batas): every named minimum must be met on its own. */
export interface Threshold {
  TWK?: number;
  TIU?: number;
  TKP?: number;
  total?: number;
}

export interface RuleSet {
  /** Rule-set version; bump when the shape of this object changes. */
  version: 1;
  year: number;
  skd: {
    subtests: Record<SkdSubtest, SubtestRule>;
    durationMinutes: number;
  };
  thresholds: Record<FormationTypeName, Threshold>;
  /** At most this many times the quota, of those passing the threshold, go on to SKB. */
  skbCutMultiplier: number;
  /** Final = SKD/max x 100 x skd + SKB x skb. */
  finalWeights: { skd: number; skb: number };
  /** Days after an administrative announcement in which a sanggah may be filed. */
  appealWindowDays: number;
  /** Lowest GPA (IPK) for a CUMLAUDE formation. */
  cumlaudeMinGpa: number;
  /**
   * SKB on 0..100 as the weighted sum of its components (each 0..100), weights summing to 1,
   * e.g. `{ CAT: 0.5, WAWANCARA: 0.5 }` when an agency adds an interview.
   */
  skb: { components: Record<string, number> };
  /**
   * Staffing norms per job title (analisis kebutuhan): staff per 1,000 residents served and/or
   * yearly services one staff member carries. Jobs without a norm show no computed need.
   */
  staffingNorms: Record<string, StaffingNorm>;
  /**
   * Dokumen persyaratan: the document kinds (DocumentKind names) an application to a formation of
   * each type must carry; a formation may add more of its own (`Formation.extraDocuments`).
   */
  documents: Record<FormationTypeName, string[]>;
}

/** The documents every application carried in 2024, whatever the formation type. */
const STANDARD_DOCUMENTS: readonly string[] = ['KTP', 'IJAZAH', 'TRANSKRIP', 'PAS_FOTO', 'SURAT_LAMARAN'];

const standardDocuments = () => Object.fromEntries(FORMATION_TYPES.map((type) => [type, [...STANDARD_DOCUMENTS]])) as Record<FormationTypeName, string[]>;

export type SkdScores = Record<SkdSubtest, number>;

/** Highest SKD total under a rule set (550 in 2024). */
export function skdMax(rules: RuleSet): number {
  return SKD_SUBTESTS.reduce((sum, s) => sum + rules.skd.subtests[s].max, 0);
}

export function skdTotal(scores: SkdScores): number {
  return scores.TWK + scores.TIU + scores.TKP;
}

/** Whether SKD scores meet the threshold of a formation type, each named minimum on its own. */
export function meetsThreshold(rules: RuleSet, type: FormationTypeName, scores: SkdScores): boolean {
  const t = rules.thresholds[type];
  return (
    (t.TWK === undefined || scores.TWK >= t.TWK) &&
    (t.TIU === undefined || scores.TIU >= t.TIU) &&
    (t.TKP === undefined || scores.TKP >= t.TKP) &&
    (t.total === undefined || skdTotal(scores) >= t.total)
  );
}

/** CPNS 2024 (RULES.md): the rule set the seed stores for selection year 2024. */
export const RULES_2024: RuleSet = {
  version: 1,
  year: 2024,
  skd: {
    subtests: {
      TWK: { questions: 30, max: 150, step: 5 },
      TIU: { questions: 35, max: 175, step: 5 },
      TKP: { questions: 45, max: 225, step: 1 },
    },
    durationMinutes: 100,
  },
  thresholds: {
    UMUM: { TWK: 65, TIU: 80, TKP: 166 },
    KALIMANTAN: { TWK: 65, TIU: 80, TKP: 166 },
    CUMLAUDE: { total: 311, TIU: 85 },
    DISABILITAS: { total: 286, TIU: 60 },
    PAPUA: { total: 286, TIU: 60 },
  },
  skbCutMultiplier: 3,
  finalWeights: { skd: 0.4, skb: 0.6 },
  appealWindowDays: 3,
  cumlaudeMinGpa: 3.5,
  // The CAT SKB alone unless the agency adds its own tests (interview, practical, physical);
  // a per-agency or per-formation override of these weights can come later.
  skb: { components: { CAT: 1 } },
  // Illustrative norms for the seeded jobs (the regions' own analyses set the real ones): loads are
  // pupils for teachers, outpatient visits for clinicians, services handled for office jobs.
  staffingNorms: {
    'Guru Ahli Pertama - Guru Kelas': { loadPerStaff: 28 },
    'Guru Ahli Pertama - Guru Matematika': { loadPerStaff: 150 },
    'Guru Ahli Pertama - Guru Bahasa Inggris': { loadPerStaff: 150 },
    'Dokter Ahli Pertama': { perThousandResidents: 0.2, loadPerStaff: 6000 },
    'Apoteker Ahli Pertama': { perThousandResidents: 0.05, loadPerStaff: 15000 },
    'Perawat Ahli Pertama': { perThousandResidents: 0.5, loadPerStaff: 2500 },
    'Perawat Terampil': { perThousandResidents: 0.5, loadPerStaff: 2500 },
    'Bidan Ahli Pertama': { perThousandResidents: 0.3 },
    'Bidan Terampil': { perThousandResidents: 0.3 },
    'Pranata Laboratorium Kesehatan Terampil': { loadPerStaff: 8000 },
    'Sanitarian Ahli Pertama': { perThousandResidents: 0.05 },
    'Penyuluh Pertanian Ahli Pertama': { loadPerStaff: 400 },
    'Penyuluh Pertanian Terampil': { loadPerStaff: 400 },
    'Pranata Komputer Ahli Pertama': { loadPerStaff: 20000 },
    'Pranata Komputer Terampil': { loadPerStaff: 20000 },
    'Administrator Database Kependudukan Ahli Pertama': { perThousandResidents: 0.02 },
    'Analis Kebijakan Ahli Pertama': { loadPerStaff: 40 },
    'Pengolah Data dan Informasi': { loadPerStaff: 15000 },
    'Pengadministrasi Perkantoran': { loadPerStaff: 12000 },
  },
  documents: standardDocuments(),
};

/** What a stored rule set without `skb` (written before the field existed) is read as. */
export const DEFAULT_SKB_COMPONENTS: Readonly<Record<string, number>> = Object.freeze({ CAT: 1 });

export class RuleSetError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`Rule set ${path}: ${message}`);
    this.name = 'RuleSetError';
  }
}

function num(value: unknown, path: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) throw new RuleSetError(path, `expected a number >= ${min}`);
  return value;
}

/**
 * Checks a stored rule set (JSON from the database) before anything scores with it, so a broken
 * rule set fails loudly at load instead of ranking applicants wrongly.
 */
export function parseRuleSet(json: unknown): RuleSet {
  if (typeof json !== 'object' || json === null) throw new RuleSetError('$', 'expected an object');
  const r = json as Record<string, any>;
  if (r.version !== 1) throw new RuleSetError('version', `unsupported version ${String(r.version)}`);
  num(r.year, 'year', 2000);
  for (const s of SKD_SUBTESTS) {
    const rule = r.skd?.subtests?.[s];
    num(rule?.questions, `skd.subtests.${s}.questions`, 1);
    num(rule?.max, `skd.subtests.${s}.max`, 1);
    num(rule?.step, `skd.subtests.${s}.step`, 1);
  }
  num(r.skd.durationMinutes, 'skd.durationMinutes', 1);
  for (const type of FORMATION_TYPES) {
    const t = r.thresholds?.[type];
    if (typeof t !== 'object' || t === null) throw new RuleSetError(`thresholds.${type}`, 'missing');
    const keys = Object.keys(t);
    if (!keys.length) throw new RuleSetError(`thresholds.${type}`, 'names no minimum');
    for (const k of keys) {
      if (!['TWK', 'TIU', 'TKP', 'total'].includes(k)) throw new RuleSetError(`thresholds.${type}.${k}`, 'unknown minimum');
      num(t[k], `thresholds.${type}.${k}`);
    }
  }
  num(r.skbCutMultiplier, 'skbCutMultiplier', 1);
  const skd = num(r.finalWeights?.skd, 'finalWeights.skd');
  const skb = num(r.finalWeights?.skb, 'finalWeights.skb');
  if (Math.abs(skd + skb - 1) > 1e-9) throw new RuleSetError('finalWeights', 'skd + skb must be 1');
  num(r.appealWindowDays, 'appealWindowDays', 1);
  num(r.cumlaudeMinGpa, 'cumlaudeMinGpa');
  const staffingNorms = parseStaffingNorms(r.staffingNorms);
  const documents = parseDocuments(r.documents);
  // Rule sets stored before `skb` existed read as the CAT SKB alone, as 2024 ran it.
  if (r.skb === undefined) return { ...r, staffingNorms, documents, skb: { components: { ...DEFAULT_SKB_COMPONENTS } } } as RuleSet;
  const components = r.skb?.components;
  if (typeof components !== 'object' || components === null || Array.isArray(components)) {
    throw new RuleSetError('skb.components', 'expected an object of weights');
  }
  const names = Object.keys(components);
  if (!names.length) throw new RuleSetError('skb.components', 'names no component');
  let weightSum = 0;
  for (const name of names) {
    const weight = num(components[name], `skb.components.${name}`);
    if (weight > 1) throw new RuleSetError(`skb.components.${name}`, 'a weight cannot exceed 1');
    weightSum += weight;
  }
  if (Math.abs(weightSum - 1) > 1e-9) throw new RuleSetError('skb.components', 'weights must sum to 1');
  return { ...r, staffingNorms, documents } as RuleSet;
}

/** Rule sets stored before `documents` existed require the standard five of every type; a list is never empty. */
function parseDocuments(json: unknown): Record<FormationTypeName, string[]> {
  if (json === undefined) return standardDocuments();
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new RuleSetError('documents', 'expected a list of documents per formation type');
  const documents = {} as Record<FormationTypeName, string[]>;
  for (const type of FORMATION_TYPES) {
    const kinds: unknown = (json as Record<string, unknown>)[type];
    if (!Array.isArray(kinds) || !kinds.length || !kinds.every((k) => typeof k === 'string' && k))
      throw new RuleSetError(`documents.${type}`, 'expected at least one document kind');
    documents[type] = [...new Set(kinds as string[])];
  }
  return documents;
}

/** Rule sets stored before norms existed have none; a norm must name at least one positive figure. */
function parseStaffingNorms(json: unknown): Record<string, StaffingNorm> {
  if (json === undefined) return {};
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new RuleSetError('staffingNorms', 'expected an object of norms');
  const norms: Record<string, StaffingNorm> = {};
  for (const [job, norm] of Object.entries(json as Record<string, any>)) {
    const path = `staffingNorms.${job}`;
    const perThousandResidents = norm?.perThousandResidents === undefined ? undefined : num(norm.perThousandResidents, `${path}.perThousandResidents`);
    const loadPerStaff = norm?.loadPerStaff === undefined ? undefined : num(norm.loadPerStaff, `${path}.loadPerStaff`, 1);
    if (!perThousandResidents && !loadPerStaff) throw new RuleSetError(path, 'names neither perThousandResidents nor loadPerStaff');
    norms[job] = { ...(perThousandResidents ? { perThousandResidents } : {}), ...(loadPerStaff ? { loadPerStaff } : {}) };
  }
  return norms;
}
