import type { EducationLevel, FunnelStep, Gender, KpiStage, RegionFigure, RegionKind, ResultCode, ExamSessionStatus, TargetDirection } from '@pantau/schema';
import { createContext, createElement, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export type Language = 'id' | 'en';
export type IkmGrade = 'A' | 'B' | 'C' | 'D';
export type SkmElement = 'U1' | 'U2' | 'U3' | 'U4' | 'U5' | 'U6' | 'U7' | 'U8' | 'U9';
export type AspirationCategory = 'KESEHATAN' | 'PENDIDIKAN' | 'ADMINISTRASI_KEPENDUDUKAN' | 'INFRASTRUKTUR' | 'SOSIAL' | 'LAINNYA';

const id = {
  title: 'Pantau — Rekrutmen ASN yang transparan',
  /** Label of the toggle: the language it switches *to*, in that language. */
  switchLanguage: 'English',
  nav: { overview: 'Ringkasan', satisfaction: 'Kepuasan', screen: 'Layar publik', regions: 'Semua wilayah' },
  regions: 'Wilayah',
  name: 'Nama',
  kind: 'Jenis',
  kemendagriCode: 'Kode Kemendagri',
  bpsCode: 'Kode BPS',
  population: 'Penduduk',
  parent: 'Induk',
  loading: 'Memuat…',
  loadFailed: 'Gagal memuat data',
  noRegions: 'Belum ada wilayah.',
  searchRegions: 'Cari wilayah (nama atau kode)',
  noData: 'Belum ada data',
  noDataYet: 'Belum ada data untuk ditampilkan.',
  live: 'Langsung',
  liveSse: 'Langsung (SSE)',
  connecting: 'Menyambung…',
  reconnecting: 'Menyambung ulang… data terakhir tetap ditampilkan',
  waitingForServer: 'Menunggu server…',
  lastUpdate: 'Pembaruan terakhir',
  regionKinds: { PROVINCE: 'Provinsi', KABUPATEN: 'Kabupaten', KOTA: 'Kota', KECAMATAN: 'Kecamatan', KELURAHAN: 'Kelurahan', DESA: 'Desa' } satisfies Record<
    RegionKind,
    string
  >,
  overview: { heading: 'Ringkasan rekrutmen', intro: 'Setiap wilayah berdampingan, diperbarui langsung.', selection: 'Seleksi', openRegion: 'Lihat wilayah' },
  kpi: {
    formations: 'Formasi',
    quota: 'Kebutuhan',
    applicants: 'Pelamar',
    competition: 'Persaingan',
    perSeat: 'pelamar per kursi',
    fillRate: 'Keterisian',
    inclOptimalisasi: 'termasuk optimalisasi',
    beforeOptimalisasi: 'sebelum optimalisasi',
    unfilled: 'Formasi belum terisi',
    daysToFinal: 'Hari sampai hasil akhir',
    ikm: 'IKM',
  },
  funnel: {
    title: 'Alur seleksi',
    steps: {
      REGISTERED: 'Pendaftar',
      ELIGIBLE: 'Memenuhi syarat (MS)',
      SKD_SAT: 'Ikut SKD',
      SKD_PASSED: 'Lulus ambang batas SKD',
      SKB_ADVANCED: 'Lanjut SKB (P/L)',
      SKB_SAT: 'Ikut SKB',
      SELECTED: 'Lulus akhir',
      FILLED: 'Terisi (termasuk optimalisasi)',
    } satisfies Record<FunnelStep, string>,
  },
  stages: {
    title: 'Tahapan',
    names: { ADMINISTRASI: 'Seleksi administrasi', SKD: 'SKD', SKB: 'SKB', FINAL: 'Hasil akhir' } satisfies Record<KpiStage, string>,
    stage: 'Tahap',
    entered: 'Peserta',
    passed: 'Lulus',
    passRate: 'Tingkat kelulusan',
    started: 'Dimulai',
    announced: 'Diumumkan',
    daysToStart: 'Hari sampai dimulai',
    daysToAnnouncement: 'Hari sampai diumumkan',
  },
  region: {
    competitionTitle: 'Formasi menurut persaingan',
    breadcrumbs: 'Jalur wilayah',
    compareTitle: 'Perbandingan wilayah di bawahnya',
    compareHint: 'Klik judul kolom untuk mengurutkan; klik nama wilayah untuk masuk lebih dalam.',
    sortedBy: 'diurutkan',
    print: 'Cetak laporan',
    unfilledTitle: 'Formasi belum terisi',
    noUnfilled: 'Tidak ada formasi yang belum terisi setelah hasil akhir.',
    finalNotYet: 'Hasil akhir belum diumumkan: formasi yang belum terisi diketahui setelahnya.',
    distributionTitle: 'Sebaran pelamar',
    gender: 'Jenis kelamin',
    education: 'Pendidikan',
    disability: 'Disabilitas',
    origin: 'Asal daerah',
    yes: 'Ya',
    no: 'Tidak',
    genders: { MALE: 'Laki-laki', FEMALE: 'Perempuan' } satisfies Record<Gender, string>,
    openScreen: 'Buka layar publik wilayah ini',
    satisfactionTitle: 'Kepuasan layanan',
  },
  columns: {
    code: 'Kode',
    jobTitle: 'Jabatan',
    agency: 'Instansi',
    education: 'Pendidikan',
    quota: 'Kebutuhan',
    applicants: 'Pelamar',
    ratio: 'Pelamar per kursi',
    eligible: 'MS',
    skdPassed: 'Lulus SKD',
    selected: 'Lulus akhir',
    filled: 'Terisi',
    emptySeats: 'Kursi kosong',
    count: 'Jumlah',
    share: 'Persentase',
  },
  downloadCsv: 'Unduh CSV',
  chartAlt: 'Data grafik',
  formation: {
    liveRanking: 'Peringkat langsung',
    finalRanking: 'Peringkat akhir',
    rank: 'Peringkat',
    participant: 'Nomor peserta',
    name: 'Nama',
    total: 'Total SKD',
    skb: 'SKB',
    finalScore: 'Nilai akhir',
    result: 'Kode hasil',
    movement: 'Gerak',
    cut: 'Batas SKB: peringkat',
    participants: 'peserta',
    noScores: 'Belum ada nilai.',
    publicScreen: 'Buka di layar publik',
    resultCodes: { P_L: 'P/L', P: 'P', TL: 'TL', TH: 'TH', DIS: 'DIS', P_L_2: 'P/L-2' } satisfies Record<ResultCode, string>,
    resultLegend: 'P/L lanjut SKB atau lulus · P memenuhi ambang batas · TL tidak memenuhi · TH tidak hadir · DIS diskualifikasi · P/L-2 optimalisasi',
  },
  screen: {
    title: 'Skor langsung',
    session: 'Sesi',
    site: 'Lokasi',
    scoresOf: 'Nilai peserta',
    statuses: { SCHEDULED: 'Terjadwal', RUNNING: 'Berlangsung', CLOSED: 'Selesai' } satisfies Record<ExamSessionStatus, string>,
    absent: 'Tidak hadir',
    disqualified: 'Diskualifikasi',
    running: 'sementara',
    final: 'final',
    noSessions: 'Tidak ada sesi di lokasi ini.',
    noFormations: 'Tidak ada formasi di wilayah ini.',
    fullscreen: 'Layar penuh',
    checkScore: 'Cek skor Anda di ponsel: pindai kode QR atau buka',
    checkScoreQr: 'Kode QR halaman Cek skor',
    search: 'Cari',
    searchFound: (n: number) => `${n} peserta ditemukan, disorot`,
    searchNone: 'tidak ditemukan di sini',
    next: 'Berikutnya',
    of: 'dari',
    up: 'naik',
    down: 'turun',
    new: 'baru',
    skb: 'Nilai SKB',
    skdTotal: 'Total SKD',
    corrected: 'dikoreksi',
    threshold: 'Ambang batas',
    meets: 'memenuhi ambang batas',
    below: 'di bawah ambang batas',
    clock: 'Jam',
    elapsed: 'Waktu berjalan',
    started: 'Mulai',
    closed: 'Durasi',
    legendTitle: 'Keterangan',
    legendMoves: '▲ naik peringkat · ▼ turun peringkat · • baru masuk · – tetap',
    legendScores: 'sementara: nilai berjalan, dapat berubah · final: hasil akhir sesi · dikoreksi: hasil diganti dengan alasan',
    legendCodes: 'P/L lanjut SKB · P memenuhi ambang batas · TL tidak memenuhi ambang batas · TH tidak hadir · DIS diskualifikasi · P/L-2 optimalisasi',
    formation: 'Formasi',
    page: 'Halaman',
  },
  notFound: {
    title: 'Tidak ditemukan',
    region: 'Tidak ada wilayah dengan kode ini',
    formation: 'Tidak ada formasi dengan nomor ini',
    session: 'Tidak ada sesi ujian dengan nomor ini',
    site: 'Tidak ada lokasi ujian dengan kode ini',
    page: 'Halaman ini tidak ada',
    back: 'Kembali ke ringkasan',
  },
  crashed: 'Terjadi kesalahan saat menampilkan bagian ini.',
  skipToContent: 'Langsung ke isi',
  paging: {
    previous: 'Sebelumnya',
    next: 'Berikutnya',
    page: 'Halaman',
    of: 'dari',
    search: 'Cari nomor peserta',
    searchHint: 'mis. 1571…',
    noMatch: 'Tidak ada peserta dengan nomor itu.',
    showing: 'Menampilkan',
  },
  satisfaction: {
    heading: 'Kepuasan masyarakat (SKM/IKM)',
    intro: 'Indeks Kepuasan Masyarakat per unit layanan dan wilayah, sembilan unsur, jumlah responden terhadap sampel minimal, pengaduan dan waktu menjawab.',
    perUnit: 'IKM per unit layanan',
    perRegion: 'IKM per wilayah',
    unit: 'Unit layanan',
    region: 'Wilayah',
    ikm: 'IKM',
    grade: 'Mutu',
    respondents: 'Responden',
    requiredSample: 'Sampel minimal',
    provisional: 'sementara',
    complaints: 'Pengaduan dan saran',
    headline: 'IKM wilayah',
    periodOf: 'Periode',
    pickRegion: 'Unsur dan tren IKM ada di halaman tiap wilayah:',
    answered: 'Dijawab',
    medianHours: 'Median waktu menjawab (jam)',
    elements: 'Sembilan unsur IKM',
    trend: 'Tren IKM',
    average: 'Rata-rata (1–4)',
    element: 'Unsur',
    gradeBLine: 'batas mutu B',
    period: 'Periode',
    grades: { A: 'Sangat baik', B: 'Baik', C: 'Kurang baik', D: 'Tidak baik' } satisfies Record<IkmGrade, string>,
    elementNames: {
      U1: 'Persyaratan',
      U2: 'Sistem, mekanisme dan prosedur',
      U3: 'Waktu penyelesaian',
      U4: 'Biaya/tarif',
      U5: 'Produk spesifikasi jenis pelayanan',
      U6: 'Kompetensi pelaksana',
      U7: 'Perilaku pelaksana',
      U8: 'Penanganan pengaduan, saran dan masukan',
      U9: 'Sarana dan prasarana',
    } satisfies Record<SkmElement, string>,
  },
  needs: {
    gapTitle: 'Kesenjangan kebutuhan per jabatan',
    jobTitle: 'Jabatan',
    needed: 'Kebutuhan (norma)',
    currentStaff: 'Pegawai saat ini',
    retirements: 'Akan pensiun',
    formationQuota: 'Formasi dibuka',
    gap: 'Kesenjangan',
    aspirationsTitle: 'Aspirasi warga',
    category: 'Kategori',
    categories: {
      KESEHATAN: 'Kesehatan',
      PENDIDIKAN: 'Pendidikan',
      ADMINISTRASI_KEPENDUDUKAN: 'Administrasi kependudukan',
      INFRASTRUKTUR: 'Infrastruktur',
      SOSIAL: 'Sosial',
      LAINNYA: 'Lainnya',
    } satisfies Record<AspirationCategory, string>,
  },
  days: 'hari',
  trends: {
    title: 'Tren dan sasaran',
    intro: 'Capaian tiap tahun dibanding sasaran yang ditetapkan pemerintah daerah. Garis putus-putus: sasaran.',
    figures: {
      FILL_RATE: 'Keterisian formasi',
      IKM: 'Indeks Kepuasan Masyarakat (IKM)',
      SKD_PASS_RATE: 'Kelulusan SKD',
      DAYS_TO_FINAL_RESULT: 'Lama seleksi sampai hasil akhir',
    } satisfies Record<RegionFigure, string>,
    better: { HIGHER_IS_BETTER: 'makin tinggi makin baik', LOWER_IS_BETTER: 'makin rendah makin baik' } satisfies Record<TargetDirection, string>,
    year: 'Tahun',
    actual: 'Capaian',
    target: 'Sasaran',
    status: 'Status',
    met: 'Tercapai',
    notMet: 'Belum tercapai',
    noTarget: 'Belum ada sasaran',
    form: {
      title: 'Tetapkan sasaran',
      hint: 'Untuk petugas pemerintah daerah (OFFICIAL atau ADMIN). Masuk hanya berlaku di halaman ini dan tidak disimpan.',
      figure: 'Angka',
      year: 'Tahun seleksi',
      value: 'Nilai sasaran',
      username: 'Nama pengguna',
      password: 'Kata sandi',
      submit: 'Simpan sasaran',
      saving: 'Menyimpan…',
      saved: 'Sasaran disimpan',
      failed: 'Sasaran tidak disimpan',
      signedIn: 'Masuk sebagai petugas',
      signOut: 'Keluar',
    },
  },
};

export type Messages = typeof id;

const en: Messages = {
  title: 'Pantau — Transparent ASN recruitment',
  switchLanguage: 'Bahasa Indonesia',
  nav: { overview: 'Overview', satisfaction: 'Satisfaction', screen: 'Public screen', regions: 'All regions' },
  regions: 'Regions',
  name: 'Name',
  kind: 'Kind',
  kemendagriCode: 'Kemendagri code',
  bpsCode: 'BPS code',
  population: 'Population',
  parent: 'Parent',
  loading: 'Loading…',
  loadFailed: 'Failed to load data',
  noRegions: 'No regions yet.',
  searchRegions: 'Search regions (name or code)',
  noData: 'No data yet',
  noDataYet: 'No data to show yet.',
  live: 'Live',
  liveSse: 'Live (SSE)',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting… showing the last data',
  waitingForServer: 'Waiting for the server…',
  lastUpdate: 'Last update',
  regionKinds: { PROVINCE: 'Province', KABUPATEN: 'Regency', KOTA: 'City', KECAMATAN: 'District', KELURAHAN: 'Urban village', DESA: 'Village' },
  overview: { heading: 'Recruitment overview', intro: 'Every region side by side, updated live.', selection: 'Selection', openRegion: 'Open region' },
  kpi: {
    formations: 'Formations',
    quota: 'Seats',
    applicants: 'Applicants',
    competition: 'Competition',
    perSeat: 'applicants per seat',
    fillRate: 'Fill rate',
    inclOptimalisasi: 'including optimalisasi',
    beforeOptimalisasi: 'before optimalisasi',
    unfilled: 'Unfilled formations',
    daysToFinal: 'Days to the final result',
    ikm: 'Satisfaction index',
  },
  funnel: {
    title: 'Selection funnel',
    steps: {
      REGISTERED: 'Applicants',
      ELIGIBLE: 'Eligible (MS)',
      SKD_SAT: 'Sat the SKD',
      SKD_PASSED: 'Met the SKD threshold',
      SKB_ADVANCED: 'To the SKB (P/L)',
      SKB_SAT: 'Sat the SKB',
      SELECTED: 'Selected',
      FILLED: 'Filled (incl. optimalisasi)',
    },
  },
  stages: {
    title: 'Stages',
    names: { ADMINISTRASI: 'Administrative check', SKD: 'SKD', SKB: 'SKB', FINAL: 'Final result' },
    stage: 'Stage',
    entered: 'Entered',
    passed: 'Passed',
    passRate: 'Pass rate',
    started: 'Started',
    announced: 'Announced',
    daysToStart: 'Days to start',
    daysToAnnouncement: 'Days to announcement',
  },
  region: {
    competitionTitle: 'Formations by competition',
    breadcrumbs: 'Region path',
    compareTitle: 'Regions below, compared',
    compareHint: 'Click a column heading to sort; click a region to drill down.',
    sortedBy: 'sorted',
    print: 'Print report',
    unfilledTitle: 'Unfilled formations',
    noUnfilled: 'No formation left unfilled after its final result.',
    finalNotYet: 'Final results are not announced yet: unfilled formations are known after that.',
    distributionTitle: 'Applicants by group',
    gender: 'Gender',
    education: 'Education',
    disability: 'Disability',
    origin: 'Origin',
    yes: 'Yes',
    no: 'No',
    genders: { MALE: 'Male', FEMALE: 'Female' },
    openScreen: "Open this region's public screen",
    satisfactionTitle: 'Service satisfaction',
  },
  columns: {
    code: 'Code',
    jobTitle: 'Job',
    agency: 'Agency',
    education: 'Education',
    quota: 'Seats',
    applicants: 'Applicants',
    ratio: 'Applicants per seat',
    eligible: 'Eligible',
    skdPassed: 'Passed SKD',
    selected: 'Selected',
    filled: 'Filled',
    emptySeats: 'Empty seats',
    count: 'Count',
    share: 'Share',
  },
  downloadCsv: 'Download CSV',
  chartAlt: 'Chart data',
  formation: {
    liveRanking: 'Live ranking',
    finalRanking: 'Final ranking',
    rank: 'Rank',
    participant: 'Participant number',
    name: 'Name',
    total: 'SKD total',
    skb: 'Field test',
    finalScore: 'Final score',
    result: 'Result code',
    movement: 'Movement',
    cut: 'SKB cut: rank',
    participants: 'participants',
    noScores: 'No scores yet.',
    publicScreen: 'Open on the public screen',
    resultCodes: { P_L: 'P/L', P: 'P', TL: 'TL', TH: 'TH', DIS: 'DIS', P_L_2: 'P/L-2' },
    resultLegend: 'P/L to the SKB or selected · P met the threshold · TL below the threshold · TH absent · DIS disqualified · P/L-2 optimalisasi',
  },
  screen: {
    title: 'Live scores',
    session: 'Session',
    site: 'Site',
    scoresOf: 'Scores',
    statuses: { SCHEDULED: 'Scheduled', RUNNING: 'In progress', CLOSED: 'Finished' },
    absent: 'Absent',
    disqualified: 'Disqualified',
    running: 'running',
    final: 'final',
    noSessions: 'No sessions at this site.',
    noFormations: 'No formations in this region.',
    fullscreen: 'Full screen',
    checkScore: 'Verify your score on your phone: scan the QR code or open',
    checkScoreQr: 'QR code of the Verify my score page',
    search: 'Search',
    searchFound: (n: number) => `${n} ${n === 1 ? 'participant' : 'participants'} found, highlighted`,
    searchNone: 'not found here',
    next: 'Next',
    of: 'of',
    up: 'up',
    down: 'down',
    new: 'new',
    skb: 'SKB score',
    skdTotal: 'SKD total',
    corrected: 'corrected',
    threshold: 'Passing mark',
    meets: 'meets the passing mark',
    below: 'below the passing mark',
    clock: 'Time',
    elapsed: 'Elapsed',
    started: 'Started',
    closed: 'Duration',
    legendTitle: 'Legend',
    legendMoves: '▲ moved up · ▼ moved down · • newly ranked · – unchanged',
    legendScores: 'provisional: running score, may change · final: the session’s result · corrected: result replaced with a reason',
    legendCodes: 'P/L to the SKB · P meets the passing mark · TL below the passing mark · TH absent · DIS disqualified · P/L-2 optimalisation',
    formation: 'Formation',
    page: 'Page',
  },
  notFound: {
    title: 'Not found',
    region: 'No region has this code',
    formation: 'No formation has this number',
    session: 'No exam session has this number',
    site: 'No exam site has this code',
    page: 'This page does not exist',
    back: 'Back to the overview',
  },
  crashed: 'Something went wrong while showing this part.',
  skipToContent: 'Skip to content',
  paging: {
    previous: 'Previous',
    next: 'Next',
    page: 'Page',
    of: 'of',
    search: 'Find participant number',
    searchHint: 'e.g. 1571…',
    noMatch: 'No participant with that number.',
    showing: 'Showing',
  },
  satisfaction: {
    heading: 'Public satisfaction (SKM/IKM)',
    intro:
      'The satisfaction index per service unit and region, its nine elements, respondents against the required sample, complaints and the time to answer them.',
    perUnit: 'Index per service unit',
    perRegion: 'Index per region',
    unit: 'Service unit',
    region: 'Region',
    ikm: 'Index',
    grade: 'Grade',
    respondents: 'Respondents',
    requiredSample: 'Required sample',
    provisional: 'provisional',
    complaints: 'Complaints and suggestions',
    headline: 'Region index',
    periodOf: 'Period',
    pickRegion: 'The nine elements and the trend are on each region’s page:',
    answered: 'Answered',
    medianHours: 'Median time to answer (hours)',
    elements: 'The nine index elements',
    trend: 'Index trend',
    average: 'Average (1–4)',
    element: 'Element',
    gradeBLine: 'grade B threshold',
    period: 'Period',
    grades: { A: 'Very good', B: 'Good', C: 'Fair', D: 'Poor' },
    elementNames: {
      U1: 'Requirements',
      U2: 'Systems, mechanisms and procedures',
      U3: 'Time to complete',
      U4: 'Cost',
      U5: 'Service products',
      U6: 'Staff competence',
      U7: 'Staff conduct',
      U8: 'Handling of complaints and suggestions',
      U9: 'Facilities',
    },
  },
  needs: {
    gapTitle: 'Staffing gap per job',
    jobTitle: 'Job',
    needed: 'Needed (norm)',
    currentStaff: 'Current staff',
    retirements: 'Retiring',
    formationQuota: 'Formations opened',
    gap: 'Gap',
    aspirationsTitle: "Residents' aspirations",
    category: 'Category',
    categories: {
      KESEHATAN: 'Health',
      PENDIDIKAN: 'Education',
      ADMINISTRASI_KEPENDUDUKAN: 'Civil registration',
      INFRASTRUKTUR: 'Infrastructure',
      SOSIAL: 'Social',
      LAINNYA: 'Other',
    },
  },
  days: 'days',
  trends: {
    title: 'Trends and targets',
    intro: "Each year's figure against the target set by the regional government. Dashed line: the target.",
    figures: {
      FILL_RATE: 'Formation fill rate',
      IKM: 'Community satisfaction index (IKM)',
      SKD_PASS_RATE: 'SKD pass rate',
      DAYS_TO_FINAL_RESULT: 'Days to the final result',
    },
    better: { HIGHER_IS_BETTER: 'higher is better', LOWER_IS_BETTER: 'lower is better' },
    year: 'Year',
    actual: 'Actual',
    target: 'Target',
    status: 'Status',
    met: 'Met',
    notMet: 'Not met',
    noTarget: 'No target yet',
    form: {
      title: 'Set a target',
      hint: 'For regional government staff (OFFICIAL or ADMIN). Signing in lasts for this page only and is not stored.',
      figure: 'Figure',
      year: 'Selection year',
      value: 'Target value',
      username: 'Username',
      password: 'Password',
      submit: 'Save target',
      saving: 'Saving…',
      saved: 'Target saved',
      failed: 'Target not saved',
      signedIn: 'Signed in as staff',
      signOut: 'Sign out',
    },
  },
};

/** Every label in both languages (tests check that a toggle leaves no Indonesian label behind). */
export const messages: Record<Language, Messages> = { id, en };

/** Education levels read the same in both languages. */
export const educationLabel = (level: EducationLevel): string => level;

const indonesianNumbers = new Intl.NumberFormat('id-ID');
const decimals = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const scores = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percents = new Intl.NumberFormat('id-ID', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Counts read the Indonesian way ("649.656") in both languages: the figures are Indonesian statistics. */
export function formatCount(value: number): string {
  return indonesianNumbers.format(value);
}

/** A rate of 0..1 as "12,3%"; a dash when unknown. */
export function formatPercent(value: number | null | undefined): string {
  return value == null ? '—' : percents.format(value);
}

/** A ratio with one decimal ("125,5"); a dash when unknown. */
export function formatRatio(value: number | null | undefined): string {
  return value == null ? '—' : decimals.format(value);
}

/** A score with two decimals, as announcements show them. */
export function formatScore(value: number | null | undefined): string {
  return value == null ? '—' : scores.format(value);
}

// The five regions are all on Western Indonesia Time.
const TIME_ZONE = 'Asia/Jakarta';
const dateFormats: Record<Language, Intl.DateTimeFormat> = {
  id: new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeZone: TIME_ZONE }),
  en: new Intl.DateTimeFormat('en-ID', { dateStyle: 'long', timeZone: TIME_ZONE }),
};
const timeFormat = new Intl.DateTimeFormat('id-ID', { timeStyle: 'medium', timeZone: TIME_ZONE });

