/**
 * Per-formation SKD ranking read from the database in index order, so the top of a formation
 * with 100,000 applicants costs a few index scans, not a sort of everyone. The rules (threshold,
 * cut, tie-break order) come from the selection year's rule set; the order matches
 * domain/scoring.ts's compareSkd (total, TKP, TIU, TWK), with participant number for display.
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

/** Rows that rank strictly before `key`: the competition rank of `key` is this count + 1. */
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
    ...(t.TWK !== undefined ? { twk: { gte: t.TWK } } : {}),
    ...(t.TIU !== undefined ? { tiu: { gte: t.TIU } } : {}),
    ...(t.TKP !== undefined ? { tkp: { gte: t.TKP } } : {}),
    ...(t.total !== undefined ? { total: { gte: t.total } } : {}),
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

/** The SKB cut: the key of the last passer inside skbCutMultiplier x quota; ties with it go on too. */
async function cutKey(prisma: PrismaClient, fr: FormationRules, base: Prisma.ExamResultWhereInput): Promise<Key | null> {
  const k = fr.rules.skbCutMultiplier * fr.quota;
  const row = await prisma.examResult.findFirst({
    where: { ...base, ...passingFilter(fr.rules.thresholds[fr.type]) },
    orderBy: RANKING_ORDER,
    skip: k - 1,
    select: { total: true, tkp: true, tiu: true, twk: true },
  });
  if (row) return row;
  // Fewer passers than the cut: everyone passing goes on; the cut is the last passer.
  const last = await prisma.examResult.findFirst({
    where: { ...base, ...passingFilter(fr.rules.thresholds[fr.type]) },
    orderBy: RANKING_ORDER.map((o) => Object.fromEntries(Object.entries(o).map(([f, d]) => [f, d === 'desc' ? 'asc' : 'desc']))) as never,
    select: { total: true, tkp: true, tiu: true, twk: true },
  });
  return last;
}

function resultCode(fr: FormationRules, key: Key, cut: Key | null): ResultCode {
  if (!meetsThreshold(fr.rules, fr.type, { TWK: key.twk, TIU: key.tiu, TKP: key.tkp })) return 'TL';
  return cut && atLeast(key, cut) ? 'P/L' : 'P';
}

/** One page of a formation's SKD ranking, starting at `offset` (0-based position). */
export async function skdRankingPage(prisma: PrismaClient, fr: FormationRules, { offset, limit }: { offset: number; limit: number }): Promise<RankingPage> {
  const base: Prisma.ExamResultWhereInput = { formationId: fr.formationId, stage: 'SKD', disqualified: false };
  const [totalCount, rows, cut] = await Promise.all([
    prisma.examResult.count({ where: base }),
    prisma.examResult.findMany({
      where: base,
      orderBy: RANKING_ORDER,
      skip: offset,
      take: limit,
      select: { participantNumber: true, twk: true, tiu: true, tkp: true, total: true, application: { select: { applicant: { select: { fullName: true } } } } },
    }),
    cutKey(prisma, fr, base),
  ]);
  const entries: RankingEntry[] = [];
  if (rows.length) {
    let rank = 1 + (await prisma.examResult.count({ where: { ...base, ...strictlyBetter(rows[0]!) } }));
    rows.forEach((row, i) => {
      if (i > 0 && !sameKey(row, rows[i - 1]!)) rank = offset + i + 1;
      entries.push({
        rank,
        participantNumber: row.participantNumber,
        fullName: row.application.applicant.fullName,
        twk: row.twk,
        tiu: row.tiu,
        tkp: row.tkp,
        total: row.total,
        resultCode: resultCode(fr, row, cut),
      });
    });
  }
  const cutRank = cut ? 1 + (await prisma.examResult.count({ where: { ...base, ...strictlyBetter(cut) } })) : null;
  return { formationId: fr.formationId, totalCount, cutRank, entries };
}

/** Current entries of some participants of a formation (after their scores changed), with their ranks. */
export async function skdEntriesOf(prisma: PrismaClient, fr: FormationRules, participantNumbers: string[]): Promise<RankingEntry[]> {
  if (!participantNumbers.length) return [];
  const base: Prisma.ExamResultWhereInput = { formationId: fr.formationId, stage: 'SKD', disqualified: false };
  const rows = await prisma.examResult.findMany({
    where: { ...base, participantNumber: { in: participantNumbers } },
    select: { participantNumber: true, twk: true, tiu: true, tkp: true, total: true, application: { select: { applicant: { select: { fullName: true } } } } },
  });
  const cut = await cutKey(prisma, fr, base);
  return Promise.all(
    rows.map(async (row) => ({
      rank: 1 + (await prisma.examResult.count({ where: { ...base, ...strictlyBetter(row) } })),
      participantNumber: row.participantNumber,
      fullName: row.application.applicant.fullName,
      twk: row.twk,
      tiu: row.tiu,
      tkp: row.tkp,
      total: row.total,
      resultCode: resultCode(fr, row, cut),
    })),
  );
}
