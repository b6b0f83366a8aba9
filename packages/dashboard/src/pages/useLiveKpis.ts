import { KpisUpdatedDocument, RecruitmentKpisDocument } from '@pantau/schema';
import { useQuery, useSubscription } from 'urql';

/**
 * A region's KPIs, live: the query answers first, `kpisUpdated` pushes after; both write the same
 * cache entity (keyed by region and year), so the data returned is always the newest, and stays
 * on screen while the link is down.
 */
export function useLiveKpis(regionCode: string, selectionYear?: number) {
  const [query] = useQuery({ query: RecruitmentKpisDocument, variables: { regionCode, selectionYear } });
  useSubscription({ query: KpisUpdatedDocument, variables: { regionCode, selectionYear } });
  return query;
}
