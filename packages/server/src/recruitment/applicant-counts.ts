/**
 * Applications per formation, read from the tally the database keeps (ApplicationTally,
 * maintained by statement-level triggers on every write to Application): a formation list
 * sums a few tally rows per formation instead of counting every application on every read.
 */
import type { PrismaClient } from '../generated/prisma/client.js';

/** Applications received by each of `formationIds` (0 for one with none), in one statement. */
export async function applicantCounts(prisma: PrismaClient, formationIds: readonly number[]): Promise<Map<number, number>> {
  const sums = await prisma.applicationTally.groupBy({
    by: ['formationId'],
    where: { formationId: { in: [...formationIds] } },
    _sum: { count: true },
  });
  const counts = new Map<number, number>(formationIds.map((id) => [id, 0]));
  for (const row of sums) counts.set(row.formationId, row._sum.count ?? 0);
  return counts;
}
