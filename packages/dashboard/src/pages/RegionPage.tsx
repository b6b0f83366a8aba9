import { NeedsAnalysisDocument, RegionKpisDocument, SelectionYearsDocument, ServiceAspirationsDocument } from '@pantau/schema';
import { HashSelect, useHashChoice } from '../components/HashSelect.tsx';
import { useQuery } from 'urql';
import { Distribution, FormationKpiTable, FunnelChart, KpiCards, StagesTable } from '../components/kpis.tsx';
import { Loading, LoadError, NotFound } from '../components/States.tsx';
import { useI18n, usePageTitle } from '../i18n.ts';
import { AspirationsChart, NeedsGapTable, type AspirationCount, type NeedsGapRow } from '../needs/views.tsx';
import { href } from '../router.ts';
import type { SatisfactionData } from '../satisfaction/types.ts';
import { fromApi, regionRow } from '../satisfaction/fromApi.ts';
import { useSatisfaction } from '../satisfaction/useSatisfaction.ts';
import { IkmElementsChart, IkmTrendChart } from '../satisfaction/views.tsx';
import { Breadcrumbs, RegionComparison, useRegionTree } from '../regions/RegionComparison.tsx';
import { RegionTrends } from '../trends/RegionTrends.tsx';
import { useLiveKpis } from './useLiveKpis.ts';

/** What the region page shows beyond recruitment, fed once those APIs are wired (null: no data yet). */
export interface RegionExtras {
  satisfaction?: Pick<SatisfactionData, 'elements' | 'trend'> | null;
}

/** Needs per job from the API, as the table shows them: the gap still open after this year's formations. */
function needsRows(
  rows: ReadonlyArray<{ jobTitle: string; need: number; currentStaff: number; expectedRetirements: number; gap: number; formationsOpened: number }>,
): NeedsGapRow[] {
  return rows.map((r) => ({
    jobTitle: r.jobTitle,
    needed: r.need,
    currentStaff: r.currentStaff,
    expectedRetirements: r.expectedRetirements,
    formationQuota: r.formationsOpened,
    gap: Math.max(0, r.gap - r.formationsOpened),
  }));
}

export function RegionPage({ code, extras = {} }: { code: string; extras?: RegionExtras }) {
  const { t } = useI18n();
  // The selection year in the address (`?tahun=2024`); the latest when absent.
  const chosen = Number(useHashChoice('tahun')) || undefined;
  const [years] = useQuery({ query: SelectionYearsDocument });
  const live = useLiveKpis(code, chosen);
  const [{ data, error, fetching }] = useQuery({ query: RegionKpisDocument, variables: { regionCode: code, selectionYear: chosen } });
  const year = data?.recruitmentKpis?.selectionYear.year;
  const [needs] = useQuery({ query: NeedsAnalysisDocument, variables: { regionCode: code, year: year ?? 0 }, pause: year === undefined });
  const [aspirations] = useQuery({ query: ServiceAspirationsDocument, variables: { regionCode: code } });
  const satisfactionAnswer = useSatisfaction(code);
  const tree = useRegionTree(code);
  const satisfaction = extras.satisfaction ?? (satisfactionAnswer ? fromApi(satisfactionAnswer) : null);
  usePageTitle(data?.recruitmentKpis?.region.name ?? t.regions, t.regions);
  if (!data && error) return <LoadError message={error.message} />;
  if (!data && fetching) return <Loading />;
  const kpis = data?.recruitmentKpis;
  if (!kpis) return <NotFound what="region" detail={code} />;
  const headline = live.data?.recruitmentKpis ?? kpis;
  // Before the final announcement no formation can be called unfilled: the list says so instead of "none".
  const finalAnnounced = headline.stages.some((s) => s.stage === 'FINAL' && s.announcedAt != null);
  const r = t.region;
  return (
    <>
      {tree && <Breadcrumbs tree={tree} />}
      <div className="page-title page-title-actions">
        <div>
          <h2 data-testid="region-name">{kpis.region.name}</h2>
          <p className="muted">
            {t.regionKinds[kpis.region.kind]} · {kpis.region.code} · {t.overview.selection} {kpis.selectionYear.year} ·{' '}
            <a href={href({ page: 'screen', mode: 'wilayah', key: code, params: new URLSearchParams() })}>{r.openScreen}</a>
          </p>
        </div>
        <div className="page-actions">
          <HashSelect
            label={t.overview.selection}
            name="tahun"
            value={String(kpis.selectionYear.year)}
            options={(years.data?.selectionYears ?? [kpis.selectionYear]).map((y) => ({ value: String(y.year), label: String(y.year) }))}
            testId="year-select"
          />
          <button type="button" className="button-secondary print-button" onClick={() => window.print()} data-testid="print-report">
            {r.print}
          </button>
        </div>
      </div>
      <KpiCards kpis={headline} ikm={satisfactionAnswer ? regionRow(satisfactionAnswer).ikm : null} />
      <div className="two-columns chart-and-table">
        <section className="card">
          <FunnelChart funnel={headline.funnel} />
        </section>
        <StagesTable stages={headline.stages} regionCode={code} />
      </div>
      {/* Targets are a regional government's: a province or kabupaten/kota sets them, a kecamatan only shows its figures. */}
      <RegionTrends
        regionCode={code}
        defaultYear={kpis.selectionYear.year}
        staff={['PROVINCE', 'KABUPATEN', 'KOTA'].includes(kpis.region.kind)}
        refresh={`${live.data?.recruitmentKpis?.updatedAt ?? ''}|${satisfactionAnswer?.respondents ?? ''}`}
      />
      <FormationKpiTable title={r.competitionTitle} rows={kpis.mostContested} fileName={`persaingan-${code}`} testId="competition" />
      {tree && (
        <div className="print-hide">
          <RegionComparison tree={tree} year={kpis.selectionYear.year} />
        </div>
      )}
      <FormationKpiTable
        title={r.unfilledTitle}
        rows={kpis.unfilledFormations}
        fileName={`belum-terisi-${code}`}
        testId="unfilled"
        empty={finalAnnounced ? r.noUnfilled : r.finalNotYet}
        showEmptySeats
      />
      <section className="card print-hide">
        <h3>{r.distributionTitle}</h3>
        <div className="distributions">
          <Distribution caption={r.gender} testId="by-gender" rows={kpis.byGender.map((g) => ({ label: r.genders[g.gender], count: g.count }))} />
          <Distribution caption={r.education} testId="by-education" rows={kpis.byEducationLevel.map((g) => ({ label: g.educationLevel, count: g.count }))} />
          <Distribution
            caption={r.disability}
            testId="by-disability"
            rows={kpis.byDisability.map((g) => ({ label: g.disability ? r.yes : r.no, count: g.count }))}
          />
          <Distribution caption={r.origin} testId="by-origin" rows={kpis.byOrigin.map((g) => ({ label: g.region.name, count: g.count }))} />
        </div>
      </section>
      <section className="card">
        <h3>{r.satisfactionTitle}</h3>
        <div className="two-columns">
          <IkmElementsChart elements={satisfaction?.elements} />
          <IkmTrendChart trend={satisfaction?.trend} />
        </div>
      </section>
      {/* Full width, not a card inside a card: all six columns of the needs gap show. */}
      <div className="print-hide">
        <NeedsGapTable rows={needs.data ? needsRows(needs.data.needsAnalysis) : null} regionCode={code} />
      </div>
      <section className="card print-hide">
        <AspirationsChart counts={aspirations.data?.serviceAspirations.byCategory as AspirationCount[] | undefined} />
      </section>
    </>
  );
}
