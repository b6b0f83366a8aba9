/**
 * The plain way, as a baseline for benchmarks: graphql-yoga with hand-written SDL and naive
 * per-field resolvers over the same Prisma client (one query per parent row: the N+1 shape).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import type { PrismaClient } from '../src/generated/prisma/client.js';

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
  type Query { formations(first: Int, regionCode: String): FormationConnection! }
`;

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
