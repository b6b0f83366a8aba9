import { RegionsDocument, type RegionsQuery } from '@pantau/schema';
import { useState } from 'react';
import { useQuery } from 'urql';
import { formatCount, useI18n } from '../i18n.ts';
import { href } from '../router.ts';

type Region = RegionsQuery['regions'][number];

const missing = '—';

/** Regions of the Kemendagri tree with both official codes, by code (the first 100, or those matching the search), each linking to its page. */
export function RegionList() {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const term = search.trim();
  const [{ data, fetching, error }] = useQuery({ query: RegionsDocument, variables: { search: term.length >= 2 ? term : null } });

  if (error && !data) {
    return (
      <div className="notice notice-error" role="alert" data-testid="regions-error">
        <strong>{t.loadFailed}</strong>
        <small>{error.message}</small>
      </div>
    );
  }
  if (fetching && !data && !term) {
    return (
      <p className="notice" role="status" data-testid="regions-loading">
        {t.loading}
      </p>
    );
  }
  const regions = data?.regions ?? [];

  return (
    <section className="card" aria-labelledby="regions-heading">
      <h2 id="regions-heading">
        {t.regions} <span className="count">({formatCount(regions.length)})</span>
      </h2>
      <input
        type="search"
        data-testid="region-search"
        aria-label={t.searchRegions}
        placeholder={t.searchRegions}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {regions.length === 0 ? (
        <p className="notice" data-testid="regions-empty">
          {t.noRegions}
        </p>
      ) : (
        <div className="table-scroll">
          <table data-testid="region-list">
            <thead>
              <tr>
                <th scope="col">{t.name}</th>
                <th scope="col">{t.kind}</th>
                <th scope="col">{t.kemendagriCode}</th>
                <th scope="col">{t.bpsCode}</th>
                <th scope="col" className="number">
                  {t.population}
                </th>
                <th scope="col">{t.parent}</th>
              </tr>
            </thead>
            <tbody>
              {regions.map((region) => (
                <RegionRow key={region.id} region={region} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function RegionRow({ region }: { region: Region }) {
  const { t } = useI18n();
  return (
    <tr data-testid="region-row" data-code={region.code}>
      <th scope="row" data-testid="region-name">
        <a href={href({ page: 'region', code: region.code })}>{region.name}</a>
      </th>
      <td data-testid="region-kind">
        <span className={`kind kind-${region.kind.toLowerCase()}`}>{t.regionKinds[region.kind]}</span>
      </td>
      <td className="code" data-testid="region-code">
        {region.code}
      </td>
      <td className="code" data-testid="region-bps-code">
        {region.bpsCode ?? missing}
      </td>
      <td className="number" data-testid="region-population">
        {region.population == null ? missing : formatCount(region.population)}
      </td>
      <td data-testid="region-parent">{region.parent?.name ?? missing}</td>
    </tr>
  );
}
