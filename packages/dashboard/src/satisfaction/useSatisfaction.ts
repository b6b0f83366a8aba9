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
export function useSatisfactionAnswer(regionCode: string | null, period: string | null = null): SatisfactionAnswer {
  const [{ data, error, fetching }] = useQuery({ query: ServiceSatisfactionDocument, variables: { regionCode, period }, pause: regionCode === null });
  const known = Boolean(data?.serviceSatisfaction);
  // Responses arrive for the current period only: a past period chosen is not followed live.
  const [live] = useSubscription({
    query: FeedbackMetricsUpdatedDocument,
    variables: { regionCode: regionCode ?? '' },
    pause: regionCode === null || !known || period !== null,
  });
  // A paused subscription keeps its last push: only the current period may use it.
  const pushed = period === null ? live.data?.feedbackMetricsUpdated.satisfaction : undefined;
  const current = pushed ?? data?.serviceSatisfaction ?? null;
  const notFound = regionCode !== null && !fetching && !current && (Boolean(error?.graphQLErrors.length) || data?.serviceSatisfaction === null);
  return { data: current, notFound };
}

/** The satisfaction index of a region (and below), live; null while loading or unknown. */
export function useSatisfaction(regionCode: string | null) {
  return useSatisfactionAnswer(regionCode).data;
}
