/** CAT exam sessions: sites, sessions and their seats' scores, and the session's life (schedule, start, close, disqualify). */
import { identity } from './identity.js';
import { formatCalendarDate } from '../domain/calendar.js';
import { closingHead } from '../exams/ledger-heads.js';
import { sessionScores, type SessionScore } from '../exams/session-scores.js';
import { closeSession, disqualify, scheduleSession, startSession } from '../exams/sessions.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';
import { FormationTypeEnum, SelectionYearRef } from './formation.js';
import { RegionRef } from './region.js';
import { SignedTreeHeadRef } from './ledger.js';

export const ExamStageEnum = builder.enumType('ExamStage', {
  description: 'Tahap ujian: which CAT test a session holds.',
  values: {
    SKD: { description: 'Seleksi Kompetensi Dasar: the basic competence test (TWK, TIU, TKP).' },
    SKB: { description: 'Seleksi Kompetensi Bidang: the field competence test of those inside the SKB cut.' },
  } as const,
});
export const ExamSessionStatusEnum = builder.enumType('ExamSessionStatus', {
  description: 'Status sesi: where an exam session stands.',
  values: {
    SCHEDULED: { description: 'Dijadwalkan: seated, not started; takes new seats.' },
    RUNNING: { description: 'Berlangsung: started; takes scores.' },
    CLOSED: { description: 'Selesai: closed; no-shows are TH and the score log head is signed.' },
  } as const,
});
export const ExamSiteRef = builder.prismaNode('ExamSite', {
  id: { field: 'id' },
  description: 'Titik lokasi: a CAT test site.',
  authScopes: { public: true },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Kode lokasi, e.g. "TL-1571": TL- and the BPS code of its kabupaten/kota.' }),
    name: t.exposeString('name', { description: 'Nama titik lokasi.' }),
    region: t.field({
      type: RegionRef,
      description: 'Wilayah: where the site is (its time zone dates the sessions).',
      select: { regionId: true },
      resolve: (p, _args, ctx) => ctx.catalogue.region(p.regionId),
    }),
  }),
});

export const SessionScoreRef = builder.objectRef<SessionScore>('SessionScore').implement({
  description: 'One seat of a session as a live-score screen shows it. Names and numbers are masked for the public.',
  authScopes: { public: true },
  fields: (t) => ({
    participantNumber: t.string({
      description: 'Nomor peserta: masked for viewers who may not see personal data.',
      resolve: (s, _a, ctx) => identity.participantNumber(s.participantNumber, ctx),
    }),
    displayName: t.string({
      description: 'Nama: masked for viewers who may not see personal data.',
      resolve: (s, _a, ctx) => identity.displayName(s.fullName, ctx),
    }),
    twk: t.int({ description: 'TWK (Tes Wawasan Kebangsaan) score so far; null before any.', nullable: true, resolve: (s) => s.twk }),
    tiu: t.int({ description: 'TIU (Tes Intelegensia Umum) score so far; null before any.', nullable: true, resolve: (s) => s.tiu }),
    tkp: t.int({ description: 'TKP (Tes Karakteristik Pribadi) score so far; null before any.', nullable: true, resolve: (s) => s.tkp }),
    total: t.int({ description: 'Total SKD so far; null before any score.', nullable: true, resolve: (s) => s.total }),
    final: t.boolean({ description: 'True once the final result is in; before, the running score.', resolve: (s) => s.final }),
    absent: t.boolean({ description: 'Tidak hadir (TH): marked absent when the session closed.', resolve: (s) => s.attendance === 'ABSENT' }),
    disqualified: t.boolean({ description: 'Diskualifikasi (DIS) in this session.', resolve: (s) => s.disqualified }),
    formationType: t.field({
      type: FormationTypeEnum,
      description: 'Jenis formasi: whose SKD passing threshold applies to this seat.',
      resolve: (s) => s.formationType as never,
    }),
    skb: t.float({ nullable: true, description: 'Nilai SKB: the SKB score (0-100) once recorded; only in SKB sessions.', resolve: (s) => s.skb }),
    corrected: t.boolean({
      description: 'Dikoreksi: true when the shown result replaced an earlier one (a correction with a reason), so a jump is explained.',
      resolve: (s) => s.corrected,
    }),
  }),
});

