/**
 * Per-formation SKD ranking read from the database in index order, so the top of a formation
 * with 100,000 applicants costs a few index range scans, not a sort of everyone. It ranks as
 * domain/ranking.ts's rankSkd does: those who passed the threshold first (the SKB cut is made on
 * them), then TL continuing after the last of them; inside each, total > TKP > TIU > TWK, and
 * participant number for display. Counts and the cut of a formation are kept in a summary that
 * the live layer drops whenever a score of that formation changes.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { meetsThreshold, parseRuleSet, type FormationTypeName, type RuleSet, type Threshold } from '../domain/rules.js';
import { optimize, rankFinal } from '../domain/ranking.js';
import type { ResultCode } from '../domain/scoring.js';

export interface RankingEntry {
  rank: number;
  participantNumber: string;
  fullName: string;
  twk: number;
  tiu: number;
  tkp: number;
  total: number;
  resultCode: ResultCode;
}

export interface RankingPage {
  formationId: number;
  totalCount: number;
  /** Rank of the last applicant inside the SKB cut (ties included), if anyone passed. */
  cutRank: number | null;
  entries: RankingEntry[];
}

type Key = { total: number; tkp: number; tiu: number; twk: number };

export const RANKING_ORDER: Prisma.ExamResultOrderByWithRelationInput[] = [
  { total: 'desc' },
  { tkp: 'desc' },
  { tiu: 'desc' },
  { twk: 'desc' },
  { participantNumber: 'asc' },
];

/** Rows that rank strictly before `key` in score order. */
function strictlyBetter(key: Key): Prisma.ExamResultWhereInput {
  return {
    OR: [
      { total: { gt: key.total } },
      { total: key.total, tkp: { gt: key.tkp } },
      { total: key.total, tkp: key.tkp, tiu: { gt: key.tiu } },
      { total: key.total, tkp: key.tkp, tiu: key.tiu, twk: { gt: key.twk } },
    ],
  };
}

/** The rule set's threshold as a filter: each named minimum on its own. */
function passingFilter(t: Threshold): Prisma.ExamResultWhereInput {
  return {
    AND: [
      ...(t.TWK !== undefined ? [{ twk: { gte: t.TWK } }] : []),
      ...(t.TIU !== undefined ? [{ tiu: { gte: t.TIU } }] : []),
      ...(t.TKP !== undefined ? [{ tkp: { gte: t.TKP } }] : []),
      ...(t.total !== undefined ? [{ total: { gte: t.total } }] : []),
    ],
  };
}

/** Below the threshold: any named minimum missed. */
function failingFilter(t: Threshold): Prisma.ExamResultWhereInput {
  return {
    OR: [
      ...(t.TWK !== undefined ? [{ twk: { lt: t.TWK } }] : []),
      ...(t.TIU !== undefined ? [{ tiu: { lt: t.TIU } }] : []),
      ...(t.TKP !== undefined ? [{ tkp: { lt: t.TKP } }] : []),
      ...(t.total !== undefined ? [{ total: { lt: t.total } }] : []),
    ],
  };
}

const sameKey = (a: Key, b: Key) => a.total === b.total && a.tkp === b.tkp && a.tiu === b.tiu && a.twk === b.twk;
const atLeast = (a: Key, b: Key) =>
  a.total !== b.total ? a.total > b.total : a.tkp !== b.tkp ? a.tkp > b.tkp : a.tiu !== b.tiu ? a.tiu > b.tiu : a.twk >= b.twk;

export interface FormationRules {
  formationId: number;
  type: FormationTypeName;
  quota: number;
  rules: RuleSet;
}

export async function formationRules(prisma: PrismaClient, formationId: number): Promise<FormationRules | null> {
  const f = await prisma.formation.findUnique({
    where: { id: formationId },
    select: { id: true, type: true, quota: true, selectionYear: { select: { rules: true } } },
  });
  return f && { formationId: f.id, type: f.type, quota: f.quota, rules: parseRuleSet(f.selectionYear.rules) };
}

