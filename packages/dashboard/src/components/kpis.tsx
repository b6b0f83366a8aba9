/** The recruitment KPI building blocks shared by the overview and the region page. */
import type { FormationKpiFieldsFragment, RecruitmentKpisFieldsFragment } from '@pantau/schema';
import { memo } from 'react';
import { educationLabel, formatCount, formatDate, formatPercent, formatRatio, useI18n, type IkmGrade } from '../i18n.ts';
import { href } from '../router.ts';
import { csvTime } from '../csv.ts';
import { ChartFigure } from './ChartFigure.tsx';
import { CountBars } from './CountBars.tsx';
import { DataTable, type Column } from './DataTable.tsx';
import { IkmBadge } from './IkmBadge.tsx';

type Kpis = RecruitmentKpisFieldsFragment;
type Funnel = Kpis['funnel'];
type Stages = Kpis['stages'];

/** The headline figures of a region as cards; IKM comes from service quality and may not exist yet. */
export const KpiCards = memo(function KpiCards({ kpis, ikm }: { kpis: Kpis; ikm?: { value: number; grade: IkmGrade } | null }) {
  const { t } = useI18n();
  return (
    <dl className="kpi-cards" data-testid="kpi-cards">
      <div className="kpi">
        <dt>{t.kpi.formations}</dt>
        <dd data-testid="kpi-formations">{formatCount(kpis.formationCount)}</dd>
      </div>
      <div className="kpi">
        <dt>{t.kpi.quota}</dt>
        <dd data-testid="kpi-quota">{formatCount(kpis.quota)}</dd>
      </div>
      <div className="kpi">
        <dt>{t.kpi.applicants}</dt>
        <dd data-testid="kpi-applicants">{formatCount(kpis.applicants)}</dd>
      </div>
      <div className="kpi">
        <dt>{t.kpi.competition}</dt>
        <dd data-testid="kpi-competition">
          {formatRatio(kpis.competitionRatio)} <small>{t.kpi.perSeat}</small>
        </dd>
      </div>
      <div className="kpi">
        <dt>{t.kpi.fillRate}</dt>
        <dd data-testid="kpi-fill">
          {formatPercent(kpis.fillRate)} <small>{t.kpi.inclOptimalisasi}</small>
          <span className="meter" aria-hidden="true">
            <span style={{ width: `${Math.round((kpis.fillRate ?? 0) * 100)}%` }} />
          </span>
        </dd>
      </div>
      <div className="kpi">
        <dt>{t.kpi.ikm}</dt>
        <dd>
          <IkmBadge ikm={ikm} />
        </dd>
      </div>
    </dl>
  );
});

const sameFunnel = (a: { funnel: Funnel }, b: { funnel: Funnel }) =>
  a.funnel.length === b.funnel.length && a.funnel.every((s, i) => s.step === b.funnel[i]!.step && s.count === b.funnel[i]!.count);

/** The selection funnel as horizontal bars (no animation: it is a live series); re-renders only when a count changes. */
export const FunnelChart = memo(function FunnelChart({ funnel, compact = false }: { funnel: Funnel; compact?: boolean }) {
  const { t } = useI18n();
  const data = funnel.map((s) => ({ label: t.funnel.steps[s.step], count: s.count }));
  return (
    <ChartFigure
      caption={t.funnel.title}
      testId="funnel"
      alt={{ header: [t.stages.stage, t.columns.count], rows: data.map((d) => [d.label, formatCount(d.count)]) }}
    >
      {(width) => (
        <CountBars
          width={width}
          height={compact ? 220 : 300}
          data={data}
          labelWidth={compact ? 150 : 200}
          fontSize={compact ? 11 : 13}
          fill="var(--brand)"
          grid
        />
      )}
    </ChartFigure>
  );
}, sameFunnel);

