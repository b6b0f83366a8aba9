/** What a public screen shows and in which order: pure, so the rules are tested without a browser. */
import { useEffect, useRef, useState } from 'react';

export interface ScreenSession {
  id: string;
  date: string;
  number: number;
  status: 'SCHEDULED' | 'RUNNING' | 'CLOSED';
}

/** Today's date (YYYY-MM-DD) on Western Indonesia Time, where the sites are. */
export function todayInWib(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(now);
}

/**
 * The sessions a site's screen rotates through: those running now; else today's; else the last
 * day that had sessions; else the next day that will. In date and session order.
 */
export function sessionsToShow<S extends ScreenSession>(sessions: readonly S[], today: string): S[] {
  const ordered = [...sessions].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.number - b.number));
  const running = ordered.filter((s) => s.status === 'RUNNING');
  if (running.length) return running;
  const todays = ordered.filter((s) => s.date === today);
  if (todays.length) return todays;
  const past = ordered.filter((s) => s.date < today);
  const day = past.length ? past[past.length - 1]!.date : ordered[0]?.date;
  return ordered.filter((s) => s.date === day);
}

export interface LiveScore {
  participantNumber: string;
  displayName: string;
  twk: number | null;
  tiu: number | null;
  tkp: number | null;
  total: number | null;
  final: boolean;
  absent: boolean;
  disqualified: boolean;
  formationType: string;
  skb: number | null;
  corrected: boolean;
}

const skdKey = (s: LiveScore) => [s.total ?? -1, s.tkp ?? -1, s.tiu ?? -1, s.twk ?? -1];
const skbKey = (s: LiveScore) => [s.skb ?? -1, s.total ?? -1];

/**
 * A session's seats in screen order: scored seats by total, then TKP, TIU, TWK (the ranking's
 * keys) in an SKD session, by SKB score then SKD total in an SKB session; then seats without a
 * score yet, then absent, then disqualified; participant number inside a tie. Ranks count scored
 * seats only (1, 2, 2, 4 on ties).
 */
export function orderScores(scores: readonly LiveScore[], stage: 'SKD' | 'SKB' = 'SKD'): Array<LiveScore & { rank: number | null }> {
  const rankKey = stage === 'SKB' ? skbKey : skdKey;
  const scored = (s: LiveScore) => (stage === 'SKB' ? s.skb != null : s.total != null);
  const group = (s: LiveScore) => (s.disqualified ? 3 : s.absent ? 2 : !scored(s) ? 1 : 0);
  const sorted = [...scores].sort((a, b) => {
    const g = group(a) - group(b);
    if (g) return g;
    const ka = rankKey(a);
    const kb = rankKey(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i]! - ka[i]!;
    return a.participantNumber < b.participantNumber ? -1 : 1;
  });
  let rank = 0;
  return sorted.map((s, i) => {
    if (group(s) !== 0) return { ...s, rank: null };
    const prev = sorted[i - 1];
    if (!prev || group(prev) !== 0 || rankKey(prev).some((v, k) => v !== rankKey(s)[k])) rank = i + 1;
    return { ...s, rank };
  });
}

/** Places gained (+) or lost (-) since the previous order; null for a seat newly ranked. */
export function movementSince(previous: ReadonlyMap<string, number>, participantNumber: string, rank: number | null): number | null {
  const before = previous.get(participantNumber);
  return rank == null || before === undefined ? null : before - rank;
}

/**
 * The pages a board rotates through (0-based): all of them; with a search (`?cari=`), only the
 * pages holding a matching row, or the first page alone when none does, so a region screen
 * moves on quickly to the formations where the participant is.
 */
export function pagesToVisit(rowCount: number, rowsPerPage: number, matching: readonly number[] | null): number[] {
  const pages = Math.max(1, Math.ceil(rowCount / rowsPerPage));
  if (!matching) return Array.from({ length: pages }, (_, i) => i);
  const hit = [...new Set(matching.map((i) => Math.floor(i / rowsPerPage)))].sort((a, b) => a - b);
  return hit.length ? hit : [0];
}

/** Moves through `length` items every `seconds`, calling `onWrap` each time it comes back to the first. */
export function useRotation(length: number, seconds: number, onWrap?: () => void): number {
  const [index, setIndex] = useState(0);
  const current = useRef(0);
  const wrap = useRef(onWrap);
  wrap.current = onWrap;
  useEffect(() => {
    current.current = 0;
    setIndex(0);
    const timer = setInterval(() => {
      const next = current.current + 1 >= length ? 0 : current.current + 1;
      current.current = next;
      setIndex(next);
      if (next === 0) wrap.current?.();
    }, seconds * 1000);
    return () => clearInterval(timer);
  }, [length, seconds]);
  return Math.min(index, Math.max(0, length - 1));
}
