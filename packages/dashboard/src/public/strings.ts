/**
 * The public pages' words, Bahasa Indonesia first, English second. The SKM questions and answers
 * are the sample form of PermenPANRB 14/2017 (RULES.md), in the form's order (U9 facilities before
 * U8 complaints); each answer scores 1..4 in the order given.
 */
export type PublicLanguage = 'id' | 'en';

export interface SkmQuestion {
  element: 'U1' | 'U2' | 'U3' | 'U4' | 'U5' | 'U6' | 'U7' | 'U8' | 'U9';
  /** Index of the element in the answers sent (U1 = 0). */
  index: number;
  question: string;
  answers: [string, string, string, string];
}

const QUESTIONS_ID: SkmQuestion[] = [
  { element: 'U1', index: 0, question: 'Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?', answers: ['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'] },
  { element: 'U2', index: 1, question: 'Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?', answers: ['Tidak mudah', 'Kurang mudah', 'Mudah', 'Sangat mudah'] },
  { element: 'U3', index: 2, question: 'Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?', answers: ['Tidak cepat', 'Kurang cepat', 'Cepat', 'Sangat cepat'] },
  { element: 'U4', index: 3, question: 'Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?', answers: ['Sangat mahal', 'Cukup mahal', 'Murah', 'Gratis'] },
  { element: 'U5', index: 4, question: 'Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?', answers: ['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'] },
  { element: 'U6', index: 5, question: 'Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?', answers: ['Tidak kompeten', 'Kurang kompeten', 'Kompeten', 'Sangat kompeten'] },
  { element: 'U7', index: 6, question: 'Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?', answers: ['Tidak sopan dan ramah', 'Kurang sopan dan ramah', 'Sopan dan ramah', 'Sangat sopan dan ramah'] },
  { element: 'U9', index: 8, question: 'Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?', answers: ['Buruk', 'Cukup', 'Baik', 'Sangat baik'] },
  { element: 'U8', index: 7, question: 'Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?', answers: ['Tidak ada', 'Ada tetapi tidak berfungsi', 'Berfungsi kurang maksimal', 'Dikelola dengan baik'] },
];

const QUESTIONS_EN: SkmQuestion[] = [
  { element: 'U1', index: 0, question: 'Do the requirements of the service fit the kind of service?', answers: ['Not at all', 'Not quite', 'They fit', 'They fit very well'] },
  { element: 'U2', index: 1, question: 'How easy is the procedure of the service at this unit?', answers: ['Not easy', 'Not quite easy', 'Easy', 'Very easy'] },
  { element: 'U3', index: 2, question: 'How fast was the service given?', answers: ['Not fast', 'Not quite fast', 'Fast', 'Very fast'] },
  { element: 'U4', index: 3, question: 'How fair is the cost or fee of the service?', answers: ['Very expensive', 'Rather expensive', 'Cheap', 'Free'] },
  { element: 'U5', index: 4, question: 'Does what you received match what the service standard promises?', answers: ['Not at all', 'Not quite', 'It matches', 'It matches very well'] },
  { element: 'U6', index: 5, question: 'How competent were the staff who served you?', answers: ['Not competent', 'Not quite competent', 'Competent', 'Very competent'] },
  { element: 'U7', index: 6, question: 'How polite and friendly were the staff?', answers: ['Not polite or friendly', 'Not quite polite or friendly', 'Polite and friendly', 'Very polite and friendly'] },
  { element: 'U9', index: 8, question: 'How good are the facilities (waiting room, toilets, parking)?', answers: ['Poor', 'Fair', 'Good', 'Very good'] },
  { element: 'U8', index: 7, question: 'How are complaints from service users handled?', answers: ['There is no way to complain', 'There is one, but it does not work', 'It works, but not well', 'It is handled well'] },
];

