/**
 * Seleksi administrasi and sanggah: verifiers mark applications MS or TMS, the agency announces,
 * TMS applicants may appeal once inside the window, the agency decides and re-announces. Every
 * move goes through domain/application-status.ts; every write is one transaction, announced after
 * its commit (applicationStatusChanged, applicationsChanged).
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { AdminResult, AppealDecision, TmsReason } from '../generated/prisma/enums.js';
import { appealDeadline, canMove, illegalMoveMessage, type ApplicationStatusName } from '../domain/application-status.js';
import { parseRuleSet } from '../domain/rules.js';
import { InputError, requireText } from '../errors.js';
import type { Publisher } from '../events/publisher.js';
import type { ApplicationStatusChangedEvent } from '../events/topics.js';
import { announceStatusChanges } from './events.js';

type Tx = Prisma.TransactionClient;

/** Locks the application row and checks the move, so two verifiers cannot race on one file. */
async function lockForMove(tx: Tx, applicationId: number, to: ApplicationStatusName, field = 'applicationId') {
  await tx.$executeRaw`select 1 from "Application" where id = ${applicationId} for update`;
  const application = await tx.application.findUnique({ where: { id: applicationId }, include: { selectionYear: { select: { rules: true } } } });
  if (!application) throw new InputError(field, 'no application with this id');
  if (!canMove(application.status, to)) throw new InputError(field, illegalMoveMessage(application.status, to));
  return application;
}

function changed(a: { id: number; applicantId: number }, status: ApplicationStatusName, previous: ApplicationStatusName): ApplicationStatusChangedEvent {
  return { applicationId: a.id, applicantId: a.applicantId, status, previous };
}

/** A verifier's MS/TMS on one application; TMS needs a reason from the list, MS takes none. */
export async function verifyApplication(
  prisma: PrismaClient,
  events: Publisher,
  verifierId: number,
  input: { applicationId: number; result: AdminResult; reason?: TmsReason | null },
  now = new Date(),
) {
  if (input.result === 'TMS' && !input.reason) throw new InputError('reason', 'a TMS result needs a reason');
  if (input.result === 'MS' && input.reason) throw new InputError('reason', 'an MS result takes no reason');
  const outcome = await prisma.$transaction(async (tx) => {
    const before = await lockForMove(tx, input.applicationId, 'VERIFIED');
    const application = await tx.application.update({
      where: { id: before.id },
      data: { status: 'VERIFIED', adminResult: input.result, tmsReason: input.reason ?? null, verifiedAt: now, verifiedById: verifierId },
    });
    return { application, events: [changed(application, 'VERIFIED', before.status)] };
  });
  await announceStatusChanges(prisma, events, outcome.events);
  return outcome;
}

/**
 * Files a sanggah: the applicant's own TMS application, announced, inside the rule set's window,
 * once. The window is checked on the database's copy of the announcement time.
 */
export async function fileAppeal(
  prisma: PrismaClient,
  events: Publisher,
  applicantId: number,
  input: { applicationId: number; reason: string },
  now = new Date(),
) {
  const reason = requireText('reason', input.reason, { min: 10, max: 2000, multiline: true });
  const outcome = await prisma.$transaction(async (tx) => {
    const own = await tx.application.findFirst({ where: { id: input.applicationId, applicantId }, select: { id: true, appeal: { select: { id: true } } } });
    if (!own) throw new InputError('applicationId', 'no application of yours with this id');
    if (own.appeal) throw new InputError('applicationId', 'a sanggah was already filed for this application; only one is allowed');
    const before = await lockForMove(tx, own.id, 'APPEALED');
    if (before.adminResult !== 'TMS') throw new InputError('applicationId', 'only a TMS result can be appealed');
    const deadline = appealDeadline(before.announcedAt!, parseRuleSet(before.selectionYear.rules).appealWindowDays);
    if (now > deadline) throw new InputError('applicationId', `the sanggah window closed at ${deadline.toISOString()}`);
    await tx.appeal.create({ data: { applicationId: own.id, reason, filedAt: now } });
    const application = await tx.application.update({ where: { id: own.id }, data: { status: 'APPEALED' } });
    return { application, events: [changed(application, 'APPEALED', before.status)] };
  });
  await announceStatusChanges(prisma, events, outcome.events);
  return outcome;
}

/** The agency's answer to a sanggah; an accepted one turns the result into MS. */
export async function decideAppeal(
  prisma: PrismaClient,
  events: Publisher,
  officialId: number,
  input: { applicationId: number; decision: AppealDecision; response: string },
  now = new Date(),
) {
  const response = requireText('response', input.response, { min: 5, max: 2000, multiline: true });
  const to = input.decision === 'ACCEPTED' ? 'APPEAL_ACCEPTED' : 'APPEAL_REJECTED';
  const outcome = await prisma.$transaction(async (tx) => {
    const before = await lockForMove(tx, input.applicationId, to);
    await tx.appeal.update({
      where: { applicationId: input.applicationId },
      data: { decision: input.decision, response, decidedAt: now, decidedById: officialId },
    });
    const application = await tx.application.update({
      where: { id: input.applicationId },
      data: { status: to, ...(input.decision === 'ACCEPTED' ? { adminResult: 'MS', tmsReason: null } : {}) },
    });
    return { application, events: [changed(application, to, before.status)] };
  });
  await announceStatusChanges(prisma, events, outcome.events);
  return outcome;
}