export const ExamSessionRef = builder.prismaNode('ExamSession', {
  id: { field: 'id' },
  description: 'One sitting at a site: date, session number 1-4, stage.',
  authScopes: { public: true },
  fields: (t) => ({
    site: t.relation('site', { description: 'Titik lokasi: the test site.' }),
    selectionYear: t.field({
      type: SelectionYearRef,
      description: 'Tahun seleksi: the selection year whose rules (passing thresholds) the session applies.',
      select: { selectionYearId: true },
      resolve: (p, _args, ctx) => ctx.catalogue.selectionYear(p.selectionYearId),
    }),
    date: t.field({ type: 'Date', description: 'The day of the session, in the time zone of its site.', select: { date: true }, resolve: (s) => s.date }),
    number: t.exposeInt('number', { description: 'Sesi: the session of the day, 1-4.' }),
    stage: t.expose('stage', { description: 'Tahap: SKD or SKB.', type: ExamStageEnum }),
    status: t.expose('status', { description: 'SCHEDULED, RUNNING or CLOSED.', type: ExamSessionStatusEnum }),
    startedAt: t.expose('startedAt', { description: 'When it started; null before.', type: 'DateTime', nullable: true }),
    closedAt: t.expose('closedAt', { description: 'When it closed; null before.', type: 'DateTime', nullable: true }),
    chainHead: t.exposeString('chainHead', {
      nullable: true,
      description:
        "Akar log saat ditutup: root hash (RFC 6962, hex) of its year and stage's score log when the session closed; closingHead is the signed head of that size.",
    }),
    closingHead: t.field({
      type: SignedTreeHeadRef,
      nullable: true,
      description:
        "Kepala penutupan: the signed head of the score log at the session's close; it covers every score of the session (null before the close is signed, within the signing interval).",
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

builder.queryFields((t) => ({
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
    args: {
      siteId: t.arg.globalID({ description: 'Global ID of the site.', for: [ExamSiteRef] }),
      date: t.arg({ type: 'Date', description: 'Only the sessions of this day.' }),
    },
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

builder.mutationFields((t) => ({
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
      const { sessionId } = await scheduleSession(ctx.prisma, ctx.events, {
        siteId,
        date: formatCalendarDate(args.date),
        number: args.number,
        stage: args.stage,
        participantNumbers: args.participantNumbers,
      });
      return ctx.prisma.examSession.findUniqueOrThrow({ ...query, where: { id: sessionId } });
    },
  }),
  startExamSession: t.prismaField({
    description: 'Starts a scheduled session: it takes scores from now on.',
    type: 'ExamSession',
    authScopes: access('Mutation', 'startExamSession'),
    args: { id: t.arg.globalID({ description: 'Global ID of the session.', for: [ExamSessionRef], required: true }) },
    resolve: async (query, _root, args, ctx) => {
      await startSession(ctx.prisma, ctx.events, Number(args.id.id));
      return ctx.prisma.examSession.findUniqueOrThrow({ ...query, where: { id: Number(args.id.id) } });
    },
  }),
  closeExamSession: t.prismaField({
    type: 'ExamSession',
    description:
      "Closes a running session: no-shows become TH, and the score log's size and root are fixed in the session and signed (closingHead) before the answer.",
    authScopes: access('Mutation', 'closeExamSession'),
    args: { id: t.arg.globalID({ description: 'Global ID of the session.', for: [ExamSessionRef], required: true }) },
    resolve: async (query, _root, args, ctx) => {
      await closeSession(ctx.prisma, ctx.events, Number(args.id.id));
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
      await disqualify(ctx.prisma, ctx.events, Number(args.sessionId.id), args.participantNumber, args.reason);
      return true;
    },
  }),
}));
