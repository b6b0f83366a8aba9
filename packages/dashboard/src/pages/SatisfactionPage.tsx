import { useI18n } from '../i18n.ts';
import type { SatisfactionData } from '../satisfaction/types.ts';
import { IkmElementsChart, IkmTrendChart, SatisfactionTable } from '../satisfaction/views.tsx';

/** Kepuasan: IKM per unit and region, the nine elements, respondents against the sample, complaints. */
export function SatisfactionPage({ data, regionCode }: { data?: SatisfactionData | null; regionCode: string | null }) {
  const { t } = useI18n();
  const s = t.satisfaction;
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
