/** CAT exams: sessions, score ingestion, rankings, live subscriptions and the score ledger. */
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { identity } from './identity.js';
import { formatCalendarDate } from '../domain/calendar.js';
import { IngestionError } from '../exams/errors.js';
import { reportExamProgress, submitExamResults } from '../exams/ingestion.js';
import { formatExamCardCode } from '../domain/masking.js';
import { closingHead } from '../exams/ledger-heads.js';
import { finalRankingWithOptimalisasi, formationRules, skdRankingPage, type RankingEntry } from '../exams/ranking.js';
import { submitSkbResults } from '../exams/skb.js';
import { sessionScores, type SessionScore } from '../exams/session-scores.js';
import { closeSession, disqualify, scheduleSession, startSession } from '../exams/sessions.js';
import { InputError, MAX_PAGE_SIZE, checkPageSize } from '../errors.js';
import type { LiveRankingEntry, RankingUpdate, SessionScoresUpdate, SiteSessionsUpdate } from '../live/hub.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';
import { FormationRef, FormationTypeEnum } from './formation.js';
import { SignedTreeHeadRef } from './ledger.js';


const ExamStageEnum = builder.enumType('ExamStage', {
  description: 'Tahap ujian: which CAT test a session holds.',
  values: {
    SKD: { description: 'Seleksi Kompetensi Dasar: the basic competence test (TWK, TIU, TKP).' },
    SKB: { description: 'Seleksi Kompetensi Bidang: the field competence test of those inside the SKB cut.' },
  } as const,
});
const ExamSessionStatusEnum = builder.enumType('ExamSessionStatus', {
  description: 'Status sesi: where an exam session stands.',
  values: {
    SCHEDULED: { description: 'Dijadwalkan: seated, not started; takes new seats.' },
    RUNNING: { description: 'Berlangsung: started; takes scores.' },
    CLOSED: { description: 'Selesai: closed; no-shows are TH and the score log head is signed.' },
  } as const,
});
const RankingStageEnum = builder.enumType('RankingStage', {
  description: 'SKD: the CAT ranking that decides the SKB cut. FINAL: SKD and SKB integrated.',
  values: {
    SKD: { description: 'The SKD ranking.' },
    FINAL: { description: 'The integrated final ranking (SKD 40%, SKB 60% by the rule set), optimalisasi included.' },
  } as const,
});
const ResultCodeEnum = builder.enumType('ResultCode', {
  description: 'Announcement codes: P_L passed and within the SKB cut (P/L), P passed outside it, TL below threshold, TH absent, DIS disqualified, P_L_2 placed by optimalisasi.',
  values: {
    P_L: { value: 'P/L', description: 'P/L (Lulus): passed and inside the SKB cut (SKD), or selected (FINAL).' },
    P: { value: 'P', description: 'P: passed the threshold but outside the SKB cut or the quota.' },
    TL: { value: 'TL', description: 'Tidak Lulus: below a passing threshold.' },
    TH: { value: 'TH', description: 'Tidak Hadir: absent.' },
    DIS: { value: 'DIS', description: 'Diskualifikasi: disqualified.' },
    P_L_2: { value: 'P/L-2', description: 'P/L-2: selected by optimalisasi for a seat left empty in another formation.' },
  } as const,
});

export const ExamSiteRef = builder.prismaNode('ExamSite', {
  id: { field: 'id' },
  description: 'Titik lokasi: a CAT test site.',
  authScopes: { public: true },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Kode lokasi, e.g. "TL-1571": TL- and the BPS code of its kabupaten/kota.' }),
    name: t.exposeString('name', { description: 'Nama titik lokasi.' }),
    region: t.relation('region', { description: 'Wilayah: where the site is (its time zone dates the sessions).' }),
  }),
});

