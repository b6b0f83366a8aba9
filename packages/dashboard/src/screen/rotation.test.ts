import { describe, expect, it } from 'vitest';
import { movementSince, pagesToVisit, orderScores, sessionsToShow, todayInWib, type LiveScore } from './rotation.ts';

const s = (id: string, date: string, number: number, status: 'SCHEDULED' | 'RUNNING' | 'CLOSED' = 'SCHEDULED') => ({ id, date, number, status });

describe('sessionsToShow', () => {
  const sessions = [s('a', '2024-10-21', 2, 'CLOSED'), s('b', '2024-10-21', 1, 'CLOSED'), s('c', '2024-10-22', 1), s('d', '2024-10-25', 1)];
  it('shows running sessions first, else today, else the last day that had sessions, else the next', () => {
    expect(sessionsToShow([...sessions, s('e', '2024-10-22', 2, 'RUNNING')], '2024-10-22').map((x) => x.id)).toEqual(['e']);
    expect(sessionsToShow(sessions, '2024-10-22').map((x) => x.id)).toEqual(['c']);
    expect(sessionsToShow(sessions, '2024-10-23').map((x) => x.id)).toEqual(['c']);
    expect(sessionsToShow(sessions, '2024-10-21').map((x) => x.id)).toEqual(['b', 'a']);
    expect(sessionsToShow(sessions, '2024-10-01').map((x) => x.id)).toEqual(['b', 'a']);
    expect(sessionsToShow([], '2024-10-01')).toEqual([]);
  });

  it('knows the day on Western Indonesia Time', () => {
    expect(todayInWib(new Date('2024-10-21T18:30:00Z'))).toBe('2024-10-22');
  });
});

describe('orderScores', () => {
  const score = (n: string, total: number | null, extra: Partial<LiveScore> = {}): LiveScore => ({
    participantNumber: n,
    displayName: n,
    twk: total == null ? null : 100,
    tiu: total == null ? null : 100,
    tkp: total == null ? null : (total ?? 0) - 200,
    total,
    final: false,
    absent: false,
    disqualified: false,
    formationType: 'UMUM',
    skb: null,
    corrected: false,
    ...extra,
  });

  it('ranks an SKB session by SKB score, seats without one after', () => {
    const ordered = orderScores([score('1', 450, { skb: 70 }), score('2', 400, { skb: 81.5 }), score('3', 500)], 'SKB');
    expect(ordered.map((x) => [x.participantNumber, x.rank])).toEqual([
      ['2', 1],
      ['1', 2],
      ['3', null],
    ]);
  });

  it('ranks by score with shared ranks on ties, then unscored, absent and disqualified seats', () => {
    const ordered = orderScores([
      score('5', 400, { disqualified: true }),
      score('4', null, { absent: true }),
      score('3', null),
      score('2', 410),
      score('1', 420),
      score('0', 410),
    ]);
    expect(ordered.map((x) => [x.participantNumber, x.rank])).toEqual([
      ['1', 1],
      ['0', 2],
      ['2', 2],
      ['3', null],
      ['4', null],
      ['5', null],
    ]);
  });

  it('measures movement against the previous ranks', () => {
    const previous = new Map([
      ['a', 3],
      ['b', 1],
    ]);
    expect(movementSince(previous, 'a', 1)).toBe(2);
    expect(movementSince(previous, 'b', 2)).toBe(-1);
    expect(movementSince(previous, 'c', 4)).toBeNull();
  });
});

describe('pagesToVisit', () => {
  it('visits every page, or with a search only the pages holding a match, or the first page when nothing matches', () => {
    expect(pagesToVisit(25, 12, null)).toEqual([0, 1, 2]);
    expect(pagesToVisit(0, 12, null)).toEqual([0]);
    expect(pagesToVisit(25, 12, [24, 3, 13, 14])).toEqual([0, 1, 2]);
    expect(pagesToVisit(120, 12, [30, 31, 100])).toEqual([2, 8]);
    expect(pagesToVisit(120, 12, [])).toEqual([0]);
  });
});
