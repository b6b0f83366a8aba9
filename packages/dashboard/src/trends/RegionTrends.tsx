/**
 * Tren dan sasaran: each figure a leader watches, year by year, beside the target the regional
 * government set (a dashed line with a mark per year), with tooltips and the data as text; and a
 * small form with which staff set a target. The staff session lives in the form only, never stored.
 */
import { LoginDocument, RegionTrendsDocument, SetRegionTargetDocument, type RegionFigure, type RegionTrendsFieldsFragment } from '@pantau/schema';
import { memo, useState, type FormEvent } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { useClient, useQuery } from 'urql';
import { ChartFigure } from '../components/ChartFigure.tsx';
import { formatCount, formatPercent, formatRatio, useI18n, type Messages } from '../i18n.ts';
import { useRefetchOn } from '../live/refetch.ts';

type Series = RegionTrendsFieldsFragment['series'][number];

/** How a figure reads: rates as percentages (typed as such in the form), IKM on its 25..100 scale, days whole. */
const FIGURE_UNITS: Record<
  RegionFigure,
  { format: (value: number, t: Messages) => string; domain: [number, number | 'auto']; toInput: number; step: number; min: number; max: number }
> = {
  FILL_RATE: { format: (v) => formatPercent(v), domain: [0, 1], toInput: 100, step: 0.1, min: 0, max: 100 },
  IKM: { format: (v) => formatRatio(v), domain: [25, 100], toInput: 1, step: 0.01, min: 25, max: 100 },
  SKD_PASS_RATE: { format: (v) => formatPercent(v), domain: [0, 1], toInput: 100, step: 0.1, min: 0, max: 100 },
  DAYS_TO_FINAL_RESULT: { format: (v, t) => `${formatCount(v)} ${t.days}`, domain: [0, 'auto'], toInput: 1, step: 1, min: 0, max: 730 },
};

const FIGURES = Object.keys(FIGURE_UNITS) as RegionFigure[];

/** A short horizontal mark where a year has a target (a single year's target still shows). */
function TargetMark(props: { cx?: number; cy?: number; index?: number; value?: unknown }) {
  const { cx, cy, index, value } = props;
  if (cx == null || cy == null || value == null) return <g key={`no-target-${index}`} />;
  return <path key={`target-${index}`} d={`M${cx - 12},${cy}h24`} stroke="var(--accent)" strokeWidth={3} className="target-mark" />;
}

