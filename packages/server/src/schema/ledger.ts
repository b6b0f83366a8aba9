/** The public score log (Merkle log, signed heads, proofs) and a participant's own score check. */
import { filter, pipe } from 'graphql-yoga';
import type { SignedTreeHead } from '../domain/tree-head.js';
import { headFingerprint } from '../domain/tree-head.js';
import { logHeads } from '../exams/ledger-heads.js';
import { consistencyProof, findLog, listLogs, type LogInfo } from '../exams/ledger.js';
import { scoreProof, type ScoreProof } from '../exams/score-proof.js';
import { InputError } from '../errors.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';

/** Turns a refused ledger request into BAD_USER_INPUT naming the argument. */
async function logByOrigin(ctx: { prisma: Parameters<typeof findLog>[0] }, origin: string): Promise<LogInfo> {
  const log = await findLog(ctx.prisma, origin);
  if (!log) throw new InputError('origin', `no score log "${origin}" (see ledgerLogs)`);
  return log;
}

export const SignedTreeHeadRef = builder.objectRef<SignedTreeHead>('SignedTreeHead').implement({
  description:
    'Kepala log bertanda tangan: a signed tree head. The Ed25519 signature (ledgerKey) covers the text "pantau-ledger-head/v1\\n{origin}\\n{size}\\n{rootHash}\\n{timestamp}\\n".',
  authScopes: { public: true },
  fields: (t) => ({
    origin: t.exposeString('origin', { description: 'Nama log: the log, e.g. pantau/2026/SKD (one per selection year and stage).' }),
    size: t.exposeInt('size', { description: 'Jumlah entri: how many entries the log had.' }),
    rootHash: t.exposeString('rootHash', { description: 'Akar Merkle: RFC 6962 root hash of those entries, hex.' }),
    timestamp: t.exposeString('timestamp', { description: 'Waktu tanda tangan: when it was signed (ISO 8601 UTC, exactly as signed).' }),
    keyId: t.exposeString('keyId', { description: 'Kunci: first 16 hex characters of SHA-256 of the raw public key that signed it.' }),
    signature: t.exposeString('signature', { description: 'Tanda tangan: base64 Ed25519 signature of the head text.' }),
    fingerprint: t.string({
      description: "Sidik jari: the root's first 8 hex characters, to compare by eye or photograph.",
      resolve: (h) => headFingerprint(h.rootHash),
    }),
  }),
});

const LedgerKeyRef = builder.objectRef<{ algorithm: string; keyId: string; publicKey: string }>('LedgerKey').implement({
  description: 'Kunci publik log: the public key that signs every tree head. Also at /.well-known/pantau-ledger-key.',
  authScopes: { public: true },
  fields: (t) => ({
    algorithm: t.exposeString('algorithm', { description: 'Algoritma: always Ed25519.' }),
    keyId: t.exposeString('keyId', { description: 'Id kunci: first 16 hex characters of SHA-256 of the raw public key.' }),
    publicKey: t.exposeString('publicKey', { description: 'Kunci publik: the raw 32-byte Ed25519 public key, base64 (WebCrypto "raw").' }),
  }),
});

const LedgerLogRef = builder.objectRef<LogInfo>('LedgerLog').implement({
  description: 'Log skor: the append-only Merkle log of one selection year and stage.',
  authScopes: { public: true },
  fields: (t) => ({
    origin: t.exposeString('origin', { description: 'Nama log, e.g. pantau/2026/SKD.' }),
    size: t.exposeInt('size', { description: 'Jumlah entri: entries appended so far (a signed head may lag by the signing interval).' }),
    head: t.field({
      type: SignedTreeHeadRef,
      nullable: true,
      description: 'Kepala terbaru: the newest signed head.',
      resolve: async (log, _a, ctx) => (await logHeads(ctx.prisma, log))[0] ?? null,
    }),
  }),
});

const ConsistencyProofRef = builder.objectRef<{ origin: string; from: number; to: number; proof: string[] }>('ConsistencyProof').implement({
  description: 'Bukti konsistensi: RFC 6962 proof that the log at `to` entries extends the log at `from` entries without changing any of them.',
  authScopes: { public: true },
  fields: (t) => ({
    origin: t.exposeString('origin', { description: 'Nama log.' }),
    from: t.exposeInt('from', { description: 'Ukuran lama: the older size.' }),
    to: t.exposeInt('to', { description: 'Ukuran baru: the newer size.' }),
    proof: t.exposeStringList('proof', { description: 'Hash bukti: the proof hashes, hex, in RFC 6962 order.' }),
  }),
});

