import { describe, expect, it } from 'vitest';
import { parseCalendarDate } from './calendar.js';
import { movesForward, SCHEDULED_PHASES, scheduleProblem, type PhaseDays } from './phases.js';

const day = (d: string) => parseCalendarDate(d)!;
const schedule2026: PhaseDays[] = SCHEDULED_PHASES.map((phase, i) => ({ phase, startsOn: day(`2026-0${i + 2}-01`), endsOn: day(`2026-0${i + 2}-20`) }));

describe('selection phases', () => {
  it('accepts a schedule with every phase in order', () => {
    expect(scheduleProblem(schedule2026)).toBeNull();
  });

  it('names the entry that is missing, doubled, inverted or overlapping, with its dates', () => {
    expect(scheduleProblem(schedule2026.slice(1))).toEqual({ field: 'schedule', reason: 'needs dates for REGISTRATION' });
    expect(scheduleProblem([...schedule2026, schedule2026[0]!])?.field).toBe('schedule[7].phase');
    const inverted = schedule2026.map((p, i) => (i === 2 ? { ...p, endsOn: day('2026-03-01') } : p));
    expect(scheduleProblem(inverted)).toEqual({ field: 'schedule[2].endsOn', reason: 'APPEAL ends on 2026-03-01, before it starts on 2026-04-01' });
    const overlapping = schedule2026.map((p, i) => (i === 1 ? { ...p, startsOn: day('2026-02-20') } : p));
    expect(scheduleProblem(overlapping)).toEqual({
      field: 'schedule[1].startsOn',
      reason: 'VERIFICATION starts on 2026-02-20, but REGISTRATION runs until 2026-02-20',
    });
  });

  it('moves forward only', () => {
    expect(movesForward('PLANNED', 'REGISTRATION')).toBe(true);
    expect(movesForward('PLANNED', 'SKD')).toBe(true);
    expect(movesForward('SKD', 'SKD')).toBe(false);
    expect(movesForward('SKB', 'APPEAL')).toBe(false);
  });
});