const ID = {
  languageToggle: 'English',
  skm: 'Survei Kepuasan Masyarakat',
  intro: 'Sembilan pertanyaan singkat tentang layanan yang baru Anda terima. Pilih jawaban yang paling sesuai.',
  anonymity: 'Jawaban Anda tanpa nama: kami tidak menyimpan alamat internet, waktu pasti, atau apa pun yang bisa menunjuk kepada Anda.',
  period: 'Periode',
  question: (n: number, of: number) => `Pertanyaan ${n} dari ${of}`,
  back: 'Kembali',
  next: 'Lanjut',
  start: 'Mulai',
  profileHeading: 'Tentang Anda (boleh dikosongkan)',
  gender: 'Jenis kelamin',
  genders: { MALE: 'Laki-laki', FEMALE: 'Perempuan' },
  age: 'Usia',
  ages: { BELOW_20: 'Di bawah 20 tahun', AGE_20_29: '20-29 tahun', AGE_30_39: '30-39 tahun', AGE_40_49: '40-49 tahun', AGE_50_59: '50-59 tahun', AGE_60_PLUS: '60 tahun ke atas' },
  education: 'Pendidikan terakhir',
  educations: { SD: 'SD', SMP: 'SMP', SMA: 'SMA/sederajat', DIPLOMA: 'D1-D4', S1: 'S1', S2: 'S2', S3: 'S3' },
  occupation: 'Pekerjaan',
  occupations: { PNS: 'PNS', TNI_POLRI: 'TNI/POLRI', SWASTA: 'Pegawai swasta', WIRAUSAHA: 'Wirausaha', PELAJAR_MAHASISWA: 'Pelajar/mahasiswa', LAINNYA: 'Lainnya' },
  notSaid: 'Tidak ingin menjawab',
  commentHeading: 'Pengaduan atau saran (boleh dikosongkan)',
  commentKind: 'Jenis',
  kinds: { COMPLAINT: 'Pengaduan', SUGGESTION: 'Saran' },
  commentAbout: 'Tentang',
  aboutOther: 'Hal lain',
  elements: {
    U1: 'Persyaratan',
    U2: 'Sistem, mekanisme, dan prosedur',
    U3: 'Waktu penyelesaian',
    U4: 'Biaya/tarif',
    U5: 'Produk spesifikasi jenis pelayanan',
    U6: 'Kompetensi pelaksana',
    U7: 'Perilaku pelaksana',
    U8: 'Penanganan pengaduan, saran dan masukan',
    U9: 'Sarana dan prasarana',
  } as Record<string, string>,
  commentText: 'Tulis di sini (jangan cantumkan nama atau nomor telepon)',
  send: 'Kirim jawaban',
  sending: 'Mengirim…',
  missing: (elements: string) => `Masih ada pertanyaan yang belum dijawab: ${elements}.`,
  thanks: 'Terima kasih! Jawaban Anda sudah kami terima.',
  currentIkm: (value: string, grade: string, performance: string, respondents: number, period: string) =>
    `Indeks Kepuasan Masyarakat unit ini sekarang: ${value} (mutu ${grade}, ${performance}), dari ${respondents} responden periode ${period}.`,
  performances: { 'sangat baik': 'sangat baik', baik: 'baik', 'kurang baik': 'kurang baik', 'tidak baik': 'tidak baik' } as Record<string, string>,
  noIkmYet: 'Indeks unit ini akan tampil setelah ada cukup jawaban.',
  unknownUnit: 'Kode layanan ini tidak kami kenal. Periksa kembali kode pada poster di loket.',
  closed: 'Survei untuk layanan ini sedang tidak dibuka. Terima kasih sudah mau mengisi; silakan coba lagi pada periode berikutnya.',
  duplicate: 'Perangkat ini sudah mengisi survei untuk layanan ini pada periode ini. Terima kasih, satu jawaban per orang sudah cukup.',
  tooMany: 'Terlalu banyak jawaban dari jaringan ini dalam waktu singkat. Silakan coba lagi beberapa menit lagi.',
  offline: 'Tidak tersambung ke server, jawaban Anda belum terkirim. Periksa sinyal lalu tekan Kirim lagi.',
  failed: 'Maaf, terjadi gangguan. Jawaban Anda belum terkirim; silakan coba lagi.',
  loading: 'Memuat…',
  kioskNext: 'Layar kembali ke awal untuk pengunjung berikutnya…',
  kioskActivate: 'Aktifkan kiosk survei',
  kioskActivateIntro: 'Petugas: masuk sekali untuk mengaktifkan tablet ini hari ini. Sesi petugas tidak disimpan di tablet.',
  username: 'Nama pengguna',
  password: 'Kata sandi',
  activate: 'Aktifkan',
  activationFailed: 'Gagal mengaktifkan: periksa nama pengguna dan kata sandi (hanya pejabat unit).',
  posterTitle: 'Bagaimana pelayanan kami hari ini?',
  posterScan: 'Pindai kode QR ini dengan kamera ponsel Anda, atau buka alamat di bawahnya.',
  posterMinutes: 'Sembilan pertanyaan, sekitar dua menit.',
  print: 'Cetak poster',
};