/** Counts and the cut of a formation's SKD ranking: what every page needs, computed once per change. */
export interface RankingSummary {
  totalCount: number;
  passerCount: number;
  /** Key of the last passer inside skbCutMultiplier x quota; ties with it go on too. */
  cut: Key | null;
  /** Rank of that key (competition rank: 1 + the passers strictly better). */
  cutRank: number | null;
}

/** Summaries by formation, dropped when a formation's scores change (see LiveHub). */
export class RankingSummaries {
  private readonly entries = new Map<number, Promise<RankingSummary>>();
  private caching = true;
  get(formationId: number, load: () => Promise<RankingSummary>): Promise<RankingSummary> {
    if (!this.caching) return load();
    let summary = this.entries.get(formationId);
    if (!summary) {
      summary = load().catch((err: unknown) => {
        this.entries.delete(formationId);
        throw err;
      });
      this.entries.set(formationId, summary);
    }
    return summary;
  }
  invalidate(formationId: number): void {
    this.entries.delete(formationId);
  }
  /**
   * Drops every entry and caches again only when `on`: while score events from other instances
   * cannot arrive (Redis away), nothing cached can be trusted, so each read loads afresh.
   */
  setCaching(on: boolean): void {
    this.caching = on;
    this.entries.clear();
  }
}

const baseFilter = (fr: FormationRules): Prisma.ExamResultWhereInput => ({ formationId: fr.formationId, stage: 'SKD', disqualified: false });
const KEY_SELECT = { total: true, tkp: true, tiu: true, twk: true } as const;
const ROW_SELECT = { participantNumber: true, ...KEY_SELECT, application: { select: { applicant: { select: { fullName: true } } } } } as const;

async function loadSummary(prisma: PrismaClient, fr: FormationRules): Promise<RankingSummary> {
  const base = baseFilter(fr);
  const passing = { AND: [base, passingFilter(fr.rules.thresholds[fr.type])] };
  const [totalCount, passerCount] = await Promise.all([prisma.examResult.count({ where: base }), prisma.examResult.count({ where: passing })]);
  const k = fr.rules.skbCutMultiplier * fr.quota;
  const cut = passerCount
    ? await prisma.examResult.findFirst({ where: passing, orderBy: RANKING_ORDER, skip: Math.min(k, passerCount) - 1, select: KEY_SELECT })
    : null;
  const cutRank = cut ? 1 + (await prisma.examResult.count({ where: { AND: [passing, strictlyBetter(cut)] } })) : null;
  return { totalCount, passerCount, cut, cutRank };
}

export function rankingSummary(prisma: PrismaClient, fr: FormationRules, cache?: RankingSummaries): Promise<RankingSummary> {
  return cache ? cache.get(fr.formationId, () => loadSummary(prisma, fr)) : loadSummary(prisma, fr);
}

type Row = Key & { participantNumber: string; application: { applicant: { fullName: string } } };

function toEntry(row: Row, rank: number, fr: FormationRules, summary: RankingSummary): RankingEntry {
  const passed = meetsThreshold(fr.rules, fr.type, { TWK: row.twk, TIU: row.tiu, TKP: row.tkp });
  return {
    rank,
    participantNumber: row.participantNumber,
    fullName: row.application.applicant.fullName,
    twk: row.twk,
    tiu: row.tiu,
    tkp: row.tkp,
    total: row.total,
    resultCode: !passed ? 'TL' : summary.cut && atLeast(row, summary.cut) ? 'P/L' : 'P',
  };
}

/** Ranks a run of rows from one segment (passers or TL) that starts at position `offset` of it. */
async function rankSegment(prisma: PrismaClient, segment: Prisma.ExamResultWhereInput, rows: Row[], offset: number, rankBase: number) {
  if (!rows.length) return [];
  // Rows come in ranking order, so nothing is strictly better than the first row of the segment.
  const better = offset === 0 ? 0 : await prisma.examResult.count({ where: { AND: [segment, strictlyBetter(rows[0]!)] } });
  let rank = rankBase + 1 + better;
  return rows.map((row, i) => {
    if (i > 0 && !sameKey(row, rows[i - 1]!)) rank = rankBase + offset + i + 1;
    return { row, rank };
  });
}