const SessionScoreRef = builder.objectRef<SessionScore>('SessionScore').implement({
  description: 'One seat of a session as a live-score screen shows it. Names and numbers are masked for the public.',
  authScopes: { public: true },
  fields: (t) => ({
    participantNumber: t.string({ description: 'Nomor peserta: masked for viewers who may not see personal data.', resolve: (s, _a, ctx) => identity.participantNumber(s.participantNumber, ctx) }),
    displayName: t.string({ description: 'Nama: masked for viewers who may not see personal data.', resolve: (s, _a, ctx) => identity.displayName(s.fullName, ctx) }),
    twk: t.int({ description: 'TWK (Tes Wawasan Kebangsaan) score so far; null before any.', nullable: true, resolve: (s) => s.twk }),
    tiu: t.int({ description: 'TIU (Tes Intelegensia Umum) score so far; null before any.', nullable: true, resolve: (s) => s.tiu }),
    tkp: t.int({ description: 'TKP (Tes Karakteristik Pribadi) score so far; null before any.', nullable: true, resolve: (s) => s.tkp }),
    total: t.int({ description: 'Total SKD so far; null before any score.', nullable: true, resolve: (s) => s.total }),
    final: t.boolean({ description: 'True once the final result is in; before, the running score.', resolve: (s) => s.final }),
    absent: t.boolean({ description: 'Tidak hadir (TH): marked absent when the session closed.', resolve: (s) => s.attendance === 'ABSENT' }),
    disqualified: t.boolean({ description: 'Diskualifikasi (DIS) in this session.', resolve: (s) => s.disqualified }),
    formationType: t.field({ type: FormationTypeEnum, description: 'Jenis formasi: whose SKD passing threshold applies to this seat.', resolve: (s) => s.formationType as never }),
    skb: t.float({ nullable: true, description: 'Nilai SKB: the SKB score (0-100) once recorded; only in SKB sessions.', resolve: (s) => s.skb }),
    corrected: t.boolean({ description: 'Dikoreksi: true when the shown result replaced an earlier one (a correction with a reason), so a jump is explained.', resolve: (s) => s.corrected }),
  }),
});

export const ExamSessionRef = builder.prismaNode('ExamSession', {
  id: { field: 'id' },
  description: 'One sitting at a site: date, session number 1-4, stage.',
  authScopes: { public: true },
  fields: (t) => ({
    site: t.relation('site', { description: 'Titik lokasi: the test site.' }),
    selectionYear: t.relation('selectionYear', { description: 'Tahun seleksi: the selection year whose rules (passing thresholds) the session applies.' }),
    date: t.field({ type: 'Date', description: 'The day of the session, in the time zone of its site.', select: { date: true }, resolve: (s) => s.date }),
    number: t.exposeInt('number', { description: 'Sesi: the session of the day, 1-4.' }),
    stage: t.expose('stage', { description: 'Tahap: SKD or SKB.', type: ExamStageEnum }),
    status: t.expose('status', { description: 'SCHEDULED, RUNNING or CLOSED.', type: ExamSessionStatusEnum }),
    startedAt: t.expose('startedAt', { description: 'When it started; null before.', type: 'DateTime', nullable: true }),
    closedAt: t.expose('closedAt', { description: 'When it closed; null before.', type: 'DateTime', nullable: true }),
    chainHead: t.exposeString('chainHead', {
      nullable: true,
      description: "Akar log saat ditutup: root hash (RFC 6962, hex) of its year and stage's score log when the session closed; closingHead is the signed head of that size.",
    }),
    closingHead: t.field({
      type: SignedTreeHeadRef,
      nullable: true,
      description: "Kepala penutupan: the signed head of the score log at the session's close; it covers every score of the session (null before the close is signed, within the signing interval).",
      select: { selectionYearId: true, stage: true, closingLogSize: true },
      resolve: (s, _a, ctx) => closingHead(ctx.prisma, s),
    }),
    participantCount: t.relationCount('seats', { description: 'Peserta: seats in the session.' }),
    scores: t.field({
      type: [SessionScoreRef],
      description: 'Every seat with its live or final score.',
      select: { id: true },
      resolve: async (s, _a, ctx) => (await sessionScores(ctx.prisma, s.id))?.scores ?? [],
    }),
  }),
});

