import { FormationDocument, RankingUpdatedDocument, type RankingStage } from '@pantau/schema';
import { useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { Movement, ResultBadge, type RankingRow } from '../components/ranking.tsx';
import { LiveBadge, Loading, LoadError, NotFound } from '../components/States.tsx';
import { formatCount, formatScore, useI18n, usePageTitle } from '../i18n.ts';
import { matchParticipant, participantMatcher, useRankingPages, useWholeRanking, useWholeRankingWhile, type RankingEntry } from '../ranking/pages.ts';
import { href } from '../router.ts';

/** Rows per page of the live ranking on the formation page. */
const PAGE_SIZE = 25;

/** Previous/next through a paged table, saying where one is ("Halaman 2 dari 3"). */
export function Pager({ page, pages, onPage, testId }: { page: number; pages: number; onPage: (page: number) => void; testId?: string }) {
  const { t } = useI18n();
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={t.paging.page} data-testid={testId}>
      <button type="button" className="button-secondary" onClick={() => onPage(page - 1)} disabled={page === 0}>
        {t.paging.previous}
      </button>
      <span aria-live="polite">
        {t.paging.page} {formatCount(page + 1)} {t.paging.of} {formatCount(pages)}
      </span>
      <button type="button" className="button-secondary" onClick={() => onPage(page + 1)} disabled={page + 1 >= pages}>
        {t.paging.next}
      </button>
    </nav>
  );
}

/** A search box for a masked participant number: the whole ranking is searched, not the page shown. */
export function ParticipantSearch({ value, onChange, testId = 'participant-search' }: { value: string; onChange: (value: string) => void; testId?: string }) {
  const { t } = useI18n();
  return (
    <label className="search">
      <span>{t.paging.search}</span>
      <input
        type="search"
        inputMode="numeric"
        value={value}
        placeholder={t.paging.searchHint}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      />
    </label>
  );
}

/**
 * One of the formation's rankings as its table shows it: a page at a time, or with a search typed
 * every row of the whole ranking matching it; `whole` fetches all of it for the CSV.
 */
function useSearchableRanking(id: string, stage: RankingStage, refresh: unknown, paused: boolean) {
  const ranking = useRankingPages(id, PAGE_SIZE, refresh, paused, stage);
  const whole = useWholeRanking(id, stage);
  const [typed, setTyped] = useState('');
  const searching = participantMatcher(typed) !== null;
  const all = useWholeRankingWhile(id, searching, refresh, stage);
  const found: RankingEntry[] | null = searching && all ? matchParticipant(all, typed) : null;
  return { ranking, whole, typed, setTyped, found, rows: found ?? ranking.entries };
}

/** The search box and pager above a ranking table (the pager hidden while a search shows its matches). */
function RankingTools({ view, searchTestId, pagerTestId }: { view: ReturnType<typeof useSearchableRanking>; searchTestId: string; pagerTestId: string }) {
  return (
    <div className="table-tools">
      <ParticipantSearch value={view.typed} onChange={view.setTyped} testId={searchTestId} />
      {!view.found && <Pager page={view.ranking.page} pages={view.ranking.pages} onPage={view.ranking.goTo} testId={pagerTestId} />}
    </div>
  );
}

