/** The page's own words, Bahasa Indonesia first. */
import type { Language } from '../i18n.ts';

const id = {
  nav: 'Cek skor',
  heading: 'Cek skor saya',
  intro:
    'Masukkan nomor peserta dan kode yang tercetak di kartu ujian Anda. Peramban Anda sendiri memeriksa bahwa skor ini tercatat di log skor publik yang ditandatangani, tanpa harus mempercayai basis data BKD.',
  participantNumber: 'Nomor peserta',
  examCardCode: 'Kode kartu ujian',
  check: 'Periksa',
  checking: 'Memeriksa…',
  notFound: 'Tidak ada skor untuk nomor peserta dan kode ini. Periksa kembali keduanya (kode terdiri dari 16 huruf/angka pada kartu ujian).',
  failed: 'Gagal menghubungi server',
  yourScore: 'Skor Anda yang tercatat',
  version: 'versi',
  correction: 'koreksi',
  checks: 'Yang diperiksa di peramban Anda',
  ok: 'Lolos',
  bad: 'GAGAL',
  pending: 'Belum ada kepala log yang ditandatangani untuk skor ini; coba lagi dalam beberapa detik.',
  entryYours: 'Entri ini milik Anda: namanya di log adalah sidik SHA-256 dari nomor peserta dan kode kartu Anda, dan tidak menyebut nama siapa pun.',
  entryHash: 'Hash entri dihitung ulang dari teks entri (SHA-256).',
  inclusion: (index: number, size: number) => `Bukti inklusi: entri ke-${index + 1} termasuk dalam log berisi ${size} entri dengan akar yang ditandatangani.`,
  signature: (keyId: string) => `Tanda tangan Ed25519 kepala log cocok dengan kunci publik ${keyId}.`,
  consistency: (from: number, to: number) =>
    `Konsistensi: log saat ini (${to} entri) hanya menambah log yang pernah dilihat peramban ini (${from} entri); tidak ada entri lama yang diubah.`,
  forkSameSize: (size: number) => `Dua kepala log berukuran ${size} dengan akar berbeda: log telah diubah atau dipecah (fork).`,
  noOlder: 'Peramban ini belum pernah melihat kepala log yang lebih lama; kepala ini disimpan untuk pemeriksaan berikutnya.',
  proves:
    'Artinya: skor ini tercatat di log publik yang hanya bisa ditambah, ditandatangani server, dan setiap saksi (pengawas, jurnalis, Ombudsman) yang menyimpan kepala log akan tahu bila skor ini diubah kemudian. Ini tidak membuktikan bahwa skor benar saat pertama kali dimasukkan.',
  alarm:
    'PERINGATAN: pemeriksaan gagal. Log skor tidak sesuai dengan yang pernah dilihat atau tidak ditandatangani dengan benar. Simpan tangkapan layar ini dan laporkan ke panitia atau Ombudsman RI.',
  head: 'Kepala log',
  fingerprint: 'Sidik jari',
  entries: 'entri',
  olderHead: 'Kepala log lama (opsional, JSON dari saksi atau tangkapan sebelumnya)',
};

const en: typeof id = {
  nav: 'Verify my score',
  heading: 'Verify my score',
  intro:
    'Enter your participant number and the code printed on your exam card. Your own browser checks that this score is recorded in the signed public score log, without trusting BKD’s database.',
  participantNumber: 'Participant number',
  examCardCode: 'Exam card code',
  check: 'Check',
  checking: 'Checking…',
  notFound: 'No score for this participant number and code. Check both again (the code is 16 letters/digits on the exam card).',
  failed: 'Could not reach the server',
  yourScore: 'Your recorded score',
  version: 'version',
  correction: 'correction',
  checks: 'Checked in your browser',
  ok: 'Passed',
  bad: 'FAILED',
  pending: 'No signed log head covers this score yet; try again in a few seconds.',
  entryYours: 'This entry is yours: the log names you by a SHA-256 fingerprint of your participant number and card code, and names no one.',
  entryHash: 'The entry hash is recomputed from the entry text (SHA-256).',
  inclusion: (index: number, size: number) => `Inclusion proof: entry ${index + 1} is part of the log of ${size} entries whose root is signed.`,
  signature: (keyId: string) => `The log head’s Ed25519 signature matches public key ${keyId}.`,
  consistency: (from: number, to: number) =>
    `Consistency: the current log (${to} entries) only appends to the log this browser saw before (${from} entries); no earlier entry changed.`,
  forkSameSize: (size: number) => `Two log heads of size ${size} with different roots: the log was changed or forked.`,
  noOlder: 'This browser has not seen an older log head yet; this one is kept for the next check.',
  proves:
    'This means: the score is in an append-only public log signed by the server, and every witness (observers, journalists, Ombudsman) that kept a log head will notice if it is changed later. It does not prove the score was right when first entered.',
  alarm:
    'WARNING: a check failed. The score log does not match what was seen before or is not properly signed. Keep a screenshot and report it to the committee or Ombudsman RI.',
  head: 'Log head',
  fingerprint: 'Fingerprint',
  entries: 'entries',
  olderHead: 'Older log head (optional, JSON from a witness or an earlier capture)',
};

export const verifyStrings: Record<Language, typeof id> = { id, en };
