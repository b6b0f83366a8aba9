/** The boards a public screen shows: a session's live scores, a formation's live ranking. */
import { ExamSessionDocument, ExamSessionScoresDocument, FormationDocument, RankingUpdatedDocument, type ExamSessionScoresSubscription } from '@pantau/schema';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { Movement, ResultBadge } from '../components/ranking.tsx';
import { Loading, NotFound } from '../components/States.tsx';
import { formatCount, formatDate, formatScore, useI18n } from '../i18n.ts';
import { participantMatcher, useRankingPages, useWholeRankingWhile, type RankingEntry, type RankingPages } from '../ranking/pages.ts';
import { movementSince, orderScores, pagesToVisit, useRotation, type LiveScore } from './rotation.ts';

/** Marks the first time a screen shows live data (the bench measures it). */
function useFirstDataMark(ready: boolean) {
  useEffect(() => {
    if (ready && !performance.getEntriesByName('pantau:first-data').length) performance.mark('pantau:first-data');
  }, [ready]);
}

export interface BoardProps {
  id: string;
  rowsPerPage: number;
  seconds: number;
  /** Called after the board showed its last page: the screen moves to its next item. */
  onCycle?: () => void;
  /** Reports the time of the latest live update. */
  onUpdate?: (at: string) => void;
  /** A masked participant number asked for in the address (`?cari=0012`): its rows are highlighted and only their pages shown. */
  search?: string;
}

type Matcher = ((participantNumber: string) => boolean) | null;

/** The matcher of the board's search, kept while the search stays the same. */
function useSearchMatcher(search: string | undefined): Matcher {
  return useMemo(() => participantMatcher(search ?? ''), [search]);
}

/** What a search found, in words under the board title: "Cari 0012: 2 peserta ditemukan, disorot". */
function SearchLine({ search, found }: { search: string | undefined; found: number | null }) {
  const { t } = useI18n();
  if (found === null) return null;
  return (
    <p className="board-search" data-testid="board-search" role="status">
      {t.screen.search} {search}: {found ? t.screen.searchFound(found) : t.screen.searchNone}
    </p>
  );
}

type Update = ExamSessionScoresSubscription['examSessionScores'];

/** Keeps every seat: a snapshot replaces them, a partial update replaces the seats it names. */
function mergeScores(previous: Update | undefined, next: Update): Update {
  if (next.snapshot || !previous) return next;
  const byNumber = new Map(previous.scores.map((s) => [s.participantNumber, s]));
  for (const s of next.scores) byNumber.set(s.participantNumber, s);
  return { ...next, scores: [...byNumber.values()] };
}

function useMovement<T extends { participantNumber: string; rank: number | null }>(rows: T[]): Array<T & { movement: number | null }> {
  const previous = useRef(new Map<string, number>());
  const shown = useRef(new Map<string, number>());
  return useMemo(() => {
    // Movement is measured against the order before the latest change, and stays until the next one.
    const now = new Map(rows.filter((r) => r.rank != null).map((r) => [r.participantNumber, r.rank!]));
    const changed = now.size !== shown.current.size || [...now].some(([k, v]) => shown.current.get(k) !== v);
    if (changed) {
      previous.current = shown.current;
      shown.current = now;
    }
    return rows.map((r) => ({ ...r, movement: previous.current.size ? movementSince(previous.current, r.participantNumber, r.rank) : 0 }));
  }, [rows]);
}

/**
 * What both boards do with their rows: report each live update's time, page the rows on the
 * rotation timer (the board's last page hands over to the screen's next item), and mark the
 * first data shown. Returns the rows of the current page.
 */
function useBoardPages<T extends { participantNumber: string }>(
  rows: T[],
  updatedAt: string | undefined,
  matches: Matcher,
  { rowsPerPage, seconds, onCycle, onUpdate }: BoardProps,
): { shown: T[]; page: number; pages: number; found: number | null } {
  useEffect(() => {
    if (updatedAt) onUpdate?.(updatedAt);
  }, [updatedAt, onUpdate]);
  const pages = Math.max(1, Math.ceil(rows.length / rowsPerPage));
  const matching = useMemo(() => (matches ? rows.flatMap((r, i) => (matches(r.participantNumber) ? [i] : [])) : null), [rows, matches]);
  const visit = pagesToVisit(rows.length, rowsPerPage, matching);
  const page = visit[useRotation(visit.length, seconds, onCycle)] ?? 0;
  useFirstDataMark(rows.length > 0);
  return { shown: rows.slice(page * rowsPerPage, page * rowsPerPage + rowsPerPage), page, pages, found: matching ? matching.length : null };
}