const ScoreProofRef = builder.objectRef<ScoreProof>('ScoreProof').implement({
  description:
    'Bukti skor: a score entry of the score log and what checks it without trusting the database: leaf = SHA-256(0x00 || entry); ' +
    'the inclusion proof leads from it to the root of `head`, whose signature checks against ledgerKey.',
  authScopes: { public: true },
  fields: (t) => ({
    entry: t.exposeString('entry', { description: 'Entri: the canonical JSON of the score record, exactly as hashed (UTF-8).' }),
    origin: t.exposeString('origin', { description: 'Nama log the entry is in.' }),
    leafIndex: t.exposeInt('leafIndex', { description: "Posisi: the entry's index in the log (0-based)." }),
    treeSize: t.exposeInt('treeSize', {
      description: "Ukuran pohon the proof is for: the head's size, or the log's size while no signed head covers the entry yet.",
    }),
    inclusionProof: t.exposeStringList('inclusionProof', { description: 'Bukti inklusi: RFC 6962 audit path, hex, leaf upward.' }),
    head: t.field({
      type: SignedTreeHeadRef,
      nullable: true,
      description: 'Kepala bertanda tangan covering the entry; null until the next signing (at most the signing interval).',
      resolve: (p) => p.head,
    }),
    sessionId: t.globalID({ description: 'Sesi ujian of the score.', resolve: (p) => ({ type: 'ExamSession', id: p.sessionId }) }),
    kind: t.string({ description: 'RESULT (hasil) or CORRECTION (koreksi).', resolve: (p) => p.record.kind }),
    twk: t.int({ nullable: true, resolve: (p) => p.record.twk ?? null, description: 'TWK (Tes Wawasan Kebangsaan) score, for an SKD entry.' }),
    tiu: t.int({ nullable: true, resolve: (p) => p.record.tiu ?? null, description: 'TIU (Tes Intelegensia Umum) score, for an SKD entry.' }),
    tkp: t.int({ nullable: true, resolve: (p) => p.record.tkp ?? null, description: 'TKP (Tes Karakteristik Pribadi) score, for an SKD entry.' }),
    total: t.int({ nullable: true, description: 'SKD total, for an SKD entry.', resolve: (p) => p.record.total ?? null }),
    skb: t.float({ nullable: true, description: 'SKB score (0-100), for an SKB entry.', resolve: (p) => p.record.skb ?? null }),
    version: t.int({ description: 'Versi: 1 for the first result, +1 per correction.', resolve: (p) => p.record.version }),
  }),
});

builder.queryFields((t) => ({
  verifyScore: t.field({
    type: ScoreProofRef,
    nullable: true,
    description:
      'Cek skor: the latest score entry of the seat with this participant number and exam-card code, its inclusion proof and the signed head. ' +
      'A wrong code, an unknown number and a seat without a score all answer null, so a guessed number confirms nothing.',
    authScopes: access('Query', 'verifyScore'),
    args: {
      participantNumber: t.arg.string({ required: true, description: 'Nomor peserta: the participant number.' }),
      examCardCode: t.arg.string({ required: true, description: 'Kode kartu ujian: the 16-character code printed on the exam card.' }),
    },
    resolve: (_root, args, ctx) => scoreProof(ctx.prisma, args.participantNumber, args.examCardCode),
  }),
  ledgerKey: t.field({
    type: LedgerKeyRef,
    description: "Kunci publik log: the key that signs the score logs' heads.",
    authScopes: access('Query', 'ledgerKey'),
    resolve: (_root, _args, ctx) => ({ algorithm: 'Ed25519', keyId: ctx.ledger.key.keyId, publicKey: ctx.ledger.key.publicKey }),
  }),
  ledgerLogs: t.field({
    type: [LedgerLogRef],
    description: 'Log skor: every score log with its newest signed head.',
    authScopes: access('Query', 'ledgerLogs'),
    resolve: (_root, _args, ctx) => listLogs(ctx.prisma),
  }),
  ledgerHeads: t.field({
    type: [SignedTreeHeadRef],
    description: 'Kepala bertanda tangan: the newest signed heads of a log, newest first.',
    authScopes: access('Query', 'ledgerHeads'),
    args: {
      origin: t.arg.string({ required: true, description: 'Nama log, e.g. pantau/2026/SKD.' }),
      first: t.arg.int({ defaultValue: 20, required: true, description: 'Berapa: how many heads (1-100).' }),
    },
    resolve: async (_root, args, ctx) => {
      if (args.first < 1 || args.first > 100) throw new InputError('first', 'must be 1 to 100');
      return logHeads(ctx.prisma, await logByOrigin(ctx, args.origin), { first: args.first });
    },
  }),
  ledgerConsistency: t.field({
    type: ConsistencyProofRef,
    description: 'Bukti konsistensi between two sizes of a log: anyone holding an older head checks that the newer one only appended.',
    authScopes: access('Query', 'ledgerConsistency'),
    args: {
      origin: t.arg.string({ required: true, description: 'Nama log, e.g. pantau/2026/SKD.' }),
      from: t.arg.int({ required: true, description: 'Ukuran lama: the size of the older head.' }),
      to: t.arg.int({ required: true, description: 'Ukuran baru: the size of the newer head.' }),
    },
    resolve: (_root, args, ctx) =>
      logByOrigin(ctx, args.origin).then(async (log) => ({
        origin: log.origin,
        from: args.from,
        to: args.to,
        proof: await consistencyProof(ctx.prisma, log, args.from, args.to),
      })),
  }),
}));

builder.subscriptionFields((t) => ({
  ledgerHeadSigned: t.field({
    type: SignedTreeHeadRef,
    description: 'Kepala baru: every newly signed head (of one log, or of all), as the server signs it.',
    authScopes: access('Subscription', 'ledgerHeadSigned'),
    args: { origin: t.arg.string({ description: 'Nama log; all logs when absent.' }) },
    subscribe: (_root, args, ctx) =>
      pipe(
        ctx.bus.subscribe('ledgerHeadSigned'),
        filter((h: SignedTreeHead) => !args.origin || h.origin === args.origin),
      ),
    resolve: (head) => head,
  }),
}));