/** One page of a formation's SKD ranking, starting at `offset` (0-based position). */
export async function skdRankingPage(
  prisma: PrismaClient,
  fr: FormationRules,
  { offset, limit }: { offset: number; limit: number },
  cache?: RankingSummaries,
): Promise<RankingPage> {
  const base = baseFilter(fr);
  const threshold = fr.rules.thresholds[fr.type];
  const passing = { AND: [base, passingFilter(threshold)] };
  const failing = { AND: [base, failingFilter(threshold)] };
  const findPassers = () => prisma.examResult.findMany({ where: passing, orderBy: RANKING_ORDER, skip: offset, take: limit, select: ROW_SELECT });
  const pending = rankingSummary(prisma, fr, cache);
  // The first page's rows do not wait for the summary (a live push reads both after every score
  // event); a deeper page reads passers only once it knows it has some.
  const [summary, passers] = await Promise.all([pending, offset === 0 ? findPassers() : pending.then((s) => (offset < s.passerCount ? findPassers() : []))]);
  const ranked = await rankSegment(prisma, passing, passers, offset, 0);
  const room = limit - ranked.length;
  if (room > 0 && offset + ranked.length < summary.totalCount) {
    const tlOffset = Math.max(0, offset - summary.passerCount);
    const rows = await prisma.examResult.findMany({ where: failing, orderBy: RANKING_ORDER, skip: tlOffset, take: room, select: ROW_SELECT });
    ranked.push(...(await rankSegment(prisma, failing, rows, tlOffset, summary.passerCount)));
  }
  return {
    formationId: fr.formationId,
    totalCount: summary.totalCount,
    cutRank: summary.cutRank,
    entries: ranked.map(({ row, rank }) => toEntry(row, rank, fr, summary)),
  };
}

/** Current entries of some participants of a formation (after their scores changed), with their ranks. */
export async function skdEntriesOf(prisma: PrismaClient, fr: FormationRules, participantNumbers: string[], cache?: RankingSummaries): Promise<RankingEntry[]> {
  if (!participantNumbers.length) return [];
  const base = baseFilter(fr);
  const threshold = fr.rules.thresholds[fr.type];
  const [summary, rows] = await Promise.all([
    rankingSummary(prisma, fr, cache),
    prisma.examResult.findMany({ where: { ...base, participantNumber: { in: participantNumbers } }, select: ROW_SELECT }),
  ]);
  return Promise.all(
    rows.map(async (row) => {
      const passed = meetsThreshold(fr.rules, fr.type, { TWK: row.twk, TIU: row.tiu, TKP: row.tkp });
      const segment = { AND: [base, passed ? passingFilter(threshold) : failingFilter(threshold)] };
      const before = await prisma.examResult.count({ where: { AND: [segment, strictlyBetter(row)] } });
      return toEntry(row, (passed ? 0 : summary.passerCount) + before + 1, fr, summary);
    }),
  );
}

/** Rows at or above `key` in score order. */
function atLeastKey(key: Key): Prisma.ExamResultWhereInput {
  return { OR: [strictlyBetter(key), { total: key.total, tkp: key.tkp, tiu: key.tiu, twk: key.twk }] };
}

/** The formation's results that go on to SKB (P/L): passed the threshold and at or above the cut. */
function insideSkbCut(fr: FormationRules, cut: Key): Prisma.ExamResultWhereInput {
  return { AND: [baseFilter(fr), passingFilter(fr.rules.thresholds[fr.type]), atLeastKey(cut)] };
}

export interface FinalEntry extends RankingEntry {
  skb: number;
  /** Unrounded; displays round with formatScore. */
  final: number;
  selected: boolean;
  gpa: number;
  birthDate: string;
  /** What optimalisasi checks against another formation's type (never shown). */
  disability: boolean;
  originRegionCode: string;
}

