/** What an applicant holds of their exams: the exam card (with the code that opens verifyScore) and their own recorded scores. */
import { formatExamCardCode } from '../domain/masking.js';
import { builder } from './builder.js';

const ExamCardRef = builder.prismaObject('ExamSeat', {
  variant: 'ExamCard',
  description: "Kartu ujian: an applicant's seat as printed on their exam card, with the code that opens verifyScore. Only the applicant and officials see it.",
  authScopes: { public: true },
  fields: (t) => ({
    participantNumber: t.exposeString('participantNumber', { description: 'Nomor peserta.' }),
    session: t.relation('session', { description: 'Sesi ujian: where and when.' }),
    examCardCode: t.string({
      description: 'Kode kartu ujian: the secret to type with the participant number on the Cek skor page, grouped as printed (XXXX-XXXX-XXXX-XXXX).',
      resolve: (seat) => formatExamCardCode(seat.examCardCode),
    }),
  }),
});

builder.prismaObjectField('Application', 'examCards', (t) =>
  t.relation('seats', {
    type: ExamCardRef,
    description: "Kartu ujian: the application's exam seats with their codes, for the applicant and for officials printing cards.",
    authScopes: (application, _args, ctx) => (ctx.viewer.role === 'APPLICANT' ? ctx.viewer.applicantId === application.applicantId : { official: true }),
    query: { orderBy: { id: 'asc' } },
  }),
);

/** What an applicant's own score row reads of a seat: its stage and the application's results recorded for that session. */
const ownScoreSelect = {
  sessionId: true,
  attendance: true,
  disqualifiedReason: true,
  session: { select: { stage: true } },
  application: {
    select: {
      results: { select: { sessionId: true, stage: true, twk: true, tiu: true, tkp: true, total: true, version: true } },
      skbResult: { select: { sessionId: true, score: true, version: true } },
    },
  },
} as const;

interface OwnScoreSeat {
  sessionId: number;
  session: { stage: string };
  application: {
    results: Array<{ sessionId: number; stage: string; twk: number; tiu: number; tkp: number; total: number; version: number }>;
    skbResult: { sessionId: number; score: number; version: number } | null;
  };
}

/** The SKD result recorded in this seat's session (null before it is in, and for an SKB seat). */
const skdOf = (seat: OwnScoreSeat) =>
  seat.session.stage === 'SKD' ? (seat.application.results.find((r) => r.stage === 'SKD' && r.sessionId === seat.sessionId) ?? null) : null;
/** The SKB score recorded in this seat's session (null before it is in, and for an SKD seat). */
const skbOf = (seat: OwnScoreSeat) =>
  seat.session.stage === 'SKB' && seat.application.skbResult?.sessionId === seat.sessionId ? seat.application.skbResult : null;
const versionOf = (seat: OwnScoreSeat) => skdOf(seat)?.version ?? skbOf(seat)?.version ?? null;

const ExamScoreRef = builder.prismaObject('ExamSeat', {
  variant: 'ExamScore',
  description:
    "Skor saya: an applicant's own recorded score in one exam session (SKD: TWK/TIU/TKP/total; SKB: the SKB score). Only the applicant and staff see it.",
  authScopes: { public: true },
  fields: (t) => ({
    participantNumber: t.exposeString('participantNumber', { description: 'Nomor peserta in this session.' }),
    session: t.relation('session', { description: 'Sesi ujian: where, when and which stage.' }),
    twk: t.int({
      nullable: true,
      description: 'TWK (Tes Wawasan Kebangsaan) score; null until the SKD result is recorded.',
      select: ownScoreSelect,
      resolve: (s) => skdOf(s)?.twk ?? null,
    }),
    tiu: t.int({
      nullable: true,
      description: 'TIU (Tes Intelegensia Umum) score; null until the SKD result is recorded.',
      select: ownScoreSelect,
      resolve: (s) => skdOf(s)?.tiu ?? null,
    }),
    tkp: t.int({
      nullable: true,
      description: 'TKP (Tes Karakteristik Pribadi) score; null until the SKD result is recorded.',
      select: ownScoreSelect,
      resolve: (s) => skdOf(s)?.tkp ?? null,
    }),
    total: t.int({
      nullable: true,
      description: 'Total SKD; null until the SKD result is recorded.',
      select: ownScoreSelect,
      resolve: (s) => skdOf(s)?.total ?? null,
    }),
    skb: t.float({
      nullable: true,
      description: 'Nilai SKB (0-100); null until the SKB result is recorded, and in an SKD session.',
      select: ownScoreSelect,
      resolve: (s) => skbOf(s)?.score ?? null,
    }),
    version: t.int({
      nullable: true,
      description: 'Versi: 1 for the first result, +1 per correction; null before a result.',
      select: ownScoreSelect,
      resolve: versionOf,
    }),
    corrected: t.boolean({
      description: 'Dikoreksi: true when the score replaced an earlier one (a correction with a reason).',
      select: ownScoreSelect,
      resolve: (s) => (versionOf(s) ?? 1) > 1,
    }),
    absent: t.boolean({
      description: 'Tidak hadir (TH): the applicant did not sit this session.',
      select: ownScoreSelect,
      resolve: (s) => s.attendance === 'ABSENT',
    }),
    disqualified: t.boolean({ description: 'Diskualifikasi (DIS) in this session.', select: ownScoreSelect, resolve: (s) => s.disqualifiedReason !== null }),
  }),
});

builder.prismaObjectField('Application', 'examResults', (t) =>
  t.relation('seats', {
    type: ExamScoreRef,
    description:
      "Hasil ujian: the application's score in each of its exam sessions, for the applicant themselves and staff only (the public sees masked screens and verifyScore).",
    authScopes: (application, _args, ctx) => (ctx.viewer.role === 'APPLICANT' ? ctx.viewer.applicantId === application.applicantId : { staff: true }),
    query: { orderBy: { id: 'asc' } },
  }),
);
