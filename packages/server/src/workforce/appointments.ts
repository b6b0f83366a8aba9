/**
 * After recruitment: the people a formation's FINAL ranking selects (P/L, and P/L-2 placed by
 * optimalisasi) become Employees placed in the formation's service unit, with their selection
 * year as cohort. Idempotent: appointing again adds only those not yet appointed.
 */
import type { PrismaClient } from '../generated/prisma/client.js';
import { finalRankingWithOptimalisasi, formationRules } from '../exams/ranking.js';
import { RefusedError } from '../errors.js';

export interface Appointment {
  formationId: number;
  /** TMT: the day the appointments take effect. */
  startsOn: Date;
  /** Only for a formation the agency places later (no unit of its own): a unit of the same agency. */
  serviceUnitId?: number | null;
}

export async function appointFromFinalResult(prisma: PrismaClient, input: Appointment): Promise<{ created: number; existing: number; employeeIds: number[] }> {
  const fr = await formationRules(prisma, input.formationId);
  const formation = await prisma.formation.findUnique({
    where: { id: input.formationId },
    select: { serviceUnitId: true, agencyId: true, jobTitle: true, educationLevel: true, selectionYearId: true, selectionYear: { select: { year: true } } },
  });
  if (!fr || !formation) throw new RefusedError('FORMATION_NOT_FOUND', `no formation ${input.formationId}`, 'formationId');
  const unitId = await placementUnit(prisma, formation, input.serviceUnitId ?? null);

  // The final result is final once every SKD and SKB sitting of this formation and of those it may
  // take optimalisasi placements from (same agency, job and education) is closed.
  const pending = await prisma.examSeat.count({
    where: {
      session: { status: { not: 'CLOSED' } },
      application: {
        formation: {
          agencyId: formation.agencyId,
          jobTitle: formation.jobTitle,
          educationLevel: formation.educationLevel,
          selectionYearId: formation.selectionYearId,
        },
      },
    },
  });
  if (pending)
    throw new RefusedError(
      'FINAL_RESULT_PENDING',
      `${pending} exam seat(s) of this formation or its optimalisasi siblings are in sessions not yet closed`,
      'formationId',
    );
  const chosen = (await finalRankingWithOptimalisasi(prisma, fr)).filter((e) => e.selected);
  if (!chosen.length) throw new RefusedError('NO_FINAL_RESULT', 'the final ranking selects nobody yet (no SKB results)', 'formationId');

  return prisma.$transaction(async (tx) => {
    const applications = await tx.application.findMany({ where: { participantNumber: { in: chosen.map((e) => e.participantNumber) } }, select: { id: true } });
    const { count } = await tx.employee.createMany({
      data: applications.map((a) => ({
        applicationId: a.id,
        formationId: input.formationId,
        serviceUnitId: unitId,
        cohort: formation.selectionYear.year,
        startsOn: input.startsOn,
      })),
      skipDuplicates: true,
    });
    const employees = await tx.employee.findMany({
      where: { applicationId: { in: applications.map((a) => a.id) } },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    return { created: count, existing: employees.length - count, employeeIds: employees.map((e) => e.id) };
  });
}

async function placementUnit(prisma: PrismaClient, formation: { serviceUnitId: number | null; agencyId: number }, requested: number | null): Promise<number> {
  if (formation.serviceUnitId !== null) {
    if (requested !== null && requested !== formation.serviceUnitId)
      throw new RefusedError('WRONG_UNIT', 'this formation places in its own unit', 'serviceUnitId');
    return formation.serviceUnitId;
  }
  if (requested === null) throw new RefusedError('PLACEMENT_UNIT_REQUIRED', 'the formation has no unit of its own: name the unit to place in', 'serviceUnitId');
  const unit = await prisma.serviceUnit.findUnique({ where: { id: requested }, select: { agencyId: true } });
  if (!unit) throw new RefusedError('UNIT_NOT_FOUND', `no service unit ${requested}`, 'serviceUnitId');
  if (unit.agencyId !== formation.agencyId) throw new RefusedError('WRONG_UNIT', "the unit belongs to another agency than the formation's", 'serviceUnitId');
  return requested;
}
