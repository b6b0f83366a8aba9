/** Satisfaction views fed by props (see types.ts); each says "no data yet" when given nothing. */
import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure } from '../components/ChartFigure.tsx';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { IkmBadge } from '../components/IkmBadge.tsx';
import { formatCount, formatRatio, useI18n } from '../i18n.ts';
import type { ElementScore, IkmTrendPoint, SatisfactionRow } from './types.ts';

function Empty({ caption, testId }: { caption: string; testId: string }) {
  const { t } = useI18n();
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{caption}</figcaption>
      <p className="notice" data-testid="no-data">
        {t.noDataYet}
      </p>
    </figure>
  );
}

/** The nine elements U1..U9 as bars on the 1..4 scale. */
export const IkmElementsChart = memo(function IkmElementsChart({ elements }: { elements: ElementScore[] | null | undefined }) {
  const { t } = useI18n();
  if (!elements?.length) return <Empty caption={t.satisfaction.elements} testId="ikm-elements" />;
  const data = elements.map((e) => ({ name: `${e.element} ${t.satisfaction.elementNames[e.element]}`, short: e.element, average: e.average }));
  return (
    <ChartFigure
      caption={t.satisfaction.elements}
      testId="ikm-elements"
      alt={{ header: [t.satisfaction.element, t.satisfaction.average], rows: data.map((d) => [d.name, formatRatio(d.average)]) }}
    >
      {(width) => (
        <BarChart accessibilityLayer={false} width={width} height={260} data={data} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid vertical={false} strokeDasharray="3 3" />
          <XAxis dataKey="short" />
          <YAxis domain={[1, 4]} ticks={[1, 2, 3, 4]} width={32} />
          <Tooltip
            formatter={(v: unknown) => formatRatio(Number(v))}
            labelFormatter={(_l: unknown, p: ReadonlyArray<{ payload?: { name?: string } }>) => p?.[0]?.payload?.name ?? ''}
          />
          {/* 3,0644 on the 1-4 scale is IKM 76,61, where grade B (Baik) starts. */}
          <ReferenceLine
            y={3.0644}
            stroke="var(--muted)"
            strokeDasharray="4 4"
            label={{ value: t.satisfaction.gradeBLine, position: 'insideTopRight', fontSize: 12, fill: 'var(--muted)' }}
          />
          <Bar dataKey="average" name={t.satisfaction.average} fill="var(--brand)" isAnimationActive={false}>
            <LabelList dataKey="average" position="top" fontSize={12} formatter={(v: unknown) => formatRatio(Number(v))} />
          </Bar>
        </BarChart>
      )}
    </ChartFigure>
  );
});

/** IKM over time (25..100). */
export const IkmTrendChart = memo(function IkmTrendChart({ trend }: { trend: IkmTrendPoint[] | null | undefined }) {
  const { t } = useI18n();
  if (!trend?.length) return <Empty caption={t.satisfaction.trend} testId="ikm-trend" />;
  return (
    <ChartFigure
      caption={t.satisfaction.trend}
      testId="ikm-trend"
      alt={{ header: [t.satisfaction.period, t.satisfaction.ikm], rows: trend.map((p) => [p.period, formatRatio(p.ikm)]) }}
    >
      {(width) => (
        <LineChart accessibilityLayer={false} width={width} height={240} data={trend} margin={{ top: 12, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="period" tickMargin={8} />
          {/* Wide enough for "100"; ticks at the grade boundaries' neighbourhood without crowding the axis. */}
          <YAxis domain={[25, 100]} ticks={[25, 50, 75, 100]} width={44} />
          <Tooltip formatter={(v: unknown) => formatRatio(Number(v))} />
          <Line dataKey="ikm" name={t.satisfaction.ikm} stroke="var(--brand)" strokeWidth={2} isAnimationActive={false} />
        </LineChart>
      )}
    </ChartFigure>
  );
});

/** IKM per unit or region with grade, respondents against the required sample, complaints and time to answer. */
export function SatisfactionTable({
  title,
  rows,
  fileName,
  testId,
}: {
  title: string;
  rows: SatisfactionRow[] | null | undefined;
  fileName: string;
  testId: string;
}) {
  const { t } = useI18n();
  const s = t.satisfaction;
  const columns: Column<SatisfactionRow>[] = [
    { key: 'name', header: s.unit, cell: (r) => r.name, csv: (r) => r.name },
    { key: 'region', header: s.region, cell: (r) => r.regionName, csv: (r) => r.regionName },
    { key: 'ikm', header: s.ikm, cell: (r) => <IkmBadge ikm={r.ikm} />, csv: (r) => r.ikm?.value, digits: 2, raw: true },
    { key: 'grade', header: s.grade, cell: (r) => (r.ikm ? r.ikm.grade : '—'), csv: (r) => (r.ikm ? `${r.ikm.grade} (${s.grades[r.ikm.grade]})` : null) },
    {
      key: 'respondents',
      header: s.respondents,
      cell: (r) => (
        <>
          {formatCount(r.respondents)}
          {r.respondents < r.requiredSample && <small className="provisional"> ({s.provisional})</small>}
        </>
      ),
      csv: (r) => r.respondents,
      numeric: true,
    },
    { key: 'sample', header: s.requiredSample, cell: (r) => formatCount(r.requiredSample), csv: (r) => r.requiredSample, numeric: true },
    {
      key: 'complaints',
      header: s.complaints,
      cell: (r) => (r.complaints ? formatCount(r.complaints.received) : '—'),
      csv: (r) => r.complaints?.received,
      numeric: true,
    },
    {
      key: 'answered',
      header: s.answered,
      cell: (r) => (r.complaints ? formatCount(r.complaints.answered) : '—'),
      csv: (r) => r.complaints?.answered,
      numeric: true,
    },
    {
      key: 'hours',
      header: s.medianHours,
      cell: (r) => formatRatio(r.complaints?.medianHoursToAnswer),
      csv: (r) => r.complaints?.medianHoursToAnswer,
      digits: 1,
      numeric: true,
    },
  ];
  return <DataTable title={title} fileName={fileName} columns={columns} rows={rows ?? []} rowKey={(r) => r.key} testId={testId} />;
}