/** Formasi: the formation and its live SKD ranking (result codes, movement), then its final ranking. */
export function FormationPage({ id }: { id: string }) {
  const { t } = useI18n();
  const f = t.formation;
  const [{ data, error, fetching }] = useQuery({ query: FormationDocument, variables: { id } });
  const paused = !data?.formation;
  const [live] = useSubscription({ query: RankingUpdatedDocument, variables: { formationId: id }, pause: paused });
  usePageTitle(data?.formation ? `${data.formation.jobTitle} ${data.formation.code}` : null, t.formation.liveRanking);
  const update = live.data?.rankingUpdated;
  const skd = useSearchableRanking(id, 'SKD', update?.sequence, paused);
  // SKB results move the final ranking; the live push (SKD scores, corrections) is the cue to fetch it again.
  const finals = useSearchableRanking(id, 'FINAL', update?.sequence, paused);
  const ranking = skd.ranking;
  if (!data && error) return error.networkError ? <LoadError message={error.message} /> : <NotFound what="formation" detail={id} />;
  if (!data && fetching) return <Loading />;
  const formation = data?.formation;
  if (!formation) return <NotFound what="formation" detail={id} />;
  const columns: Column<RankingRow>[] = [
    { key: 'rank', header: f.rank, cell: (r) => formatCount(r.rank), csv: (r) => r.rank, numeric: true },
    { key: 'move', header: f.movement, cell: (r) => <Movement movement={r.movement} />, csv: (r) => r.movement, detail: true },
    { key: 'number', header: f.participant, cell: (r) => <span className="code">{r.participantNumber}</span>, csv: (r) => r.participantNumber },
    { key: 'name', header: f.name, cell: (r) => r.displayName, csv: (r) => r.displayName, detail: true },
    { key: 'twk', header: 'TWK', cell: (r) => formatCount(r.twk), csv: (r) => r.twk, numeric: true, detail: true },
    { key: 'tiu', header: 'TIU', cell: (r) => formatCount(r.tiu), csv: (r) => r.tiu, numeric: true, detail: true },
    { key: 'tkp', header: 'TKP', cell: (r) => formatCount(r.tkp), csv: (r) => r.tkp, numeric: true, detail: true },
    { key: 'total', header: f.total, cell: (r) => <strong>{formatCount(r.total)}</strong>, csv: (r) => r.total, numeric: true },
    { key: 'code', header: f.result, cell: (r) => <ResultBadge code={r.resultCode} />, csv: (r) => t.formation.resultCodes[r.resultCode] },
  ];
  const finalColumns: Column<RankingRow>[] = [
    { key: 'rank', header: f.rank, cell: (r) => formatCount(r.rank), csv: (r) => r.rank, numeric: true },
    { key: 'number', header: f.participant, cell: (r) => <span className="code">{r.participantNumber}</span>, csv: (r) => r.participantNumber },
    { key: 'name', header: f.name, cell: (r) => r.displayName, csv: (r) => r.displayName, detail: true },
    { key: 'total', header: f.total, cell: (r) => formatCount(r.total), csv: (r) => r.total, numeric: true, detail: true },
    { key: 'skb', header: f.skb, cell: (r) => formatScore(r.skb), csv: (r) => r.skb, numeric: true, digits: 2, raw: true, detail: true },
    { key: 'final', header: f.finalScore, cell: (r) => <strong>{formatScore(r.final)}</strong>, csv: (r) => r.final, numeric: true, digits: 2, raw: true },
    { key: 'code', header: f.result, cell: (r) => <ResultBadge code={r.resultCode} />, csv: (r) => t.formation.resultCodes[r.resultCode] },
  ];
  return (
    <>
      <div className="page-title">
        <h2 data-testid="formation-title">
          {formation.jobTitle} <small className="muted">{formation.code}</small>
        </h2>
        <p className="muted">
          {formation.agency.name} · {formation.serviceUnit?.name ?? formation.region.name} · {formation.educationLevel} · {t.columns.quota}{' '}
          {formatCount(formation.quota)} · {t.columns.applicants} {formatCount(formation.applicantCount)} ·{' '}
          <a href={href({ page: 'screen', mode: 'formasi', key: id, params: new URLSearchParams() })}>{f.publicScreen}</a>
        </p>
      </div>
      <div className="toolbar">
        {/* Rankings carry no time of their own: the badge says whether they are live, not a push time. */}
        <LiveBadge updatedAt={null} />
        {ranking.totalCount > 0 && (
          <span className="muted" data-testid="ranking-count">
            {formatCount(ranking.totalCount)} {f.participants}
            {ranking.cutRank != null && (
              <>
                {' · '}
                {f.cut} {formatCount(ranking.cutRank)}
              </>
            )}
          </span>
        )}
      </div>
      <DataTable
        title={f.liveRanking}
        fileName={`peringkat-${formation.code}`}
        columns={columns}
        rows={skd.rows}
        rowKey={(r) => r.participantNumber}
        testId="live-ranking"
        empty={skd.found ? t.paging.noMatch : ranking.loading ? t.loading : f.noScores}
        allRows={skd.whole}
      >
        <RankingTools view={skd} searchTestId="participant-search" pagerTestId="ranking-pager" />
      </DataTable>
      <DataTable
        title={f.finalRanking}
        fileName={`peringkat-akhir-${formation.code}`}
        columns={finalColumns}
        rows={finals.rows}
        rowKey={(r) => r.participantNumber}
        testId="final-ranking"
        empty={finals.found ? t.paging.noMatch : finals.ranking.loading ? t.loading : undefined}
        allRows={finals.whole}
      >
        {finals.ranking.totalCount > 0 && <RankingTools view={finals} searchTestId="final-search" pagerTestId="final-pager" />}
      </DataTable>
      <p className="muted small">{f.resultLegend}</p>
    </>
  );
}