/** The columns both boards start with: rank, movement, participant number, name. */
function LeadingHeaders() {
  const { t } = useI18n();
  return (
    <>
      <th scope="col">#</th>
      <th scope="col">
        <span className="visually-hidden">{t.formation.movement}</span>
      </th>
      <th scope="col">{t.formation.participant}</th>
      <th scope="col" className="detail">
        {t.formation.name}
      </th>
    </>
  );
}

/** A participant number, marked when it is the one searched for. */
function NumberCell({ number, matched }: { number: string; matched: boolean }) {
  return <td className="code">{matched ? <mark>{number}</mark> : number}</td>;
}

type Threshold = { formationType: string; twk?: number | null; tiu?: number | null; tkp?: number | null; total?: number | null };

/** A sub-test score with its pass/fail against the seat's threshold, said in words and shown as a mark. */
function SubScore({ value, min, final }: { value: number | null; min: number | null | undefined; final: boolean }) {
  const { t } = useI18n();
  if (value == null) return <>–</>;
  if (min == null) return <>{value}</>;
  const meets = value >= min;
  // While a test runs the score only grows: "below" is not yet a failure, so only final results are marked.
  if (!final) return <>{value}</>;
  return (
    <>
      {value}
      <span className={meets ? 'mark mark-pass' : 'mark mark-fail'} aria-hidden="true">
        {meets ? '✓' : '✗'}
      </span>
      <span className="visually-hidden"> {meets ? t.screen.meets : t.screen.below}</span>
    </>
  );
}

