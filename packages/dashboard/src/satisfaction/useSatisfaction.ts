import { ServiceSatisfactionDocument } from '@pantau/schema';
import { useQuery } from 'urql';

/** The satisfaction index of a region (and below), as `serviceSatisfaction` answers it; null while loading or unknown. */
export function useSatisfaction(regionCode: string | null) {
  const [{ data }] = useQuery({ query: ServiceSatisfactionDocument, variables: { regionCode }, pause: regionCode === null });
  return data?.serviceSatisfaction ?? null;
}