/** Each stage: entered, passed, pass rate, and days from registration opening to its start and announcement. */
export const StagesTable = memo(function StagesTable({ stages, regionCode }: { stages: Stages; regionCode: string }) {
  const { t, language } = useI18n();
  const days = (n: number | null) => (n == null ? '—' : `${formatCount(n)} ${t.days}`);
  const columns: Column<Stages[number]>[] = [
    { key: 'stage', header: t.stages.stage, cell: (s) => t.stages.names[s.stage], csv: (s) => t.stages.names[s.stage] },
    { key: 'entered', header: t.stages.entered, cell: (s) => formatCount(s.entered), csv: (s) => s.entered, numeric: true },
    { key: 'passed', header: t.stages.passed, cell: (s) => formatCount(s.passed), csv: (s) => s.passed, numeric: true },
    {
      key: 'rate',
      header: t.stages.passRate,
      csvHeader: `${t.stages.passRate} (%)`,
      cell: (s) => formatPercent(s.passRate),
      csv: (s) => (s.passRate == null ? null : s.passRate * 100),
      digits: 1,
      numeric: true,
    },
    { key: 'started', header: t.stages.started, cell: (s) => formatDate(s.startedAt, language), csv: (s) => csvTime(s.startedAt) },
    { key: 'daysStart', header: t.stages.daysToStart, cell: (s) => days(s.daysToStart), csv: (s) => s.daysToStart, numeric: true },
    { key: 'announced', header: t.stages.announced, cell: (s) => formatDate(s.announcedAt, language), csv: (s) => csvTime(s.announcedAt) },
    { key: 'daysAnn', header: t.stages.daysToAnnouncement, cell: (s) => days(s.daysToAnnouncement), csv: (s) => s.daysToAnnouncement, numeric: true },
  ];
  return <DataTable title={t.stages.title} fileName={`tahapan-${regionCode}`} columns={columns} rows={stages} rowKey={(s) => s.stage} testId="stages" />;
});

type FormationRow = FormationKpiFieldsFragment;

/** Formations with their competition and fill, linked to their live ranking. */
export function FormationKpiTable({
  title,
  rows,
  fileName,
  testId,
  empty,
  showEmptySeats = false,
}: {
  title: string;
  rows: FormationRow[];
  fileName: string;
  testId: string;
  empty?: string;
  showEmptySeats?: boolean;
}) {
  const { t } = useI18n();
  const columns: Column<FormationRow>[] = [
    {
      key: 'code',
      header: t.columns.code,
      cell: (r) => <a href={href({ page: 'formation', id: r.formation.id })}>{r.formation.code}</a>,
      csv: (r) => r.formation.code,
    },
    { key: 'job', header: t.columns.jobTitle, cell: (r) => r.formation.jobTitle, csv: (r) => r.formation.jobTitle },
    {
      key: 'edu',
      header: t.columns.education,
      cell: (r) => educationLabel(r.formation.educationLevel),
      csv: (r) => educationLabel(r.formation.educationLevel),
      detail: true,
    },
    { key: 'quota', header: t.columns.quota, cell: (r) => formatCount(r.quota), csv: (r) => r.quota, numeric: true },
    { key: 'applicants', header: t.columns.applicants, cell: (r) => formatCount(r.applicants), csv: (r) => r.applicants, numeric: true },
    {
      key: 'ratio',
      header: t.columns.ratio,
      cell: (r) => formatRatio(r.competitionRatio),
      csv: (r) => r.competitionRatio,
      digits: 1,
      raw: true,
      numeric: true,
    },
    { key: 'eligible', header: t.columns.eligible, cell: (r) => formatCount(r.eligible), csv: (r) => r.eligible, numeric: true, detail: true },
    { key: 'skd', header: t.columns.skdPassed, cell: (r) => formatCount(r.skdPassed), csv: (r) => r.skdPassed, numeric: true, detail: true },
    { key: 'filled', header: t.columns.filled, cell: (r) => formatCount(r.filled), csv: (r) => r.filled, numeric: true },
    ...(showEmptySeats
      ? [
          {
            key: 'empty',
            header: t.columns.emptySeats,
            cell: (r: FormationRow) => formatCount(r.quota - r.filled),
            csv: (r: FormationRow) => r.quota - r.filled,
            numeric: true,
          },
        ]
      : []),
  ];
  return <DataTable title={title} fileName={fileName} columns={columns} rows={rows} rowKey={(r) => r.formation.id} testId={testId} empty={empty} />;
}

/** One breakdown (gender, education, …) as bars with its numbers as text. */
export const Distribution = memo(function Distribution({
  caption,
  rows,
  testId,
}: {
  caption: string;
  rows: Array<{ label: string; count: number }>;
  testId: string;
}) {
  const { t } = useI18n();
  const total = rows.reduce((s, r) => s + r.count, 0);
  if (!rows.length) {
    return (
      <figure className="chart" data-testid={testId}>
        <figcaption>{caption}</figcaption>
        <p className="notice">{t.noDataYet}</p>
      </figure>
    );
  }
  return (
    <ChartFigure
      caption={caption}
      testId={testId}
      alt={{ header: [caption, t.columns.count, t.columns.share], rows: rows.map((r) => [r.label, formatCount(r.count), formatPercent(r.count / total)]) }}
    >
      {(width) => <CountBars width={width} height={40 + rows.length * 30} data={rows} labelWidth={140} />}
    </ChartFigure>
  );
});
