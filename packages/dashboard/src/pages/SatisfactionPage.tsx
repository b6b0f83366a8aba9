import { HashSelect, useHashChoice } from '../components/HashSelect.tsx';
import { IkmBadge } from '../components/IkmBadge.tsx';
import { Loading, NotFound } from '../components/States.tsx';
import { formatCount, useI18n, usePageTitle } from '../i18n.ts';
import { href } from '../router.ts';
import { fromApi, regionRow } from '../satisfaction/fromApi.ts';
import { useSatisfactionAnswer } from '../satisfaction/useSatisfaction.ts';
import { FEATURED_REGIONS } from './Overview.tsx';
import type { SatisfactionData } from '../satisfaction/types.ts';
import { IkmElementsChart, IkmTrendChart, SatisfactionTable } from '../satisfaction/views.tsx';

/**
 * Kepuasan: IKM per unit and region, the nine elements, respondents against the sample, complaints;
 * every figure live (survey responses push new ones). One region: its name, period and headline
 * index first; no region: the featured regions side by side.
 */
export function SatisfactionPage({ data: given, regionCode }: { data?: SatisfactionData | null; regionCode: string | null }) {
  const { t } = useI18n();
  const s = t.satisfaction;
  // The period in the address (`?periode=2025`); the latest heard when absent.
  const period = useHashChoice('periode');
  const answers = useSatisfactionAnswers(regionCode, given === undefined, period);
  const region = regionCode ? answers[0] : undefined;
  const head = region?.data ?? null;
  usePageTitle(head?.region?.name ?? regionCode, t.nav.satisfaction);
  if (given === undefined && region?.notFound) return <NotFound what="region" detail={regionCode!} />;
  if (given === undefined && regionCode && !head) return <Loading />;
  const found = answers.map((a) => a.data).filter((a): a is NonNullable<typeof a> => a !== null);
  const data: SatisfactionData | null =
    given ??
    (head ? fromApi(head) : found.length ? { regions: found.map(regionRow), units: found.flatMap((a) => fromApi(a).units), elements: [], trend: [] } : null);
  const suffix = regionCode ?? 'semua';
  return (
    <>
      <div className="page-title">
        <h2 data-testid="satisfaction-title">{head?.region?.name ? `${s.heading} · ${head.region.name}` : s.heading}</h2>
        <p className="muted">{s.intro}</p>
      </div>
      {head && (
        <dl className="kpi-cards" data-testid="satisfaction-headline">
          <div className="kpi">
            <dt>{s.headline}</dt>
            <dd data-testid="headline-ikm">
              <IkmBadge ikm={regionRow(head).ikm} />
            </dd>
          </div>
          <div className="kpi">
            <dt>{s.periodOf}</dt>
            <dd>
              <HashSelect
                label={s.periodOf}
                name="periode"
                value={head.period ?? ''}
                options={[...new Set([...head.trend.map((p) => p.period), head.period ?? ''])].filter(Boolean).map((p) => ({ value: p, label: p }))}
                testId="period-select"
                hideLabel
              />
            </dd>
          </div>
          <div className="kpi">
            <dt>{s.respondents}</dt>
            <dd>{formatCount(head.respondents)}</dd>
          </div>
        </dl>
      )}
      {/* A region without sub-regions has no per-region table to show. */}
      {(!head || (data?.regions.length ?? 0) > 0) && (
        <SatisfactionTable title={s.perRegion} rows={data?.regions} fileName={`ikm-wilayah-${suffix}`} testId="ikm-regions" />
      )}
      <SatisfactionTable title={s.perUnit} rows={data?.units} fileName={`ikm-unit-${suffix}`} testId="ikm-units" />
      {regionCode || given ? (
        <div className="two-columns">
          <section className="card">
            <IkmElementsChart elements={data?.elements} />
          </section>
          <section className="card">
            <IkmTrendChart trend={data?.trend} />
          </section>
        </div>
      ) : (
        <p className="muted">
          {s.pickRegion}{' '}
          {found.map((a, i) => (
            <span key={a.region?.code ?? i}>
              {i > 0 && ' · '}
              <a href={href({ page: 'satisfaction', code: a.region?.code ?? '' })}>{a.region?.name}</a>
            </span>
          ))}
        </p>
      )}
    </>
  );
}

/** One region's answer, or the featured regions' (a fixed number of hooks: unused slots are paused). */
function useSatisfactionAnswers(regionCode: string | null, enabled: boolean, period: string | null) {
  const codes = regionCode ? [regionCode] : FEATURED_REGIONS;
  // biome-ignore lint/correctness/useHookAtTopLevel: FEATURED_REGIONS is a constant, so the hooks are the same in number and order on every render
  return FEATURED_REGIONS.map((_, i) => useSatisfactionAnswer(enabled ? (codes[i] ?? null) : null, period));
}
