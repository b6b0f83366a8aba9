/**
 * Did recruitment improve service? For a cohort of new ASN, the IKM of the units that received
 * them, before their arrival and after, set against units that received nobody over the same
 * periods (a difference in differences). Pure: the service layer loads the per-unit sums.
 */
import { ikmFromAverages, rollUp, type SkmSummary } from './ikm.js';

/** A survey period as units share it: by label, from its earliest opening to its latest closing. */
export interface PeriodSpan {
  label: string;
  opensAt: Date;
  closesAt: Date;
}

export interface UnitPeriodSummary extends SkmSummary {
  unitId: number;
  label: string;
}

/** New employees of one cohort reaching one unit; `startsOn` is the earliest TMT among them. */
export interface Arrival {
  unitId: number;
  cohort: number;
  startsOn: Date;
  employees: number;
}

export interface GroupComparison {
  /** Units heard in both periods (only they are compared, so the group is the same on both sides). */
  units: number;
  respondentsBefore: number;
  respondentsAfter: number;
  /** Converted IKM (25-100), unrounded; null without units. */
  before: number | null;
  after: number | null;
  change: number | null;
}

export interface UnitImpact {
  unitId: number;
  employees: number;
  before: number | null;
  after: number | null;
  change: number | null;
}

export interface CohortImpact {
  cohort: number;
  arrivedOn: Date;
  newEmployees: number;
  /** The last period closed by the arrival, and the latest period opened after it in which receiving units were heard. */
  before: PeriodSpan | null;
  after: PeriodSpan | null;
  treated: GroupComparison;
  comparison: GroupComparison;
  /** Treated change minus comparison change, in converted points; null when either is missing. */
  difference: number | null;
  /** Every receiving unit of the cohort, compared or not (null where a period has no respondents). */
  units: UnitImpact[];
  /** Both groups' converted IKM per period, oldest first. */
  trend: Array<{ label: string; treated: number | null; comparison: number | null }>;
}

const converted = (s: SkmSummary | null) => (s ? ikmFromAverages(s.elementAverages).converted : null);
const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

function compare(units: number[], at: (unit: number, label: string) => SkmSummary | undefined, before: string, after: string): GroupComparison {
  const b = rollUp(units.map((u) => at(u, before)!));
  const a = rollUp(units.map((u) => at(u, after)!));
  return {
    units: units.length,
    respondentsBefore: b?.respondents ?? 0,
    respondentsAfter: a?.respondents ?? 0,
    before: converted(b),
    after: converted(a),
    change: minus(converted(a), converted(b)),
  };
}

const EMPTY: GroupComparison = { units: 0, respondentsBefore: 0, respondentsAfter: 0, before: null, after: null, change: null };

/** One entry per cohort that reached any of `units`, oldest cohort first. */
export function recruitmentImpactOf(input: {
  units: readonly number[];
  periods: readonly PeriodSpan[];
  summaries: readonly UnitPeriodSummary[];
  arrivals: readonly Arrival[];
}): CohortImpact[] {
  const periods = [...input.periods].sort((x, y) => x.opensAt.getTime() - y.opensAt.getTime());
  const byKey = new Map(input.summaries.filter((s) => s.respondents > 0).map((s) => [`${s.unitId}|${s.label}`, s]));
  const at = (unit: number, label: string) => byKey.get(`${unit}|${label}`);
  const heardIn = (unit: number, ...labels: string[]) => labels.every((l) => at(unit, l) !== undefined);
  const cohorts = [...new Set(input.arrivals.map((a) => a.cohort))].sort((x, y) => x - y);

  return cohorts.map((cohort) => {
    const arrivals = input.arrivals.filter((a) => a.cohort === cohort && input.units.includes(a.unitId));
    const arrivedOn = new Date(Math.min(...arrivals.map((a) => a.startsOn.getTime())));
    const before = periods.filter((p) => p.closesAt <= arrivedOn).at(-1) ?? null;
    // Receiving units whose staff had arrived when a period opened, heard before and in it.
    const treatedFor = (after: PeriodSpan) =>
      before ? arrivals.filter((a) => a.startsOn <= after.opensAt && heardIn(a.unitId, before.label, after.label)).map((a) => a.unitId) : [];
    const after = [...periods].reverse().find((p) => p.opensAt >= arrivedOn && treatedFor(p).length > 0) ?? null;

    const base = {
      cohort,
      arrivedOn,
      newEmployees: arrivals.reduce((s, a) => s + a.employees, 0),
      before,
      after,
    };
    const unitRows = (from: string | undefined, to: string | undefined): UnitImpact[] =>
      arrivals.map((a) => {
        const b = from ? converted(at(a.unitId, from) ?? null) : null;
        const f = to ? converted(at(a.unitId, to) ?? null) : null;
        return { unitId: a.unitId, employees: a.employees, before: b, after: f, change: minus(f, b) };
      });
    if (!before || !after) {
      return { ...base, treated: EMPTY, comparison: EMPTY, difference: null, units: unitRows(before?.label, after?.label), trend: [] };
    }

    const treated = treatedFor(after);
    // Comparison: units that gained nobody, of any cohort, from the start of `before` to the end of `after`.
    const gained = new Set(input.arrivals.filter((a) => a.startsOn >= before.opensAt && a.startsOn < after.closesAt).map((a) => a.unitId));
    const comparison = input.units.filter((u) => !gained.has(u) && heardIn(u, before.label, after.label));
    const t = compare(treated, at, before.label, after.label);
    const c = comparison.length ? compare(comparison, at, before.label, after.label) : EMPTY;
    const group = (units: number[], label: string) => converted(rollUp(units.flatMap((u) => at(u, label) ?? [])));
    return {
      ...base,
      treated: t,
      comparison: c,
      difference: minus(t.change, c.change),
      units: unitRows(before.label, after.label),
      trend: periods.map((p) => ({ label: p.label, treated: group(treated, p.label), comparison: comparison.length ? group(comparison, p.label) : null })),
    };
  });
}
