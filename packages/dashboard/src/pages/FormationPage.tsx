import { FinalRankingDocument, FormationDocument, RankingUpdatedDocument } from '@pantau/schema';
import { useQuery, useSubscription } from 'urql';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { Movement, ResultBadge, type RankingRow } from '../components/ranking.tsx';
import { LiveBadge, Loading, LoadError, NotFound } from '../components/States.tsx';
import { formatCount, formatScore, useI18n, usePageTitle } from '../i18n.ts';
import { href } from '../router.ts';

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
  if (!data && error) return error.networkError ? <LoadError message={error.message} /> : <NotFound what="formation" detail={id} />;
  if (!data && fetching) return <Loading />;
  const formation = data?.formation;
  if (!formation) return <NotFound what="formation" detail={id} />;
  const update = live.data?.rankingUpdated;
  const rows: RankingRow[] = update?.top ?? [];
  const columns: Column<RankingRow>[] = [
    { key: 'rank', header: f.rank, cell: (r) => formatCount(r.rank), csv: (r) => r.rank, numeric: true },
    { key: 'move', header: f.movement, cell: (r) => <Movement movement={r.movement} />, csv: (r) => r.movement },
    { key: 'number', header: f.participant, cell: (r) => <span className="code">{r.participantNumber}</span>, csv: (r) => r.participantNumber },
    { key: 'name', header: f.name, cell: (r) => r.displayName, csv: (r) => r.displayName },
    { key: 'twk', header: 'TWK', cell: (r) => formatCount(r.twk), csv: (r) => r.twk, numeric: true },
    { key: 'tiu', header: 'TIU', cell: (r) => formatCount(r.tiu), csv: (r) => r.tiu, numeric: true },
    { key: 'tkp', header: 'TKP', cell: (r) => formatCount(r.tkp), csv: (r) => r.tkp, numeric: true },
    { key: 'total', header: f.total, cell: (r) => <strong>{formatCount(r.total)}</strong>, csv: (r) => r.total, numeric: true },
    { key: 'code', header: f.result, cell: (r) => <ResultBadge code={r.resultCode} />, csv: (r) => t.formation.resultCodes[r.resultCode] },
  ];
  const finalRows: FinalRow[] = finals.data?.ranking.edges.map((e) => e.node) ?? [];
  const finalColumns: Column<FinalRow>[] = [
    { key: 'rank', header: f.rank, cell: (r) => formatCount(r.rank), csv: (r) => r.rank, numeric: true },
    { key: 'number', header: f.participant, cell: (r) => <span className="code">{r.participantNumber}</span>, csv: (r) => r.participantNumber },
    { key: 'name', header: f.name, cell: (r) => r.displayName, csv: (r) => r.displayName },
    { key: 'total', header: f.total, cell: (r) => formatCount(r.total), csv: (r) => r.total, numeric: true },
    { key: 'skb', header: f.skb, cell: (r) => formatScore(r.skb), csv: (r) => r.skb, numeric: true },
    { key: 'final', header: f.finalScore, cell: (r) => <strong>{formatScore(r.final)}</strong>, csv: (r) => r.final, numeric: true },
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
        <LiveBadge updatedAt={update?.updatedAt} />
        {update && (
          <span className="muted">
            {formatCount(update.totalCount)} {f.participants}
            {update.cutRank != null && (
              <>
                {' · '}
                {f.cut} {formatCount(update.cutRank)}
              </>
            )}
          </span>
        )}
      </div>
      <DataTable title={f.liveRanking} fileName={`peringkat-${formation.code}`} columns={columns} rows={rows} rowKey={(r) => r.participantNumber} testId="live-ranking" empty={live.data ? f.noScores : t.loading} />
      <DataTable title={f.finalRanking} fileName={`peringkat-akhir-${formation.code}`} columns={finalColumns} rows={finalRows} rowKey={(r) => r.participantNumber} testId="final-ranking" />
      <p className="muted small">{f.resultLegend}</p>
    </>
  );
}
