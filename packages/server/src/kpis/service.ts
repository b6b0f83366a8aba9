/**
 * Recruitment KPIs of a region (and everything below it in the tree) for one selection year.
 * Application counts come from ApplicationTally (kept exact by the database), summed over the
 * region's formations in one grouped statement; exam-stage counts per formation come from the
 * rankings and are kept here between score events (ExamFacts), so a region with a million
 * applicants answers from a few hundred small rows. domain/kpis.ts turns the counts into KPIs.
 */
import { regionSubtree } from '../db/regions.js';
import type { EducationLevel, FormationType, Gender } from '../generated/prisma/enums.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import {
  byCompetition,
  competitionRatio,
  daysBetween,
  distribution,
  earliest,
  filledSeats,
  isUnfilled,
  rollUp,
  stageKpis,
  type FormationFacts,
  type RegionTotals,
  type StageKpi,
  type StageName,
} from '../domain/kpis.js';
import { parseRuleSet, type RuleSet } from '../domain/rules.js';
import { finalGroup, skbCutCount, type RankingSummaries } from '../exams/ranking.js';

/** What the ranking and SKB tables say about one formation; dropped when its scores change. */
interface ExamFacts {
  skdSat: number;
  skdAbsent: number;
  skdPassed: number;
  skdAdvanced: number;
  skdFirstAt: Date | null;
  skbSat: number;
  skbFirstAt: Date | null;
  selected: number;
  placed: number;
}

interface FormationRow {
  id: number;
  code: string;
  quota: number;
  type: FormationType;
  jobTitle: string;
  educationLevel: EducationLevel;
  agencyId: number;
  regionId: number;
  selectionYearId: number;
}

const groupKey = (f: Pick<FormationRow, 'agencyId' | 'jobTitle' | 'educationLevel' | 'selectionYearId'>) =>
  JSON.stringify([f.agencyId, f.jobTitle, f.educationLevel, f.selectionYearId]);

/**
 * Exam facts by formation. A change in one formation drops it and its optimalisasi siblings
 * (same agency, job and education), whose fill depends on each other's finalists.
 */
export class ExamFactsCache {
  private readonly facts = new Map<number, ExamFacts>();
  private readonly groupOf = new Map<number, string>();
  private readonly members = new Map<string, Set<number>>();

  remember(formations: readonly FormationRow[]): void {
    for (const f of formations) {
      const key = groupKey(f);
      this.groupOf.set(f.id, key);
      let set = this.members.get(key);
      if (!set) {
        set = new Set();
        this.members.set(key, set);
      }
      set.add(f.id);
    }
  }

  /** The formations whose facts a change in these formations affects (themselves and their siblings). */
  affected(formationIds: Iterable<number>): Set<number> {
    const out = new Set<number>();
    for (const id of formationIds) {
      out.add(id);
      const key = this.groupOf.get(id);
      for (const sibling of key ? (this.members.get(key) ?? []) : []) out.add(sibling);
    }
    return out;
  }

  invalidate(formationIds: Iterable<number>): void {
    for (const id of this.affected(formationIds)) this.facts.delete(id);
  }

  /** Forgets every formation's facts, e.g. after score events may have been missed. */
  clear(): void {
    this.facts.clear();
  }

  get(id: number): ExamFacts | undefined {
    return this.facts.get(id);
  }

  set(id: number, facts: ExamFacts): void {
    this.facts.set(id, facts);
  }
}

export interface FormationKpi extends FormationFacts {
  formation: FormationRow;
  competitionRatio: number | null;
  filled: number;
}

export interface RecruitmentKpis {
  /** Stable identity for client caches: region code and year. */
  id: string;
  regionId: number;
  regionCode: string;
  selectionYearId: number;
  year: number;
  updatedAt: Date;
  totals: RegionTotals;
  stages: StageKpi[];
  /** Every formation of the region, most contested first. */
  formations: FormationKpi[];
  daysToFinalResult: number | null;
  byGender: Array<{ key: Gender; count: number }>;
  byEducationLevel: Array<{ key: EducationLevel; count: number }>;
  byDisability: Array<{ key: boolean; count: number }>;
  byOrigin: Array<{ key: number; count: number }>;
  /** Regions whose change concerns these KPIs: the subtree and its ancestors. */
  regionIds: Set<number>;
}

