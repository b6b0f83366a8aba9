/**
 * The plain way, as a baseline for benchmarks: graphql-yoga with hand-written SDL and naive
 * per-field resolvers over the same Prisma client (one query per parent row: the N+1 shape).
 * It answers the same operations as Pantau for the fields the HTTP suite asks, from the same
 * domain functions (rankSkd, rollUp, masking), so the two can be checked for the same answer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { createSchema, createYoga } from 'graphql-yoga';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import { distribution, FUNNEL_STEPS, rollUp, type FormationFacts } from '../src/domain/kpis.js';
import { maskName, maskParticipantNumber } from '../src/domain/masking.js';
import { rankSkd } from '../src/domain/ranking.js';
import { finalRankingWithOptimalisasi, formationRules } from '../src/exams/ranking.js';

const typeDefs = /* GraphQL */ `
  type Region { code: String! name: String! parent: Region }
  type Agency { name: String! region: Region }
  type ServiceUnit { name: String! region: Region! }
  type SelectionYear { year: Int! }
  type Formation {
    code: String! quota: Int! applicantCount: Int!
    agency: Agency! serviceUnit: ServiceUnit region: Region! selectionYear: SelectionYear!
  }
  type FormationEdge { node: Formation! }
  type FormationConnection { totalCount: Int! edges: [FormationEdge!]! }
  type RankingEntry { rank: Int! participantNumber: String! displayName: String! twk: Int! tiu: Int! tkp: Int! total: Int! resultCode: ResultCode! }
  enum ResultCode { P_L P_L_2 P TL TH DIS }
  type RankingEdge { node: RankingEntry! }
  type RankingConnection { totalCount: Int! cutRank: Int edges: [RankingEdge!]! }
  type FunnelCount { step: String! count: Int! }
  type GenderCount { gender: String! count: Int! }
  type RecruitmentKpis { applicants: Int! formationCount: Int! funnel: [FunnelCount!]! byGender: [GenderCount!]! }
  type Query {
    formations(first: Int, regionCode: String): FormationConnection!
    ranking(formationId: ID!, first: Int): RankingConnection!
    recruitmentKpis(regionCode: String!): RecruitmentKpis
  }
`;

/** Every SKD result of the formation into memory, ranked by the domain's rankSkd, the first page kept. */
async function ranking(prisma: PrismaClient, formationGlobalId: string, first: number) {
  // Pantau's IDs are Relay global IDs; the baseline takes the same ones.
  const fr = await formationRules(prisma, Number(decodeGlobalID(formationGlobalId).id));
  if (!fr) throw new Error('no such formation');
  const results = await prisma.examResult.findMany({
    where: { formationId: fr.formationId, stage: 'SKD', disqualified: false },
    select: { applicationId: true, participantNumber: true, twk: true, tiu: true, tkp: true },
  });
  const ranked = rankSkd(
    fr.rules,
    { type: fr.type, quota: fr.quota },
    results.map((r) => ({
      key: String(r.applicationId),
      applicationId: r.applicationId,
      participantNumber: r.participantNumber,
      scores: { TWK: r.twk, TIU: r.tiu, TKP: r.tkp },
    })),
  );
  const advanced = ranked.filter((e) => e.resultCode === 'P/L');
  return {
    totalCount: results.length,
    cutRank: advanced.length ? advanced.at(-1)!.rank : null,
    edges: ranked.slice(0, first).map((e) => ({ node: { ...e, twk: e.scores!.TWK, tiu: e.scores!.TIU, tkp: e.scores!.TKP } })),
  };
}