const ExamCardRef = builder.prismaObject('ExamSeat', {
  variant: 'ExamCard',
  description: "Kartu ujian: an applicant's seat as printed on their exam card, with the code that opens verifyScore. Only the applicant and officials see it.",
  authScopes: { public: true },
  fields: (t) => ({
    participantNumber: t.exposeString('participantNumber', { description: 'Nomor peserta.' }),
    session: t.relation('session', { description: 'Sesi ujian: where and when.' }),
    examCardCode: t.string({ description: 'Kode kartu ujian: the secret to type with the participant number on the Cek skor page, grouped as printed (XXXX-XXXX-XXXX-XXXX).', resolve: (seat) => formatExamCardCode(seat.examCardCode) }),
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
const skdOf = (seat: OwnScoreSeat) => (seat.session.stage === 'SKD' ? (seat.application.results.find((r) => r.stage === 'SKD' && r.sessionId === seat.sessionId) ?? null) : null);
/** The SKB score recorded in this seat's session (null before it is in, and for an SKD seat). */
const skbOf = (seat: OwnScoreSeat) => (seat.session.stage === 'SKB' && seat.application.skbResult?.sessionId === seat.sessionId ? seat.application.skbResult : null);
const versionOf = (seat: OwnScoreSeat) => skdOf(seat)?.version ?? skbOf(seat)?.version ?? null;

const ExamScoreRef = builder.prismaObject('ExamSeat', {
  variant: 'ExamScore',
  description: "Skor saya: an applicant's own recorded score in one exam session (SKD: TWK/TIU/TKP/total; SKB: the SKB score). Only the applicant and staff see it.",
  authScopes: { public: true },
  fields: (t) => ({
    participantNumber: t.exposeString('participantNumber', { description: 'Nomor peserta in this session.' }),
    session: t.relation('session', { description: 'Sesi ujian: where, when and which stage.' }),
    twk: t.int({ nullable: true, description: 'TWK (Tes Wawasan Kebangsaan) score; null until the SKD result is recorded.', select: ownScoreSelect, resolve: (s) => skdOf(s)?.twk ?? null }),
    tiu: t.int({ nullable: true, description: 'TIU (Tes Intelegensia Umum) score; null until the SKD result is recorded.', select: ownScoreSelect, resolve: (s) => skdOf(s)?.tiu ?? null }),
    tkp: t.int({ nullable: true, description: 'TKP (Tes Karakteristik Pribadi) score; null until the SKD result is recorded.', select: ownScoreSelect, resolve: (s) => skdOf(s)?.tkp ?? null }),
    total: t.int({ nullable: true, description: 'Total SKD; null until the SKD result is recorded.', select: ownScoreSelect, resolve: (s) => skdOf(s)?.total ?? null }),
    skb: t.float({ nullable: true, description: 'Nilai SKB (0-100); null until the SKB result is recorded, and in an SKD session.', select: ownScoreSelect, resolve: (s) => skbOf(s)?.score ?? null }),
    version: t.int({ nullable: true, description: 'Versi: 1 for the first result, +1 per correction; null before a result.', select: ownScoreSelect, resolve: versionOf }),
    corrected: t.boolean({ description: 'Dikoreksi: true when the score replaced an earlier one (a correction with a reason).', select: ownScoreSelect, resolve: (s) => (versionOf(s) ?? 1) > 1 }),
    absent: t.boolean({ description: 'Tidak hadir (TH): the applicant did not sit this session.', select: ownScoreSelect, resolve: (s) => s.attendance === 'ABSENT' }),
    disqualified: t.boolean({ description: 'Diskualifikasi (DIS) in this session.', select: ownScoreSelect, resolve: (s) => s.disqualifiedReason !== null }),
  }),
});

builder.prismaObjectField('Application', 'examResults', (t) =>
  t.relation('seats', {
    type: ExamScoreRef,
    description: "Hasil ujian: the application's score in each of its exam sessions, for the applicant themselves and staff only (the public sees masked screens and verifyScore).",
    authScopes: (application, _args, ctx) => (ctx.viewer.role === 'APPLICANT' ? ctx.viewer.applicantId === application.applicantId : { staff: true }),
    query: { orderBy: { id: 'asc' } },
  }),
);

type EntryLike = RankingEntry & { movement?: number | null; skb?: number; final?: number };

const RankingEntryRef = builder.objectRef<EntryLike>('RankingEntry').implement({
  description: "One applicant's place in a formation's ranking. Names and numbers are masked for the public.",
  authScopes: { public: true },
  fields: (t) => ({
    rank: t.exposeInt('rank', { description: 'Peringkat: place in the ranking, 1 first.' }),
    participantNumber: t.string({ description: 'Nomor peserta: masked for viewers who may not see personal data.', resolve: (e, _a, ctx) => identity.participantNumber(e.participantNumber, ctx) }),
    displayName: t.string({ description: 'Nama: masked for viewers who may not see personal data.', resolve: (e, _a, ctx) => identity.displayName(e.fullName, ctx) }),
    twk: t.exposeInt('twk', { description: 'TWK score.' }),
    tiu: t.exposeInt('tiu', { description: 'TIU score.' }),
    tkp: t.exposeInt('tkp', { description: 'TKP score.' }),
    total: t.exposeInt('total', { description: 'Total SKD.' }),
    skb: t.float({ nullable: true, description: 'SKB score (0-100) once known.', resolve: (e) => e.skb ?? null }),
    final: t.float({
      nullable: true,
      description: 'Final score: SKD/550 x 100 x 40% + SKB x 60%, unrounded (announcements show it rounded half up to 2 decimals).',
      resolve: (e) => e.final ?? null,
    }),
    resultCode: t.field({ description: 'Kode hasil: P/L, P, TL, TH, DIS or P/L-2.', type: ResultCodeEnum, resolve: (e) => e.resultCode as never }),
    movement: t.int({ nullable: true, description: 'Places gained (+) or lost (-) since the previous live update.', resolve: (e) => e.movement ?? null }),
  }),
});

const RankingUpdateRef = builder.objectRef<RankingUpdate>('RankingUpdate').implement({
  description: 'A live push of a formation ranking: the current top and the entries that changed.',
  authScopes: { public: true },
  fields: (t) => ({
    formationId: t.globalID({ description: 'Global ID of the formation.', resolve: (u) => ({ type: 'Formation', id: u.formationId }) }),
    sequence: t.exposeInt('sequence', { description: 'Counts the pushes of this ranking from 1; a new subscriber starts at the current one.' }),
    updatedAt: t.field({ description: 'When the ranking was recomputed.', type: 'DateTime', resolve: (u) => u.updatedAt }),
    totalCount: t.exposeInt('totalCount', { description: 'Everyone ranked.' }),
    cutRank: t.exposeInt('cutRank', { description: 'Rank of the last applicant inside the SKB cut; null when there is no cut yet.', nullable: true }),
    top: t.field({ description: 'The top of the ranking (the first 20).', type: [RankingEntryRef], resolve: (u) => u.top as LiveRankingEntry[] }),
    changed: t.field({ description: 'The entries whose place or score changed since the previous push.', type: [RankingEntryRef], resolve: (u) => u.changed as LiveRankingEntry[] }),
  }),
});

const SessionScoresUpdateRef = builder.objectRef<SessionScoresUpdate>('SessionScoresUpdate').implement({
  description: "A live push of a session's scores: every seat first (snapshot), then the changed seats.",
  authScopes: { public: true },
  fields: (t) => ({
    sessionId: t.globalID({ description: 'Global ID of the session.', resolve: (u) => ({ type: 'ExamSession', id: u.sessionId }) }),
    sequence: t.exposeInt('sequence', { description: 'Counts the pushes of this session from 1.' }),
    updatedAt: t.field({ description: 'When the scores were read.', type: 'DateTime', resolve: (u) => u.updatedAt }),
    status: t.field({ description: "The session's status now.", type: ExamSessionStatusEnum, resolve: (u) => u.status as never }),
    stage: t.field({ type: ExamStageEnum, description: 'Tahap: SKD or SKB, so a screen shows the stage’s own columns.', resolve: (u) => u.stage as never }),
    startedAt: t.field({ type: 'DateTime', nullable: true, description: 'Dimulai: when the session started, for a screen’s session timer.', resolve: (u) => u.startedAt }),
    closedAt: t.field({ type: 'DateTime', nullable: true, description: 'Selesai: when the session closed.', resolve: (u) => u.closedAt }),
    dataAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Waktu data: when the session’s data itself last changed (a score, progress, its start or close), unlike updatedAt, the time of the push.',
      resolve: (u) => u.dataAt,
    }),
    snapshot: t.exposeBoolean('snapshot', { description: 'True when scores holds every seat (the first push, and when the session starts or closes); false when only the changed ones.' }),
    scores: t.field({ description: 'The seats: every one in a snapshot, else those that changed.', type: [SessionScoreRef], resolve: (u) => u.scores }),
  }),
});

const SiteSessionRef = builder.objectRef<SiteSessionsUpdate['sessions'][number]>('SiteSession').implement({
  description: 'Sesi di titik lokasi: one session of a site as its screen needs it (date, number, stage, state).',
  authScopes: { public: true },
  fields: (t) => ({
    id: t.globalID({ description: 'Global ID of the session.', resolve: (s) => ({ type: 'ExamSession', id: s.id }) }),
    date: t.exposeString('date', { description: 'YYYY-MM-DD.' }),
    number: t.exposeInt('number', { description: 'Sesi: the session of the day, 1-4.' }),
    stage: t.field({ description: 'Tahap: SKD or SKB.', type: ExamStageEnum, resolve: (s) => s.stage as never }),
    status: t.field({ description: 'SCHEDULED, RUNNING or CLOSED.', type: ExamSessionStatusEnum, resolve: (s) => s.status as never }),
  }),
});

const SiteSessionsUpdateRef = builder.objectRef<SiteSessionsUpdate>('SiteSessionsUpdate').implement({
  description: 'Sesi titik lokasi: a live push of a site’s sessions, sent whenever one is scheduled, started or closed.',
  authScopes: { public: true },
  fields: (t) => ({
    siteId: t.globalID({ description: 'Global ID of the site.', resolve: (u) => ({ type: 'ExamSite', id: u.siteId }) }),
    sequence: t.exposeInt('sequence', { description: 'Counts the pushes of this site from 1.' }),
    updatedAt: t.field({ description: 'When the list was read.', type: 'DateTime', resolve: (u) => u.updatedAt }),
    sessions: t.field({ description: "The site's sessions, in date and session order.", type: [SiteSessionRef], resolve: (u) => u.sessions }),
  }),
});

builder.queryFields((t) => ({
  ranking: t.connection(
    {
      type: RankingEntryRef,
      description: "A formation's ranking, best first, with result codes; page with first/after.",
      authScopes: access('Query', 'ranking'),
      args: {
        formationId: t.arg.globalID({ description: 'Global ID of the formation.', for: [FormationRef], required: true }),
        stage: t.arg({ description: 'SKD (default) or FINAL.', type: RankingStageEnum, defaultValue: 'SKD', required: true }),
      },
      resolve: async (_root, args, ctx) => {
        checkPageSize(args);
        const fr = await formationRules(ctx.prisma, Number(args.formationId.id));
        if (!fr) throw new InputError('formationId', 'no such formation');
        if (args.stage === 'FINAL') {
          const entries = await finalRankingWithOptimalisasi(ctx.prisma, fr, ctx.live.summaries);
          const connection = await resolveOffsetConnection({ args: { ...args, first: args.first ?? 50 }, defaultSize: 50, maxSize: MAX_PAGE_SIZE }, ({ offset, limit }) =>
            entries.slice(offset, offset + limit),
          );
          return { ...connection, totalCount: entries.length, cutRank: null };
        }
        let meta = { totalCount: 0, cutRank: null as number | null };
        const lastRanks = ctx.live.lastRanks(fr.formationId);
        const connection = await resolveOffsetConnection({ args: { ...args, first: args.first ?? 50 }, defaultSize: 50, maxSize: MAX_PAGE_SIZE }, async ({ offset, limit }) => {
          const page = await skdRankingPage(ctx.prisma, fr, { offset, limit }, ctx.live.summaries);
          meta = { totalCount: page.totalCount, cutRank: page.cutRank };
          return page.entries.map((e) => {
            const before = lastRanks?.get(e.participantNumber);
            return { ...e, movement: before === undefined ? null : before - e.rank };
          });
        });
        return { ...connection, ...meta };
      },
    },
    {
      name: 'RankingConnection', description: "A page of a formation's ranking.",
      fields: (c) => ({
        totalCount: c.int({ description: 'Everyone ranked, on every page.', resolve: (conn) => (conn as unknown as { totalCount: number }).totalCount }),
        cutRank: c.int({
          nullable: true,
          description: 'Rank of the last applicant inside the SKB cut (3 x quota; ties at the cut go on too).',
          resolve: (conn) => (conn as unknown as { cutRank: number | null }).cutRank,
        }),
      }),
    },
    { name: 'RankingEdge', description: 'One place in the ranking, with its cursor.' },
  ),
  examSession: t.prismaField({
    description: 'One exam session by its global ID; null when there is none.',
    type: 'ExamSession',
    nullable: true,
    authScopes: access('Query', 'examSession'),
    args: { id: t.arg.globalID({ description: 'Global ID of the session.', for: [ExamSessionRef], required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.examSession.findUnique({ ...query, where: { id: Number(args.id.id) } }),
  }),
  examSessions: t.prismaField({
    type: ['ExamSession'],
    description: 'Sessions of a site and/or a day, in date and session order.',
    authScopes: access('Query', 'examSessions'),
    args: { siteId: t.arg.globalID({ description: 'Global ID of the site.', for: [ExamSiteRef] }), date: t.arg({ type: 'Date', description: 'Only the sessions of this day.' }) },
    resolve: (query, _root, args, ctx) => {
      const date = args.date ?? undefined;
      return ctx.prisma.examSession.findMany({
        ...query,
        where: { ...(args.siteId ? { siteId: Number(args.siteId.id) } : {}), ...(date ? { date } : {}) },
        orderBy: [{ date: 'asc' }, { number: 'asc' }, { id: 'asc' }],
        take: 500,
      });
    },
  }),
  examSites: t.prismaField({
    description: 'Every CAT test site (titik lokasi), by code.',
    type: ['ExamSite'],
    authScopes: access('Query', 'examSites'),
    resolve: (query, _root, _args, ctx) => ctx.prisma.examSite.findMany({ ...query, orderBy: { code: 'asc' } }),
  }),
}));

const ExamResultInput = builder.inputType('ExamResultInput', {
  description: "Hasil SKD: one participant's final TWK/TIU/TKP.",
  fields: (t) => ({
    participantNumber: t.string({ description: 'Nomor peserta, seated in this session.', required: true }),
    twk: t.int({ description: 'Nilai TWK.', required: true }),
    tiu: t.int({ description: 'Nilai TIU.', required: true }),
    tkp: t.int({ description: 'Nilai TKP.', required: true }),
    finishedAt: t.field({ description: 'When the participant finished.', type: 'DateTime', required: true }),
    correctionReason: t.string({ description: 'Set only to correct an already-final score; the correction is recorded.' }),
  }),
});

const SkbComponentInput = builder.inputType('SkbComponentInput', {
  description: "One weighed part of the SKB (as named in the selection year's rule set, e.g. CAT), scored 0-100.",
  fields: (t) => ({
    name: t.string({ description: `Nama komponen: one of the rule set's SKB components, e.g. "CAT".`, required: true }),
    score: t.float({ description: 'Nilai komponen, 0-100.', required: true }),
  }),
});

const SkbResultInput = builder.inputType('SkbResultInput', {
  description: "Hasil SKB: one participant's SKB components.",
  fields: (t) => ({
    participantNumber: t.string({ description: 'Nomor peserta, seated in this SKB session.', required: true }),
    components: t.field({ description: 'Every component of the rule set, once each.', type: [SkbComponentInput], required: true }),
    finishedAt: t.field({ description: 'When the participant finished.', type: 'DateTime', required: true }),
    correctionReason: t.string({ description: 'Set only to correct an SKB result already recorded.' }),
  }),
});

const ExamProgressInput = builder.inputType('ExamProgressInput', {
  description: "Nilai sementara: a participant's running partial scores.",
  fields: (t) => ({
    participantNumber: t.string({ description: 'Nomor peserta, seated in this session.', required: true }),
    twk: t.int({ description: 'TWK so far, if it moved.' }),
    tiu: t.int({ description: 'TIU so far, if it moved.' }),
    tkp: t.int({ description: 'TKP so far, if it moved.' }),
  }),
});

const SubmitExamResultsPayload = builder.objectRef<{ batchId: string; created: number; unchanged: number; corrected: number; replayed: boolean }>('SubmitExamResultsPayload').implement({
  description: 'What a result batch did (or, replayed, did the first time).',
  authScopes: { public: true },
  fields: (t) => ({
    batchId: t.exposeString('batchId', { description: "The batch's id, as sent." }),
    created: t.exposeInt('created', { description: 'Results recorded for the first time.' }),
    unchanged: t.exposeInt('unchanged', { description: 'Results equal to what was already recorded.' }),
    corrected: t.exposeInt('corrected', { description: 'Final results corrected (with the reason, kept as history).' }),
    replayed: t.exposeBoolean('replayed', { description: 'True when this batch was committed before: nothing was written now.' }),
  }),
});

const ExamProgressPayload = builder.objectRef<{ accepted: number; ignored: number }>('ExamProgressPayload').implement({
  description: 'What a progress report did.',
  authScopes: { public: true },
  fields: (t) => ({
    accepted: t.exposeInt('accepted', { description: 'Updates applied.' }),
    ignored: t.exposeInt('ignored', { description: 'Updates for participants whose final result is already in.' }),
  }),
});

builder.mutationFields((t) => ({
  submitExamResults: t.field({
    type: SubmitExamResultsPayload,
    description: 'Final TWK/TIU/TKP of a batch. All or nothing; replaying a batchId returns its first answer.',
    authScopes: access('Mutation', 'submitExamResults'),
    args: {
      sessionId: t.arg.globalID({ description: 'Global ID of the running SKD session.', for: [ExamSessionRef], required: true }),
      batchId: t.arg.string({ description: 'Your id for this batch (1-100 letters, digits, . : - _): the same id again replays the first answer.', required: true }),
      results: t.arg({ description: 'The results, at most 500.', type: [ExamResultInput], required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const { answer, changed } = await submitExamResults(ctx.prisma, { sessionId: Number(args.sessionId.id), batchId: args.batchId, results: args.results });
      if (changed) ctx.live.publish(changed); // after the commit, never for a replay
      return answer;
    },
  }),
  submitSkbResults: t.field({
    type: SubmitExamResultsPayload,
    description: 'SKB results of an SKB session; same guarantees as submitExamResults. They make the FINAL ranking.',
    authScopes: access('Mutation', 'submitSkbResults'),
    args: {
      sessionId: t.arg.globalID({ description: 'Global ID of the running SKB session.', for: [ExamSessionRef], required: true }),
      batchId: t.arg.string({ description: 'Your id for this batch: the same id again replays the first answer.', required: true }),
      results: t.arg({ description: 'The results, at most 500.', type: [SkbResultInput], required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const results = args.results.map((r, i) => {
        const components: Record<string, number> = {};
        for (const c of r.components) {
          if (c.name in components) throw new IngestionError('INVALID_SCORE', `Component ${c.name} appears twice`, `results[${i}].components`);
          components[c.name] = c.score;
        }
        return { participantNumber: r.participantNumber, components, finishedAt: r.finishedAt, correctionReason: r.correctionReason };
      });
      const { answer, changed } = await submitSkbResults(ctx.prisma, { sessionId: Number(args.sessionId.id), batchId: args.batchId, results });
      if (changed) ctx.live.publish(changed);
      return answer;
    },
  }),
  reportExamProgress: t.field({
    type: ExamProgressPayload,
    description: 'Running partial scores while participants answer; never lowers what was shown.',
    authScopes: access('Mutation', 'reportExamProgress'),
    args: {
      sessionId: t.arg.globalID({ description: 'Global ID of the running session.', for: [ExamSessionRef], required: true }),
      updates: t.arg({ description: 'The running scores, at most 500.', type: [ExamProgressInput], required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const { accepted, ignored, changed } = await reportExamProgress(ctx.prisma, { sessionId: Number(args.sessionId.id), updates: args.updates });
      if (changed) ctx.live.publish(changed);
      return { accepted, ignored };
    },
  }),
  scheduleExamSession: t.prismaField({
    type: 'ExamSession',
    description:
      'Seats participants in a session of a test site (created on first use): SKD takes applications found MS, SKB those inside the SKD cut (P/L). One seat per applicant and stage; repeating a call adds nothing; a started session takes no one. All or nothing.',
    authScopes: access('Mutation', 'scheduleExamSession'),
    args: {
      siteId: t.arg.globalID({ description: 'Global ID of the test site.', for: [ExamSiteRef], required: true }),
      date: t.arg({ type: 'Date', required: true, description: 'The day of the session at the site (its local calendar day).' }),
      number: t.arg.int({ required: true, description: 'Session of the day, 1-4.' }),
      stage: t.arg({ description: 'SKD or SKB.', type: ExamStageEnum, required: true }),
      participantNumbers: t.arg.stringList({ description: 'Nomor peserta to seat; those already seated are left as they are.', required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const siteId = Number(args.siteId.id);
      const { sessionId } = await scheduleSession(ctx.prisma, { siteId, date: formatCalendarDate(args.date), number: args.number, stage: args.stage, participantNumbers: args.participantNumbers });
      ctx.live.publishSessionStatus({ sessionId, siteId });
      return ctx.prisma.examSession.findUniqueOrThrow({ ...query, where: { id: sessionId } });
    },
  }),
  startExamSession: t.prismaField({
    description: 'Starts a scheduled session: it takes scores from now on.',
    type: 'ExamSession',
    authScopes: access('Mutation', 'startExamSession'),
    args: { id: t.arg.globalID({ description: 'Global ID of the session.', for: [ExamSessionRef], required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { siteId } = await startSession(ctx.prisma, Number(args.id.id));
      ctx.live.publishSessionStatus({ sessionId: Number(args.id.id), siteId });
      return ctx.prisma.examSession.findUniqueOrThrow({ ...query, where: { id: Number(args.id.id) } });
    },
  }),
  closeExamSession: t.prismaField({
    type: 'ExamSession',
    description: "Closes a running session: no-shows become TH, and the score log's size and root are fixed in the session and signed (closingHead) before the answer.",
    authScopes: access('Mutation', 'closeExamSession'),
    args: { id: t.arg.globalID({ description: 'Global ID of the session.', for: [ExamSessionRef], required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { siteId } = await closeSession(ctx.prisma, Number(args.id.id));
      ctx.live.publishSessionStatus({ sessionId: Number(args.id.id), siteId });
      await ctx.afterCommit(() => ctx.ledger.signDue());
      return ctx.prisma.examSession.findUniqueOrThrow({ ...query, where: { id: Number(args.id.id) } });
    },
  }),
  disqualifyParticipant: t.boolean({
    description: 'Diskualifikasi: disqualifies a participant of a session, with a reason; the ranking shows DIS.',
    authScopes: access('Mutation', 'disqualifyParticipant'),
    args: {
      sessionId: t.arg.globalID({ description: 'Global ID of the session.', for: [ExamSessionRef], required: true }),
      participantNumber: t.arg.string({ description: 'Nomor peserta.', required: true }),
      reason: t.arg.string({ description: 'Alasan: 3-500 characters of plain text.', required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const sessionId = Number(args.sessionId.id);
      const formationId = await disqualify(ctx.prisma, sessionId, args.participantNumber, args.reason);
      ctx.live.publish({ sessionId, formationIds: [formationId], participantNumbers: [args.participantNumber], final: true });
      return true;
    },
  }),
}));

builder.subscriptionFields((t) => ({
  rankingUpdated: t.field({
    type: RankingUpdateRef,
    description: "A formation's live ranking: the current top first, then coalesced updates (at most one per interval).",
    authScopes: access('Subscription', 'rankingUpdated'),
    args: { formationId: t.arg.globalID({ description: 'Global ID of the formation.', for: [FormationRef], required: true }) },
    subscribe: (_root, args, ctx) => ctx.live.rankingUpdates(Number(args.formationId.id)),
    resolve: (update) => update,
  }),
  examSessionScores: t.field({
    type: SessionScoresUpdateRef,
    description: "A session's live scores: every seat first, then the seats that changed.",
    authScopes: access('Subscription', 'examSessionScores'),
    args: { sessionId: t.arg.globalID({ description: 'Global ID of the session.', for: [ExamSessionRef], required: true }) },
    subscribe: (_root, args, ctx) => ctx.live.sessionScores(Number(args.sessionId.id)),
    resolve: (update) => update,
  }),
  examSiteSessions: t.field({
    type: SiteSessionsUpdateRef,
    description: "A site's sessions: the current list first, then the list again whenever one is scheduled, started or closed (a site screen moves to a newly started session).",
    authScopes: access('Subscription', 'examSiteSessions'),
    args: { siteId: t.arg.globalID({ description: 'Global ID of the site.', for: [ExamSiteRef], required: true }) },
    subscribe: (_root, args, ctx) => ctx.live.siteSessions(Number(args.siteId.id)),
    resolve: (update) => update,
  }),
}));
