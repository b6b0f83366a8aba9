/**
 * Synthetic applicants and their applications, deterministic for a (count, seed): pure functions
 * that produce plain rows keyed by NIK, formation code and participant number; seed.ts writes
 * them. Row i depends only on the seed, i and the rows before it, so a larger count extends a
 * smaller one with the same seed instead of replacing it. No Prisma imports.
 */
import { encodeNik, type NikGender } from '../domain/nik.js';
import type { EducationLevel, FormationType, TmsReason } from '../generated/prisma/enums.js';
import { personName } from './names.js';
import { Prng, weightedSampler } from './prng.js';
import { AGENCIES, FORMATIONS_2024, JOBS, REGIONS, SELECTION_YEARS, type FormationSeed, type SelectionYearSeed } from './reference.js';

/** Synthetic e-mail addresses use this reserved (.test) domain: never a real inbox, and easy to tell apart. */
export const SYNTHETIC_EMAIL_DOMAIN = 'pelamar.test';

/** Participant numbers carry the index in 8 digits. */
export const MAX_SYNTHETIC_APPLICANTS = 99_999_999;

export interface SyntheticApplicant {
  index: number;
  nik: string;
  fullName: string;
  /** UTC midnight. */
  birthDate: Date;
  gender: NikGender;
  email: string;
  phone: string;
  educationLevel: EducationLevel;
  major: string;
  /** IPK on the 0-4 scale, two decimals, as a string (exact for the Decimal column). */
  gpa: string;
  disability: boolean;
  /** Kemendagri code of the applicant's kabupaten/kota (domicile per KTP). */
  originRegionCode: string;
  registeredAt: Date;
}

export interface SyntheticApplication {
  participantNumber: string;
  applicantNik: string;
  formationCode: string;
  year: number;
  submittedAt: Date;
  /** The administrative check, announced a week after registration closes. */
  admin: SyntheticAdminOutcome;
}

export interface SyntheticAdminOutcome {
  /** The result as first announced. */
  result: 'MS' | 'TMS';
  reason: TmsReason | null;
  verifiedAt: Date;
  /** A sanggah against a TMS, and whether the agency accepted it (turning the result into MS). */
  appeal: { filedAt: Date; accepted: boolean } | null;
}

export interface SyntheticRow {
  applicant: SyntheticApplicant;
  application: SyntheticApplication;
}

export interface SyntheticOptions {
  applicants: number;
  seed: number;
  /** Formations to apply to; the 2024 reference formations by default. */
  formations?: readonly FormationSeed[];
  selectionYear?: SelectionYearSeed;
}

// Share of applicants per formation type. DISABILITAS formations draw 0.4% and other applicants
// report a disability at 0.8%, so about 1.2% of applicants have one.
const TYPE_SHARE: Record<FormationType, number> = { UMUM: 0.971, CUMLAUDE: 0.025, DISABILITAS: 0.004, PAPUA: 0.02, KALIMANTAN: 0.02 };
const DISABILITY_OUTSIDE_DISABILITAS = 0.008;
/** Share of applicants who apply where they live; the rest come from the other seed regions. */
const APPLY_AT_HOME = 0.75;
/** Share of applications found TMS at the administrative check; of those, how many file a sanggah, and how many of those succeed. */
const TMS_SHARE = 0.08;
const APPEAL_SHARE = 0.35;
const APPEAL_ACCEPTED_SHARE = 0.4;
const TMS_REASONS: readonly TmsReason[] = ['DOKUMEN_TIDAK_LENGKAP', 'DOKUMEN_TIDAK_TERBACA', 'KUALIFIKASI_PENDIDIKAN_TIDAK_SESUAI', 'DATA_TIDAK_SESUAI'];
/** Salt of the administrative outcome's own random stream, so adding it changed no earlier field. */
const ADMIN_STREAM = 0x61646d;

/** Dates of the administrative stage of a selection year: announced a week after registration closes, re-announced a week later. */
export function administrativeCalendar(year: Pick<SelectionYearSeed, 'registrationClosesAt'>) {
  const day = 86_400_000;
  const closes = year.registrationClosesAt.getTime();
  return { announcedAt: new Date(closes + 7 * day), reannouncedAt: new Date(closes + 14 * day) };
}

