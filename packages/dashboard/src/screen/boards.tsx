/** The boards a public screen shows: a session's live scores, a formation's live ranking. */
import { ExamSessionDocument, ExamSessionScoresDocument, FormationDocument, RankingUpdatedDocument, type ExamSessionScoresSubscription } from '@pantau/schema';
import { useEffect, useMemo, useRef } from 'react';
import { useQuery, useSubscription } from 'urql';
import { Movement, ResultBadge } from '../components/ranking.tsx';
import { Loading, NotFound } from '../components/States.tsx';
import { formatCount, formatDate, useI18n } from '../i18n.ts';
import { movementSince, orderScores, useRotation, type LiveScore } from './rotation.ts';

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
function useBoardPages<T>(rows: T[], updatedAt: string | undefined, { rowsPerPage, seconds, onCycle, onUpdate }: BoardProps): { shown: T[]; page: number; pages: number } {
  useEffect(() => {
    if (updatedAt) onUpdate?.(updatedAt);
  }, [updatedAt, onUpdate]);
  const pages = Math.max(1, Math.ceil(rows.length / rowsPerPage));
  const page = useRotation(pages, seconds, onCycle);
  useFirstDataMark(rows.length > 0);
  return { shown: rows.slice(page * rowsPerPage, page * rowsPerPage + rowsPerPage), page, pages };
}

export function SessionBoard(props: BoardProps) {
  const { id } = props;
  const { t, language } = useI18n();
  const [{ data, fetching, error }] = useQuery({ query: ExamSessionDocument, variables: { id } });
  const session = data?.examSession;
  const [live] = useSubscription({ query: ExamSessionScoresDocument, variables: { sessionId: id }, pause: !session }, (prev: Update | undefined, res) => mergeScores(prev, res.examSessionScores));
  const update = live.data;
  const scores: LiveScore[] = update?.scores ?? session?.scores ?? [];
  const ordered = useMovement(useMemo(() => orderScores(scores), [scores]));
  const { shown, page, pages } = useBoardPages(ordered, update?.updatedAt, props);
  if (!data && fetching) return <Loading />;
  if (!session) return error?.networkError ? <Loading /> : <NotFound what="session" detail={id} />;
  const status = update?.status ?? session.status;
  return (
    <section className="board" data-testid="session-board">
      <h2 className="board-title">
        {session.site.name} · {t.screen.session} {session.number} · {session.stage} · {formatDate(`${session.date}T00:00:00+07:00`, language)}
        <span className={`status status-${status.toLowerCase()}`}>{t.screen.statuses[status]}</span>
      </h2>
      <table className="board-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col" />
            <th scope="col">{t.formation.participant}</th>
            <th scope="col">{t.formation.name}</th>
            <th scope="col" className="number">TWK</th>
            <th scope="col" className="number">TIU</th>
            <th scope="col" className="number">TKP</th>
            <th scope="col" className="number">{t.formation.total}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((s) => (
            <tr key={s.participantNumber} data-testid="score-row" className={s.final ? 'final' : undefined}>
              <td>{s.rank ?? '–'}</td>
              <td>{s.rank != null && <Movement movement={s.movement} />}</td>
              <td className="code">{s.participantNumber}</td>
              <td>{s.displayName}</td>
              {s.disqualified || s.absent ? (
                <td colSpan={4} className="state">
                  {s.disqualified ? t.screen.disqualified : t.screen.absent}
                </td>
              ) : (
                <>
                  <td className="number">{s.twk ?? '–'}</td>
                  <td className="number">{s.tiu ?? '–'}</td>
                  <td className="number">{s.tkp ?? '–'}</td>
                  <td className="number total" data-testid="score-total">
                    {s.total ?? '–'} <small>{s.total == null ? '' : s.final ? t.screen.final : t.screen.running}</small>
                  </td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 && (
        <p className="board-page">
          {page + 1} {t.screen.of} {pages} · {formatCount(ordered.length)} {t.formation.participants}
        </p>
      )}
    </section>
  );
}

export function RankingBoard(props: BoardProps) {
  const { id } = props;
  const { t } = useI18n();
  const [{ data, fetching, error }] = useQuery({ query: FormationDocument, variables: { id } });
  const formation = data?.formation;
  const [live] = useSubscription({ query: RankingUpdatedDocument, variables: { formationId: id }, pause: !formation });
  const update = live.data?.rankingUpdated;
  const rows = update?.top ?? [];
  const { shown } = useBoardPages(rows, update?.updatedAt, props);
  if (!data && fetching) return <Loading />;
  if (!formation) return error?.networkError ? <Loading /> : <NotFound what="formation" detail={id} />;
  return (
    <section className="board" data-testid="ranking-board">
      <h2 className="board-title">
        {formation.jobTitle} · {formation.serviceUnit?.name ?? formation.region.name} · {t.columns.quota} {formatCount(formation.quota)}
      </h2>
      {rows.length === 0 ? (
        <p className="notice">{update ? t.formation.noScores : t.loading}</p>
      ) : (
        <table className="board-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col" />
              <th scope="col">{t.formation.participant}</th>
              <th scope="col">{t.formation.name}</th>
              <th scope="col" className="number">{t.formation.total}</th>
              <th scope="col">{t.formation.result}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.participantNumber} data-testid="ranking-row">
                <td>{r.rank}</td>
                <td>
                  <Movement movement={r.movement} />
                </td>
                <td className="code">{r.participantNumber}</td>
                <td>{r.displayName}</td>
                <td className="number total">{r.total}</td>
                <td>
                  <ResultBadge code={r.resultCode} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {update && (
        <p className="board-page">
          {formatCount(update.totalCount)} {t.formation.participants}
          {update.cutRank != null && ` · ${t.formation.cut} ${formatCount(update.cutRank)}`}
        </p>
      )}
    </section>
  );
}
