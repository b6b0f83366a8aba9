import { describe, expect, it } from 'vitest';
import {
  byCompetition,
  competitionRatio,
  daysBetween,
  distribution,
  earliest,
  filledSeats,
  isUnfilled,
  rate,
  rollUp,
  stageKpis,
  type FormationFacts,
} from './kpis.js';

const facts = (over: Partial<FormationFacts>): FormationFacts => ({
  formationId: 1,
  code: 'F1',
  quota: 2,
  applicants: 0,
  verified: 0,
  eligible: 0,
  skdSat: 0,
  skdAbsent: 0,
  skdPassed: 0,
  skdAdvanced: 0,
  skbSat: 0,
  selected: 0,
  placed: 0,
  finalKnown: false,
  ...over,
});

describe('rates and ratios', () => {
  it('is unknown (null) rather than 0% when there is nothing to divide by', () => {
    expect(rate(3, 4)).toBe(0.75);
    expect(rate(0, 0)).toBeNull();
    expect(competitionRatio(250, 2)).toBe(125);
    expect(competitionRatio(10, 0)).toBeNull();
  });

  it('counts whole days from registration opening', () => {
    const opens = new Date('2024-08-20T00:00:00Z');
    expect(daysBetween(opens, new Date('2024-09-10T23:59:59Z'))).toBe(21);
    expect(daysBetween(opens, new Date('2024-10-21T03:00:00Z'))).toBe(62);
    expect(daysBetween(opens, null)).toBeNull();
    expect(earliest([null, new Date('2024-10-22'), new Date('2024-10-21'), undefined])).toEqual(new Date('2024-10-21'));
    expect(earliest([])).toBeNull();
  });
});

describe('fill', () => {
  it('counts optimalisasi placements and never more seats than the quota', () => {
    expect(filledSeats({ quota: 3, selected: 2, placed: 1 })).toBe(3);
    expect(filledSeats({ quota: 3, selected: 3, placed: 1 })).toBe(3);
    expect(isUnfilled(facts({ quota: 3, selected: 1, placed: 1, finalKnown: true }))).toBe(true);
    // Before the final result is in, a formation is not yet "unfilled".
    expect(isUnfilled(facts({ quota: 3, finalKnown: false }))).toBe(false);
  });
});

describe('rollUp', () => {
  const a = facts({
    formationId: 1,
    code: 'A',
    quota: 2,
    applicants: 500,
    verified: 480,
    eligible: 400,
    skdSat: 390,
    skdAbsent: 10,
    skdPassed: 60,
    skdAdvanced: 6,
    skbSat: 6,
    selected: 2,
    finalKnown: true,
  });
  const b = facts({
    formationId: 2,
    code: 'B',
    quota: 3,
    applicants: 30,
    verified: 30,
    eligible: 20,
    skdSat: 19,
    skdPassed: 1,
    skdAdvanced: 1,
    skbSat: 1,
    selected: 1,
    placed: 1,
    finalKnown: true,
  });
  const c = facts({ formationId: 3, code: 'C', quota: 1, applicants: 0 });

  it('adds formations into region totals: funnel, competition, fill with and without optimalisasi, unfilled', () => {
    const t = rollUp([a, b, c]);
    expect(t.formationCount).toBe(3);
    expect(t.quota).toBe(6);
    expect(t.applicants).toBe(530);
    expect(t.competitionRatio).toBeCloseTo(530 / 6, 10);
    expect(t.funnel).toEqual([
      { step: 'REGISTERED', count: 530 },
      { step: 'ELIGIBLE', count: 420 },
      { step: 'SKD_SAT', count: 409 },
      { step: 'SKD_PASSED', count: 61 },
      { step: 'SKB_ADVANCED', count: 7 },
      { step: 'SKB_SAT', count: 7 },
      { step: 'SELECTED', count: 3 },
      { step: 'FILLED', count: 4 },
    ]);
    expect(t.filledSeats).toBe(4);
    expect(t.placedByOptimalisasi).toBe(1);
    expect(t.fillRate).toBeCloseTo(4 / 6, 10);
    expect(t.fillRateBeforeOptimalisasi).toBeCloseTo(3 / 6, 10);
    // B has a seat left after its final result; C has no result yet and is not counted.
    expect(t.unfilledFormationCount).toBe(1);
    expect(t.unfilledSeats).toBe(1);
  });

  it('gives each stage its pass rate and days from registration opening', () => {
    const opens = new Date('2024-08-20T00:00:00Z');
    const stages = stageKpis(rollUp([a, b, c]), opens, {
      ADMINISTRASI: { startedAt: null, announcedAt: new Date('2024-09-30T08:00:00Z') },
      SKD: { startedAt: new Date('2024-10-21T01:00:00Z'), announcedAt: null },
    });
    expect(stages.map((s) => [s.stage, s.entered, s.passed])).toEqual([
      ['ADMINISTRASI', 510, 420],
      ['SKD', 409, 61],
      ['SKB', 7, 3],
      ['FINAL', 530, 4],
    ]);
    expect(stages[0]!.passRate).toBeCloseTo(420 / 510, 10);
    expect(stages[0]!.daysToAnnouncement).toBe(41);
    expect(stages[1]!.daysToStart).toBe(62);
    expect(stages[2]!.daysToStart).toBeNull();
  });

  it('is all zeros and unknown rates for a region without formations', () => {
    const t = rollUp([]);
    expect(t.quota).toBe(0);
    expect(t.competitionRatio).toBeNull();
    expect(t.fillRate).toBeNull();
    expect(t.funnel.every((s) => s.count === 0)).toBe(true);
  });
});

describe('byCompetition and distribution', () => {
  it('orders formations by applicants per seat, then applicants, then code; no quota last', () => {
    const list = [
      facts({ code: 'X', quota: 0, applicants: 99 }),
      facts({ code: 'B', quota: 2, applicants: 200 }),
      facts({ code: 'A', quota: 1, applicants: 100 }),
      facts({ code: 'C', quota: 1, applicants: 150 }),
    ];
    expect(byCompetition(list).map((f) => f.code)).toEqual(['C', 'B', 'A', 'X']);
  });

  it('lists keys largest first, without empty ones', () => {
    const counts = new Map<string, number>([
      ['MALE', 40],
      ['FEMALE', 60],
      ['OTHER', 0],
    ]);
    expect(distribution(counts)).toEqual([
      { key: 'FEMALE', count: 60 },
      { key: 'MALE', count: 40 },
    ]);
  });
});
