import { FeedbackMetricsUpdatedDocument, ServiceSatisfactionDocument } from '@pantau/schema';
import { useQuery, useSubscription } from 'urql';

export interface SatisfactionAnswer {
  /** The region's satisfaction, live: a survey response changes it on screen without a reload. */
  data: NonNullable<import('@pantau/schema').ServiceSatisfactionQuery['serviceSatisfaction']> | null;
  /** The server answered and there is no such region. */
  notFound: boolean;
}

/**
 * The satisfaction index of a region (and below): `serviceSatisfaction` first, then every
 * `feedbackMetricsUpdated` push as responses arrive; null data while loading or unknown.
 */
export function useSatisfactionAnswer(regionCode: string | null): SatisfactionAnswer {
  const [{ data, error, fetching }] = useQuery({ query: ServiceSatisfactionDocument, variables: { regionCode }, pause: regionCode === null });
  const known = Boolean(data?.serviceSatisfaction);
  const [live] = useSubscription({ query: FeedbackMetricsUpdatedDocument, variables: { regionCode: regionCode ?? '' }, pause: regionCode === null || !known });
  const current = live.data?.feedbackMetricsUpdated.satisfaction ?? data?.serviceSatisfaction ?? null;
  const notFound = regionCode !== null && !fetching && !current && (Boolean(error?.graphQLErrors.length) || data?.serviceSatisfaction === null);
  return { data: current, notFound };
}

/** The satisfaction index of a region (and below), live; null while loading or unknown. */
export function useSatisfaction(regionCode: string | null) {
  return useSatisfactionAnswer(regionCode).data;
}
