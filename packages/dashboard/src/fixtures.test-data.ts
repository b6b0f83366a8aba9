/** Server answers for component tests, with the __typename fields the normalised cache needs. */
const steps = [
  ['REGISTERED', 1234],
  ['ELIGIBLE', 1100],
  ['SKD_SAT', 1050],
  ['SKD_PASSED', 210],
  ['SKB_ADVANCED', 60],
  ['SKB_SAT', 58],
  ['SELECTED', 20],
  ['FILLED', 21],
] as const;

export function kpisFixture(code = '15.71', name = 'Kota Jambi', over: { applicants?: number; eligible?: number } = {}) {
  return {
    __typename: 'RecruitmentKpis',
    id: `${code}:2024`,
    updatedAt: '2024-10-21T03:04:05.000Z',
    region: { __typename: 'Region', id: `R-${code}`, code, name, kind: 'KOTA' },
    selectionYear: { __typename: 'SelectionYear', id: 'Y-2024', year: 2024, registrationOpensAt: '2024-08-20T00:00:00.000Z' },
    formationCount: 10,
    quota: 20,
    applicants: over.applicants ?? 1234,
    competitionRatio: (over.applicants ?? 1234) / 20,
    fillRate: 0.5,
    fillRateBeforeOptimalisasi: 0.45,
    filledSeats: 10,
    placedByOptimalisasi: 1,
    unfilledFormationCount: 1,
    unfilledSeats: 2,
    daysToFinalResult: null,
    funnel: steps.map(([step, count]) => ({
      __typename: 'FunnelCount',
      step,
      count: step === 'ELIGIBLE' && over.eligible != null ? over.eligible : step === 'REGISTERED' ? (over.applicants ?? count) : count,
    })),
    stages: [
      {
        stage: 'ADMINISTRASI',
        entered: 1200,
        passed: 1100,
        passRate: 1100 / 1200,
        startedAt: null,
        announcedAt: '2024-09-30T08:00:00.000Z',
        daysToStart: null,
        daysToAnnouncement: 41,
      },
      {
        stage: 'SKD',
        entered: 1050,
        passed: 210,
        passRate: 0.2,
        startedAt: '2024-10-21T01:00:00.000Z',
        announcedAt: null,
        daysToStart: 62,
        daysToAnnouncement: null,
      },
      { stage: 'SKB', entered: 58, passed: 20, passRate: 20 / 58, startedAt: null, announcedAt: null, daysToStart: null, daysToAnnouncement: null },
      { stage: 'FINAL', entered: 1234, passed: 21, passRate: 21 / 1234, startedAt: null, announcedAt: null, daysToStart: null, daysToAnnouncement: null },
    ].map((s) => ({ __typename: 'StageKpi', ...s })),
  };
}

export function formationKpi(code: string, applicants: number, quota: number, filled = 0) {
  return {
    __typename: 'FormationKpi',
    formation: {
      __typename: 'Formation',
      id: `F-${code}`,
      code,
      jobTitle: 'Guru Ahli Pertama - Guru Kelas, SD',
      educationLevel: 'S1',
      type: 'UMUM',
      agency: { __typename: 'Agency', id: 'A-1', name: 'Pemerintah Kota Jambi' },
    },
    quota,
    applicants,
    competitionRatio: applicants / quota,
    eligible: applicants - 1,
    skdSat: applicants - 2,
    skdPassed: 3,
    advancedToSkb: 3,
    selected: filled,
    placedByOptimalisasi: 0,
    filled,
    finalKnown: true,
  };
}

export function regionKpisFixture() {
  return {
    ...kpisFixture(),
    mostContested: [formationKpi('2024-PEMKOT-JAMBI-006', 900, 3, 3), formationKpi('2024-PEMKOT-JAMBI-001', 334, 3, 1)],
    unfilledFormations: [formationKpi('2024-PEMKOT-JAMBI-001', 334, 3, 1)],
    byGender: [
      { __typename: 'GenderCount', gender: 'FEMALE', count: 700 },
      { __typename: 'GenderCount', gender: 'MALE', count: 534 },
    ],
    byEducationLevel: [{ __typename: 'EducationLevelCount', educationLevel: 'S1', count: 1234 }],
    byDisability: [
      { __typename: 'DisabilityCount', disability: false, count: 1220 },
      { __typename: 'DisabilityCount', disability: true, count: 14 },
    ],
    byOrigin: [{ __typename: 'OriginCount', region: { __typename: 'Region', id: 'R-15.71', code: '15.71', name: 'Kota Jambi' }, count: 1234 }],
  };
}
