/** SKM surveys, the IKM read from SQL sums, and complaints, on both engines. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, freshDatabase, type TestDatabase } from '../../test/databases.js';
import { refusal } from '../../test/refusal.js';
import { FEEDBACK_STATUSES, canMoveFeedback } from '../domain/feedback.js';
import { requiredSample } from '../domain/ikm.js';
import { seedReference } from '../seed/seed.js';
import { moveFeedback } from './feedback.js';
import { SurveyGuard } from './guard.js';
import { serviceSatisfaction } from './satisfaction.js';
import { closeSurveyPeriod, openSurveyPeriod, submitSurveyResponse, type SubmissionSource } from './surveys.js';
import { unheard } from '../events/publisher.js';

const all = (x: number) => Array.from({ length: 9 }, () => x);
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
/** A converted IKM as published: two decimals. */
const shown = (x: number | undefined) => (x === undefined ? null : Number(x.toFixed(2)));

describe.each(ENGINES)('SKM surveys on %s', (engine) => {
  let db: TestDatabase;
  const unit: Record<string, number> = {};
  // Inside 2025-Q1 (opened below for several units).
  const now = new Date('2025-03-10T02:00:00Z');
  const guard = new SurveyGuard('test-secret');
  /** A phone with a token the server issued: a new one each time, unless given. */
  const phone = (token = guard.verify(guard.issue('device', now).token, now)): SubmissionSource => ({ kind: 'public', token });
  const counts = async () => ({
    responses: await db.prisma.surveyResponse.count(),
    feedback: await db.prisma.feedback.count(),
    guards: await db.prisma.surveyGuard.count(),
  });
  const submit = (
    code: string,
    answers: number[],
    source = phone(),
    at = now,
    extra: { period?: string; comment?: { kind: 'COMPLAINT' | 'SUGGESTION'; category: 'U3'; text: string } } = {},
  ) => submitSurveyResponse(db.prisma, unheard, guard, { serviceUnitId: unit[code]!, answers, ...extra }, source, at);

  beforeAll(async () => {
    db = await freshDatabase(engine);
    await seedReference(db.prisma);
    for (const u of await db.prisma.serviceUnit.findMany()) unit[u.code] = u.id;
    for (const code of ['PKM-PLAJU', 'RSUD-KOTA-JAMBI', 'RSUD-HAMBA', 'KEC-MANNA']) {
      await openSurveyPeriod(db.prisma, { serviceUnitId: unit[code]!, label: '2025-Q1', opensAt: day('2025-01-01'), closesAt: day('2025-04-01') });
    }
  });
  afterAll(() => db?.close());

  it('takes exactly nine answers on 1..4 and refuses anything else whole, naming the answer', async () => {
    const before = await counts();
    expect(await refusal(submit('KEC-MANNA', [3, 3, 5, 3, 3, 3, 3, 3, 3]))).toEqual({ code: 'INVALID_ANSWERS', field: 'answers[2]' });
    expect(await refusal(submit('KEC-MANNA', [0, ...all(3).slice(1)]))).toEqual({ code: 'INVALID_ANSWERS', field: 'answers[0]' });
    expect(await refusal(submit('KEC-MANNA', [...all(3).slice(1), 2.5]))).toEqual({ code: 'INVALID_ANSWERS', field: 'answers[8]' });
    expect(await refusal(submit('KEC-MANNA', all(3).slice(1)))).toEqual({ code: 'INVALID_ANSWERS', field: 'answers' });
    expect(await refusal(submit('KEC-MANNA', [...all(3), 3]))).toEqual({ code: 'INVALID_ANSWERS', field: 'answers' });
    const long = { kind: 'COMPLAINT' as const, category: 'U3' as const, text: 'x'.repeat(2_001) };
    expect(await refusal(submit('KEC-MANNA', all(3), phone(), now, { comment: long }))).toEqual({ code: 'INVALID_TEXT', field: 'comment.text' });
    expect(await counts()).toEqual(before);
  });

  it('refuses an unknown unit, an unknown or closed period, and a period not open at the time', async () => {
    const before = await counts();
    expect(await refusal(submitSurveyResponse(db.prisma, unheard, guard, { serviceUnitId: 999_999, answers: all(3) }, phone(), now))).toEqual({
      code: 'UNIT_NOT_FOUND',
      field: 'serviceUnitId',
    });
    expect(await refusal(submit('KEC-MANNA', all(3), phone(), now, { period: '2019-S1' }))).toEqual({ code: 'PERIOD_NOT_FOUND', field: 'period' });
    expect(await refusal(submit('SDN-MANNA', all(3)))).toEqual({ code: 'PERIOD_CLOSED', field: 'period' }); // never opened one
    expect(await refusal(submit('KEC-MANNA', all(3), phone(), day('2025-04-01')))).toEqual({ code: 'PERIOD_CLOSED', field: 'period' }); // closesAt is exclusive
    expect(await refusal(submit('KEC-MANNA', all(3), phone(), day('2025-04-01'), { period: '2025-Q1' }))).toEqual({ code: 'PERIOD_CLOSED', field: 'period' });
    expect(await refusal(submit('KEC-MANNA', all(3), phone(), new Date('2024-12-31T23:59:59Z')))).toEqual({ code: 'PERIOD_CLOSED', field: 'period' });
    expect(await counts()).toEqual(before);
  });

  it('takes one response per server-issued device token, unit and period; a kiosk or partner vouches for its respondents', async () => {
    const before = await counts();
    const tablet = phone().token!;
    expect(await refusal(submit('KEC-MANNA', all(3), phone(tablet)))).toBe('accepted');
    expect(await refusal(submit('KEC-MANNA', all(4), phone(tablet)))).toEqual({ code: 'DUPLICATE_RESPONSE', field: undefined });
    expect(await refusal(submit('PKM-PLAJU', all(4), phone(tablet), now, { period: '2025-Q1' }))).toBe('accepted'); // another unit
    // The public without a token is refused: an address is not a device.
    expect(await refusal(submit('KEC-MANNA', all(3), { kind: 'public' }))).toEqual({ code: 'DEVICE_TOKEN_REQUIRED', field: 'deviceToken' });
    const counter = guard.verify(guard.issue('kiosk', now, unit['KEC-MANNA']!).token, now);
    expect(await refusal(submit('KEC-MANNA', all(2), { kind: 'public', token: counter }))).toBe('accepted');
    expect(await refusal(submit('KEC-MANNA', all(2), { kind: 'public', token: counter }))).toBe('accepted');
    expect(await refusal(submit('PKM-PLAJU', all(2), { kind: 'public', token: counter }, now, { period: '2025-Q1' }))).toEqual({
      code: 'INVALID_DEVICE_TOKEN',
      field: 'deviceToken',
    });
    const partner: SubmissionSource = { kind: 'partner' };
    expect(await refusal(submit('KEC-MANNA', all(2), partner))).toBe('accepted');
    expect(await refusal(submit('KEC-MANNA', all(2), partner))).toBe('accepted');
    const after = await counts();
    expect(after.responses - before.responses).toBe(6);
    expect(after.guards - before.guards).toBe(2); // the tablet at two units; kiosks and partners vouch
    // Nothing stored says which token: no token or id in any column of the guard or the responses.
    const stored = JSON.stringify([await db.prisma.surveyGuard.findMany(), await db.prisma.surveyResponse.findMany()]);
    for (const secret of [tablet.id, counter.id]) expect(stored).not.toContain(secret);
  });

  it('never lets periods of a unit overlap or share a label, and checks labels and dates', async () => {
    const id = unit['KEC-MANNA']!;
    expect(
      await refusal(openSurveyPeriod(db.prisma, { serviceUnitId: id, label: '2025-Q2', opensAt: day('2025-03-31'), closesAt: day('2025-07-01') })),
    ).toEqual({ code: 'PERIOD_OVERLAP', field: 'opensAt' });
    // The refusal names both spans, so the official sees where a new period fits.
    await expect(openSurveyPeriod(db.prisma, { serviceUnitId: id, label: '2025-Q2', opensAt: day('2025-03-31'), closesAt: day('2025-07-01') })).rejects.toThrow(
      /2025-03-31T00:00:00\.000Z to 2025-07-01T00:00:00\.000Z overlaps the unit's period 2025-Q1, 2025-01-01T00:00:00\.000Z to 2025-04-01T00:00:00\.000Z/,
    );
    expect(
      await refusal(openSurveyPeriod(db.prisma, { serviceUnitId: id, label: '2025-Q1', opensAt: day('2026-01-01'), closesAt: day('2026-04-01') })),
    ).toEqual({ code: 'PERIOD_OVERLAP', field: 'label' });
    expect(
      await refusal(openSurveyPeriod(db.prisma, { serviceUnitId: id, label: 'semester 1', opensAt: day('2026-01-01'), closesAt: day('2026-04-01') })),
    ).toEqual({ code: 'INVALID_PERIOD', field: 'label' });
    expect(
      await refusal(openSurveyPeriod(db.prisma, { serviceUnitId: id, label: '2026-Q1', opensAt: day('2026-04-01'), closesAt: day('2026-01-01') })),
    ).toEqual({ code: 'INVALID_PERIOD', field: 'closesAt' });
    expect(
      await refusal(openSurveyPeriod(db.prisma, { serviceUnitId: 999_999, label: '2026-Q1', opensAt: day('2026-01-01'), closesAt: day('2026-04-01') })),
    ).toEqual({ code: 'UNIT_NOT_FOUND', field: 'serviceUnitId' });
    expect(await refusal(openSurveyPeriod(db.prisma, { serviceUnitId: id, label: '2025-Q2', opensAt: day('2025-04-01'), closesAt: day('2025-07-01') }))).toBe(
      'accepted',
    ); // touching is fine
  });

  it('closing a period deletes its duplicate guard and stops responses', async () => {
    const period = await db.prisma.surveyPeriod.findUniqueOrThrow({ where: { serviceUnitId_label: { serviceUnitId: unit['KEC-MANNA']!, label: '2025-Q1' } } });
    expect(await db.prisma.surveyGuard.count({ where: { periodId: period.id } })).toBeGreaterThan(0);
    const responses = await db.prisma.surveyResponse.count({ where: { periodId: period.id } });
    await closeSurveyPeriod(db.prisma, period.id);
    expect(await db.prisma.surveyGuard.count({ where: { periodId: period.id } })).toBe(0);
    expect(await db.prisma.surveyResponse.count({ where: { periodId: period.id } })).toBe(responses);
    expect(await refusal(submit('KEC-MANNA', all(3)))).toEqual({ code: 'PERIOD_CLOSED', field: 'period' });
    expect(await refusal(closeSurveyPeriod(db.prisma, period.id))).toEqual({ code: 'PERIOD_CLOSED', field: 'id' });
  });

  // The worked example of domain/ikm.test.ts, now through submissions and SQL sums. Five
  // respondents at Puskesmas Plaju; element sums (U1..U9) 17 15 14 20 16 18 19 12 15, so the
  // averages are 3.4 3.0 2.8 4.0 3.2 3.6 3.8 2.4 3.0; their sum 29.2; IKM = 29.2 / 9 = 3.2444…;
  // converted = 3.2444… x 25 = 81.111…, shown 81.11: B, "baik" (76.61-88.30). The puskesmas serves
  // 48,000: s = 3.841 x 48,000 x 0.25 / (0.0025 x 47,999 + 3.841 x 0.25) = 46,092 / 120.95775 =
  // 381.06…, rounded up 382; five is far below it, so the result is provisional.
  it('gives the hand-checked figures of the worked example, and the same figures up the region tree', async () => {
    const responses = [
      [4, 3, 3, 4, 3, 4, 4, 2, 3],
      [3, 3, 3, 4, 3, 4, 4, 3, 3],
      [4, 3, 2, 4, 4, 3, 4, 2, 3],
      [3, 3, 3, 4, 3, 4, 3, 3, 3],
      [3, 3, 3, 4, 3, 3, 4, 2, 3],
    ];
    // tablet-1 answered for Plaju in 2025-Q1 above (all 4s); start from a unit of its own period.
    await openSurveyPeriod(db.prisma, { serviceUnitId: unit['PKM-PLAJU']!, label: '2025-Q2', opensAt: day('2025-04-01'), closesAt: day('2025-07-01') });
    for (const r of responses) await submit('PKM-PLAJU', r, phone(), day('2025-05-02'));
    const s = await serviceSatisfaction(db.prisma, { serviceUnitId: unit['PKM-PLAJU']! }, '2025-Q2');
    expect(s.period).toBe('2025-Q2');
    expect(s.respondents).toBe(5);
    expect(s.index!.elementAverages.map((a) => Number(a.toFixed(10)))).toEqual([3.4, 3, 2.8, 4, 3.2, 3.6, 3.8, 2.4, 3]);
    expect(s.index!.ikm).toBeCloseTo(29.2 / 9, 12);
    expect(s.index!.converted).toBeCloseTo(81.1111, 4);
    expect(s.index).toMatchObject({ quality: 'B', performance: 'baik' });
    expect(requiredSample(48_000)).toBe(382);
    expect(s.units[0]).toMatchObject({ respondents: 5, requiredSample: 382, provisional: true });
    expect(s.provisional).toBe(true);
    // Plaju has no other unit heard in 2025-Q2: the kecamatan, Kota Palembang and the province show the same index.
    for (const regionCode of ['16.71.14', '16.71', '16']) {
      const r = await serviceSatisfaction(db.prisma, { regionCode }, '2025-Q2');
      expect(r.index!.converted).toBeCloseTo(81.1111, 4);
      expect(r.respondents).toBe(5);
    }
  });

  // Jambi province, 2025-Q1: RSUD Kota Jambi (15.71) heard by 3, all answering 4 (IKM 4.00, 100.00,
  // A); RSUD Hamba in Batanghari (15.04) by 1 answering 2 (IKM 2.00, 50.00, D). Weighted by
  // respondents each element is (3 x 4 + 1 x 2) / 4 = 3.5: IKM 3.5, converted 87.50, B (an
  // unweighted mean of the two units would say 3.0, 75.00, C). Kota Jambi earlier, 2024-Q4: one
  // respondent answering 2 (50.00), so its trend goes 50.00 -> 100.00.
  it('rolls units up along the region tree weighted by respondents, with children and a trend', async () => {
    for (let i = 0; i < 3; i++) await submit('RSUD-KOTA-JAMBI', all(4));
    await submit('RSUD-HAMBA', all(2));
    await openSurveyPeriod(db.prisma, { serviceUnitId: unit['RSUD-KOTA-JAMBI']!, label: '2024-Q4', opensAt: day('2024-10-01'), closesAt: day('2025-01-01') });
    await submit('RSUD-KOTA-JAMBI', all(2), phone(), day('2024-11-01'));

    const province = await serviceSatisfaction(db.prisma, { regionCode: '15' }, '2025-Q1');
    expect(province.respondents).toBe(4);
    expect(province.index!.ikm).toBeCloseTo(3.5, 12);
    expect(province.index).toMatchObject({ quality: 'B', performance: 'baik' });
    expect(province.index!.converted).toBeCloseTo(87.5, 10);
    expect(province.children.map((c) => [c.respondents, shown(c.index?.converted), c.index?.quality])).toEqual([
      [1, 50, 'D'], // 15.04 Batanghari
      [3, 100, 'A'], // 15.71 Kota Jambi
    ]);
    expect(province.units).toHaveLength(8);
    expect(
      province.units
        .filter((u) => u.index)
        .map((u) => u.unit.code)
        .sort(),
    ).toEqual(['RSUD-HAMBA', 'RSUD-KOTA-JAMBI']);
    // 650,000 served needs 384 (the table's value for large N): 3 is provisional, so is the province.
    expect(province.units.find((u) => u.unit.code === 'RSUD-KOTA-JAMBI')).toMatchObject({ requiredSample: 384, provisional: true });
    expect(province.provisional).toBe(true);

    const kota = await serviceSatisfaction(db.prisma, { regionCode: '15.71' });
    expect(kota.period).toBe('2025-Q1'); // the latest heard
    expect(kota.trend.map((p) => [p.period, shown(p.index?.converted)])).toEqual([
      ['2024-Q4', 50],
      ['2025-Q1', 100],
    ]);
    expect(await refusal(serviceSatisfaction(db.prisma, { regionCode: '15.71' }, '2030-S1'))).toEqual({ code: 'PERIOD_NOT_FOUND', field: 'period' });
    expect(await refusal(serviceSatisfaction(db.prisma, { regionCode: '99' }))).toEqual({ code: 'REGION_NOT_FOUND', field: 'regionCode' });
  });
});

