/**
 * Reference data as plain data: the five seed-article regions (BPS codes and populations on top of
 * the national region dataset, db/region-dataset.ts), their regional
 * governments, service units, selection year 2024 and its formations. Region codes and
 * populations: shared/domain/RULES.md. Never reorder FORMATIONS_2024 within an agency (the codes
 * follow the order) and never reuse a code: seedReference keys every row by it.
 */
import { RULES_2024, type RuleSet } from '../domain/rules.js';
import type { AgencyLevel, EducationLevel, FormationType, RegionKind, ServiceUnitKind } from '../generated/prisma/enums.js';

export interface RegionSeed {
  /** Kemendagri code with dots. */
  code: string;
  bpsCode: string | null;
  name: string;
  kind: RegionKind;
  /** Only where RULES.md gives it; null rather than invented. */
  population: number | null;
  parentCode: string | null;
}

export interface AgencySeed {
  code: string;
  name: string;
  level: AgencyLevel;
  regionCode: string;
}

export interface ServiceUnitSeed {
  code: string;
  name: string;
  kind: ServiceUnitKind;
  regionCode: string;
  agencyCode: string;
  populationServed: number;
}

export interface SelectionYearSeed {
  year: number;
  name: string;
  registrationOpensAt: Date;
  registrationClosesAt: Date;
  rules: RuleSet;
}

/** A job (jabatan) with the education it asks for; formations refer to jobs by key. */
export interface JobSeed {
  title: string;
  educationLevel: EducationLevel;
  /** Study programmes accepted (kualifikasi pendidikan); the synthetic applicants' majors. */
  majors: readonly string[];
  /** Relative pull on applicants per seat: Guru, Perawat and Pranata Komputer draw the most. */
  popularity: number;
  /** Share of women among applicants (Bidan: women only). */
  femaleShare: number;
  /** Youngest plausible applicant, from the years of study (professions take longer). */
  minAge: number;
}

export interface FormationSeed {
  code: string;
  job: JobKey;
  jobTitle: string;
  educationLevel: EducationLevel;
  type: FormationType;
  quota: number;
  agencyCode: string;
  /** Placement unit; null when the agency places later (the formation sits in its region). */
  serviceUnitCode: string | null;
  /** Placement region: the unit's region, else the agency's. */
  regionCode: string;
  year: number;
}

// Province BPS codes are the same two digits as Kemendagri's.
export const REGIONS: readonly RegionSeed[] = [
  { code: '15', bpsCode: '15', name: 'Jambi', kind: 'PROVINCE', population: null, parentCode: null },
  { code: '16', bpsCode: '16', name: 'Sumatera Selatan', kind: 'PROVINCE', population: null, parentCode: null },
  { code: '17', bpsCode: '17', name: 'Bengkulu', kind: 'PROVINCE', population: null, parentCode: null },
  { code: '33', bpsCode: '33', name: 'Jawa Tengah', kind: 'PROVINCE', population: null, parentCode: null },
  { code: '15.04', bpsCode: '1504', name: 'Kabupaten Batanghari', kind: 'KABUPATEN', population: 307_361, parentCode: '15' },
  { code: '15.71', bpsCode: '1571', name: 'Kota Jambi', kind: 'KOTA', population: 649_656, parentCode: '15' },
  { code: '16.71', bpsCode: '1671', name: 'Kota Palembang', kind: 'KOTA', population: 1_801_367, parentCode: '16' },
  { code: '17.01', bpsCode: '1701', name: 'Kabupaten Bengkulu Selatan', kind: 'KABUPATEN', population: 177_137, parentCode: '17' },
  { code: '33.74', bpsCode: '3374', name: 'Kota Semarang', kind: 'KOTA', population: 1_702_379, parentCode: '33' },
  // Kecamatan carry their names as idn-area-data (Kemendagri) lists them.
  { code: '16.71.14', bpsCode: '1671031', name: 'Plaju', kind: 'KECAMATAN', population: null, parentCode: '16.71' },
  { code: '17.01.05', bpsCode: '1701041', name: 'Kota Manna', kind: 'KECAMATAN', population: null, parentCode: '17.01' },
];

