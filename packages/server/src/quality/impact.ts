/**
 * recruitmentImpact(regionCode): loads what domain/impact.ts compares — the region's units, its
 * periods by label, per-unit sums from SQL and the arrivals of each cohort per unit — in five
 * aggregate queries, whatever the number of responses or employees.
 */
import type { PrismaClient } from '../generated/prisma/client.js';
import { regionSubtree } from '../db/regions.js';
import { recruitmentImpactOf, type CohortImpact } from '../domain/impact.js';
import { RefusedError } from '../errors.js';
import { unitPeriodSums } from './satisfaction.js';

export async function recruitmentImpact(prisma: PrismaClient, regionCode: string): Promise<CohortImpact[]> {
  const region = await prisma.region.findUnique({ where: { code: regionCode }, select: { id: true } });
  if (!region) throw new RefusedError('REGION_NOT_FOUND', `no region ${regionCode}`, 'regionCode');
  const units = (await prisma.serviceUnit.findMany({ where: { region: regionSubtree(regionCode) }, select: { id: true } })).map((u) => u.id);
  const [periodRows, labels, arrivals] = await Promise.all([
    prisma.surveyPeriod.findMany({ where: { serviceUnitId: { in: units } }, select: { id: true, serviceUnitId: true, label: true } }),
    prisma.surveyPeriod.groupBy({ by: ['label'], where: { serviceUnitId: { in: units } }, _min: { opensAt: true }, _max: { closesAt: true } }),
    prisma.employee.groupBy({ by: ['serviceUnitId', 'cohort'], where: { serviceUnitId: { in: units } }, _min: { startsOn: true }, _count: { _all: true } }),
  ]);
  return recruitmentImpactOf({
    units,
    periods: labels.map((l) => ({ label: l.label, opensAt: l._min.opensAt!, closesAt: l._max.closesAt! })),
    summaries: await unitPeriodSums(prisma, periodRows),
    arrivals: arrivals.map((a) => ({ unitId: a.serviceUnitId, cohort: a.cohort, startsOn: a._min.startsOn!, employees: a._count._all })),
  });
}
