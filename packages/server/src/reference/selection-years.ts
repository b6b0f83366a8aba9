/**
 * Selection years as officials run them: an ADMIN creates a year with the days of its phases and
 * a rule set copied from the year before, edits the rules while the year is PLANNED, then moves
 * it forward phase by phase. Registration is open over the REGISTRATION days, from 00:00 to
 * 23:59:59 Jakarta time (WIB), as SSCASN runs it nationally.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { formatCalendarDate, localInstant } from '../domain/calendar.js';
import { movesForward, scheduleProblem, type PhaseDays, type SelectionPhaseName } from '../domain/phases.js';
import { FORMATION_TYPES, parseRuleSet, RULES_2024, RuleSetError, type FormationTypeName, type RuleSet, type Threshold } from '../domain/rules.js';
import type { StaffingNorm } from '../domain/needs.js';
import { InputError } from '../errors.js';
import type { Publisher } from '../events/publisher.js';

/** Every instance's catalogue drops its selection years (see reference/catalogue.ts). */
function announce(events: Publisher) {
  events.publish('referenceChanged', { tables: ['selectionYear'] });
}

/** The instants registration opens and closes: the first and last REGISTRATION day in WIB. */
function registrationWindow(schedule: readonly PhaseDays[]) {
  const registration = schedule.find((p) => p.phase === 'REGISTRATION')!;
  return {
    registrationOpensAt: localInstant(formatCalendarDate(registration.startsOn), '00:00', 'WIB')!,
    registrationClosesAt: new Date(localInstant(formatCalendarDate(registration.endsOn), '23:59', 'WIB')!.getTime() + 59_000),
  };
}

function checkSchedule(schedule: readonly PhaseDays[]) {
  const problem = scheduleProblem(schedule);
  if (problem) throw new InputError(problem.field, problem.reason);
}

/**
 * Creates a selection year in PLANNED with its schedule and the rule set of the latest earlier
 * year (or of `copyRulesFrom`), its `year` set to the new one.
 */
export async function createSelectionYear(
  prisma: PrismaClient,
  events: Publisher,
  input: { year: number; name: string; schedule: PhaseDays[]; copyRulesFrom?: number | null },
) {
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) throw new InputError('year', 'must be a year between 2000 and 2100');
  const name = input.name.trim();
  if (name.length < 3 || name.length > 120) throw new InputError('name', 'must be 3-120 characters');
  checkSchedule(input.schedule);
  if (await prisma.selectionYear.findUnique({ where: { year: input.year }, select: { id: true } }))
    throw new InputError('year', `selection year ${input.year} already exists`);
  const source =
    input.copyRulesFrom != null
      ? await prisma.selectionYear.findUnique({ where: { year: input.copyRulesFrom }, select: { rules: true } })
      : await prisma.selectionYear.findFirst({ where: { year: { lt: input.year } }, orderBy: { year: 'desc' }, select: { rules: true } });
  if (input.copyRulesFrom != null && !source) throw new InputError('copyRulesFrom', `no selection year ${input.copyRulesFrom}`);
  // The very first year on a fresh platform starts from the CPNS 2024 rules (RULES.md).
  const rules: RuleSet = { ...(source ? parseRuleSet(source.rules) : RULES_2024), year: input.year };
  const created = await prisma.selectionYear.create({
    data: {
      year: input.year,
      name,
      rules: rules as unknown as Prisma.InputJsonValue,
      ...registrationWindow(input.schedule),
      schedule: { create: input.schedule.map((p) => ({ phase: p.phase, startsOn: p.startsOn, endsOn: p.endsOn })) },
    },
  });
  announce(events);
  return created;
}

async function plannedYear(prisma: PrismaClient, year: number) {
  const found = await prisma.selectionYear.findUnique({ where: { year } });
  if (!found) throw new InputError('year', `no selection year ${year}`);
  if (found.phase !== 'PLANNED')
    throw new InputError('year', `selection year ${year} is in ${found.phase}; rules and schedule are fixed once registration opens`);
  return found;
}

/** Replaces the schedule of a year that has not opened yet. */
export async function rescheduleSelectionYear(prisma: PrismaClient, events: Publisher, input: { year: number; schedule: PhaseDays[] }) {
  const year = await plannedYear(prisma, input.year);
  checkSchedule(input.schedule);
  const updated = await prisma.$transaction(async (tx) => {
    await tx.selectionSchedule.deleteMany({ where: { selectionYearId: year.id } });
    await tx.selectionSchedule.createMany({
      data: input.schedule.map((p) => ({ selectionYearId: year.id, phase: p.phase, startsOn: p.startsOn, endsOn: p.endsOn })),
    });
    return tx.selectionYear.update({ where: { id: year.id }, data: registrationWindow(input.schedule) });
  });
  announce(events);
  return updated;
}

