/**
 * The phases of a selection year (RULES.md): announced with their calendar days, each opening only
 * after the one before it has closed, and passed through forward only. Pure.
 */
import { formatCalendarDate } from './calendar.js';

/** Every phase in order; PLANNED before the first and CLOSED after the last carry no dates. */
export const SELECTION_PHASES = ['PLANNED', 'REGISTRATION', 'VERIFICATION', 'APPEAL', 'SKD', 'SKB', 'FINAL', 'APPOINTMENT', 'CLOSED'] as const;
export type SelectionPhaseName = (typeof SELECTION_PHASES)[number];

/** The phases a year's schedule must give days for. */
export const SCHEDULED_PHASES = SELECTION_PHASES.slice(1, -1) as readonly SelectionPhaseName[];

export interface PhaseDays {
  phase: SelectionPhaseName;
  startsOn: Date;
  endsOn: Date;
}

/** A problem with a schedule: the entry (`schedule[i]`) and why. */
export interface ScheduleProblem {
  field: string;
  reason: string;
}

/**
 * Checks a schedule: each scheduled phase exactly once, in order, each ending on or after its
 * start and starting after the previous phase ends. Returns the first problem, or null.
 */
export function scheduleProblem(schedule: readonly PhaseDays[]): ScheduleProblem | null {
  const seen = new Set<string>();
  for (const [i, entry] of schedule.entries()) {
    if (!SCHEDULED_PHASES.includes(entry.phase)) return { field: `schedule[${i}].phase`, reason: `${entry.phase} has no dates` };
    if (seen.has(entry.phase)) return { field: `schedule[${i}].phase`, reason: `${entry.phase} is listed twice` };
    seen.add(entry.phase);
    if (entry.endsOn < entry.startsOn) {
      return {
        field: `schedule[${i}].endsOn`,
        reason: `${entry.phase} ends on ${formatCalendarDate(entry.endsOn)}, before it starts on ${formatCalendarDate(entry.startsOn)}`,
      };
    }
  }
  const missing = SCHEDULED_PHASES.filter((p) => !seen.has(p));
  if (missing.length) return { field: 'schedule', reason: `needs dates for ${missing.join(', ')}` };
  const ordered = [...schedule].sort((a, b) => SELECTION_PHASES.indexOf(a.phase) - SELECTION_PHASES.indexOf(b.phase));
  for (let i = 1; i < ordered.length; i++) {
    const before = ordered[i - 1]!;
    const entry = ordered[i]!;
    if (entry.startsOn <= before.endsOn) {
      return {
        field: `schedule[${schedule.indexOf(entry)}].startsOn`,
        reason: `${entry.phase} starts on ${formatCalendarDate(entry.startsOn)}, but ${before.phase} runs until ${formatCalendarDate(before.endsOn)}`,
      };
    }
  }
  return null;
}

/** Whether a year may move from one phase to another: forward only, never back or in place. */
export function movesForward(from: SelectionPhaseName, to: SelectionPhaseName): boolean {
  return SELECTION_PHASES.indexOf(to) > SELECTION_PHASES.indexOf(from);
}
