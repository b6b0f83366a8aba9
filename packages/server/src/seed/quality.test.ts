import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, freshDatabase, type TestDatabase } from '../../test/databases.js';
import { finalRankingWithOptimalisasi, formationRules } from '../exams/ranking.js';
import { recruitmentImpact } from '../quality/impact.js';
import { serviceSatisfaction } from '../quality/satisfaction.js';
import { SERVICE_UNITS } from './reference.js';
import { COHORT_TMT, SURVEY_PERIODS, seedServiceQuality } from './quality.js';
import { seedAll } from './seed.js';

describe.each(ENGINES)('service-quality seed on %s', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase(engine);
    // 700 applicants fit one SKD sitting per site: every formation's SKD is complete in the demo.
    await seedAll(db.prisma, { applicants: 700, seed: 3 });
  });
  afterAll(() => db?.close());

  it('gives every unit its yearly periods, all heard: 2024 and 2025 closed, 2026 still open', async () => {
    const periods = await db.prisma.surveyPeriod.findMany({ include: { _count: { select: { responses: true } } } });
    expect(periods).toHaveLength(SERVICE_UNITS.length * SURVEY_PERIODS.length);
    for (const p of periods) {
      expect(p._count.responses, `${p.serviceUnitId} ${p.label}`).toBeGreaterThan(0);
      expect(p.status).toBe(p.label === '2026' ? 'OPEN' : 'CLOSED');
    }
    expect(await db.prisma.surveyGuard.count()).toBe(0);
  });

  it('makes the index differ across units, with a trend and some provisional results', async () => {
    const province = await serviceSatisfaction(db.prisma, { regionCode: '33' });
    expect(province.period).toBe('2026');
    const all = await Promise.all(['15', '16', '17', '33'].map((code) => serviceSatisfaction(db.prisma, { regionCode: code })));
    const units = all.flatMap((s) => s.units);
    expect(units).toHaveLength(SERVICE_UNITS.length);
    expect(new Set(units.map((u) => u.index!.converted.toFixed(2))).size).toBe(SERVICE_UNITS.length);
    expect(new Set(units.map((u) => u.index!.quality)).size).toBeGreaterThan(1);
    expect(units.some((u) => u.provisional) && units.some((u) => !u.provisional)).toBe(true);
    expect(province.trend.map((t) => t.period)).toEqual(SURVEY_PERIODS.map((p) => p.label));
    expect(province.complaints.total).toBeGreaterThan(0);
    expect(province.complaints.medianHoursToFirstAnswer).toBeGreaterThan(0);
  });

  it('appoints an example cohort from final results, so recruitmentImpact compares its units with the others', async () => {
    const employees = await db.prisma.employee.findMany({ include: { application: true } });
    expect(employees.length).toBeGreaterThan(0);
    for (const formationId of new Set(employees.map((e) => e.formationId))) {
      const selected = (await finalRankingWithOptimalisasi(db.prisma, (await formationRules(db.prisma, formationId))!)).filter((e) => e.selected);
      const appointed = employees.filter((e) => e.formationId === formationId).map((e) => e.application.participantNumber);
      expect(appointed.sort()).toEqual(selected.map((e) => e.participantNumber).sort());
    }
    expect(employees.every((e) => e.cohort === 2024 && e.startsOn.getTime() === COHORT_TMT.getTime())).toBe(true);
    expect(await db.prisma.appraisal.count()).toBe(employees.length);
    expect(await db.prisma.award.count({ where: { publicConsent: true } })).toBeGreaterThan(0);
    const impacts = (await Promise.all(['15', '16', '17', '33'].map((code) => recruitmentImpact(db.prisma, code)))).flat();
    expect(impacts.length).toBeGreaterThan(0);
    for (const i of impacts) expect(i).toMatchObject({ before: { label: '2024' }, after: { label: '2026' } });
    // The model has receiving units improve more: a positive difference in every province.
    expect(impacts.every((i) => i.difference !== null && i.difference > 0)).toBe(true);
  });

  it('writes nothing the second time', async () => {
    const count = async () => [
      await db.prisma.surveyResponse.count(),
      await db.prisma.feedback.count(),
      await db.prisma.employee.count(),
      await db.prisma.examSession.count(),
      await db.prisma.latsarEnrolment.count(),
    ];
    const before = await count();
    expect(await seedServiceQuality(db.prisma, { seed: 3 })).toEqual({
      formationsAppointed: 0,
      employeesCreated: 0,
      periodsCreated: 0,
      responsesCreated: 0,
      feedbackCreated: 0,
    });
    expect(await count()).toEqual(before);
  });
});
