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
import type { AnnouncementPublishedEvent } from '../events/topics.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';
import { FormationRef, SelectionYearRef } from './formation.js';
import { auditStatuses } from './applications.js';
import { identity } from './identity.js';

const AnnouncementStageEnum = builder.enumType(AnnouncementStage, {
  name: 'AnnouncementStage',
  description: 'Tahap pengumuman: the stage a result list announces.',
  values: {
    ADMINISTRASI: { description: 'Seleksi administrasi: who is MS (eligible) or TMS after document verification (and after sanggah, in a re-announcement).' },
    SKD: { description: 'Seleksi Kompetensi Dasar: the SKD results and who advances to the SKB.' },
    SKB: { description: 'Seleksi Kompetensi Bidang: the SKB results.' },
    FINAL: { description: 'Hasil akhir: the integrated final ranking and who is selected, optimalisasi included.' },
  },
});

builder.prismaObject('AnnouncementEntry', {
  description: 'One line of an announcement. Masked for viewers who may not see personal data.',
  authScopes: { public: true },
  fields: (t) => ({
    participantNumber: t.string({
      description: 'Nomor peserta: masked for viewers who may not see personal data (2415****0012).',
      select: { participantNumber: true },
      resolve: (e, _args, ctx) => identity.participantNumber(e.participantNumber, ctx),
    }),
    name: t.string({
      description: 'Nama: masked for viewers who may not see personal data (B*** S******).',
      select: { application: { select: { applicant: { select: { fullName: true } } } } },
      resolve: (e, _args, ctx) => identity.displayName(e.application.applicant.fullName, ctx),
    }),
    resultCode: t.exposeString('resultCode', { description: 'MS/TMS (administrative), P/TL/TH/DIS (SKD), P (SKB), P/L, P/L-2, P, TL (FINAL).' }),
    rank: t.exposeInt('rank', { description: 'Peringkat: the place in the list; null where the stage has no ranking (administrative).', nullable: true }),
  }),
});

export const AnnouncementRef = builder.prismaNode('Announcement', {
  id: { field: 'id' },
  description: 'A published result list of one formation and stage. Never edited: corrections are new versions.',
  authScopes: { public: true },
  fields: (t) => ({
    stage: t.expose('stage', { description: 'Tahap: which stage this list announces.', type: AnnouncementStageEnum }),
    version: t.exposeInt('version', { description: 'Versi: 1 for the first publication, one more for each correction.' }),
    note: t.exposeString('note', { description: 'Catatan: what the publisher said about this version (e.g. why it corrects the last).', nullable: true }),
    publishedAt: t.expose('publishedAt', { description: 'When it was published.', type: 'DateTime' }),
    formation: t.relation('formation', { description: 'The formation announced.' }),
    selectionYear: t.field({
      type: SelectionYearRef,
      description: 'The selection year.',
      select: { selectionYearId: true },
      resolve: (p, _args, ctx) => ctx.catalogue.selectionYear(p.selectionYearId),
    }),
    replaces: t.relation('replaces', { nullable: true, description: 'The version this one corrects.' }),
    replacedBy: t.relation('replacedBy', { nullable: true, description: 'The version that corrects this one, if any.' }),
    entryCount: t.relationCount('entries', { description: 'How many lines the list has.' }),
    entries: t.relatedConnection(
      'entries',
      {
        description: 'The lines of the list, by rank (unranked ones last, by participant number).',
        cursor: 'id',
        query: () => ({ orderBy: [{ rank: { sort: 'asc', nulls: 'last' } }, { participantNumber: 'asc' }] }),
      },
      { description: 'A page of the lines of an announcement.' },
      { description: 'One line of an announcement, with its cursor.' },
    ),
  }),
});

function announcementFilter(args: {
  selectionYear?: number | null;
  stage?: AnnouncementStage | null;
  regionCode?: string | null;
  formationId?: { id: string } | null;
  includeReplaced?: boolean | null;
}): Prisma.AnnouncementWhereInput {
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
        selectionYear: t.arg.int({ description: 'Only announcements of this selection year.' }),
        stage: t.arg({ description: 'Only announcements of this stage.', type: AnnouncementStageEnum }),
        regionCode: t.arg.string({ description: 'Kode wilayah: only formations placed in this region or below it.' }),
        formationId: t.arg.globalID({ description: 'Only announcements of this formation.', for: [FormationRef] }),
        includeReplaced: t.arg.boolean({ description: 'Also list versions a later one corrected (default false).', defaultValue: false }),
      },
      totalCount: (_p, args, ctx) => ctx.prisma.announcement.count({ where: announcementFilter(args) }),
      resolve: (query, _root, args, ctx) => {
        checkPageSize(args);
        return ctx.prisma.announcement.findMany({ ...query, where: announcementFilter(args), orderBy: { id: 'desc' } });
      },
    },
    { name: 'AnnouncementConnection', description: 'A page of announcements.' },
    { name: 'AnnouncementEdge', description: 'One announcement in a page, with its cursor.' },
  ),
}));

builder.mutationFields((t) => ({
  publishAnnouncement: t.prismaField({
    type: 'Announcement',
    description:
      'Publishes the next version of a formation’s announcement for a stage. ADMINISTRASI moves the applications: the first needs every one verified, a later one (re-announcement) needs the sanggah window closed and every appeal decided.',
    authScopes: access('Mutation', 'publishAnnouncement'),
    args: {
      formationId: t.arg.globalID({ description: 'Global ID of the formation.', for: [FormationRef], required: true }),
      stage: t.arg({ description: 'The stage to announce.', type: AnnouncementStageEnum, required: true }),
      note: t.arg.string({ description: 'Catatan: an optional note, shown with the announcement.' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { announcement, events } = await publishAnnouncement(
        ctx.prisma,
        ctx.events,
        { formationId: Number(args.formationId.id), stage: args.stage, note: args.note },
        ctx.now(),
      );
      auditStatuses(ctx, events.statuses);
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
    args: { regionCode: t.arg.string({ description: 'Kode wilayah: announcements of formations in this region or below it.', required: true }) },
    subscribe: (_root, args, ctx) =>
      pipe(
        ctx.bus.subscribe('announcementPublished'),
        filter((e: AnnouncementPublishedEvent) => e.regionCode === args.regionCode || e.regionCode.startsWith(`${args.regionCode}.`)),
      ),
    resolve: (query, event, _args, ctx) =>
      ctx.prisma.announcement.findUniqueOrThrow({ ...query, where: { id: (event as unknown as AnnouncementPublishedEvent).announcementId } }),
  }),
}));