/** The five regions of the seed articles, by Kemendagri code. */
export const SEED_ARTICLE_REGION_CODES = ['16.71.14', '15.71', '15.04', '17.01.05', '33.74'] as const;

/** One regional government (pemda) per kabupaten/kota. */
export const AGENCIES: readonly AgencySeed[] = [
  { code: 'PEMKOT-PALEMBANG', name: 'Pemerintah Kota Palembang', level: 'KOTA', regionCode: '16.71' },
  { code: 'PEMKOT-JAMBI', name: 'Pemerintah Kota Jambi', level: 'KOTA', regionCode: '15.71' },
  { code: 'PEMKAB-BATANGHARI', name: 'Pemerintah Kabupaten Batanghari', level: 'KABUPATEN', regionCode: '15.04' },
  { code: 'PEMKAB-BENGKULU-SELATAN', name: 'Pemerintah Kabupaten Bengkulu Selatan', level: 'KABUPATEN', regionCode: '17.01' },
  { code: 'PEMKOT-SEMARANG', name: 'Pemerintah Kota Semarang', level: 'KOTA', regionCode: '33.74' },
];

// populationServed is illustrative, not an official figure: sized to the kind of unit (a school's
// pupils and families, a puskesmas's catchment, a kecamatan's residents, a hospital's or a
// Dukcapil's whole kota or kabupaten) so the SKM sample sizes come out plausible. Units of Plaju
// and Manna sit in the kecamatan; the others in their kabupaten/kota.
export const SERVICE_UNITS: readonly ServiceUnitSeed[] = [
  // Plaju, Kota Palembang
  { code: 'PKM-PLAJU', name: 'Puskesmas Plaju', kind: 'PUSKESMAS', regionCode: '16.71.14', agencyCode: 'PEMKOT-PALEMBANG', populationServed: 48_000 },
  {
    code: 'KEC-PLAJU',
    name: 'Kantor Kecamatan Plaju',
    kind: 'DISTRICT_OFFICE',
    regionCode: '16.71.14',
    agencyCode: 'PEMKOT-PALEMBANG',
    populationServed: 86_000,
  },
  { code: 'SDN-PLAJU', name: 'SD Negeri 2 Plaju', kind: 'SCHOOL', regionCode: '16.71.14', agencyCode: 'PEMKOT-PALEMBANG', populationServed: 1_400 },
  // Kota Jambi
  {
    code: 'RSUD-KOTA-JAMBI',
    name: 'RSUD H. Abdurrahman Sayoeti',
    kind: 'HOSPITAL',
    regionCode: '15.71',
    agencyCode: 'PEMKOT-JAMBI',
    populationServed: 650_000,
  },
  { code: 'PKM-PAAL-V', name: 'Puskesmas Paal V', kind: 'PUSKESMAS', regionCode: '15.71', agencyCode: 'PEMKOT-JAMBI', populationServed: 36_000 },
  {
    code: 'DUKCAPIL-KOTA-JAMBI',
    name: 'Dinas Kependudukan dan Pencatatan Sipil Kota Jambi',
    kind: 'CIVIL_REGISTRY',
    regionCode: '15.71',
    agencyCode: 'PEMKOT-JAMBI',
    populationServed: 650_000,
  },
  { code: 'SMPN-7-KOTA-JAMBI', name: 'SMP Negeri 7 Kota Jambi', kind: 'SCHOOL', regionCode: '15.71', agencyCode: 'PEMKOT-JAMBI', populationServed: 2_200 },
  // Kabupaten Batanghari
  { code: 'RSUD-HAMBA', name: 'RSUD Hamba Muara Bulian', kind: 'HOSPITAL', regionCode: '15.04', agencyCode: 'PEMKAB-BATANGHARI', populationServed: 307_000 },
  {
    code: 'PKM-MUARA-BULIAN',
    name: 'Puskesmas Muara Bulian',
    kind: 'PUSKESMAS',
    regionCode: '15.04',
    agencyCode: 'PEMKAB-BATANGHARI',
    populationServed: 42_000,
  },
  {
    code: 'DISTAN-BATANGHARI',
    name: 'Dinas Pertanian Kabupaten Batanghari',
    kind: 'AGRICULTURE_OFFICE',
    regionCode: '15.04',
    agencyCode: 'PEMKAB-BATANGHARI',
    populationServed: 95_000,
  },
  {
    code: 'DPMPTSP-BATANGHARI',
    name: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Batanghari',
    kind: 'LICENSING_OFFICE',
    regionCode: '15.04',
    agencyCode: 'PEMKAB-BATANGHARI',
    populationServed: 12_000,
  },
  // Manna, Kabupaten Bengkulu Selatan
  {
    code: 'RSUD-MANNA',
    name: 'RSUD Hasanuddin Damrah Manna',
    kind: 'HOSPITAL',
    regionCode: '17.01.05',
    agencyCode: 'PEMKAB-BENGKULU-SELATAN',
    populationServed: 177_000,
  },
  { code: 'PKM-MANNA', name: 'Puskesmas Manna', kind: 'PUSKESMAS', regionCode: '17.01.05', agencyCode: 'PEMKAB-BENGKULU-SELATAN', populationServed: 24_000 },
  {
    code: 'KEC-MANNA',
    name: 'Kantor Kecamatan Manna',
    kind: 'DISTRICT_OFFICE',
    regionCode: '17.01.05',
    agencyCode: 'PEMKAB-BENGKULU-SELATAN',
    populationServed: 30_000,
  },
  { code: 'SDN-MANNA', name: 'SD Negeri 1 Manna', kind: 'SCHOOL', regionCode: '17.01.05', agencyCode: 'PEMKAB-BENGKULU-SELATAN', populationServed: 900 },
  // Kota Semarang
  {
    code: 'RSUD-WONGSONEGORO',
    name: 'RSUD K.R.M.T. Wongsonegoro',
    kind: 'HOSPITAL',
    regionCode: '33.74',
    agencyCode: 'PEMKOT-SEMARANG',
    populationServed: 1_700_000,
  },
  { code: 'PKM-HALMAHERA', name: 'Puskesmas Halmahera', kind: 'PUSKESMAS', regionCode: '33.74', agencyCode: 'PEMKOT-SEMARANG', populationServed: 45_000 },
  {
    code: 'DUKCAPIL-SEMARANG',
    name: 'Dinas Kependudukan dan Pencatatan Sipil Kota Semarang',
    kind: 'CIVIL_REGISTRY',
    regionCode: '33.74',
    agencyCode: 'PEMKOT-SEMARANG',
    populationServed: 1_700_000,
  },
  {
    code: 'DPMPTSP-SEMARANG',
    name: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Semarang',
    kind: 'LICENSING_OFFICE',
    regionCode: '33.74',
    agencyCode: 'PEMKOT-SEMARANG',
    populationServed: 60_000,
  },
];