/** "21 Oktober 2024" / "21 October 2024": Indonesian conventions, the month in the page's language. */
export function formatDate(value: string | Date | null | undefined, language: Language): string {
  return value == null ? '—' : dateFormats[language].format(new Date(value));
}

/** "10.04.05" (WIB), as Indonesian clocks show it. */
export function formatTime(value: string | Date | number): string {
  return timeFormat.format(new Date(value));
}

interface I18n {
  language: Language;
  t: Messages;
  setLanguage: (language: Language) => void;
}

const I18nContext = createContext<I18n | null>(null);

const STORAGE_KEY = 'pantau:lang';

/**
 * The language a page opens in: `?lang=en` (or `id`) in the address (before or after the hash), so a
 * kiosk can be set up in English; else the one chosen last on this device; else Bahasa Indonesia.
 */
export function languageFromLocation(location: Pick<Location, 'search' | 'hash'>, stored: string | null): Language {
  const query = `${location.search.replace(/^\?/, '')}&${location.hash.split('?')[1] ?? ''}`;
  const asked = new URLSearchParams(query).get('lang');
  if (asked === 'en' || asked === 'id') return asked;
  return stored === 'en' ? 'en' : 'id';
}

function storedLanguage(): string | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Bahasa Indonesia unless told otherwise; the page's `lang` follows so screen readers do too, and the choice survives a reload. */
export function I18nProvider({ children, initialLanguage }: { children: ReactNode; initialLanguage?: Language }) {
  const [language, setLanguage] = useState<Language>(
    () => initialLanguage ?? (typeof window === 'undefined' ? 'id' : languageFromLocation(window.location, storedLanguage())),
  );
  useEffect(() => {
    document.documentElement.lang = language;
    try {
      if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, [language]);
  const value = useMemo(() => ({ language, setLanguage, t: messages[language] }), [language]);
  return createElement(I18nContext.Provider, { value }, children);
}

/** Sets the document title ("Wilayah · Kota Jambi — Pantau"), so tabs, history and screen readers tell pages apart. */
export function usePageTitle(...parts: Array<string | null | undefined>): void {
  const title = [...parts.filter(Boolean), 'Pantau'].join(' — ');
  useEffect(() => {
    document.title = title;
  }, [title]);
}

/** The current language's labels; throws outside {@link I18nProvider} so a missing provider is loud. */
export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n() needs an <I18nProvider> above it');
  return i18n;
}