/** Changes to a rule set; what is left out stays as copied. */
export interface RuleChanges {
  thresholds?: Array<{ formationType: FormationTypeName } & Threshold> | null;
  finalWeights?: { skd: number; skb: number } | null;
  skbComponents?: Array<{ name: string; weight: number }> | null;
  skbCutMultiplier?: number | null;
  appealWindowDays?: number | null;
  cumlaudeMinGpa?: number | null;
  staffingNorms?: Array<{ jobTitle: string } & StaffingNorm> | null;
  /** Required documents replaced per formation type named. */
  documents?: Array<{ formationType: FormationTypeName; documents: string[] }> | null;
}

/** Edits the rule set of a PLANNED year; the result must pass the same check scoring uses. */
export async function updateSelectionRules(prisma: PrismaClient, events: Publisher, year: number, changes: RuleChanges) {
  const found = await plannedYear(prisma, year);
  const before = parseRuleSet(found.rules);
  const thresholds = { ...before.thresholds };
  for (const t of changes.thresholds ?? []) {
    if (!FORMATION_TYPES.includes(t.formationType)) throw new InputError('rules.thresholds', `unknown formation type ${t.formationType}`);
    const { formationType, ...minimums } = t;
    thresholds[formationType] = Object.fromEntries(Object.entries(minimums).filter(([, v]) => v != null)) as Threshold;
  }
  const staffingNorms = { ...before.staffingNorms };
  for (const { jobTitle, ...norm } of changes.staffingNorms ?? []) {
    staffingNorms[jobTitle.trim()] = Object.fromEntries(Object.entries(norm).filter(([, v]) => v != null)) as StaffingNorm;
  }
  const documents = { ...before.documents };
  for (const d of changes.documents ?? []) {
    if (!FORMATION_TYPES.includes(d.formationType)) throw new InputError('rules.documents', `unknown formation type ${d.formationType}`);
    documents[d.formationType] = d.documents;
  }
  const after = {
    ...before,
    thresholds,
    staffingNorms,
    documents,
    ...(changes.finalWeights ? { finalWeights: changes.finalWeights } : {}),
    ...(changes.skbComponents ? { skb: { components: Object.fromEntries(changes.skbComponents.map((c) => [c.name, c.weight])) } } : {}),
    ...(changes.skbCutMultiplier != null ? { skbCutMultiplier: changes.skbCutMultiplier } : {}),
    ...(changes.appealWindowDays != null ? { appealWindowDays: changes.appealWindowDays } : {}),
    ...(changes.cumlaudeMinGpa != null ? { cumlaudeMinGpa: changes.cumlaudeMinGpa } : {}),
  };
  try {
    parseRuleSet(after);
  } catch (err) {
    if (err instanceof RuleSetError) throw new InputError(`rules.${err.path}`, err.message);
    throw err;
  }
  await prisma.selectionYear.update({ where: { id: found.id }, data: { rules: after as unknown as Prisma.InputJsonValue } });
  announce(events);
  return { id: found.id, before, after };
}

/**
 * Moves a year to a later phase (skipping is allowed, going back is not); returns the phase it
 * left. Moving past REGISTRATION closes registration now if its last day has not come yet, so
 * verification and announcements can follow at once.
 */
export async function advanceSelectionPhase(prisma: PrismaClient, events: Publisher, year: number, to: SelectionPhaseName, now = new Date()) {
  const moved = await prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ id: number; phase: SelectionPhaseName; opensAt: Date; closesAt: Date }>>`
      select "id", "phase"::text as "phase", "registrationOpensAt" as "opensAt", "registrationClosesAt" as "closesAt"
      from "SelectionYear" where "year" = ${year} for update`;
    if (!row) throw new InputError('year', `no selection year ${year}`);
    if (!movesForward(row.phase, to)) throw new InputError('phase', `selection year ${year} is in ${row.phase}; phases move forward only`);
    const closesRegistration = movesForward('REGISTRATION', to) && new Date(row.closesAt) > now;
    await tx.selectionYear.update({
      where: { id: row.id },
      data: {
        phase: to,
        ...(closesRegistration ? { registrationClosesAt: now, ...(new Date(row.opensAt) > now ? { registrationOpensAt: now } : {}) } : {}),
      },
    });
    return { id: row.id, from: row.phase, to };
  });
  announce(events);
  return moved;
}