export const SELECTION_YEARS: readonly SelectionYearSeed[] = [
  {
    year: 2024,
    name: 'Seleksi CASN 2024',
    // Registration ran 20 August to 10 September 2024 (after the extension): the whole last day counts.
    registrationOpensAt: new Date('2024-08-20T00:00:00.000Z'),
    registrationClosesAt: new Date('2024-09-10T23:59:59.000Z'),
    rules: RULES_2024,
  },
];

// Education follows the job's grade: "Terampil" (skilled) grades ask for D3, "Ahli Pertama"
// (first expert) for S1 or D4 (Bidan and Sanitarian: D4 sarjana terapan), pelaksana office jobs
// for SMA (Pengadministrasi Perkantoran) or D3. Professions (Dokter, Apoteker, Ners) need the
// professional year on top of S1, hence their higher minimum age.
export const JOBS = {
  GURU_KELAS: {
    title: 'Guru Ahli Pertama - Guru Kelas',
    educationLevel: 'S1',
    majors: ['Pendidikan Guru Sekolah Dasar'],
    popularity: 3,
    femaleShare: 0.55,
    minAge: 22,
  },
  GURU_MATEMATIKA: {
    title: 'Guru Ahli Pertama - Guru Matematika',
    educationLevel: 'S1',
    majors: ['Pendidikan Matematika', 'Matematika'],
    popularity: 2.5,
    femaleShare: 0.5,
    minAge: 22,
  },
  GURU_BAHASA_INGGRIS: {
    title: 'Guru Ahli Pertama - Guru Bahasa Inggris',
    educationLevel: 'S1',
    majors: ['Pendidikan Bahasa Inggris', 'Sastra Inggris'],
    popularity: 2.5,
    femaleShare: 0.55,
    minAge: 22,
  },
  DOKTER: {
    title: 'Dokter Ahli Pertama',
    educationLevel: 'S1',
    majors: ['Pendidikan Dokter (Profesi Dokter)'],
    popularity: 0.4,
    femaleShare: 0.55,
    minAge: 24,
  },
  APOTEKER: { title: 'Apoteker Ahli Pertama', educationLevel: 'S1', majors: ['Farmasi (Profesi Apoteker)'], popularity: 0.6, femaleShare: 0.65, minAge: 23 },
  PERAWAT_AHLI: { title: 'Perawat Ahli Pertama', educationLevel: 'S1', majors: ['Keperawatan (Profesi Ners)'], popularity: 3, femaleShare: 0.55, minAge: 23 },
  PERAWAT_TERAMPIL: { title: 'Perawat Terampil', educationLevel: 'D3', majors: ['Keperawatan'], popularity: 3, femaleShare: 0.55, minAge: 21 },
  BIDAN_AHLI: { title: 'Bidan Ahli Pertama', educationLevel: 'D4', majors: ['Kebidanan (Sarjana Terapan)'], popularity: 2, femaleShare: 1, minAge: 22 },
  BIDAN_TERAMPIL: { title: 'Bidan Terampil', educationLevel: 'D3', majors: ['Kebidanan'], popularity: 2, femaleShare: 1, minAge: 21 },
  PRANATA_LAB_TERAMPIL: {
    title: 'Pranata Laboratorium Kesehatan Terampil',
    educationLevel: 'D3',
    majors: ['Teknologi Laboratorium Medis', 'Analis Kesehatan'],
    popularity: 1.2,
    femaleShare: 0.55,
    minAge: 21,
  },
  SANITARIAN_AHLI: {
    title: 'Sanitarian Ahli Pertama',
    educationLevel: 'D4',
    majors: ['Sanitasi Lingkungan', 'Kesehatan Lingkungan'],
    popularity: 0.8,
    femaleShare: 0.45,
    minAge: 22,
  },
  PRANATA_KOMPUTER_AHLI: {
    title: 'Pranata Komputer Ahli Pertama',
    educationLevel: 'S1',
    majors: ['Teknik Informatika', 'Sistem Informasi', 'Ilmu Komputer'],
    popularity: 3,
    femaleShare: 0.3,
    minAge: 22,
  },
  PRANATA_KOMPUTER_TERAMPIL: {
    title: 'Pranata Komputer Terampil',
    educationLevel: 'D3',
    majors: ['Manajemen Informatika', 'Teknik Komputer', 'Teknik Informatika'],
    popularity: 3,
    femaleShare: 0.3,
    minAge: 21,
  },
  ADMINISTRATOR_DATABASE: {
    title: 'Administrator Database Kependudukan Ahli Pertama',
    educationLevel: 'S1',
    majors: ['Teknik Informatika', 'Sistem Informasi', 'Statistika'],
    popularity: 1.5,
    femaleShare: 0.4,
    minAge: 22,
  },
  ANALIS_KEBIJAKAN: {
    title: 'Analis Kebijakan Ahli Pertama',
    educationLevel: 'S1',
    majors: ['Ilmu Administrasi Negara', 'Ilmu Pemerintahan', 'Ilmu Hukum', 'Ekonomi Pembangunan'],
    popularity: 1.5,
    femaleShare: 0.45,
    minAge: 22,
  },
  PENYULUH_PERTANIAN_AHLI: {
    title: 'Penyuluh Pertanian Ahli Pertama',
    educationLevel: 'S1',
    majors: ['Agroteknologi', 'Agribisnis', 'Agronomi'],
    popularity: 1,
    femaleShare: 0.35,
    minAge: 22,
  },
  PENYULUH_PERTANIAN_TERAMPIL: {
    title: 'Penyuluh Pertanian Terampil',
    educationLevel: 'D3',
    majors: ['Penyuluhan Pertanian', 'Agribisnis', 'Budidaya Tanaman Pangan'],
    popularity: 1,
    femaleShare: 0.3,
    minAge: 21,
  },
  PENGOLAH_DATA: {
    title: 'Pengolah Data dan Informasi',
    educationLevel: 'D3',
    majors: ['Manajemen Informatika', 'Administrasi Bisnis', 'Akuntansi'],
    popularity: 1.5,
    femaleShare: 0.45,
    minAge: 21,
  },
  PENGADMINISTRASI_PERKANTORAN: {
    title: 'Pengadministrasi Perkantoran',
    educationLevel: 'SMA',
    majors: ['SMA IPA', 'SMA IPS', 'SMK Otomatisasi dan Tata Kelola Perkantoran'],
    popularity: 2.5,
    femaleShare: 0.5,
    minAge: 18,
  },
} as const satisfies Record<string, JobSeed>;