function adminOutcome(seed: number, index: number, submittedAt: Date, year: SelectionYearSeed): SyntheticAdminOutcome {
  const prng = Prng.derive(seed ^ ADMIN_STREAM, index);
  const verifiedAt = new Date(Math.max(submittedAt.getTime(), year.registrationClosesAt.getTime()) + prng.int(1, 5 * 24 * 60) * 60_000);
  if (!prng.chance(TMS_SHARE)) return { result: 'MS', reason: null, verifiedAt, appeal: null };
  const reason = prng.pick(TMS_REASONS);
  const { announcedAt } = administrativeCalendar(year);
  const appeal = prng.chance(APPEAL_SHARE)
    ? { filedAt: new Date(announcedAt.getTime() + prng.int(10, 3 * 24 * 60 - 10) * 60_000), accepted: prng.chance(APPEAL_ACCEPTED_SHARE) }
    : null;
  return { result: 'TMS', reason, verifiedAt, appeal };
}

const MOBILE_PREFIXES = [
  '11',
  '12',
  '13',
  '21',
  '22',
  '23',
  '51',
  '52',
  '53',
  '14',
  '15',
  '16',
  '55',
  '56',
  '57',
  '58',
  '17',
  '18',
  '19',
  '59',
  '77',
  '78',
  '95',
  '96',
  '97',
  '98',
  '99',
  '81',
  '82',
  '83',
  '85',
  '87',
  '88',
];

const DAY_MS = 86_400_000;

