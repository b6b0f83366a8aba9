import { describe, expect, it } from 'vitest';
import { matchParticipant, participantMatcher } from './pages.ts';

describe('matchParticipant', () => {
  const entries = ['2415****0001', '2415****0012', '3371****0001'].map((participantNumber) => ({ participantNumber }));
  it('finds masked numbers by their visible digits, with or without the stars', () => {
    expect(matchParticipant(entries, '0001').map((e) => e.participantNumber)).toEqual(['2415****0001', '3371****0001']);
    expect(matchParticipant(entries, '2415****0012').map((e) => e.participantNumber)).toEqual(['2415****0012']);
    expect(matchParticipant(entries, ' 3371 ').map((e) => e.participantNumber)).toEqual(['3371****0001']);
    expect(matchParticipant(entries, '')).toHaveLength(3);
    expect(matchParticipant(entries, '9999')).toEqual([]);
  });
});

describe('participantMatcher', () => {
  it('is null when nothing searchable was given (a screen without ?cari= highlights nothing), else the same test', () => {
    expect(participantMatcher('')).toBeNull();
    expect(participantMatcher(' abc ')).toBeNull();
    const matches = participantMatcher('0012')!;
    expect(matches('2415****0012')).toBe(true);
    expect(matches('2415****0001')).toBe(false);
  });
});