describe.each(ENGINES)('complaints and suggestions on %s', (engine) => {
  let db: TestDatabase;
  let unitId: number;
  let periodId: number;
  beforeAll(async () => {
    db = await freshDatabase(engine);
    await seedReference(db.prisma);
    unitId = (await db.prisma.serviceUnit.findUniqueOrThrow({ where: { code: 'PKM-MANNA' } })).id;
    periodId = (await openSurveyPeriod(db.prisma, { serviceUnitId: unitId, label: '2025-S1', opensAt: day('2025-01-01'), closesAt: day('2025-07-01') })).id;
  });
  afterAll(() => db?.close());

  const answer = { text: 'Terima kasih, antrean kini dibuka pukul 07.00.', official: 'Kepala Puskesmas Manna' };

  it('walks every pair of statuses: open -> answered (again) -> closed move, the others are refused with nothing written', async () => {
    for (const from of FEEDBACK_STATUSES) {
      for (const to of FEEDBACK_STATUSES) {
        const item = await db.prisma.feedback.create({
          data: {
            serviceUnitId: unitId,
            periodId,
            kind: 'COMPLAINT',
            category: 'U3',
            text: 'Antrean terlalu lama',
            status: from,
            firstAnsweredAt: from === 'OPEN' ? null : new Date('2025-02-01T00:00:00Z'),
          },
        });
        const before = {
          ...(await db.prisma.feedback.findUniqueOrThrow({ where: { id: item.id } })),
          answers: await db.prisma.feedbackAnswer.count({ where: { feedbackId: item.id } }),
        };
        const result = await refusal(moveFeedback(db.prisma, { feedbackId: item.id, to, answer }));
        const after = {
          ...(await db.prisma.feedback.findUniqueOrThrow({ where: { id: item.id } })),
          answers: await db.prisma.feedbackAnswer.count({ where: { feedbackId: item.id } }),
        };
        if (canMoveFeedback(from, to)) {
          expect(result, `${from} -> ${to}`).toBe('accepted');
          expect(after.status).toBe(to);
          expect(after.answers).toBe(before.answers + (to === 'ANSWERED' ? 1 : 0));
          if (to === 'CLOSED') expect(after.closedAt).not.toBeNull();
          // A further answer keeps the time of the first.
          if (from === 'ANSWERED') expect(after.firstAnsweredAt).toEqual(before.firstAnsweredAt);
        } else {
          expect(result, `${from} -> ${to}`).toEqual({ code: 'ILLEGAL_TRANSITION', field: 'status' });
          expect(after).toEqual(before);
        }
      }
    }
    expect(await refusal(moveFeedback(db.prisma, { feedbackId: 999_999, to: 'CLOSED' }))).toEqual({ code: 'FEEDBACK_NOT_FOUND', field: 'id' });
  });

  // Three complaints answered 1, 2 and 6 hours after they came in, one still open: time to first
  // answer mean (1 + 2 + 6) / 3 = 3 hours, median 2 hours; the open one does not count.
  it('measures the time to a first answer per unit', async () => {
    await db.prisma.feedbackAnswer.deleteMany({});
    await db.prisma.feedback.deleteMany({});
    const guard = new SurveyGuard('test-secret');
    const submittedAt = new Date('2025-03-03T01:00:00Z');
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) {
      const kind = i === 3 ? 'SUGGESTION' : 'COMPLAINT';
      const r = await submitSurveyResponse(
        db.prisma,
        unheard,
        guard,
        { serviceUnitId: unitId, answers: all(2), comment: { kind, category: 'U3', text: `Keluhan ${i}` } },
        { kind: 'public', token: guard.verify(guard.issue('device', submittedAt).token, submittedAt) },
        submittedAt,
      );
      ids.push(r.feedbackId!);
    }
    await db.prisma.feedback.updateMany({ where: { id: { in: ids } }, data: { createdAt: submittedAt } });
    for (const [i, hours] of [1, 2, 6].entries()) {
      await moveFeedback(db.prisma, { feedbackId: ids[i]!, to: 'ANSWERED', answer }, new Date(submittedAt.getTime() + hours * 3_600_000));
    }
    await moveFeedback(db.prisma, { feedbackId: ids[0]!, to: 'CLOSED' });
    const s = await serviceSatisfaction(db.prisma, { serviceUnitId: unitId }, '2025-S1');
    const expected = { total: 4, complaints: 3, suggestions: 1, open: 1, answered: 2, closed: 1 };
    expect(s.complaints).toMatchObject(expected);
    expect(s.complaints.meanHoursToFirstAnswer).toBeCloseTo(3, 9);
    expect(s.complaints.medianHoursToFirstAnswer).toBeCloseTo(2, 9);
    expect(s.units[0]!.complaints).toEqual(s.complaints);
    const region = await serviceSatisfaction(db.prisma, { regionCode: '17' }, '2025-S1');
    expect(region.complaints).toEqual(s.complaints);
  });
});
