import { regionRow } from '../satisfaction/fromApi.ts';
import { useSatisfaction } from '../satisfaction/useSatisfaction.ts';
import { memo } from 'react';
import { FunnelChart, KpiCards } from '../components/kpis.tsx';
import { Loading, LoadError } from '../components/States.tsx';
import { useI18n, usePageTitle } from '../i18n.ts';
import { RegionList } from '../regions/RegionList.tsx';
import { href } from '../router.ts';
import { useLiveKpis } from './useLiveKpis.ts';

/**
 * The regions of the seed articles (Plaju, Kota Jambi, Batanghari, Manna, Kota Semarang), side by
 * side; `#/?wilayah=15.71,33.74` shows others.
 */
export const FEATURED_REGIONS = ['16.71.14', '15.71', '15.04', '17.01.05', '33.74'] as const;

const RegionColumn = memo(function RegionColumn({ code }: { code: string }) {
  const { t } = useI18n();
  const { data, error, fetching } = useLiveKpis(code);
  const satisfaction = useSatisfaction(code);
  const kpis = data?.recruitmentKpis;
  return (
    <article className="card region-column" data-testid="overview-region" data-code={code}>
      {kpis ? (
        <>
          <h3>
            <a href={href({ page: 'region', code })}>{kpis.region.name}</a>{' '}
            <small className="muted">
              {t.regionKinds[kpis.region.kind]} · {code}
            </small>
          </h3>
          <KpiCards kpis={kpis} ikm={satisfaction ? regionRow(satisfaction).ikm : null} />
          <FunnelChart funnel={kpis.funnel} compact />
        </>
      ) : error ? (
        <LoadError message={error.message} />
      ) : fetching ? (
        <Loading />
      ) : (
        <p className="notice">{code}</p>
      )}
    </article>
  );
});

export function Overview({ codes }: { codes: readonly string[] }) {
  const { t } = useI18n();
  usePageTitle(t.nav.overview);
  return (
    <>
      <div className="page-title">
        <h2>{t.overview.heading}</h2>
        <p className="muted">{t.overview.intro}</p>
      </div>
      <div className="region-grid" data-testid="overview">
        {codes.map((code) => (
          <RegionColumn key={code} code={code} />
        ))}
      </div>
      <RegionList />
    </>
  );
}
