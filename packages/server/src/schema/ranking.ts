/** A formation's ranking: SKD (the SKB cut) and FINAL (SKD and SKB integrated, with optimalisasi). */
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { identity } from './identity.js';
import { finalRankingWithOptimalisasi, formationRules, skdRankingPage, type RankingEntry } from '../exams/ranking.js';
import { InputError, MAX_PAGE_SIZE, checkPageSize } from '../errors.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';
import { FormationRef } from './formation.js';

const RankingStageEnum = builder.enumType('RankingStage', {
  description: 'SKD: the CAT ranking that decides the SKB cut. FINAL: SKD and SKB integrated.',
  values: {
    SKD: { description: 'The SKD ranking.' },
    FINAL: { description: 'The integrated final ranking (SKD 40%, SKB 60% by the rule set), optimalisasi included.' },
  } as const,
});
const ResultCodeEnum = builder.enumType('ResultCode', {
  description:
    'Announcement codes: P_L passed and within the SKB cut (P/L), P passed outside it, TL below threshold, TH absent, DIS disqualified, P_L_2 placed by optimalisasi.',
  values: {
    P_L: { value: 'P/L', description: 'P/L (Lulus): passed and inside the SKB cut (SKD), or selected (FINAL).' },
    P: { value: 'P', description: 'P: passed the threshold but outside the SKB cut or the quota.' },
    TL: { value: 'TL', description: 'Tidak Lulus: below a passing threshold.' },
    TH: { value: 'TH', description: 'Tidak Hadir: absent.' },
    DIS: { value: 'DIS', description: 'Diskualifikasi: disqualified.' },
    P_L_2: { value: 'P/L-2', description: 'P/L-2: selected by optimalisasi for a seat left empty in another formation.' },
  } as const,
});

type EntryLike = RankingEntry & { movement?: number | null; skb?: number; final?: number };

export const RankingEntryRef = builder.objectRef<EntryLike>('RankingEntry').implement({
  description: "One applicant's place in a formation's ranking. Names and numbers are masked for the public.",
  authScopes: { public: true },
  fields: (t) => ({
    rank: t.exposeInt('rank', { description: 'Peringkat: place in the ranking, 1 first.' }),
    participantNumber: t.string({
      description: 'Nomor peserta: masked for viewers who may not see personal data.',
      resolve: (e, _a, ctx) => identity.participantNumber(e.participantNumber, ctx),
    }),
    displayName: t.string({
      description: 'Nama: masked for viewers who may not see personal data.',
      resolve: (e, _a, ctx) => identity.displayName(e.fullName, ctx),
    }),
    twk: t.exposeInt('twk', { description: 'TWK score.' }),
    tiu: t.exposeInt('tiu', { description: 'TIU score.' }),
    tkp: t.exposeInt('tkp', { description: 'TKP score.' }),
    total: t.exposeInt('total', { description: 'Total SKD.' }),
    skb: t.float({ nullable: true, description: 'SKB score (0-100) once known.', resolve: (e) => e.skb ?? null }),
    final: t.float({
      nullable: true,
      description: 'Final score: SKD/550 x 100 x 40% + SKB x 60%, unrounded (announcements show it rounded half up to 2 decimals).',
      resolve: (e) => e.final ?? null,
    }),
    resultCode: t.field({ description: 'Kode hasil: P/L, P, TL, TH, DIS or P/L-2.', type: ResultCodeEnum, resolve: (e) => e.resultCode as never }),
    movement: t.int({ nullable: true, description: 'Places gained (+) or lost (-) since the previous live update.', resolve: (e) => e.movement ?? null }),
  }),
});

builder.queryFields((t) => ({
  ranking: t.connection(
    {
      type: RankingEntryRef,
      description: "A formation's ranking, best first, with result codes; page with first/after.",
      authScopes: access('Query', 'ranking'),
      args: {
        formationId: t.arg.globalID({ description: 'Global ID of the formation.', for: [FormationRef], required: true }),
        stage: t.arg({ description: 'SKD (default) or FINAL.', type: RankingStageEnum, defaultValue: 'SKD', required: true }),
      },
      resolve: async (_root, args, ctx) => {
        checkPageSize(args);
        const fr = await formationRules(ctx.prisma, Number(args.formationId.id));
        if (!fr) throw new InputError('formationId', 'no such formation');
        if (args.stage === 'FINAL') {
          const entries = await finalRankingWithOptimalisasi(ctx.prisma, fr, ctx.live.summaries);
          const connection = await resolveOffsetConnection(
            { args: { ...args, first: args.first ?? 50 }, defaultSize: 50, maxSize: MAX_PAGE_SIZE },
            ({ offset, limit }) => entries.slice(offset, offset + limit),
          );
          return { ...connection, totalCount: entries.length, cutRank: null };
        }
        let meta = { totalCount: 0, cutRank: null as number | null };
        const lastRanks = ctx.live.lastRanks(fr.formationId);
        const connection = await resolveOffsetConnection(
          { args: { ...args, first: args.first ?? 50 }, defaultSize: 50, maxSize: MAX_PAGE_SIZE },
          async ({ offset, limit }) => {
            const page = await skdRankingPage(ctx.prisma, fr, { offset, limit }, ctx.live.summaries);
            meta = { totalCount: page.totalCount, cutRank: page.cutRank };
            return page.entries.map((e) => {
              const before = lastRanks?.get(e.participantNumber);
              return { ...e, movement: before === undefined ? null : before - e.rank };
            });
          },
        );
        return { ...connection, ...meta };
      },
    },
    {
      name: 'RankingConnection',
      description: "A page of a formation's ranking.",
      fields: (c) => ({
        totalCount: c.int({ description: 'Everyone ranked, on every page.', resolve: (conn) => (conn as unknown as { totalCount: number }).totalCount }),
        cutRank: c.int({
          nullable: true,
          description: 'Rank of the last applicant inside the SKB cut (3 x quota; ties at the cut go on too).',
          resolve: (conn) => (conn as unknown as { cutRank: number | null }).cutRank,
        }),
      }),
    },
    { name: 'RankingEdge', description: 'One place in the ranking, with its cursor.' },
  ),
}));
