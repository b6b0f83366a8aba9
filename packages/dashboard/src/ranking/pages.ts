/**
 * Whole rankings, not only the live top 20: a formation's ranking one page at a time (forward and
 * back along the server's cursors), every entry for a CSV or a search, and the search itself by
 * the masked participant number the public sees.
 */
import { RankingDocument, type RankingEntryFieldsFragment, type RankingStage } from '@pantau/schema';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { useRefetchOn } from '../live/refetch.ts';

export type RankingEntry = RankingEntryFieldsFragment;

/** The server's largest page: the fewest requests for a whole ranking. */
const WHOLE_PAGE = 100;

export interface RankingPages {
  entries: RankingEntry[];
  /** 0-based. */
  page: number;
  pages: number;
  totalCount: number;
  cutRank: number | null;
  loading: boolean;
  goTo: (page: number) => void;
}

/**
 * One page of a formation's ranking (SKD, or FINAL: SKD and SKB integrated after optimalisasi).
 * Pages are reached through the cursors of the pages before (kept as they arrive), so moving
 * forward one page at a time or back to any page seen works; `refresh` changing (a live update's
 * sequence) fetches the page again.
 */
export function useRankingPages(formationId: string, pageSize: number, refresh: unknown, pause = false, stage: RankingStage = 'SKD'): RankingPages {
  const [page, setPage] = useState(0);
  const cursors = useRef<Array<string | null>>([null]);
  const [result, reexecute] = useQuery({
    query: RankingDocument,
    variables: { formationId, stage, first: pageSize, after: cursors.current[page] ?? null },
    pause,
  });
  const connection = result.data?.ranking;
  if (connection?.pageInfo.endCursor && !result.stale) cursors.current[page + 1] = connection.pageInfo.endCursor;
  useRefetchOn(refresh, reexecute);
  const totalCount = connection?.totalCount ?? 0;
  const pages = Math.max(1, Math.ceil(totalCount / pageSize));
  const goTo = useCallback((next: number) => setPage((current) => (next >= 0 && next < cursors.current.length && next !== current ? next : current)), []);
  return {
    entries: connection?.edges.map((e) => e.node) ?? [],
    page,
    pages,
    totalCount,
    cutRank: connection?.cutRank ?? null,
    loading: result.fetching && !connection,
    goTo,
  };
}

/** Every entry of a formation's ranking (SKD or FINAL), fetched page by page on demand (for a CSV or a search). */
export function useWholeRanking(formationId: string, stage: RankingStage = 'SKD'): () => Promise<RankingEntry[]> {
  const client = useClient();
  return useCallback(async () => {
    const all: RankingEntry[] = [];
    let after: string | null = null;
    for (;;) {
      const { data, error } = await client
        .query(RankingDocument, { formationId, stage, first: WHOLE_PAGE, after }, { requestPolicy: 'network-only' })
        .toPromise();
      if (error || !data) throw error ?? new Error('ranking unavailable');
      all.push(...data.ranking.edges.map((e) => e.node));
      if (!data.ranking.pageInfo.hasNextPage || !data.ranking.pageInfo.endCursor) return all;
      after = data.ranking.pageInfo.endCursor;
    }
  }, [client, formationId, stage]);
}

/**
 * The whole ranking while `enabled` (a search is open), fetched again when `refresh` changes (a
 * live update's sequence); null until it arrives or while disabled.
 */
export function useWholeRankingWhile(formationId: string, enabled: boolean, refresh: unknown, stage: RankingStage = 'SKD'): RankingEntry[] | null {
  const whole = useWholeRanking(formationId, stage);
  const [all, setAll] = useState<RankingEntry[] | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `refresh` (a live update's sequence) is the cue to fetch again
  useEffect(() => {
    if (!enabled) {
      setAll(null);
      return;
    }
    let cancelled = false;
    // A failed fetch keeps what was shown; the next live update tries again.
    void whole().then(
      (entries) => !cancelled && setAll(entries),
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [whole, enabled, refresh]);
  return all;
}

/**
 * Entries whose masked participant number matches what was typed: the digits in order, stars
 * standing for hidden digits ("0001", "2415", "2415****0001" all find 2415****0001).
 */
export function matchParticipant<E extends { participantNumber: string }>(entries: readonly E[], typed: string): E[] {
  const matches = participantMatcher(typed);
  return matches ? entries.filter((e) => matches(e.participantNumber)) : [...entries];
}

/** The test `matchParticipant` applies to one masked number; null when nothing searchable was typed. */
export function participantMatcher(typed: string): ((participantNumber: string) => boolean) | null {
  const wanted = typed.replace(/[^0-9*]/g, '');
  if (!wanted) return null;
  const digits = wanted.replace(/\*/g, '');
  return (participantNumber) => participantNumber.includes(wanted) || participantNumber.replace(/\*/g, '').includes(digits);
}
