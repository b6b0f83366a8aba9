/** Live exam screens: a formation's ranking, a session's scores and a site's sessions, pushed as they change. */
import type { LiveRankingEntry, RankingUpdate, SessionScoresUpdate, SiteSessionsUpdate } from '../live/hub.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';
import { ExamSessionRef, ExamSessionStatusEnum, ExamSiteRef, ExamStageEnum, SessionScoreRef } from './exam-sessions.js';
import { FormationRef } from './formation.js';
import { RankingEntryRef } from './ranking.js';

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
    changed: t.field({
      description: 'The entries whose place or score changed since the previous push.',
      type: [RankingEntryRef],
      resolve: (u) => u.changed as LiveRankingEntry[],
    }),
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
    startedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Dimulai: when the session started, for a screen’s session timer.',
      resolve: (u) => u.startedAt,
    }),
    closedAt: t.field({ type: 'DateTime', nullable: true, description: 'Selesai: when the session closed.', resolve: (u) => u.closedAt }),
    dataAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Waktu data: when the session’s data itself last changed (a score, progress, its start or close), unlike updatedAt, the time of the push.',
      resolve: (u) => u.dataAt,
    }),
    snapshot: t.exposeBoolean('snapshot', {
      description: 'True when scores holds every seat (the first push, and when the session starts or closes); false when only the changed ones.',
    }),
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
    description:
      "A site's sessions: the current list first, then the list again whenever one is scheduled, started or closed (a site screen moves to a newly started session).",
    authScopes: access('Subscription', 'examSiteSessions'),
    args: { siteId: t.arg.globalID({ description: 'Global ID of the site.', for: [ExamSiteRef], required: true }) },
    subscribe: (_root, args, ctx) => ctx.live.siteSessions(Number(args.siteId.id)),
    resolve: (update) => update,
  }),
}));