/** Kemendagri codes of a code's ancestors: "16.71.14" → "16", "16.71". */
function ancestorCodes(code: string): string[] {
  const parts = code.split('.');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** The selection year asked for, or the latest one when none is named; null when it does not exist. */
export async function selectionYearOf(prisma: PrismaClient, year?: number | null) {
  const select = { id: true, year: true, registrationOpensAt: true, rules: true } as const;
  return year == null ? prisma.selectionYear.findFirst({ orderBy: { year: 'desc' }, select }) : prisma.selectionYear.findUnique({ where: { year }, select });
}

interface TallyRow {
  gf: number;
  gg: number;
  ge: number;
  gd: number;
  go: number;
  formationId: number | null;
  verified: boolean | null;
  eligible: boolean | null;
  gender: Gender | null;
  educationLevel: EducationLevel | null;
  disability: boolean | null;
  originRegionId: number | null;
  n: number;
}

/** Application counts of the formations, per formation and per breakdown, in one statement over the tally. */
async function tally(prisma: PrismaClient, formationIds: number[]) {
  const rows = await prisma.$queryRaw<TallyRow[]>`
    select grouping("formationId")::int as gf, grouping("gender")::int as gg, grouping("educationLevel")::int as ge,
      grouping("disability")::int as gd, grouping("originRegionId")::int as go,
      "formationId", "verified", "eligible", "gender"::text as "gender", "educationLevel"::text as "educationLevel", "disability", "originRegionId",
      sum("count")::int as n
    from "ApplicationTally" where "formationId" = any(${formationIds}::int[])
    group by grouping sets (("formationId", "verified", "eligible"), ("gender"), ("educationLevel"), ("disability"), ("originRegionId"))`;
  const perFormation = new Map<number, { applicants: number; verified: number; eligible: number }>();
  const gender = new Map<Gender, number>();
  const education = new Map<EducationLevel, number>();
  const disability = new Map<boolean, number>();
  const origin = new Map<number, number>();
  for (const r of rows) {
    if (r.gf === 0) {
      const f = perFormation.get(r.formationId!) ?? { applicants: 0, verified: 0, eligible: 0 };
      f.applicants += r.n;
      if (r.verified) f.verified += r.n;
      if (r.eligible) f.eligible += r.n;
      perFormation.set(r.formationId!, f);
    } else if (r.gg === 0) gender.set(r.gender!, r.n);
    else if (r.ge === 0) education.set(r.educationLevel!, r.n);
    else if (r.gd === 0) disability.set(r.disability!, r.n);
    else if (r.go === 0) origin.set(r.originRegionId!, r.n);
  }
  return { perFormation, gender, education, disability, origin };
}

/** SKD, SKB and final counts of formations not in the cache, in a few grouped statements. */
async function loadExamFacts(
  prisma: PrismaClient,
  formations: FormationRow[],
  rules: RuleSet,
  summaries: RankingSummaries | undefined,
): Promise<Map<number, ExamFacts>> {
  const out = new Map<number, ExamFacts>();
  if (!formations.length) return out;
  const ids = formations.map((f) => f.id);
  for (const f of formations)
    out.set(f.id, { skdSat: 0, skdAbsent: 0, skdPassed: 0, skdAdvanced: 0, skdFirstAt: null, skbSat: 0, skbFirstAt: null, selected: 0, placed: 0 });
  const byType = new Map<FormationType, number[]>();
  for (const f of formations) byType.set(f.type, [...(byType.get(f.type) ?? []), f.id]);
  await Promise.all(
    [...byType].map(async ([type, typeIds]) => {
      // Scores are never negative: a minimum the rule set does not name is 0.
      const t = rules.thresholds[type];
      const rows = await prisma.$queryRaw<Array<{ id: number; sat: number; passed: number; first: Date | null }>>`
        select "formationId" as id, count(*)::int as sat,
          count(*) filter (where not "disqualified" and "twk" >= ${t.TWK ?? 0} and "tiu" >= ${t.TIU ?? 0} and "tkp" >= ${t.TKP ?? 0} and "total" >= ${t.total ?? 0})::int as passed,
          min("finishedAt") as first
        from "ExamResult" where "stage" = 'SKD' and "formationId" = any(${typeIds}::int[]) group by 1`;
      for (const r of rows) Object.assign(out.get(r.id)!, { skdSat: r.sat, skdPassed: r.passed, skdFirstAt: r.first });
    }),
  );
  const [absent, skb] = await Promise.all([
    prisma.$queryRaw<Array<{ id: number; n: number }>>`
      select a."formationId" as id, count(*)::int as n
      from "ExamSeat" s join "ExamSession" e on e."id" = s."sessionId" join "Application" a on a."id" = s."applicationId"
      where s."attendance" = 'ABSENT' and e."stage" = 'SKD' and a."formationId" = any(${ids}::int[]) group by 1`,
    // The SKB began on its first session's date (the data), not when its results were written.
    prisma.$queryRaw<Array<{ id: number; n: number; first: Date | null }>>`
      select r."formationId" as id, count(*)::int as n, min(e."date") as first
      from "SkbResult" r join "ExamSession" e on e."id" = r."sessionId"
      where r."formationId" = any(${ids}::int[]) group by 1`,
  ]);
  for (const r of absent) out.get(r.id)!.skdAbsent = r.n;
  for (const r of skb) Object.assign(out.get(r.id)!, { skbSat: r.n, skbFirstAt: r.first });

  const k = rules.skbCutMultiplier;
  await Promise.all(
    formations.map(async (f) => {
      const facts = out.get(f.id)!;
      facts.skdAdvanced =
        facts.skdPassed <= k * f.quota ? facts.skdPassed : await skbCutCount(prisma, { formationId: f.id, type: f.type, quota: f.quota, rules }, summaries);
    }),
  );

  // Final results and optimalisasi, one sibling group at a time, for groups where SKB has begun.
  const groups = new Map<string, FormationRow>();
  for (const f of formations) if (out.get(f.id)!.skbSat > 0) groups.set(groupKey(f), f);
  for (const f of groups.values()) {
    const siblings = await prisma.formation.findMany({
      where: { agencyId: f.agencyId, jobTitle: f.jobTitle, educationLevel: f.educationLevel, selectionYearId: f.selectionYearId, status: 'APPROVED' },
      select: { id: true, quota: true, type: true },
      orderBy: { id: 'asc' },
    });
    const { rankings, placements } = await finalGroup(prisma, rules, siblings, summaries);
    for (const s of siblings) {
      const facts = out.get(s.id);
      if (!facts) continue;
      facts.selected = (rankings.get(s.id) ?? []).filter((e) => e.selected).length;
      facts.placed = [...placements.values()].filter((to) => to === s.id).length;
    }
  }
  return out;
}

export interface KpiDeps {
  prisma: PrismaClient;
  facts: ExamFactsCache;
  /** The live layer's ranking summaries, dropped on score events: shared with the rankings. */
  summaries?: RankingSummaries;
}

/**
 * The KPIs of a region and everything below it for a selection year (the latest when not
 * named); null when the region or the year does not exist.
 */
export async function recruitmentKpis({ prisma, facts, summaries }: KpiDeps, regionCode: string, year?: number | null): Promise<RecruitmentKpis | null> {
  const [region, selectionYear] = await Promise.all([
    prisma.region.findUnique({ where: { code: regionCode }, select: { id: true, code: true } }),
    selectionYearOf(prisma, year),
  ]);
  if (!region || !selectionYear) return null;
  const related = await prisma.region.findMany({
    where: { OR: [...regionSubtree(region.code).OR, { code: { in: ancestorCodes(region.code) } }] },
    select: { id: true, code: true },
  });
  const subtree = related.filter((r) => r.code === region.code || r.code.startsWith(`${region.code}.`)).map((r) => r.id);
  const formations: FormationRow[] = await prisma.formation.findMany({
    where: { selectionYearId: selectionYear.id, regionId: { in: subtree }, status: 'APPROVED' },
    select: { id: true, code: true, quota: true, type: true, jobTitle: true, educationLevel: true, agencyId: true, regionId: true, selectionYearId: true },
    orderBy: { id: 'asc' },
  });
  facts.remember(formations);
  const ids = formations.map((f) => f.id);
  const rules = parseRuleSet(selectionYear.rules);

  const missing = formations.filter((f) => !facts.get(f.id));
  const [counts, loaded, announced] = await Promise.all([
    tally(prisma, ids),
    loadExamFacts(prisma, missing, rules, summaries),
    prisma.announcement.groupBy({ by: ['formationId', 'stage'], where: { formationId: { in: ids } }, _min: { publishedAt: true } }),
  ]);
  for (const [id, f] of loaded) facts.set(id, f);

  const finalAnnounced = new Set(announced.filter((a) => a.stage === 'FINAL').map((a) => a.formationId));
  const firstAnnouncement = (stage: StageName) => earliest(announced.filter((a) => a.stage === stage).map((a) => a._min.publishedAt));
  const perFormation: FormationKpi[] = formations.map((f) => {
    const exam = facts.get(f.id) ?? loaded.get(f.id)!;
    const apps = counts.perFormation.get(f.id) ?? { applicants: 0, verified: 0, eligible: 0 };
    const row: FormationFacts = {
      formationId: f.id,
      code: f.code,
      quota: f.quota,
      ...apps,
      skdSat: exam.skdSat,
      skdAbsent: exam.skdAbsent,
      skdPassed: exam.skdPassed,
      skdAdvanced: exam.skdAdvanced,
      skbSat: exam.skbSat,
      selected: exam.selected,
      placed: exam.placed,
      finalKnown: exam.skbSat > 0 || finalAnnounced.has(f.id),
    };
    return { ...row, formation: f, competitionRatio: competitionRatio(row.applicants, row.quota), filled: filledSeats(row) };
  });
  const totals = rollUp(perFormation);
  const examFacts = formations.map((f) => facts.get(f.id) ?? loaded.get(f.id)!);
  const stages = stageKpis(totals, selectionYear.registrationOpensAt, {
    ADMINISTRASI: { startedAt: null, announcedAt: firstAnnouncement('ADMINISTRASI') },
    SKD: { startedAt: earliest(examFacts.map((e) => e.skdFirstAt)), announcedAt: firstAnnouncement('SKD') },
    SKB: { startedAt: earliest(examFacts.map((e) => e.skbFirstAt)), announcedAt: firstAnnouncement('SKB') },
    FINAL: { startedAt: null, announcedAt: firstAnnouncement('FINAL') },
  });
  return {
    id: `${region.code}:${selectionYear.year}`,
    regionId: region.id,
    regionCode: region.code,
    selectionYearId: selectionYear.id,
    year: selectionYear.year,
    updatedAt: new Date(),
    totals,
    stages,
    formations: byCompetition(perFormation),
    daysToFinalResult: daysBetween(selectionYear.registrationOpensAt, firstAnnouncement('FINAL')),
    byGender: distribution(counts.gender),
    byEducationLevel: distribution(counts.education),
    byDisability: distribution(counts.disability),
    byOrigin: distribution(counts.origin),
    regionIds: new Set(related.map((r) => r.id)),
  };
}

/** The formations among `all` that are unfilled after their final result, fewest seats filled first. */
export function unfilledFormations(all: readonly FormationKpi[]): FormationKpi[] {
  return all.filter(isUnfilled).sort((a, b) => b.quota - b.filled - (a.quota - a.filled) || (a.code < b.code ? -1 : 1));
}
