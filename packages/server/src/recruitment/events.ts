/** What recruitment services announce after they commit application moves. */
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Publisher } from '../events/publisher.js';
import type { ApplicationStatusChangedEvent } from '../events/topics.js';

/**
 * After the commit: each applicant hears their own change, and the live KPIs of the formations'
 * regions recompute (their counts are already right: ApplicationTally is kept by the database).
 */
export async function announceStatusChanges(prisma: PrismaClient, events: Publisher, changes: readonly ApplicationStatusChangedEvent[]): Promise<void> {
  if (!changes.length) return;
  for (const change of changes) events.publish('applicationStatusChanged', change);
  const formations = await prisma.application.findMany({
    where: { id: { in: changes.map((c) => c.applicationId) } },
    select: { formation: { select: { regionId: true } } },
    distinct: ['formationId'],
  });
  const regionIds = [...new Set(formations.map((a) => a.formation.regionId))];
  if (regionIds.length) events.publish('applicationsChanged', { regionIds });
}