/** One figure over the years: its line, the dashed target, a tooltip, and its data as a table. */
export const TrendChart = memo(function TrendChart({ series }: { series: Series }) {
  const { t } = useI18n();
  const tr = t.trends;
  const unit = FIGURE_UNITS[series.figure];
  const show = (v: number | null | undefined) => (v == null ? '—' : unit.format(v, t));
  const caption = `${tr.figures[series.figure]} (${tr.better[series.better]})`;
  const status = (p: Series['points'][number]) => (p.target == null ? tr.noTarget : p.met == null ? '—' : p.met ? tr.met : tr.notMet);
  const latest = [...series.points].reverse().find((p) => p.target != null);
  const testId = `trend-${series.figure.toLowerCase().replace(/_/g, '-')}`;
  const summary = latest && (
    <p className="muted small trend-target" data-testid={`${testId}-target`}>
      {tr.target} {latest.year}: <strong>{show(latest.target)}</strong> · {tr.actual}: {show(latest.actual)} · {status(latest)}
    </p>
  );
  // No figure yet: no chart to point at, only the target (if any) as text.
  if (!series.points.some((p) => p.actual != null)) {
    return (
      <figure className="chart" data-testid={testId}>
        <figcaption>{caption}</figcaption>
        <p className="notice">{t.noDataYet}</p>
        {summary}
      </figure>
    );
  }
  const data = series.points.map((p) => ({ year: String(p.year), actual: p.actual, target: p.target }));
  return (
    <div className="trend">
      <ChartFigure
        caption={caption}
        testId={testId}
        alt={{
          header: [tr.year, tr.actual, tr.target, tr.status],
          rows: series.points.map((p) => [String(p.year), show(p.actual), show(p.target), status(p)]),
        }}
      >
        {(width) => (
          <LineChart accessibilityLayer={false} width={width} height={220} data={data} margin={{ top: 12, right: 24, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="year" tickMargin={8} padding={{ left: 24, right: 24 }} />
            <YAxis domain={unit.domain} width={64} tickFormatter={(v: number) => show(v)} allowDecimals={series.figure !== 'DAYS_TO_FINAL_RESULT'} />
            <Tooltip formatter={(v: unknown) => show(Number(v))} />
            <Line dataKey="actual" name={tr.actual} stroke="var(--brand)" strokeWidth={2} isAnimationActive={false} />
            {/* The target: dashed between years, a mark on each year that has one; left out of the tooltip (its table says it). */}
            <Line
              dataKey="target"
              name={tr.target}
              stroke="var(--accent)"
              strokeWidth={2}
              strokeDasharray="6 4"
              connectNulls
              dot={TargetMark}
              activeDot={false}
              tooltipType="none"
              isAnimationActive={false}
            />
          </LineChart>
        )}
      </ChartFigure>
      {summary}
    </div>
  );
});

/**
 * Every figure's trend, then (where the region has a government of its own, `staff`) the staff
 * form. `refresh` changing (a live KPI or satisfaction push) fetches the trends again, so this
 * year's point follows the figures above it.
 */
export function RegionTrends({ regionCode, defaultYear, staff, refresh }: { regionCode: string; defaultYear: number; staff: boolean; refresh?: unknown }) {
  const { t } = useI18n();
  const [{ data }, reexecute] = useQuery({ query: RegionTrendsDocument, variables: { regionCode } });
  useRefetchOn(refresh, reexecute);
  const trends = data?.regionTrends;
  if (!trends) return null;
  return (
    <section className="card trends print-hide" data-testid="trends" aria-labelledby="trends-title">
      <h3 id="trends-title">{t.trends.title}</h3>
      <p className="muted small">{t.trends.intro}</p>
      <div className="two-columns">
        {trends.series.map((s) => (
          <TrendChart key={s.figure} series={s} />
        ))}
      </div>
      {staff && <TargetForm regionCode={regionCode} defaultYear={defaultYear} />}
    </section>
  );
}

type Outcome = { kind: 'saved' | 'failed'; message: string } | null;

/**
 * Tetapkan sasaran: staff sign in once (the session stays in this form, for this page only) and
 * set a target in the figure's own terms (percent for rates); the answer updates the charts.
 */
export function TargetForm({ regionCode, defaultYear }: { regionCode: string; defaultYear: number }) {
  const { t } = useI18n();
  const f = t.trends.form;
  const client = useClient();
  const [token, setToken] = useState<string | null>(null);
  const [figure, setFigure] = useState<RegionFigure>('FILL_RATE');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const unit = FIGURE_UNITS[figure];
  const headers = (auth?: string) => ({ headers: { 'x-graphql-yoga-csrf': 'pantau-dashboard', ...(auth ? { authorization: `Bearer ${auth}` } : {}) } });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const year = Number(form.get('year'));
    const typed = Number(String(form.get('value')).replace(',', '.'));
    setBusy(true);
    setOutcome(null);
    try {
      let session = token;
      if (!session) {
        const login = await client
          .mutation(LoginDocument, { username: String(form.get('username')), password: String(form.get('password')) }, { fetchOptions: headers() })
          .toPromise();
        if (login.error || !login.data) throw new Error(login.error?.graphQLErrors[0]?.message ?? login.error?.message ?? f.failed);
        session = login.data.login.token;
        setToken(session);
      }
      const saved = await client
        .mutation(SetRegionTargetDocument, { input: { regionCode, year, figure, value: typed / unit.toInput } }, { fetchOptions: headers(session) })
        .toPromise();
      if (saved.error) throw new Error(saved.error.graphQLErrors[0]?.message ?? saved.error.message);
      setOutcome({ kind: 'saved', message: `${f.saved}: ${t.trends.figures[figure]} ${year} = ${unit.format(typed / unit.toInput, t)}` });
    } catch (err) {
      setOutcome({ kind: 'failed', message: `${f.failed}: ${(err as Error).message}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="target-form" onSubmit={(e) => void submit(e)} data-testid="target-form" aria-labelledby="target-form-title">
      <h4 id="target-form-title">{f.title}</h4>
      <p className="muted small">{f.hint}</p>
      <div className="target-fields">
        <label>
          {f.figure}
          <select name="figure" value={figure} onChange={(e) => setFigure(e.target.value as RegionFigure)} data-testid="target-figure">
            {FIGURES.map((name) => (
              <option key={name} value={name}>
                {t.trends.figures[name]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {f.year}
          <input name="year" type="number" min={2000} max={2100} step={1} defaultValue={defaultYear} required data-testid="target-year" />
        </label>
        <label>
          {f.value} {unit.toInput === 100 ? '(%)' : figure === 'DAYS_TO_FINAL_RESULT' ? `(${t.days})` : ''}
          <input name="value" type="number" min={unit.min} max={unit.max} step={unit.step} required data-testid="target-value" />
        </label>
        {!token && (
          <>
            <label>
              {f.username}
              <input name="username" autoComplete="username" required data-testid="target-username" />
            </label>
            <label>
              {f.password}
              <input name="password" type="password" autoComplete="current-password" required data-testid="target-password" />
            </label>
          </>
        )}
      </div>
      <div className="target-actions">
        <button type="submit" disabled={busy} data-testid="target-submit">
          {busy ? f.saving : f.submit}
        </button>
        {token && (
          <span className="muted small">
            {f.signedIn} ·{' '}
            <button type="button" className="button-secondary" onClick={() => setToken(null)}>
              {f.signOut}
            </button>
          </span>
        )}
      </div>
      <p role={outcome?.kind === 'failed' ? 'alert' : 'status'} className={outcome?.kind === 'failed' ? 'notice-error' : 'muted'} data-testid="target-outcome">
        {outcome?.message}
      </p>
    </form>
  );
}