/**
 * The final ranking of a formation: those who went to SKB (P/L in SKD) and have an SKB score,
 * ranked by domain/ranking.ts's rankFinal (final, then SKD total, TKP, TIU, TWK, GPA, older
 * applicant); the best `quota` are selected (P/L), the others passed (P). Bounded by the SKB cut
 * (3 x quota and its ties), so it is computed whole.
 */
export async function finalRanking(prisma: PrismaClient, fr: FormationRules, cache?: RankingSummaries): Promise<FinalEntry[]> {
  const summary = await rankingSummary(prisma, fr, cache);
  if (!summary.cut) return [];
  const rows = await prisma.examResult.findMany({
    where: insideSkbCut(fr, summary.cut),
    select: {
      participantNumber: true,
      ...KEY_SELECT,
      application: {
        select: {
          applicant: { select: { fullName: true, gpa: true, birthDate: true, disability: true, originRegion: { select: { code: true } } } },
          skbResult: { select: { score: true } },
        },
      },
    },
  });
  const applicants = new Map(rows.map((r) => [r.participantNumber, r.application.applicant]));
  const ranked = rankFinal(
    fr.rules,
    { type: fr.type, quota: fr.quota },
    rows.map((r) => ({
      key: r.participantNumber,
      participantNumber: r.participantNumber,
      scores: { TWK: r.twk, TIU: r.tiu, TKP: r.tkp },
      skb: r.application.skbResult?.score ?? null,
      gpa: Number(r.application.applicant.gpa),
      birthDate: r.application.applicant.birthDate.toISOString().slice(0, 10),
    })),
  );
  return ranked
    .filter((e) => e.final !== null && e.rank !== null && e.scores && e.skb !== null)
    .map((e) => ({
      rank: e.rank!,
      participantNumber: e.participantNumber,
      fullName: applicants.get(e.participantNumber)!.fullName,
      disability: applicants.get(e.participantNumber)!.disability,
      originRegionCode: applicants.get(e.participantNumber)!.originRegion.code,
      gpa: e.gpa,
      birthDate: e.birthDate,
      twk: e.scores!.TWK,
      tiu: e.scores!.TIU,
      tkp: e.scores!.TKP,
      total: e.total!,
      skb: e.skb!,
      final: e.final!,
      selected: e.selected,
      resultCode: e.selected ? 'P/L' : 'P',
    }));
}

/** A formation of an optimalisasi group: its seats and the type that decides who may take them. */
export interface SiblingFormation {
  id: number;
  quota: number;
  type: FormationTypeName;
}

/** The formations optimalisasi may move applicants between: same agency, job title, education and year. */
export async function optimalisasiSiblings(prisma: PrismaClient, formationId: number): Promise<SiblingFormation[]> {
  const me = await prisma.formation.findUniqueOrThrow({
    where: { id: formationId },
    select: { jobTitle: true, educationLevel: true, agencyId: true, selectionYearId: true },
  });
  return prisma.formation.findMany({
    where: { jobTitle: me.jobTitle, educationLevel: me.educationLevel, agencyId: me.agencyId, selectionYearId: me.selectionYearId },
    select: { id: true, quota: true, type: true },
    orderBy: { id: 'asc' },
  });
}

/**
 * The final rankings of a group of sibling formations (see optimalisasiSiblings) and the seats
 * optimalisasi (domain/ranking.ts's optimize; formations served in id order) fills in each from
 * the best passing-but-unselected finalists of the others whose origin, disability and GPA the
 * seat's formation type admits (the year's `rules`): the formation id each placed applicant goes
 * to, by participant number.
 */
