import { FinalRankingDocument, FormationDocument, RankingUpdatedDocument } from '@pantau/schema';
import { useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { Movement, ResultBadge, type RankingRow } from '../components/ranking.tsx';
import { LiveBadge, Loading, LoadError, NotFound } from '../components/States.tsx';
import { formatCount, formatScore, useI18n, usePageTitle } from '../i18n.ts';
import { matchParticipant, participantMatcher, useRankingPages, useWholeRanking, useWholeRankingWhile } from '../ranking/pages.ts';
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
export function ParticipantSearch({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useI18n();
  return (
    <label className="search">
      <span>{t.paging.search}</span>
      <input type="search" inputMode="numeric" value={value} placeholder={t.paging.searchHint} onChange={(e) => onChange(e.target.value)} data-testid="participant-search" />
    </label>
  );
}

type FinalRow = { rank: number; participantNumber: string; displayName: string; total: number; skb: number | null; final: number | null; resultCode: RankingRow['resultCode'] };

/** Formasi: the formation and its live SKD ranking (result codes, movement), then its final ranking. */
export function FormationPage({ id }: { id: string }) {
  const { t } = useI18n();
  const f = t.formation;
  const [{ data, error, fetching }] = useQuery({ query: FormationDocument, variables: { id } });
  const paused = !data?.formation;
  const [live] = useSubscription({ query: RankingUpdatedDocument, variables: { formationId: id }, pause: paused });
  usePageTitle(data?.formation ? `${data.formation.jobTitle} ${data.formation.code}` : null, t.formation.liveRanking);
  const [finals] = useQuery({ query: FinalRankingDocument, variables: { formationId: id, first: 100 }, pause: paused });
  const update = live.data?.rankingUpdated;
  const ranking = useRankingPages(id, PAGE_SIZE, update?.sequence, paused);
  const whole = useWholeRanking(id);
  const [typed, setTyped] = useState('');
  const searching = participantMatcher(typed) !== null;
  const all = useWholeRankingWhile(id, searching, update?.sequence);
  const found = searching && all ? matchParticipant(all, typed) : null;
  if (!data && error) return error.networkError ? <LoadError message={error.message} /> : <NotFound what="formation" detail={id} />;
  if (!data && fetching) return <Loading />;
  const formation = data?.formation;
  if (!formation) return <NotFound what="formation" detail={id} />;
  const rows: RankingRow[] = found ?? ranking.entries;
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
  const finalRows: FinalRow[] = finals.data?.ranking.edges.map((e) => e.node) ?? [];
  const finalColumns: Column<FinalRow>[] = [
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
          {formation.agency.name} · {formation.serviceUnit?.name ?? formation.region.name} · {formation.educationLevel} · {t.columns.quota} {formatCount(formation.quota)} ·{' '}
          {t.columns.applicants} {formatCount(formation.applicantCount)} ·{' '}
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
        rows={rows}
        rowKey={(r) => r.participantNumber}
        testId="live-ranking"
        empty={found ? t.paging.noMatch : ranking.loading ? t.loading : f.noScores}
        allRows={whole}
      >
        <div className="table-tools">
          <ParticipantSearch value={typed} onChange={setTyped} />
          {!found && <Pager page={ranking.page} pages={ranking.pages} onPage={ranking.goTo} testId="ranking-pager" />}
        </div>
      </DataTable>
      <DataTable title={f.finalRanking} fileName={`peringkat-akhir-${formation.code}`} columns={finalColumns} rows={finalRows} rowKey={(r) => r.participantNumber} testId="final-ranking" />
      <p className="muted small">{f.resultLegend}</p>
    </>
  );
}