/** Minutes and seconds since `from` (until `to` once the session closed): "1:05:09". */
function elapsed(from: string, to: number): string {
  const total = Math.max(0, Math.floor((to - new Date(from).getTime()) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
}

export function SessionBoard(props: BoardProps) {
  const { id } = props;
  const { t, language } = useI18n();
  const [{ data, fetching, error }] = useQuery({ query: ExamSessionDocument, variables: { id } });
  const session = data?.examSession;
  const [live] = useSubscription({ query: ExamSessionScoresDocument, variables: { sessionId: id }, pause: !session }, (prev: Update | undefined, res) =>
    mergeScores(prev, res.examSessionScores),
  );
  const update = live.data;
  const scores: LiveScore[] = update?.scores ?? session?.scores ?? [];
  const stage = update?.stage ?? session?.stage ?? 'SKD';
  const ordered = useMovement(useMemo(() => orderScores(scores, stage), [scores, stage]));
  const dataAt = update ? update.dataAt : (session?.closedAt ?? session?.startedAt ?? null);
  const matches = useSearchMatcher(props.search);
  const { shown, page, pages, found } = useBoardPages(ordered, dataAt ?? undefined, matches, props);
  const now = useNow();
  if (!data && fetching) return <Loading />;
  if (!session) return error?.networkError ? <Loading /> : <NotFound what="session" detail={id} />;
  const status = update?.status ?? session.status;
  const closed = status === 'CLOSED';
  const skb = stage === 'SKB';
  const thresholds = new Map((session.selectionYear.thresholds as Threshold[]).map((th) => [th.formationType, th]));
  const general = thresholds.get('UMUM');
  const startedAt = update ? update.startedAt : session.startedAt;
  const closedAt = update ? update.closedAt : session.closedAt;
  const scoreState = (s: LiveScore) => (s.corrected ? t.screen.corrected : s.final || closed ? t.screen.final : t.screen.running);
  return (
    <section className="board" data-testid="session-board" data-stage={stage} data-status={status}>
      <h2 className="board-title">
        {session.site.name} · {t.screen.session} {session.number} · {stage} · {formatDate(`${session.date}T00:00:00+07:00`, language)}
        <span className={`status status-${status.toLowerCase()}`} data-testid="session-status">
          {t.screen.statuses[status]}
        </span>
        {startedAt && status !== 'SCHEDULED' && (
          <span className="timer" data-testid="session-timer">
            {closed ? t.screen.closed : t.screen.elapsed} {elapsed(startedAt, closed && closedAt ? new Date(closedAt).getTime() : now)}
          </span>
        )}
      </h2>
      <SearchLine search={props.search} found={found} />
      <table className="board-table" data-columns={skb ? 'skb' : 'skd'}>
        <colgroup>
          <col className="col-rank" />
          <col className="col-move" />
          <col className="col-number" />
          <col className="col-name" />
          {skb ? <col className="col-score" /> : [0, 1, 2].map((i) => <col key={i} className="col-score" />)}
          <col className="col-total" />
        </colgroup>
        <thead>
          <tr>
            <LeadingHeaders />
            {skb ? (
              <th scope="col" className="number detail">
                {t.screen.skdTotal}
              </th>
            ) : (
              (['twk', 'tiu', 'tkp'] as const).map((k) => (
                <th key={k} scope="col" className="number detail">
                  {k.toUpperCase()}
                  {general?.[k] != null && <small className="threshold"> ≥{general[k]}</small>}
                </th>
              ))
            )}
            <th scope="col" className="number">
              {skb ? t.screen.skb : t.formation.total}
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((s) => {
            const th = thresholds.get(s.formationType) ?? general;
            const final = s.final || closed;
            const matched = matches?.(s.participantNumber) ?? false;
            return (
              <tr key={s.participantNumber} data-testid="score-row" className={[final && 'final', matched && 'match'].filter(Boolean).join(' ') || undefined}>
                <td>{s.rank ?? '–'}</td>
                <td>{s.rank != null && <Movement movement={s.movement} />}</td>
                <NumberCell number={s.participantNumber} matched={matched} />
                <td className="detail">{s.displayName}</td>
                {s.disqualified || s.absent ? (
                  <td colSpan={skb ? 2 : 4} className="state">
                    {s.disqualified ? t.screen.disqualified : t.screen.absent}
                  </td>
                ) : skb ? (
                  <>
                    <td className="number detail">{s.total ?? '–'}</td>
                    <td className="number total" data-testid="score-total">
                      {s.skb == null ? '–' : formatScore(s.skb)}{' '}
                      <small className={s.corrected ? 'score-state corrected' : 'score-state'}>{s.skb == null ? '' : scoreState(s)}</small>
                    </td>
                  </>
                ) : (
                  <>
                    <td className="number detail">
                      <SubScore value={s.twk} min={th?.twk} final={final} />
                    </td>
                    <td className="number detail">
                      <SubScore value={s.tiu} min={th?.tiu} final={final} />
                    </td>
                    <td className="number detail">
                      <SubScore value={s.tkp} min={th?.tkp} final={final} />
                    </td>
                    <td className="number total" data-testid="score-total">
                      {s.total ?? '–'} <small className={s.corrected ? 'score-state corrected' : 'score-state'}>{s.total == null ? '' : scoreState(s)}</small>
                    </td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {pages > 1 && (
        <p className="board-page">
          {t.screen.page} {page + 1} {t.screen.of} {pages} · {formatCount(ordered.length)} {t.formation.participants}
        </p>
      )}
      <ScreenLegend codes={false} />
    </section>
  );
}

/** What the marks on a screen mean, in words, for people reading from across the room. */
export function ScreenLegend({ codes }: { codes: boolean }) {
  const { t } = useI18n();
  return (
    <dl className="screen-legend" data-testid="screen-legend">
      <dt>{t.screen.legendTitle}</dt>
      <dd>{t.screen.legendMoves}</dd>
      <dd>{codes ? t.screen.legendCodes : t.screen.legendScores}</dd>
    </dl>
  );
}

/** The current time, ticking every second (screen clocks and session timers). */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** The rows of a formation's ranking on a public screen, the searched ones marked. */
function RankingTable({ entries, matches }: { entries: RankingEntry[]; matches: Matcher }) {
  const { t } = useI18n();
  return (
    <table className="board-table">
      <colgroup>
        <col className="col-rank" />
        <col className="col-move" />
        <col className="col-number" />
        <col className="col-name" />
        <col className="col-total" />
        <col className="col-result" />
      </colgroup>
      <thead>
        <tr>
          <LeadingHeaders />
          <th scope="col" className="number">
            {t.formation.total}
          </th>
          <th scope="col">{t.formation.result}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((r) => {
          const matched = matches?.(r.participantNumber) ?? false;
          return (
            <tr key={r.participantNumber} data-testid="ranking-row" className={matched ? 'match' : undefined}>
              <td>{r.rank}</td>
              <td>
                <Movement movement={r.movement} />
              </td>
              <NumberCell number={r.participantNumber} matched={matched} />
              <td className="detail">{r.displayName}</td>
              <td className="number total">{r.total}</td>
              <td>
                <ResultBadge code={r.resultCode} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** What a ranking board shows: a page of the ranking, and how many rows a search found. */
type RankingView = Omit<RankingPages, 'goTo'> & { found: number | null };

/** The whole ranking one server page at a time, turned on the rotation timer. */
function usePagedRanking(id: string, sequence: number | undefined, paused: boolean, props: BoardProps): RankingView {
  const ranking = useRankingPages(id, props.rowsPerPage, sequence, paused || !!props.search);
  const page = useRotation(ranking.pages, props.seconds, props.search ? undefined : props.onCycle);
  const { goTo } = ranking;
  useEffect(() => goTo(page), [page, goTo]);
  useFirstDataMark(ranking.entries.length > 0);
  return { ...ranking, found: null };
}

/** With a search: the whole ranking fetched (again on each live update), only the pages holding a match shown. */
function useSearchedRanking(id: string, sequence: number | undefined, paused: boolean, matches: Matcher, props: BoardProps): RankingView {
  const all = useWholeRankingWhile(id, !paused && matches !== null, sequence);
  const rows = useMemo(() => all ?? [], [all]);
  const { shown, page, pages, found } = useBoardPages(rows, undefined, matches, matches ? props : { ...props, onCycle: undefined });
  return { entries: shown, page, pages, totalCount: rows.length, cutRank: null, loading: all === null, found: all === null ? null : found };
}

/**
 * A formation's whole ranking on a public screen: the rotation pages through all of it (not only
 * the live top), each page fetched again when a live update arrives. With `?cari=` it pages only
 * through the pages holding the number asked for, its rows highlighted.
 */
export function RankingBoard(props: BoardProps) {
  const { id } = props;
  const { t } = useI18n();
  const [{ data, fetching, error }] = useQuery({ query: FormationDocument, variables: { id } });
  const formation = data?.formation;
  const [live] = useSubscription({ query: RankingUpdatedDocument, variables: { formationId: id }, pause: !formation });
  const sequence = live.data?.rankingUpdated.sequence;
  const matches = useSearchMatcher(props.search);
  const paged = usePagedRanking(id, sequence, !formation, props);
  const searched = useSearchedRanking(id, sequence, !formation, matches, props);
  const ranking = matches ? searched : paged;
  if (!data && fetching) return <Loading />;
  if (!formation) return error?.networkError ? <Loading /> : <NotFound what="formation" detail={id} />;
  return (
    <section className="board" data-testid="ranking-board">
      <h2 className="board-title">
        {formation.jobTitle} · {formation.serviceUnit?.name ?? formation.region.name} · {t.columns.quota} {formatCount(formation.quota)}
      </h2>
      <SearchLine search={props.search} found={ranking.found} />
      {ranking.entries.length === 0 ? (
        <p className="notice">{ranking.loading ? t.loading : t.formation.noScores}</p>
      ) : (
        <RankingTable entries={ranking.entries} matches={matches} />
      )}
      {ranking.totalCount > 0 && (
        <p className="board-page" data-testid="board-page">
          {t.screen.page} {formatCount(ranking.page + 1)} {t.screen.of} {formatCount(ranking.pages)} · {formatCount(ranking.totalCount)}{' '}
          {t.formation.participants}
          {ranking.cutRank != null && ` · ${t.formation.cut} ${formatCount(ranking.cutRank)}`}
        </p>
      )}
      <ScreenLegend codes />
    </section>
  );
}
