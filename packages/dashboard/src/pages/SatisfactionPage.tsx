import { ServiceSatisfactionDocument } from '@pantau/schema';
import { useQuery } from 'urql';
import { useI18n, usePageTitle } from '../i18n.ts';
import { fromApi, regionRow } from '../satisfaction/fromApi.ts';
import { FEATURED_REGIONS } from './Overview.tsx';
import type { SatisfactionData } from '../satisfaction/types.ts';
import { IkmElementsChart, IkmTrendChart, SatisfactionTable } from '../satisfaction/views.tsx';

/** Kepuasan: IKM per unit and region, the nine elements, respondents against the sample, complaints. */
export function SatisfactionPage({ data: given, regionCode }: { data?: SatisfactionData | null; regionCode: string | null }) {
  const { t } = useI18n();
  const fromServer = useSatisfactionData(regionCode, given === undefined);
  const data = given ?? fromServer;
  const s = t.satisfaction;
  usePageTitle(regionCode, t.nav.satisfaction);
  const suffix = regionCode ?? 'semua';
  return (
    <>
      <div className="page-title">
        <h2>{s.heading}</h2>
        <p className="muted">{s.intro}</p>
      </div>
      <SatisfactionTable title={s.perRegion} rows={data?.regions} fileName={`ikm-wilayah-${suffix}`} testId="ikm-regions" />
      <SatisfactionTable title={s.perUnit} rows={data?.units} fileName={`ikm-unit-${suffix}`} testId="ikm-units" />
      <div className="two-columns">
        <section className="card">
          <IkmElementsChart elements={data?.elements} />
        </section>
        <section className="card">
          <IkmTrendChart trend={data?.trend} />
        </section>
      </div>
    </>
  );
}

/**
 * One region: its units, sub-regions, elements and trend. No region: the featured regions side by
 * side with all their units (elements and trend need a region to mean something).
 */
function useSatisfactionData(regionCode: string | null, enabled: boolean): SatisfactionData | null {
  const codes = regionCode ? [regionCode] : FEATURED_REGIONS;
  const answers = FEATURED_REGIONS.map((_, i) => {
    const code = codes[i] ?? null;
    // A fixed number of hooks: unused slots are paused.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    const [{ data }] = useQuery({ query: ServiceSatisfactionDocument, variables: { regionCode: code }, pause: !enabled || code === null });
    return data?.serviceSatisfaction ?? null;
  });
  const found = answers.filter((a): a is NonNullable<typeof a> => a !== null);
  if (!enabled || !found.length) return null;
  if (regionCode) return fromApi(found[0]!);
  return { regions: found.map(regionRow), units: found.flatMap((a) => fromApi(a).units), elements: [], trend: [] };
}