/** A region's KPIs counted per formation with one plain query per figure, on every request. */
async function recruitmentKpis(prisma: PrismaClient, regionCode: string) {
  const inRegion = { region: { OR: [{ code: regionCode }, { code: { startsWith: `${regionCode}.` } }] } };
  const year = await prisma.selectionYear.findFirst({ orderBy: { year: 'desc' }, select: { id: true } });
  if (!year) return null;
  const formations = await prisma.formation.findMany({
    where: { ...inRegion, selectionYearId: year.id, status: 'APPROVED' },
    select: { id: true, code: true, quota: true },
    orderBy: { id: 'asc' },
  });
  const facts = await Promise.all(
    formations.map(async (f): Promise<FormationFacts> => {
      const fr = (await formationRules(prisma, f.id))!;
      const [applicants, verified, eligible, results, skbSat] = await Promise.all([
        prisma.application.count({ where: { formationId: f.id } }),
        prisma.application.count({ where: { formationId: f.id, adminResult: { not: null } } }),
        prisma.application.count({ where: { formationId: f.id, adminResult: 'MS' } }),
        prisma.examResult.findMany({
          where: { formationId: f.id, stage: 'SKD' },
          select: { applicationId: true, participantNumber: true, twk: true, tiu: true, tkp: true, disqualified: true },
        }),
        prisma.skbResult.count({ where: { formationId: f.id } }),
      ]);
      const ranked = rankSkd(
        fr.rules,
        { type: fr.type, quota: fr.quota },
        results.map((r) => ({
          key: String(r.applicationId),
          participantNumber: r.participantNumber,
          scores: { TWK: r.twk, TIU: r.tiu, TKP: r.tkp },
          disqualified: r.disqualified,
        })),
      );
      const finals = skbSat > 0 ? await finalRankingWithOptimalisasi(prisma, fr) : [];
      return {
        formationId: f.id,
        code: f.code,
        quota: f.quota,
        applicants,
        verified,
        eligible,
        skdSat: results.length,
        skdAbsent: 0,
        skdPassed: ranked.filter((e) => e.passedThreshold).length,
        skdAdvanced: ranked.filter((e) => e.resultCode === 'P/L').length,
        skbSat,
        selected: finals.filter((e) => e.resultCode === 'P/L').length,
        placed: finals.filter((e) => e.resultCode === 'P/L-2').length,
        finalKnown: skbSat > 0,
      };
    }),
  );
  const totals = rollUp(facts);
  const genders = ['MALE', 'FEMALE'] as const;
  const counts = await Promise.all(
    genders.map(
      async (gender) =>
        [
          gender,
          await prisma.application.count({ where: { formation: { ...inRegion, selectionYearId: year.id, status: 'APPROVED' }, applicant: { gender } } }),
        ] as const,
    ),
  );
  return {
    applicants: totals.applicants,
    formationCount: totals.formationCount,
    funnel: FUNNEL_STEPS.map((step) => totals.funnel.find((s) => s.step === step)!),
    byGender: distribution(new Map(counts)).map(({ key, count }) => ({ gender: key, count })),
  };
}

export async function startBaseline(prisma: PrismaClient): Promise<{ url: string; close(): Promise<void> }> {
  const schema = createSchema({
    typeDefs,
    resolvers: {
      Query: {
        formations: async (_: unknown, args: { first?: number; regionCode?: string }) => {
          const where = args.regionCode ? { region: { OR: [{ code: args.regionCode }, { code: { startsWith: `${args.regionCode}.` } }] } } : {};
          const [rows, totalCount] = await Promise.all([
            prisma.formation.findMany({ where, take: args.first ?? 20, orderBy: { id: 'asc' } }),
            prisma.formation.count({ where }),
          ]);
          return { totalCount, edges: rows.map((node) => ({ node })) };
        },
        ranking: (_: unknown, args: { formationId: string; first?: number }) => ranking(prisma, args.formationId, args.first ?? 20),
        recruitmentKpis: (_: unknown, args: { regionCode: string }) => recruitmentKpis(prisma, args.regionCode),
      },
      ResultCode: { P_L: 'P/L', P_L_2: 'P/L-2', P: 'P', TL: 'TL', TH: 'TH', DIS: 'DIS' },
      // The public's view, masked the same way Pantau masks it (one field at a time, the plain way).
      RankingEntry: {
        participantNumber: (e: { participantNumber: string }) => maskParticipantNumber(e.participantNumber),
        displayName: async (e: { applicationId: number }) => {
          const application = await prisma.application.findUniqueOrThrow({
            where: { id: e.applicationId },
            select: { applicant: { select: { fullName: true } } },
          });
          return maskName(application.applicant.fullName);
        },
      },
      Formation: {
        applicantCount: (f: { id: number }) => prisma.application.count({ where: { formationId: f.id } }),
        agency: (f: { agencyId: number }) => prisma.agency.findUnique({ where: { id: f.agencyId } }),
        serviceUnit: (f: { serviceUnitId: number | null }) =>
          f.serviceUnitId === null ? null : prisma.serviceUnit.findUnique({ where: { id: f.serviceUnitId } }),
        region: (f: { regionId: number }) => prisma.region.findUnique({ where: { id: f.regionId } }),
        selectionYear: (f: { selectionYearId: number }) => prisma.selectionYear.findUnique({ where: { id: f.selectionYearId } }),
      },
      Agency: { region: (a: { regionId: number | null }) => (a.regionId === null ? null : prisma.region.findUnique({ where: { id: a.regionId } })) },
      ServiceUnit: { region: (u: { regionId: number }) => prisma.region.findUnique({ where: { id: u.regionId } }) },
      Region: { parent: (r: { parentId: number | null }) => (r.parentId === null ? null : prisma.region.findUnique({ where: { id: r.parentId } })) },
    },
  });
  const yoga = createYoga({ schema, graphiql: false, logging: false });
  const server = http.createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
