/** After recruitment, on both engines: appointments from final results, Latsar, SKP, awards, and recruitmentImpact. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, freshDatabase, type TestDatabase } from '../../test/databases.js';
import { refusal } from '../../test/refusal.js';
import { finishedSelection, type FinishedSelection } from '../../test/cohort-fixture.js';
import { closeSession } from '../exams/sessions.js';
import { recruitmentImpact } from '../quality/impact.js';
import { seedReference } from '../seed/seed.js';
import { appointFromFinalResult } from './appointments.js';
import { completeLatsar, createLatsarProgramme, enrolInLatsar, grantAward, recordAppraisal, setAwardConsent } from './performance.js';
import { unheard } from '../events/publisher.js';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const all = (x: number) => Array.from({ length: 9 }, () => x);

describe.each(ENGINES)('after recruitment on %s', (engine) => {
  let db: TestDatabase;
  let selection: FinishedSelection;
  let employees: number[];
  const tmt = day('2025-03-01');
  beforeAll(async () => {
    db = await freshDatabase(engine);
    await seedReference(db.prisma);
    selection = await finishedSelection(db.prisma, { closeSkb: false });
  });
  afterAll(() => db?.close());

  it('appoints the final result only once it is final, places people in the unit with their cohort, and is idempotent', async () => {
    const formationId = selection.world.formationId;
    expect(await refusal(appointFromFinalResult(db.prisma, { formationId, startsOn: tmt }))).toEqual({ code: 'FINAL_RESULT_PENDING', field: 'formationId' });
    expect(await db.prisma.employee.count()).toBe(0);
    await closeSession(db.prisma, unheard, selection.skbSessionId);

    const first = await appointFromFinalResult(db.prisma, { formationId, startsOn: tmt });
    expect(first).toMatchObject({ created: 2, existing: 0 });
    employees = first.employeeIds;
    const rows = await db.prisma.employee.findMany({
      where: { id: { in: employees } },
      include: { application: true, serviceUnit: true },
      orderBy: { id: 'asc' },
    });
    // Finals: SKD 390 -> 390/550 x 40 + 80 x 60% = 76.36; 365 -> 71.55; 340 -> 60.73. Quota 2: the first two.
    expect(rows.map((e) => e.application.participantNumber).sort()).toEqual(selection.ranked.slice(0, 2).sort());
    expect(rows.every((e) => e.serviceUnit.code === 'RSUD-KOTA-JAMBI' && e.cohort === 2024 && e.formationId === formationId)).toBe(true);
    expect(rows[0]!.startsOn).toEqual(tmt);

    const again = await appointFromFinalResult(db.prisma, { formationId, startsOn: day('2025-06-01') });
    expect(again).toEqual({ created: 0, existing: 2, employeeIds: employees });
    expect(await db.prisma.employee.count()).toBe(2);
  });

  it('refuses an unknown formation, a formation without results, and placements outside the formation', async () => {
    expect(await refusal(appointFromFinalResult(db.prisma, { formationId: 999_999, startsOn: tmt }))).toEqual({
      code: 'FORMATION_NOT_FOUND',
      field: 'formationId',
    });
    const unplaced = await db.prisma.formation.findUniqueOrThrow({ where: { code: '2024-PEMKOT-JAMBI-010' } }); // the agency places later
    expect(await refusal(appointFromFinalResult(db.prisma, { formationId: unplaced.id, startsOn: tmt }))).toEqual({
      code: 'PLACEMENT_UNIT_REQUIRED',
      field: 'serviceUnitId',
    });
    const elsewhere = await db.prisma.serviceUnit.findUniqueOrThrow({ where: { code: 'RSUD-HAMBA' } });
    expect(await refusal(appointFromFinalResult(db.prisma, { formationId: unplaced.id, startsOn: tmt, serviceUnitId: elsewhere.id }))).toEqual({
      code: 'WRONG_UNIT',
      field: 'serviceUnitId',
    });
    const own = await db.prisma.serviceUnit.findUniqueOrThrow({ where: { code: 'DUKCAPIL-KOTA-JAMBI' } });
    expect(await refusal(appointFromFinalResult(db.prisma, { formationId: unplaced.id, startsOn: tmt, serviceUnitId: own.id }))).toEqual({
      code: 'NO_FINAL_RESULT',
      field: 'formationId',
    });
    expect(await refusal(appointFromFinalResult(db.prisma, { formationId: selection.world.formationId, startsOn: tmt, serviceUnitId: own.id }))).toEqual({
      code: 'WRONG_UNIT',
      field: 'serviceUnitId',
    });
    expect(await db.prisma.employee.count()).toBe(2);
  });

  it('runs Latsar: a programme of the agency, enrolment once, completion once with a score', async () => {
    const jambi = await db.prisma.agency.findUniqueOrThrow({ where: { code: 'PEMKOT-JAMBI' } });
    const programme = await createLatsarProgramme(db.prisma, {
      code: 'LATSAR-2025-JAMBI-I',
      name: 'Latsar CPNS Angkatan I Kota Jambi 2025',
      agencyId: jambi.id,
      startsOn: day('2025-04-14'),
      endsOn: day('2025-07-18'),
    });
    expect(
      await refusal(
        createLatsarProgramme(db.prisma, {
          code: 'LATSAR-2025-JAMBI-I',
          name: 'x',
          agencyId: jambi.id,
          startsOn: day('2025-04-14'),
          endsOn: day('2025-07-18'),
        }),
      ),
    ).toEqual({ code: 'PROGRAMME_EXISTS', field: 'code' });
    const enrolled = await enrolInLatsar(db.prisma, programme.id, employees);
    expect(await enrolInLatsar(db.prisma, programme.id, employees)).toEqual(enrolled);
    expect(enrolled.map((e) => e.status)).toEqual(['ENROLLED', 'ENROLLED']);
    expect(await refusal(enrolInLatsar(db.prisma, programme.id, [employees[0]!, 999_999]))).toEqual({ code: 'EMPLOYEE_NOT_FOUND', field: 'employeeIds[1]' });
    const batanghari = await db.prisma.agency.findUniqueOrThrow({ where: { code: 'PEMKAB-BATANGHARI' } });
    const other = await createLatsarProgramme(db.prisma, {
      code: 'LATSAR-2025-BATANGHARI-I',
      name: 'Latsar Batanghari',
      agencyId: batanghari.id,
      startsOn: day('2025-04-14'),
      endsOn: day('2025-07-18'),
    });
    expect(await refusal(enrolInLatsar(db.prisma, other.id, employees))).toEqual({ code: 'WRONG_AGENCY', field: 'employeeIds[0]' });

    const id = enrolled[0]!.id;
    expect(await refusal(completeLatsar(db.prisma, { enrolmentId: id, score: 100.5, completedAt: day('2025-07-18') }))).toEqual({
      code: 'INVALID_SCORE',
      field: 'score',
    });
    expect(await completeLatsar(db.prisma, { enrolmentId: id, score: 86.25, completedAt: day('2025-07-18') })).toMatchObject({
      status: 'COMPLETED',
      score: 86.25,
    });
    expect(await refusal(completeLatsar(db.prisma, { enrolmentId: id, score: 90, completedAt: day('2025-07-19') }))).toEqual({
      code: 'ALREADY_COMPLETED',
      field: 'enrolmentId',
    });
    expect(await refusal(completeLatsar(db.prisma, { enrolmentId: 999_999, score: 90, completedAt: day('2025-07-19') }))).toEqual({
      code: 'ENROLMENT_NOT_FOUND',
      field: 'enrolmentId',
    });
    expect((await db.prisma.latsarEnrolment.findUniqueOrThrow({ where: { id } })).score).toBe(86.25);
  });

  it('records one SKP per employee and year, with the predicate of the matrix; refuses unknown employees and impossible years', async () => {
    const [a, b] = employees as [number, number];
    expect(await recordAppraisal(db.prisma, { employeeId: a, year: 2025, results: 'DI_ATAS', behaviour: 'DI_ATAS' })).toMatchObject({
      predicate: 'SANGAT_BAIK',
    });
    expect(await refusal(recordAppraisal(db.prisma, { employeeId: a, year: 2025, results: 'SESUAI', behaviour: 'SESUAI' }))).toEqual({
      code: 'APPRAISAL_EXISTS',
      field: 'year',
    });
    expect(await db.prisma.appraisal.findMany({ where: { employeeId: a }, select: { predicate: true } })).toEqual([{ predicate: 'SANGAT_BAIK' }]);
    expect(await recordAppraisal(db.prisma, { employeeId: b, year: 2025, results: 'SESUAI', behaviour: 'DI_BAWAH' })).toMatchObject({ predicate: 'KURANG' });
    expect(await refusal(recordAppraisal(db.prisma, { employeeId: 999_999, year: 2025, results: 'SESUAI', behaviour: 'SESUAI' }))).toEqual({
      code: 'EMPLOYEE_NOT_FOUND',
      field: 'employeeId',
    });
    expect(await refusal(recordAppraisal(db.prisma, { employeeId: b, year: 2024, results: 'SESUAI', behaviour: 'SESUAI' }))).toEqual({
      code: 'INVALID_YEAR',
      field: 'year',
    }); // before TMT 2025
    expect(await refusal(recordAppraisal(db.prisma, { employeeId: b, year: 2026, results: 'SESUAI', behaviour: 'SESUAI' }, day('2025-12-01')))).toEqual({
      code: 'INVALID_YEAR',
      field: 'year',
    });
    expect(await db.prisma.appraisal.count()).toBe(2);
  });

  it('awards only a Sangat Baik year, once per title, and records consent to the public listing', async () => {
    const [a, b] = employees as [number, number];
    const award = { year: 2025, title: 'ASN Teladan Kota Jambi', awardedOn: day('2025-12-10'), publicConsent: false };
    expect(await refusal(grantAward(db.prisma, { ...award, employeeId: b }))).toEqual({ code: 'NOT_HIGH_PERFORMER', field: 'employeeId' });
    expect(await refusal(grantAward(db.prisma, { ...award, employeeId: a, year: 2024 }))).toEqual({ code: 'NOT_HIGH_PERFORMER', field: 'employeeId' });
    const granted = await grantAward(db.prisma, { ...award, employeeId: a, citation: ' Waktu tunggu IGD turun separuh ' });
    expect(granted).toMatchObject({ publicConsent: false, citation: 'Waktu tunggu IGD turun separuh' });
    expect(await refusal(grantAward(db.prisma, { ...award, employeeId: a }))).toEqual({ code: 'AWARD_EXISTS', field: 'title' });
    expect(await setAwardConsent(db.prisma, granted.id, true)).toMatchObject({ publicConsent: true });
    expect(await refusal(setAwardConsent(db.prisma, 999_999, true))).toEqual({ code: 'AWARD_NOT_FOUND', field: 'awardId' });
  });

  // Kota Jambi, two half-years around the cohort's TMT (1 March 2025): 2024-S2 before, 2025-S2 after.
  //   RSUD Kota Jambi (received the 2 new ASN): before 2 x all 3 -> 3.00 = 75.00; after 2 x all 4 -> 100.00; +25.00
  //   Puskesmas Paal V (none): before all 3 and all 2 -> 2.50 = 62.50; after 2 x all 3 -> 75.00; +12.50
  //   Dukcapil (none): before and after 2 x all 3 -> 75.00; +0
  //   SMPN 7 (none): heard before only -> left out of the comparison
  // Comparison, weighted by respondents: before (2 x 2.5 + 2 x 3) / 4 = 2.75 = 68.75; after 3.00 = 75.00;
  // change +6.25. Difference in differences: 25.00 - 6.25 = 18.75 points.
  it('recruitmentImpact: receiving units before and after, against units that received nobody', async () => {
    const code = (c: string) => db.prisma.serviceUnit.findUniqueOrThrow({ where: { code: c } }).then((u) => u.id);
    const [rsud, paal, dukcapil, smp] = await Promise.all(['RSUD-KOTA-JAMBI', 'PKM-PAAL-V', 'DUKCAPIL-KOTA-JAMBI', 'SMPN-7-KOTA-JAMBI'].map(code));
    const period = (unitId: number, label: string, from: string, to: string) =>
      db.prisma.surveyPeriod.create({ data: { serviceUnitId: unitId, label, opensAt: day(from), closesAt: day(to), status: 'CLOSED' } });
    const respond = async (unitId: number, label: string, rows: number[][]) => {
      const p = await db.prisma.surveyPeriod.findUniqueOrThrow({ where: { serviceUnitId_label: { serviceUnitId: unitId, label } } });
      await db.prisma.surveyResponse.createMany({
        data: rows.map(([u1, u2, u3, u4, u5, u6, u7, u8, u9]) => ({
          periodId: p.id,
          serviceUnitId: unitId,
          u1: u1!,
          u2: u2!,
          u3: u3!,
          u4: u4!,
          u5: u5!,
          u6: u6!,
          u7: u7!,
          u8: u8!,
          u9: u9!,
        })),
      });
    };
    for (const u of [rsud, paal, dukcapil, smp] as number[]) {
      await period(u, '2024-S2', '2024-07-01', '2025-01-01');
      await period(u, '2025-S2', '2025-07-01', '2026-01-01');
    }
    await respond(rsud!, '2024-S2', [all(3), all(3)]);
    await respond(rsud!, '2025-S2', [all(4), all(4)]);
    await respond(paal!, '2024-S2', [all(3), all(2)]);
    await respond(paal!, '2025-S2', [all(3), all(3)]);
    await respond(dukcapil!, '2024-S2', [all(3), all(3)]);
    await respond(dukcapil!, '2025-S2', [all(3), all(3)]);
    await respond(smp!, '2024-S2', [all(4)]);

    const [impact, ...others] = await recruitmentImpact(db.prisma, '15.71');
    expect(others).toEqual([]);
    const r2 = (x: number | null) => (x === null ? null : Number(x.toFixed(2)));
    expect(impact).toMatchObject({ cohort: 2024, arrivedOn: tmt, newEmployees: 2, before: { label: '2024-S2' }, after: { label: '2025-S2' } });
    const group = (g: NonNullable<typeof impact>['treated']) => [g.units, g.respondentsBefore, g.respondentsAfter, r2(g.before), r2(g.after), r2(g.change)];
    expect(group(impact!.treated)).toEqual([1, 2, 2, 75, 100, 25]);
    expect(group(impact!.comparison)).toEqual([2, 4, 4, 68.75, 75, 6.25]);
    expect(r2(impact!.difference)).toBe(18.75);
    expect(impact!.units.map((u) => [u.unitId, u.employees, r2(u.change)])).toEqual([[rsud, 2, 25]]);
    expect(impact!.trend.map((t) => [t.label, r2(t.treated), r2(t.comparison)])).toEqual([
      ['2024-S2', 75, 68.75],
      ['2025-S2', 100, 75],
    ]);
    // The whole province sees the same cohort; a region without new ASN sees none.
    expect((await recruitmentImpact(db.prisma, '15'))[0]!.difference).toBeCloseTo(18.75, 9);
    expect(await recruitmentImpact(db.prisma, '33.74')).toEqual([]);
    expect(await refusal(recruitmentImpact(db.prisma, '99.99'))).toEqual({ code: 'REGION_NOT_FOUND', field: 'regionCode' });
  });
});
