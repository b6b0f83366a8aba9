/**
 * Pengumuman: published result lists per formation and stage, public and immutable; a correction
 * is a new version naming the one it replaces. Entries show masked numbers and names publicly.
 */
import { filter, pipe } from 'graphql-yoga';
import type { Prisma } from '../generated/prisma/client.js';
import { AnnouncementStage } from '../generated/prisma/enums.js';
import { regionSubtree } from '../db/regions.js';
import { checkPageSize } from '../errors.js';
import { publishAnnouncement } from '../recruitment/announcements.js';
import type { AnnouncementPublishedEvent } from '../recruitment/events.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';
import { FormationRef } from './formation.js';
import { publishStatuses } from './applications.js';
import { identity } from './identity.js';

const AnnouncementStageEnum = builder.enumType(AnnouncementStage, { name: 'AnnouncementStage' });

builder.prismaObject('AnnouncementEntry', {
  description: 'One line of an announcement. Masked for viewers who may not see personal data.',
  authScopes: { public: true },
  fields: (t) => ({
    participantNumber: t.string({ select: { participantNumber: true }, resolve: (e, _args, ctx) => identity.participantNumber(e.participantNumber, ctx) }),
    name: t.string({
      select: { application: { select: { applicant: { select: { fullName: true } } } } },
      resolve: (e, _args, ctx) => identity.displayName(e.application.applicant.fullName, ctx),
    }),
    resultCode: t.exposeString('resultCode', { description: 'MS/TMS (administrative), P/TL/TH/DIS (SKD), P (SKB), P/L, P/L-2, P, TL (FINAL).' }),
    rank: t.exposeInt('rank', { nullable: true }),
  }),
});

export const AnnouncementRef = builder.prismaNode('Announcement', {
  id: { field: 'id' },
  description: 'A published result list of one formation and stage. Never edited: corrections are new versions.',
  authScopes: { public: true },
  fields: (t) => ({
    stage: t.expose('stage', { type: AnnouncementStageEnum }),
    version: t.exposeInt('version'),
    note: t.exposeString('note', { nullable: true }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime' }),
    formation: t.relation('formation'),
    selectionYear: t.relation('selectionYear'),
    replaces: t.relation('replaces', { nullable: true, description: 'The version this one corrects.' }),
    replacedBy: t.relation('replacedBy', { nullable: true, description: 'The version that corrects this one, if any.' }),
    entryCount: t.relationCount('entries'),
    entries: t.relatedConnection('entries', { cursor: 'id', query: () => ({ orderBy: [{ rank: { sort: 'asc', nulls: 'last' } }, { participantNumber: 'asc' }] }) }),
  }),
});

function announcementFilter(args: { selectionYear?: number | null; stage?: AnnouncementStage | null; regionCode?: string | null; formationId?: { id: string } | null; includeReplaced?: boolean | null }): Prisma.AnnouncementWhereInput {
  return {
    ...(args.selectionYear ? { selectionYear: { year: args.selectionYear } } : {}),
    ...(args.stage ? { stage: args.stage } : {}),
    ...(args.formationId ? { formationId: Number(args.formationId.id) } : {}),
    ...(args.regionCode ? { formation: { region: regionSubtree(args.regionCode) } } : {}),
    ...(args.includeReplaced ? {} : { replacedBy: { is: null } }),
  };
}

builder.queryFields((t) => ({
  announcements: t.prismaConnection(
    {
      type: 'Announcement',
      cursor: 'id',
      description: 'Published announcements, newest first; the current versions unless includeReplaced.',
      authScopes: access('Query', 'announcements'),
      args: {
        selectionYear: t.arg.int(),
        stage: t.arg({ type: AnnouncementStageEnum }),
        regionCode: t.arg.string(),
        formationId: t.arg.globalID({ for: [FormationRef] }),
        includeReplaced: t.arg.boolean({ defaultValue: false }),
      },
      totalCount: (_p, args, ctx) => ctx.prisma.announcement.count({ where: announcementFilter(args) }),
      resolve: (query, _root, args, ctx) => {
        checkPageSize(args);
        return ctx.prisma.announcement.findMany({ ...query, where: announcementFilter(args), orderBy: { id: 'desc' } });
      },
    },
    { name: 'AnnouncementConnection' },
    { name: 'AnnouncementEdge' },
  ),
}));

builder.mutationFields((t) => ({
  publishAnnouncement: t.prismaField({
    type: 'Announcement',
    description:
      'Publishes the next version of a formation’s announcement for a stage. ADMINISTRASI moves the applications: the first needs every one verified, a later one (re-announcement) needs the sanggah window closed and every appeal decided.',
    authScopes: access('Mutation', 'publishAnnouncement'),
    args: {
      formationId: t.arg.globalID({ for: [FormationRef], required: true }),
      stage: t.arg({ type: AnnouncementStageEnum, required: true }),
      note: t.arg.string(),
    },
    resolve: async (query, _root, args, ctx) => {
      const { announcement, events } = await publishAnnouncement(ctx.prisma, { formationId: Number(args.formationId.id), stage: args.stage, note: args.note }, ctx.now());
      await publishStatuses(ctx, events.statuses);
      ctx.pubsub.publish('announcementPublished', events.published);
      ctx.audit.change('Announcement', announcement.id, null, { formationId: Number(args.formationId.id), stage: args.stage, version: announcement.version });
      return ctx.prisma.announcement.findUniqueOrThrow({ ...query, where: { id: announcement.id } });
    },
  }),
}));

builder.subscriptionFields((t) => ({
  announcementPublished: t.prismaField({
    type: 'Announcement',
    description: 'Announcements as they are published for formations in a region (and below).',
    authScopes: access('Subscription', 'announcementPublished'),
    args: { regionCode: t.arg.string({ required: true }) },
    subscribe: (_root, args, ctx) =>
      pipe(
        ctx.pubsub.subscribe('announcementPublished'),
        filter((e: AnnouncementPublishedEvent) => e.regionCode === args.regionCode || e.regionCode.startsWith(`${args.regionCode}.`)),
      ),
    resolve: (query, event, _args, ctx) =>
      ctx.prisma.announcement.findUniqueOrThrow({ ...query, where: { id: (event as unknown as AnnouncementPublishedEvent).announcementId } }),
  }),
}));
