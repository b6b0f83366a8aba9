/**
 * Drill-down for leaders: the path to a region (province -> kabupaten/kota -> kecamatan) as
 * breadcrumbs, and the regions directly below it compared side by side, as a sortable table and
 * as small multiples on one scale, each linking one level deeper.
 */
import { RecruitmentKpisDocument, RegionTreeDocument, type RecruitmentKpisFieldsFragment, type RegionTreeQuery } from '@pantau/schema';
import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { formatCount, formatPercent, formatRatio, useI18n } from '../i18n.ts';
import { href } from '../router.ts';

type Tree = NonNullable<RegionTreeQuery['region']>;
type Kpis = RecruitmentKpisFieldsFragment;

/** The ancestors of a region, outermost first, then the region itself. */
export function regionPath(region: Tree): Array<{ code: string; name: string }> {
  const path: Array<{ code: string; name: string }> = [];
  for (
    let r: { code: string; name: string; parent?: unknown } | null | undefined = region;
    r;
    r = (r as { parent?: { code: string; name: string } | null }).parent
  )
    path.unshift({ code: r.code, name: r.name });
  return path;
}

export function useRegionTree(code: string): Tree | null {
  const [{ data }] = useQuery({ query: RegionTreeDocument, variables: { code } });
  return data?.region ?? null;
}

export function Breadcrumbs({ tree }: { tree: Tree }) {
  const { t } = useI18n();
  const path = regionPath(tree);
  return (
    <nav aria-label={t.region.breadcrumbs} className="breadcrumbs" data-testid="breadcrumbs">
      <ol>
        <li>
          <a href={href({ page: 'overview' })}>{t.nav.overview}</a>
        </li>
        {path.map((r, i) => (
          <li key={r.code}>
            {i === path.length - 1 ? <span aria-current="page">{r.name}</span> : <a href={href({ page: 'region', code: r.code })}>{r.name}</a>}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** Fetches one child's KPIs and reports them up (one query per child, cached and shared). */
function ChildKpis({ code, year, onData }: { code: string; year: number | undefined; onData: (code: string, kpis: Kpis) => void }) {
  const [{ data }] = useQuery({ query: RecruitmentKpisDocument, variables: { regionCode: code, selectionYear: year } });
  const kpis = data?.recruitmentKpis;
  useEffect(() => {
    if (kpis) onData(code, kpis);
  }, [code, kpis, onData]);
  return null;
}

const count = (v: number | null | undefined) => (v == null ? '—' : formatCount(v));

type SortKey = 'name' | 'applicants' | 'quota' | 'competitionRatio' | 'fillRate';

/** The regions below `tree`, compared: sortable table and small multiples with shared scales. */
export function RegionComparison({ tree, year }: { tree: Tree; year: number | undefined }) {
  const { t } = useI18n();
  const [byCode, setByCode] = useState<ReadonlyMap<string, Kpis>>(new Map());
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'applicants', descending: true });
  const [onData] = useState(() => (code: string, kpis: Kpis) => setByCode((m) => (m.get(code) === kpis ? m : new Map(m).set(code, kpis))));
  if (!tree.children.length) return null;
  const rows = tree.children.map((c) => ({ child: c, kpis: byCode.get(c.code) ?? null }));
  const value = (r: (typeof rows)[number]): number | string => (sort.key === 'name' ? r.child.name : ((r.kpis?.[sort.key] as number | null | undefined) ?? -1));
  const sorted = [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    const order = typeof va === 'string' ? va.localeCompare(String(vb)) : va - (vb as number);
    return sort.descending ? -order : order;
  });
  const header = (key: SortKey, label: string) => (
    <button
      type="button"
      className="sort"
      onClick={() => setSort((s) => ({ key, descending: s.key === key ? !s.descending : key !== 'name' }))}
      aria-label={`${label}${sort.key === key ? ` (${t.region.sortedBy} ${sort.descending ? '↓' : '↑'})` : ''}`}
    >
      {label}
      {sort.key === key && <span aria-hidden="true">{sort.descending ? ' ↓' : ' ↑'}</span>}
    </button>
  );
  type Row = (typeof rows)[number];
  const columns: Column<Row>[] = [
    { key: 'name', header: t.name, cell: (r) => <a href={href({ page: 'region', code: r.child.code })}>{r.child.name}</a>, csv: (r) => r.child.name },
    { key: 'kind', header: t.kind, cell: (r) => t.regionKinds[r.child.kind], csv: (r) => t.regionKinds[r.child.kind], detail: true },
    { key: 'quota', header: t.kpi.quota, cell: (r) => count(r.kpis?.quota), csv: (r) => r.kpis?.quota, numeric: true },
    { key: 'applicants', header: t.kpi.applicants, cell: (r) => count(r.kpis?.applicants), csv: (r) => r.kpis?.applicants, numeric: true },
    {
      key: 'ratio',
      header: t.kpi.competition,
      cell: (r) => formatRatio(r.kpis?.competitionRatio),
      csv: (r) => r.kpis?.competitionRatio,
      digits: 1,
      numeric: true,
    },
    {
      key: 'fill',
      header: t.kpi.fillRate,
      csvHeader: `${t.kpi.fillRate} (%)`,
      cell: (r) => formatPercent(r.kpis?.fillRate),
      csv: (r) => (r.kpis?.fillRate == null ? null : r.kpis.fillRate * 100),
      digits: 1,
      numeric: true,
    },
  ];
  const maxApplicants = Math.max(1, ...rows.map((r) => r.kpis?.applicants ?? 0));
  return (
    <section className="comparison" data-testid="region-comparison">
      {tree.children.map((c) => (
        <ChildKpis key={c.code} code={c.code} year={year} onData={onData} />
      ))}
      <DataTable
        title={t.region.compareTitle}
        fileName={`perbandingan-${tree.code}`}
        columns={columns}
        rows={sorted}
        rowKey={(r) => r.child.code}
        testId="comparison-table"
      >
        <p className="muted small">{t.region.compareHint}</p>
        <div className="sort-buttons">
          {header('name', t.name)}
          {header('applicants', t.kpi.applicants)}
          {header('quota', t.kpi.quota)}
          {header('competitionRatio', t.kpi.competition)}
          {header('fillRate', t.kpi.fillRate)}
        </div>
      </DataTable>
      {/* Small multiples: one card per region, every bar on the same scale so they compare at a glance. */}
      <ul className="card multiples" data-testid="small-multiples">
        {sorted.map((r) => (
          <li key={r.child.code}>
            <a href={href({ page: 'region', code: r.child.code })}>{r.child.name}</a>
            <span className="multiple-row">
              <span>{t.kpi.applicants}</span>
              <span className="bar" aria-hidden="true">
                <span style={{ width: `${Math.round(((r.kpis?.applicants ?? 0) / maxApplicants) * 100)}%` }} />
              </span>
              <strong>{count(r.kpis?.applicants)}</strong>
            </span>
            <span className="multiple-row">
              <span>{t.kpi.fillRate}</span>
              <span className="bar bar-fill" aria-hidden="true">
                <span style={{ width: `${Math.round((r.kpis?.fillRate ?? 0) * 100)}%` }} />
              </span>
              <strong>{formatPercent(r.kpis?.fillRate)}</strong>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
