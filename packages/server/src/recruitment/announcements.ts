/**
 * Pengumuman: a formation's result list for one stage, frozen when published. A correction is a
 * new version that names the one it replaces; nothing published is ever edited. Publishing the
 * administrative stage also moves the applications it announces. Announced after the commit.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { AnnouncementStage } from '../generated/prisma/enums.js';
import { appealDeadline } from '../domain/application-status.js';
import { parseRuleSet } from '../domain/rules.js';
import { InputError, requireText } from '../errors.js';
import { finalRanking, finalRankingWithOptimalisasi, formationRules, skdRankingPage } from '../exams/ranking.js';
import type { Publisher } from '../events/publisher.js';
import type { AnnouncementPublishedEvent, ApplicationStatusChangedEvent } from '../events/topics.js';
import { announceStatusChanges } from './events.js';

type Tx = Prisma.TransactionClient;

interface EntryRow {
  applicationId: number;
  participantNumber: string;
  resultCode: string;
  rank: number | null;
}

export interface PublishOutcome {
  announcement: { id: number; version: number };
  events: { published: AnnouncementPublishedEvent; statuses: ApplicationStatusChangedEvent[] };
}

/** Entries of the administrative stage, and the status moves that publishing them makes. */
async function administrativeEntries(tx: Tx, formationId: number, isCorrection: boolean, now: Date) {
  const apps = await tx.application.findMany({
    where: { formationId },
    select: {
      id: true,
      applicantId: true,
      participantNumber: true,
      status: true,
      adminResult: true,
      announcedAt: true,
      selectionYear: { select: { rules: true, registrationClosesAt: true } },
    },
    orderBy: { participantNumber: 'asc' },
  });
  if (!apps.length) throw new InputError('formationId', 'this formation has no applications to announce');
  const count = (status: string) => apps.filter((a) => a.status === status).length;
  if (count('SUBMITTED')) throw new InputError('formationId', `${count('SUBMITTED')} applications still await verification`);
  if (!isCorrection) {
    const closes = apps[0]!.selectionYear.registrationClosesAt;
    if (now < closes) throw new InputError('formationId', `registration is open until ${closes.toISOString()}; announce after it closes`);
  } else {
    if (count('APPEALED')) throw new InputError('formationId', `${count('APPEALED')} appeals await a decision`);
    const windowDays = parseRuleSet(apps[0]!.selectionYear.rules).appealWindowDays;
    const announced = apps.find((a) => a.announcedAt)?.announcedAt;
    const deadline = announced ? appealDeadline(announced, windowDays) : now;
    if (now <= deadline) throw new InputError('formationId', `the sanggah window is open until ${deadline.toISOString()}; re-announce after it closes`);
  }
  const moves = new Map<ApplicationStatusChangedEvent['status'], number[]>();
  const move = (status: ApplicationStatusChangedEvent['status'], id: number) => moves.set(status, [...(moves.get(status) ?? []), id]);
  for (const a of apps) {
    if (a.status === 'VERIFIED') move('ANNOUNCED', a.id);
    if (a.status === 'APPEAL_ACCEPTED' || a.status === 'APPEAL_REJECTED') move('REANNOUNCED', a.id);
  }
  const statuses: ApplicationStatusChangedEvent[] = [];
  for (const [status, ids] of moves) {
    await tx.application.updateMany({
      where: { id: { in: ids } },
      data: { status, ...(status === 'ANNOUNCED' ? { announcedAt: now } : { reannouncedAt: now }) },
    });
    const byId = new Map(apps.map((a) => [a.id, a]));
    statuses.push(...ids.map((id) => ({ applicationId: id, applicantId: byId.get(id)!.applicantId, status, previous: byId.get(id)!.status })));
  }
  const entries: EntryRow[] = apps.map((a) => ({ applicationId: a.id, participantNumber: a.participantNumber, resultCode: a.adminResult!, rank: null }));
  return { entries, statuses };
}

/** Entries of an exam stage, read from the rankings the public already watches. */
async function examEntries(prisma: PrismaClient | Tx, formationId: number, stage: Exclude<AnnouncementStage, 'ADMINISTRASI'>): Promise<EntryRow[]> {
  const fr = await formationRules(prisma as PrismaClient, formationId);
  if (!fr) throw new InputError('formationId', 'no formation with this id');
  let rows: Array<{ participantNumber: string; resultCode: string; rank: number }>;
  if (stage === 'SKD') {
    const first = await skdRankingPage(prisma as PrismaClient, fr, { offset: 0, limit: 1 });
    rows = (await skdRankingPage(prisma as PrismaClient, fr, { offset: 0, limit: Math.max(1, first.totalCount) })).entries;
  } else if (stage === 'SKB') {
    rows = (await finalRanking(prisma as PrismaClient, fr)).map((e) => ({ participantNumber: e.participantNumber, resultCode: 'P', rank: e.rank }));
  } else {
    rows = await finalRankingWithOptimalisasi(prisma as PrismaClient, fr);
  }
  if (!rows.length) throw new InputError('stage', `no ${stage} results to announce for this formation yet`);
  const ids = await prisma.application.findMany({
    where: { participantNumber: { in: rows.map((r) => r.participantNumber) } },
    select: { id: true, participantNumber: true },
  });
  const idOf = new Map(ids.map((a) => [a.participantNumber, a.id]));
  return rows.map((r) => ({ applicationId: idOf.get(r.participantNumber)!, participantNumber: r.participantNumber, resultCode: r.resultCode, rank: r.rank }));
}

/**
 * Publishes the next version of a formation's announcement for a stage. The first
 * administrative one needs every application verified and registration closed; a later one (the
 * re-announcement after sanggah) needs the window closed and every appeal decided.
 */
export async function publishAnnouncement(
  prisma: PrismaClient,
  events: Publisher,
  input: { formationId: number; stage: AnnouncementStage; note?: string | null },
  now = new Date(),
): Promise<PublishOutcome> {
  const note = input.note?.trim() ? requireText('note', input.note, { min: 1, max: 1000, multiline: true }) : null;
  const outcome = await prisma.$transaction(
    async (tx) => {
      // One publisher per formation at a time: versions stay consecutive.
      await tx.$executeRaw`select 1 from "Formation" where id = ${input.formationId} for update`;
      const formation = await tx.formation.findUnique({
        where: { id: input.formationId },
        select: { selectionYearId: true, region: { select: { code: true } } },
      });
      if (!formation) throw new InputError('formationId', 'no formation with this id');
      const last = await tx.announcement.findFirst({
        where: { formationId: input.formationId, stage: input.stage },
        orderBy: { version: 'desc' },
        select: { id: true, version: true },
      });
      const { entries, statuses } =
        input.stage === 'ADMINISTRASI'
          ? await administrativeEntries(tx, input.formationId, last !== null, now)
          : { entries: await examEntries(tx, input.formationId, input.stage), statuses: [] };
      const announcement = await tx.announcement.create({
        data: {
          selectionYearId: formation.selectionYearId,
          formationId: input.formationId,
          stage: input.stage,
          version: (last?.version ?? 0) + 1,
          replacesId: last?.id ?? null,
          note,
          publishedAt: now,
        },
        select: { id: true, version: true },
      });
      await tx.announcementEntry.createMany({ data: entries.map((e) => ({ ...e, announcementId: announcement.id })) });
      return {
        announcement,
        events: { published: { announcementId: announcement.id, regionCode: formation.region.code }, statuses },
      };
    },
    { timeout: 60_000 },
  );
  await announceStatusChanges(prisma, events, outcome.events.statuses);
  events.publish('announcementPublished', outcome.events.published);
  return outcome;
}
