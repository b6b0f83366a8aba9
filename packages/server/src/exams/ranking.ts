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
  const f = await prisma.formation.findUnique({ where: { id: formationId }, select: { id: true, type: true, quota: true, selectionYear: { select: { rules: true } } } });
  return f && { formationId: f.id, type: f.type, quota: f.quota, rules: parseRuleSet(f.selectionYear.rules) };
}

/** Counts and the cut of a formation's SKD ranking: what every page needs, computed once per change. */
export interface RankingSummary {
  totalCount: number;
  passerCount: number;
  /** Key of the last passer inside skbCutMultiplier x quota; ties with it go on too. */
  cut: Key | null;
}

/** Summaries by formation, dropped when a formation's scores change (see LiveHub). */
export class RankingSummaries {
  private readonly entries = new Map<number, Promise<RankingSummary>>();
  get(formationId: number, load: () => Promise<RankingSummary>): Promise<RankingSummary> {
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
  return { totalCount, passerCount, cut };
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
  let rank = rankBase + 1 + (await prisma.examResult.count({ where: { AND: [segment, strictlyBetter(rows[0]!)] } }));
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
  const summary = await rankingSummary(prisma, fr, cache);
  const base = baseFilter(fr);
  const threshold = fr.rules.thresholds[fr.type];
  const passing = { AND: [base, passingFilter(threshold)] };
  const failing = { AND: [base, failingFilter(threshold)] };
  const ranked: Array<{ row: Row; rank: number }> = [];
  if (offset < summary.passerCount) {
    const rows = await prisma.examResult.findMany({ where: passing, orderBy: RANKING_ORDER, skip: offset, take: limit, select: ROW_SELECT });
    ranked.push(...(await rankSegment(prisma, passing, rows, offset, 0)));
  }
  const room = limit - ranked.length;
  if (room > 0 && offset + ranked.length < summary.totalCount) {
    const tlOffset = Math.max(0, offset - summary.passerCount);
    const rows = await prisma.examResult.findMany({ where: failing, orderBy: RANKING_ORDER, skip: tlOffset, take: room, select: ROW_SELECT });
    ranked.push(...(await rankSegment(prisma, failing, rows, tlOffset, summary.passerCount)));
  }
  const cutRank = summary.cut ? 1 + (await prisma.examResult.count({ where: { AND: [passing, strictlyBetter(summary.cut)] } })) : null;
  return {
    formationId: fr.formationId,
    totalCount: summary.totalCount,
    cutRank,
    entries: ranked.map(({ row, rank }) => toEntry(row, rank, fr, summary)),
  };
}

/** Current entries of some participants of a formation (after their scores changed), with their ranks. */
export async function skdEntriesOf(prisma: PrismaClient, fr: FormationRules, participantNumbers: string[], cache?: RankingSummaries): Promise<RankingEntry[]> {
  if (!participantNumbers.length) return [];
  const summary = await rankingSummary(prisma, fr, cache);
  const base = baseFilter(fr);
  const threshold = fr.rules.thresholds[fr.type];
  const rows = await prisma.examResult.findMany({ where: { ...base, participantNumber: { in: participantNumbers } }, select: ROW_SELECT });
  return Promise.all(
    rows.map(async (row) => {
      const passed = meetsThreshold(fr.rules, fr.type, { TWK: row.twk, TIU: row.tiu, TKP: row.tkp });
      const segment = { AND: [base, passed ? passingFilter(threshold) : failingFilter(threshold)] };
      const before = await prisma.examResult.count({ where: { AND: [segment, strictlyBetter(row)] } });
      return toEntry(row, (passed ? 0 : summary.passerCount) + before + 1, fr, summary);
    }),
  );
}