export async function finalGroup(
  prisma: PrismaClient,
  rules: RuleSet,
  siblings: ReadonlyArray<SiblingFormation>,
  cache?: RankingSummaries,
  known: ReadonlyMap<number, FinalEntry[]> = new Map(),
): Promise<{ rankings: Map<number, FinalEntry[]>; placements: Map<string, number> }> {
  const rankings = new Map<number, FinalEntry[]>(known);
  for (const s of siblings) {
    if (rankings.has(s.id)) continue;
    const sfr = await formationRules(prisma, s.id);
    rankings.set(s.id, sfr ? await finalRanking(prisma, sfr, cache) : []);
  }
  const selectedAt = (id: number) => (rankings.get(id) ?? []).filter((e) => e.selected).length;
  if (siblings.length < 2 || siblings.every((s) => selectedAt(s.id) >= s.quota)) return { rankings, placements: new Map() };
  const key = (id: number) => String(id).padStart(12, '0');
  const pool = siblings.flatMap((s) =>
    (rankings.get(s.id) ?? [])
      .filter((e) => !e.selected)
      .map((e) => ({
        key: e.participantNumber,
        participantNumber: e.participantNumber,
        formationKey: key(s.id),
        jobTitle: '',
        educationLevel: '',
        final: e.final,
        scores: { TWK: e.twk, TIU: e.tiu, TKP: e.tkp },
        gpa: e.gpa,
        birthDate: e.birthDate,
        disability: e.disability,
        originRegionCode: e.originRegionCode,
      })),
  );
  const placements = optimize(
    rules,
    siblings.map((s) => ({ key: key(s.id), jobTitle: '', educationLevel: '', type: s.type, quota: s.quota, filled: selectedAt(s.id) })),
    pool,
  );
  return { rankings, placements: new Map(placements.map((p) => [p.candidateKey, Number(p.toFormationKey)])) };
}

/**
 * The final ranking with optimalisasi (P/L-2): seats this formation could not fill go to the best
 * passing-but-unselected finalists of the same agency's formations with the same job title and
 * education level (see finalGroup). Placed applicants follow the formation's own finalists,
 * selected, with code P/L-2.
 */
export async function finalRankingWithOptimalisasi(prisma: PrismaClient, fr: FormationRules, cache?: RankingSummaries): Promise<FinalEntry[]> {
  const own = await finalRanking(prisma, fr, cache);
  if (own.filter((e) => e.selected).length >= fr.quota) return own;
  const siblings = await optimalisasiSiblings(prisma, fr.formationId);
  const { rankings, placements } = await finalGroup(prisma, fr.rules, siblings, cache, new Map([[fr.formationId, own]]));
  const byNumber = new Map([...rankings.values()].flat().map((e) => [e.participantNumber, e]));
  const placedHere = [...placements].filter(([, to]) => to === fr.formationId).map(([number]) => byNumber.get(number)!);
  return [...own, ...placedHere.map((e, i) => ({ ...e, rank: own.length + i + 1, selected: true, resultCode: 'P/L-2' as const }))];
}

/**
 * How many of a formation's SKD results are P/L (within skbCutMultiplier x quota of those who
 * passed, ties at the cut included): what the SKB stage receives.
 */
export async function skbCutCount(prisma: PrismaClient, fr: FormationRules, cache?: RankingSummaries): Promise<number> {
  const summary = await rankingSummary(prisma, fr, cache);
  return summary.cut ? prisma.examResult.count({ where: insideSkbCut(fr, summary.cut) }) : 0;
}

/** Which of `participantNumbers` are P/L in the formation's SKD ranking: one query, no ranks needed. */
export async function withinSkbCut(
  prisma: PrismaClient,
  fr: FormationRules,
  participantNumbers: readonly string[],
  cache?: RankingSummaries,
): Promise<Set<string>> {
  const summary = await rankingSummary(prisma, fr, cache);
  if (!summary.cut || !participantNumbers.length) return new Set();
  const rows = await prisma.examResult.findMany({
    where: { AND: [insideSkbCut(fr, summary.cut), { participantNumber: { in: [...participantNumbers] } }] },
    select: { participantNumber: true },
  });
  return new Set(rows.map((r) => r.participantNumber));
}