function checkOptions({ applicants, seed }: SyntheticOptions): void {
  if (!Number.isInteger(applicants) || applicants < 0 || applicants > MAX_SYNTHETIC_APPLICANTS) {
    throw new RangeError(`applicants must be a whole number 0..${MAX_SYNTHETIC_APPLICANTS}, got ${applicants}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be a whole number 0..4294967295, got ${seed}`);
}

/** Kab/kota of the seed: the applicants' possible origins, weighted by population. */
function originRegions() {
  return REGIONS.filter((r) => r.kind === 'KABUPATEN' || r.kind === 'KOTA');
}

/**
 * The kecamatan code in NIKs of a kabupaten/kota: its kecamatan in the seed (Plaju, Manna), else
 * kecamatan "01", so every NIK decodes to a real-shaped code.
 */
export function nikDistrictCode(regencyCode: string): string {
  return REGIONS.find((r) => r.kind === 'KECAMATAN' && r.parentCode === regencyCode)?.code ?? `${regencyCode}.01`;
}

function digits(code: string): string {
  return code.replace(/\./g, '');
}

function utcDay(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

/** A birth date giving exactly `age` full years on `onDay` (UTC midnight). */
function birthDateForAge(prng: Prng, age: number, onDay: Date): Date {
  const y = onDay.getUTCFullYear();
  const m = onDay.getUTCMonth();
  const d = onDay.getUTCDate();
  const latest = Date.UTC(y - age, m, d);
  const earliest = Date.UTC(y - age - 1, m, d) + DAY_MS;
  const days = Math.round((latest - earliest) / DAY_MS);
  return new Date(earliest + prng.int(0, days) * DAY_MS);
}

function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}

function gpaFor(prng: Prng, type: FormationType, cumlaudeMinGpa: number): string {
  // IPK centred on 3.3 (most graduates land between 3.0 and 3.6); CUMLAUDE applicants meet the
  // rule set's minimum, since only they may apply there.
  const value = type === 'CUMLAUDE' ? cumlaudeMinGpa + Math.abs(prng.normal(0, 0.18)) : prng.normal(3.3, 0.22);
  return (Math.round(clamp(value, type === 'CUMLAUDE' ? cumlaudeMinGpa : 2.5, 4) * 100) / 100).toFixed(2);
}

function phoneNumber(prng: Prng): string {
  let rest = '';
  const length = prng.chance(0.6) ? 8 : 9;
  for (let i = 0; i < length; i++) rest += String(prng.int(0, 9));
  return `08${prng.pick(MOBILE_PREFIXES)}${rest}`;
}

function emailFor(fullName: string, index: number): string {
  const words = fullName
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .split(' ')
    .filter(Boolean);
  const local = words.length > 1 ? `${words[0]}.${words[words.length - 1]}` : (words[0] ?? 'pelamar');
  return `${local}.${index + 1}@${SYNTHETIC_EMAIL_DOMAIN}`;
}

/** Registration time in the window, a third of it crowding into the last five days as it does. */
function registrationTime(prng: Prng, opens: Date, closes: Date): Date {
  const start = opens.getTime();
  const end = closes.getTime();
  const from = prng.chance(0.3) ? Math.max(start, end - 5 * DAY_MS) : start;
  return new Date(Math.floor((from + prng.next() * (end - from)) / 1000) * 1000);
}

/**
 * Yields one applicant and their one application per index, in order. Each applicant applies to
 * one formation, chosen by formation type share and then by the job's popularity x quota^0.7,
 * so Guru, Perawat and Pranata Komputer draw hundreds per seat at 100,000 applicants while
 * Dokter draws tens. NIK, e-mail and participant number are unique by construction.
 */
export function* syntheticRows(options: SyntheticOptions): Generator<SyntheticRow> {
  checkOptions(options);
  const { applicants, seed, formations = FORMATIONS_2024 } = options;
  const selectionYear = options.selectionYear ?? SELECTION_YEARS.find((y) => y.year === formations[0]?.year) ?? SELECTION_YEARS[0]!;
  if (applicants > 0 && !formations.length) throw new RangeError('no formations to apply to');
  const formationsOfYear = formations.filter((f) => f.year === selectionYear.year);
  if (formationsOfYear.length !== formations.length) throw new RangeError(`formations must all be of ${selectionYear.year}`);

  const typeWeight = new Map<FormationType, number>();
  const pull = (f: FormationSeed) => JOBS[f.job].popularity * f.quota ** 0.7;
  for (const f of formations) typeWeight.set(f.type, (typeWeight.get(f.type) ?? 0) + pull(f));
  const pickFormation = weightedSampler(
    formations,
    formations.map((f) => (TYPE_SHARE[f.type] * pull(f)) / typeWeight.get(f.type)!),
  );

  const agencyRegion = new Map(AGENCIES.map((a) => [a.code, a.regionCode]));
  const origins = originRegions();
  const originWeights = origins.map((r) => r.population ?? 100_000);
  const closesDay = new Date(utcDay(selectionYear.registrationClosesAt));
  const yearDigits = String(selectionYear.year % 100).padStart(2, '0');
  const serials = new Map<string, number>();

  for (let index = 0; index < applicants; index++) {
    const prng = Prng.derive(seed, index);
    const formation = pickFormation(prng);
    const job = JOBS[formation.job];
    const homeRegion = agencyRegion.get(formation.agencyCode);
    if (!homeRegion) throw new RangeError(`formation ${formation.code}: unknown agency ${formation.agencyCode}`);
    const originRegionCode = prng.chance(APPLY_AT_HOME) ? homeRegion : prng.weighted(origins, originWeights).code;
    const gender: NikGender = prng.chance(job.femaleShare) ? 'FEMALE' : 'MALE';
    const fullName = personName(prng, gender, originRegionCode);
    const age = clamp(Math.round(prng.normal(26, 3.5)), Math.max(18, job.minAge), 35);
    const birthDate = birthDateForAge(prng, age, closesDay);

    const districtCode = nikDistrictCode(originRegionCode);
    const serialKey = `${districtCode}|${gender}|${birthDate.getTime()}`;
    const serial = (serials.get(serialKey) ?? 0) + 1;
    serials.set(serialKey, serial);
    const nik = encodeNik({ districtCode, birthDate, gender, serial });

    const registeredAt = registrationTime(prng, selectionYear.registrationOpensAt, selectionYear.registrationClosesAt);
    const submittedAt = new Date(Math.min(registeredAt.getTime() + prng.int(5, 90) * 60_000, selectionYear.registrationClosesAt.getTime()));
    const applicant: SyntheticApplicant = {
      index,
      nik,
      fullName,
      birthDate,
      gender,
      email: emailFor(fullName, index),
      phone: phoneNumber(prng),
      educationLevel: formation.educationLevel,
      major: prng.pick(job.majors),
      gpa: gpaFor(prng, formation.type, selectionYear.rules.cumlaudeMinGpa),
      disability: formation.type === 'DISABILITAS' || prng.chance(DISABILITY_OUTSIDE_DISABILITAS),
      originRegionCode,
      registeredAt,
    };
    yield {
      applicant,
      application: {
        // "24" + the agency's kab/kota digits + the index: 14 digits, unique per index.
        participantNumber: `${yearDigits}${digits(homeRegion).padEnd(4, '0').slice(0, 4)}${String(index + 1).padStart(8, '0')}`,
        applicantNik: nik,
        formationCode: formation.code,
        year: selectionYear.year,
        submittedAt,
        admin: adminOutcome(seed, index, submittedAt, selectionYear),
      },
    };
  }
}

/** All rows of syntheticRows at once, for tests and small counts. */
export function generateSynthetic(options: SyntheticOptions): { applicants: SyntheticApplicant[]; applications: SyntheticApplication[] } {
  const applicants: SyntheticApplicant[] = [];
  const applications: SyntheticApplication[] = [];
  for (const row of syntheticRows(options)) {
    applicants.push(row.applicant);
    applications.push(row.application);
  }
  return { applicants, applications };
}