export type JobKey = keyof typeof JOBS;

type FormationRow = [job: JobKey, type: FormationType, quota: number, serviceUnitCode: string | null];

// Per agency, in code order (001, 002, ...): [job, type, quota, unit or null].
// Formation types: UMUM for most; CUMLAUDE and DISABILITAS with quotas of 1-2 as agencies set
// aside in 2024. No PAPUA or KALIMANTAN formations: those are affirmative types for the
// indigenous youth of Papua and for Kalimantan (IKN) placements, opened only by agencies there;
// none of these five regions would have them, so seeding one would show an impossible formation.
const FORMATION_TABLE: Record<string, readonly FormationRow[]> = {
  'PEMKOT-PALEMBANG': [
    ['GURU_KELAS', 'UMUM', 4, 'SDN-PLAJU'],
    ['GURU_KELAS', 'CUMLAUDE', 1, 'SDN-PLAJU'],
    ['PERAWAT_TERAMPIL', 'UMUM', 4, 'PKM-PLAJU'],
    ['BIDAN_TERAMPIL', 'UMUM', 3, 'PKM-PLAJU'],
    ['DOKTER', 'UMUM', 2, 'PKM-PLAJU'],
    ['PRANATA_LAB_TERAMPIL', 'UMUM', 2, 'PKM-PLAJU'],
    ['ANALIS_KEBIJAKAN', 'UMUM', 2, 'KEC-PLAJU'],
    ['PENGADMINISTRASI_PERKANTORAN', 'DISABILITAS', 1, 'KEC-PLAJU'],
    ['PRANATA_KOMPUTER_AHLI', 'UMUM', 5, null],
  ],
  'PEMKOT-JAMBI': [
    ['DOKTER', 'UMUM', 3, 'RSUD-KOTA-JAMBI'],
    ['PERAWAT_AHLI', 'UMUM', 6, 'RSUD-KOTA-JAMBI'],
    ['PERAWAT_TERAMPIL', 'UMUM', 5, 'RSUD-KOTA-JAMBI'],
    ['APOTEKER', 'UMUM', 2, 'RSUD-KOTA-JAMBI'],
    ['BIDAN_TERAMPIL', 'UMUM', 3, 'PKM-PAAL-V'],
    ['GURU_MATEMATIKA', 'UMUM', 3, 'SMPN-7-KOTA-JAMBI'],
    ['GURU_BAHASA_INGGRIS', 'CUMLAUDE', 1, 'SMPN-7-KOTA-JAMBI'],
    ['ADMINISTRATOR_DATABASE', 'UMUM', 2, 'DUKCAPIL-KOTA-JAMBI'],
    ['PRANATA_KOMPUTER_TERAMPIL', 'DISABILITAS', 1, 'DUKCAPIL-KOTA-JAMBI'],
    ['ANALIS_KEBIJAKAN', 'UMUM', 4, null],
  ],
  'PEMKAB-BATANGHARI': [
    ['PENYULUH_PERTANIAN_TERAMPIL', 'UMUM', 12, 'DISTAN-BATANGHARI'],
    ['PENYULUH_PERTANIAN_AHLI', 'UMUM', 5, 'DISTAN-BATANGHARI'],
    ['DOKTER', 'UMUM', 4, 'RSUD-HAMBA'],
    ['PERAWAT_TERAMPIL', 'UMUM', 8, 'RSUD-HAMBA'],
    ['BIDAN_TERAMPIL', 'UMUM', 6, 'PKM-MUARA-BULIAN'],
    ['SANITARIAN_AHLI', 'UMUM', 2, 'PKM-MUARA-BULIAN'],
    ['GURU_KELAS', 'UMUM', 15, null],
    ['PRANATA_KOMPUTER_AHLI', 'CUMLAUDE', 1, 'DPMPTSP-BATANGHARI'],
    ['PENGOLAH_DATA', 'DISABILITAS', 1, 'DPMPTSP-BATANGHARI'],
  ],
  'PEMKAB-BENGKULU-SELATAN': [
    ['GURU_KELAS', 'UMUM', 3, 'SDN-MANNA'],
    ['GURU_KELAS', 'UMUM', 12, null],
    ['DOKTER', 'UMUM', 3, 'RSUD-MANNA'],
    ['DOKTER', 'CUMLAUDE', 1, 'RSUD-MANNA'],
    ['PERAWAT_TERAMPIL', 'UMUM', 6, 'RSUD-MANNA'],
    ['BIDAN_TERAMPIL', 'UMUM', 4, 'PKM-MANNA'],
    ['PENYULUH_PERTANIAN_TERAMPIL', 'UMUM', 8, null],
    ['ANALIS_KEBIJAKAN', 'UMUM', 2, 'KEC-MANNA'],
    ['PENGADMINISTRASI_PERKANTORAN', 'DISABILITAS', 1, 'KEC-MANNA'],
  ],
  'PEMKOT-SEMARANG': [
    ['DOKTER', 'UMUM', 5, 'RSUD-WONGSONEGORO'],
    ['PERAWAT_AHLI', 'UMUM', 10, 'RSUD-WONGSONEGORO'],
    ['APOTEKER', 'UMUM', 3, 'RSUD-WONGSONEGORO'],
    ['PRANATA_LAB_TERAMPIL', 'UMUM', 3, 'RSUD-WONGSONEGORO'],
    ['BIDAN_AHLI', 'UMUM', 3, 'PKM-HALMAHERA'],
    ['ADMINISTRATOR_DATABASE', 'UMUM', 4, 'DUKCAPIL-SEMARANG'],
    ['PRANATA_KOMPUTER_AHLI', 'UMUM', 6, null],
    ['PRANATA_KOMPUTER_AHLI', 'CUMLAUDE', 2, null],
    ['ANALIS_KEBIJAKAN', 'DISABILITAS', 1, 'DPMPTSP-SEMARANG'],
    ['GURU_MATEMATIKA', 'UMUM', 10, null],
  ],
};

function buildFormations(year: number): FormationSeed[] {
  const units = new Map(SERVICE_UNITS.map((u) => [u.code, u]));
  return AGENCIES.flatMap((agency) =>
    (FORMATION_TABLE[agency.code] ?? []).map(([job, type, quota, unitCode], i) => {
      const unit = unitCode === null ? null : units.get(unitCode);
      if (unit === undefined) throw new Error(`Formation ${agency.code} #${i + 1}: unknown service unit ${unitCode}`);
      if (unit && unit.agencyCode !== agency.code) throw new Error(`Formation ${agency.code} #${i + 1}: unit ${unitCode} belongs to ${unit.agencyCode}`);
      return {
        code: `${year}-${agency.code}-${String(i + 1).padStart(3, '0')}`,
        job,
        jobTitle: JOBS[job].title,
        educationLevel: JOBS[job].educationLevel,
        type,
        quota,
        agencyCode: agency.code,
        serviceUnitCode: unit?.code ?? null,
        regionCode: unit?.regionCode ?? agency.regionCode,
        year,
      };
    }),
  );
}

/** The 2024 formations, codes like "2024-PEMKOT-JAMBI-001". */
export const FORMATIONS_2024: readonly FormationSeed[] = buildFormations(2024);
