/**
 * Maps the `serviceSatisfaction` answer onto the shapes the satisfaction views take, so the views
 * stay free of the API's nesting. Pure: component tests feed it fixtures.
 */
import type { ServiceSatisfactionQuery } from '@pantau/schema';
import type { IkmGrade, SkmElement } from '../i18n.ts';
import type { SatisfactionData, SatisfactionRow } from './types.ts';

type Satisfaction = NonNullable<ServiceSatisfactionQuery['serviceSatisfaction']>;

const score = (index: { converted: number; quality: string } | null | undefined) =>
  index ? { value: index.converted, grade: index.quality as IkmGrade } : null;

/** The region's own row: its IKM, respondents, and complaints with their answer time. */
export function regionRow(s: Satisfaction): SatisfactionRow {
  return {
    key: s.region?.code ?? s.serviceUnit?.code ?? '',
    name: s.region?.name ?? s.serviceUnit?.name ?? '',
    regionName: s.region?.name ?? '',
    ikm: score(s.index),
    respondents: s.respondents,
    requiredSample: s.units.reduce((sum, u) => sum + u.requiredSample, 0),
    // Received and answered count the same things (complaints and suggestions), so answered never exceeds received.
    complaints: {
      received: s.complaints.total,
      answered: s.complaints.answered + s.complaints.closed,
      medianHoursToAnswer: s.complaints.medianHoursToFirstAnswer ?? null,
    },
  };
}

export function fromApi(s: Satisfaction): SatisfactionData {
  return {
    regions: s.children.map((c) => ({
      key: c.region.code,
      name: c.region.name,
      regionName: s.region?.name ?? '',
      ikm: score(c.index),
      respondents: c.respondents,
      requiredSample: 0,
      complaints: null,
    })),
    units: s.units.map((u) => ({
      key: u.serviceUnit.code,
      name: u.serviceUnit.name,
      regionName: s.region?.name ?? '',
      ikm: score(u.index),
      respondents: u.respondents,
      requiredSample: u.requiredSample,
      complaints: {
        received: u.complaints.total,
        answered: u.complaints.total - u.complaints.open,
        medianHoursToAnswer: u.complaints.medianHoursToFirstAnswer ?? null,
      },
    })),
    elements: (s.index?.elements ?? []).map((e) => ({ element: e.code as SkmElement, average: e.average })),
    trend: s.trend.filter((p) => p.index).map((p) => ({ period: p.period, ikm: p.index!.converted })),
  };
}