type Strings = typeof ID;

const EN: Strings = {
  languageToggle: 'Bahasa Indonesia',
  skm: 'Community Satisfaction Survey',
  intro: 'Nine short questions about the service you just received. Choose the answer that fits best.',
  anonymity: 'Your answers are anonymous: we keep no internet address, no exact time, nothing that could point to you.',
  period: 'Period',
  question: (n, of) => `Question ${n} of ${of}`,
  back: 'Back',
  next: 'Next',
  start: 'Start',
  profileHeading: 'About you (optional)',
  gender: 'Gender',
  genders: { MALE: 'Male', FEMALE: 'Female' },
  age: 'Age',
  ages: { BELOW_20: 'Under 20', AGE_20_29: '20-29', AGE_30_39: '30-39', AGE_40_49: '40-49', AGE_50_59: '50-59', AGE_60_PLUS: '60 or over' },
  education: 'Education',
  educations: { SD: 'Primary', SMP: 'Junior secondary', SMA: 'Senior secondary', DIPLOMA: 'Diploma (D1-D4)', S1: "Bachelor's", S2: "Master's", S3: 'Doctorate' },
  occupation: 'Occupation',
  occupations: { PNS: 'Civil servant', TNI_POLRI: 'Military/police', SWASTA: 'Private employee', WIRAUSAHA: 'Self-employed', PELAJAR_MAHASISWA: 'Student', LAINNYA: 'Other' },
  notSaid: 'Prefer not to say',
  commentHeading: 'Complaint or suggestion (optional)',
  commentKind: 'Kind',
  kinds: { COMPLAINT: 'Complaint', SUGGESTION: 'Suggestion' },
  commentAbout: 'About',
  aboutOther: 'Something else',
  elements: {
    U1: 'Requirements',
    U2: 'System, mechanism and procedure',
    U3: 'Completion time',
    U4: 'Cost/fee',
    U5: 'Service product specification',
    U6: 'Staff competence',
    U7: 'Staff behaviour',
    U8: 'Handling of complaints and suggestions',
    U9: 'Facilities and infrastructure',
  },
  commentText: 'Write here (leave out your name and phone number)',
  send: 'Send answers',
  sending: 'Sending…',
  missing: (elements) => `Some questions are not answered yet: ${elements}.`,
  thanks: 'Thank you! We have received your answers.',
  currentIkm: (value, grade, performance, respondents, period) => `This unit's satisfaction index now: ${value} (grade ${grade}, ${performance}), from ${respondents} respondents in period ${period}.`,
  performances: { 'sangat baik': 'very good', baik: 'good', 'kurang baik': 'poor', 'tidak baik': 'bad' },
  noIkmYet: "The unit's index shows once there are enough answers.",
  unknownUnit: 'We do not know this service code. Check the code on the poster at the counter.',
  closed: 'The survey for this service is not open now. Thank you for wanting to answer; please try again in the next period.',
  duplicate: 'This device has already answered for this service in this period. Thank you: one answer per person is enough.',
  tooMany: 'Too many answers from this network in a short time. Please try again in a few minutes.',
  offline: 'Cannot reach the server; your answers were not sent yet. Check your signal and press Send again.',
  failed: 'Sorry, something went wrong. Your answers were not sent; please try again.',
  loading: 'Loading…',
  kioskNext: 'The screen returns to the start for the next visitor…',
  kioskActivate: 'Activate the survey kiosk',
  kioskActivateIntro: "Staff: sign in once to activate this tablet for today. The staff session is not kept on the tablet.",
  username: 'Username',
  password: 'Password',
  activate: 'Activate',
  activationFailed: "Activation failed: check the username and password (the unit's officials only).",
  posterTitle: 'How was our service today?',
  posterScan: "Scan this QR code with your phone's camera, or open the address below it.",
  posterMinutes: 'Nine questions, about two minutes.',
  print: 'Print the poster',
};

export const STRINGS: Record<PublicLanguage, Strings> = { id: ID, en: EN };
export const QUESTIONS: Record<PublicLanguage, SkmQuestion[]> = { id: QUESTIONS_ID, en: QUESTIONS_EN };

/** Comma decimals in both languages: the index is an Indonesian statistic ("81,11"). */
export const formatIkm = (x: number) => x.toFixed(2).replace('.', ',');
