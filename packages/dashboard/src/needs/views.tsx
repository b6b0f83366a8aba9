/**
 * Needs analysis and residents' aspirations, fed by props: the recruitment API (needs analysis,
 * aspirations) maps onto these shapes where it is wired; until then each says "no data yet".
 */
import { memo } from 'react';
import { ChartFigure } from '../components/ChartFigure.tsx';
import { CountBars } from '../components/CountBars.tsx';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { formatCount, useI18n, type AspirationCategory } from '../i18n.ts';

/** One job in a region: what the staffing norm asks for against who is (and stays) there and what was opened. */
export interface NeedsGapRow {
  jobTitle: string;
  needed: number;
  currentStaff: number;
  expectedRetirements: number;
  formationQuota: number;
  /** needed - (currentStaff - expectedRetirements) - formationQuota: seats still missing after this year's formations. */
  gap: number;
}

export interface AspirationCount {
  category: AspirationCategory;
  count: number;
}

export function NeedsGapTable({ rows, regionCode }: { rows: NeedsGapRow[] | null | undefined; regionCode: string }) {
  const { t } = useI18n();
  const n = t.needs;
  const columns: Column<NeedsGapRow>[] = [
    { key: 'job', header: n.jobTitle, cell: (r) => r.jobTitle, csv: (r) => r.jobTitle },
    { key: 'needed', header: n.needed, cell: (r) => formatCount(r.needed), csv: (r) => r.needed, numeric: true },
    { key: 'staff', header: n.currentStaff, cell: (r) => formatCount(r.currentStaff), csv: (r) => r.currentStaff, numeric: true },
    { key: 'retire', header: n.retirements, cell: (r) => formatCount(r.expectedRetirements), csv: (r) => r.expectedRetirements, numeric: true },
    { key: 'quota', header: n.formationQuota, cell: (r) => formatCount(r.formationQuota), csv: (r) => r.formationQuota, numeric: true },
    {
      key: 'gap',
      header: n.gap,
      cell: (r) => <strong className={r.gap > 0 ? 'gap-open' : undefined}>{formatCount(r.gap)}</strong>,
      csv: (r) => r.gap,
      numeric: true,
    },
  ];
  return (
    <DataTable title={n.gapTitle} fileName={`kebutuhan-${regionCode}`} columns={columns} rows={rows ?? []} rowKey={(r) => r.jobTitle} testId="needs-gap" />
  );
}

/** Aspirations counted by category (anonymous by design: counts only). */
export const AspirationsChart = memo(function AspirationsChart({ counts }: { counts: AspirationCount[] | null | undefined }) {
  const { t } = useI18n();
  const n = t.needs;
  if (!counts?.length) {
    return (
      <figure className="chart" data-testid="aspirations">
        <figcaption>{n.aspirationsTitle}</figcaption>
        <p className="notice" data-testid="no-data">
          {t.noDataYet}
        </p>
      </figure>
    );
  }
  const data = counts.map((c) => ({ label: n.categories[c.category], count: c.count }));
  return (
    <ChartFigure
      caption={n.aspirationsTitle}
      testId="aspirations"
      alt={{ header: [n.category, t.columns.count], rows: data.map((d) => [d.label, formatCount(d.count)]) }}
    >
      {(width) => <CountBars width={width} height={40 + data.length * 30} data={data} labelWidth={170} />}
    </ChartFigure>
  );
});
