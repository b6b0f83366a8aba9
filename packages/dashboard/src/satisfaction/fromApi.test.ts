import { describe, expect, it } from 'vitest';
import { fromApi, regionRow } from './fromApi.ts';

const answer = {
  period: null,
  respondents: 250,
  provisional: true,
  region: { id: 'r', code: '17.01', name: 'Bengkulu Selatan' },
  serviceUnit: null,
  index: {
    respondents: 250,
    ikm: 3.2444,
    converted: 81.11,
    quality: 'B',
    performance: 'BAIK',
    elements: [{ code: 'U3', name: 'Waktu', label: 'Waktu penyelesaian', average: 2.9 }],
  },
  complaints: { total: 20, complaints: 14, suggestions: 6, open: 2, answered: 9, closed: 3, meanHoursToFirstAnswer: 40, medianHoursToFirstAnswer: 30.5 },
  units: [
    {
      respondents: 250,
      requiredSample: 381,
      provisional: true,
      serviceUnit: { id: 'u', code: 'PKM-MANNA', name: 'Puskesmas Manna', kind: 'PUSKESMAS' },
      index: { converted: 81.11, quality: 'B', performance: 'BAIK' },
      complaints: { total: 14, open: 2, medianHoursToFirstAnswer: 30.5 },
    },
  ],
  children: [{ respondents: 250, provisional: true, region: { id: 'k', code: '17.01.05', name: 'Manna' }, index: { converted: 81.11, quality: 'B' } }],
  trend: [
    { period: '2024', respondents: 0, index: null },
    { period: '2025', respondents: 250, index: { converted: 81.11, quality: 'B' } },
  ],
} as never;

describe('serviceSatisfaction onto the views', () => {
  it('keeps IKM, grade, respondents against the sample, complaints answered, elements and the trend without empty periods', () => {
    const data = fromApi(answer);
    expect(data.units).toEqual([
      {
        key: 'PKM-MANNA',
        name: 'Puskesmas Manna',
        regionName: 'Bengkulu Selatan',
        ikm: { value: 81.11, grade: 'B' },
        respondents: 250,
        requiredSample: 381,
        complaints: { received: 14, answered: 12, medianHoursToAnswer: 30.5 },
      },
    ]);
    expect(data.regions.map((r) => [r.key, r.ikm?.grade])).toEqual([['17.01.05', 'B']]);
    expect(data.elements).toEqual([{ element: 'U3', average: 2.9 }]);
    expect(data.trend).toEqual([{ period: '2025', ikm: 81.11 }]);
    // The region's own row: received and answered count the same feedback (complaints and suggestions), so "8 received / 9 answered" cannot happen.
    expect(regionRow(answer)).toMatchObject({
      key: '17.01',
      ikm: { value: 81.11, grade: 'B' },
      requiredSample: 381,
      complaints: { received: 20, answered: 12 },
    });
  });
});
