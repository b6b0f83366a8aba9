import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { createExamWorld } from '../../test/exam-fixture.js';

// The statement count of a nested list must not grow with the number of rows.
const NESTED = `query($first: Int!) {
  formations(first: $first) {
    totalCount
    edges { node {
      code quota applicantCount
      agency { name region { name parent { name } } }
      serviceUnit { name region { code } }
      region { code parent { code } }
      selectionYear { year }
    } }
  }
  regions { code parent { code } children { code } agencies { code } }
}`;

describe('no N+1 on nested queries', () => {
  let app: TestApp;
  const statements: string[] = [];
  beforeAll(async () => {
    app = await startTestApp('postgres', { onQuery: (sql) => statements.push(sql) });
    // Enough formations that a per-row query would show: 300 more on top of the seed.
    const agencies = await app.db.prisma.agency.findMany({ include: { serviceUnits: true } });
    const year = await app.db.prisma.selectionYear.findFirstOrThrow();
    await app.db.prisma.formation.createMany({
      data: Array.from({ length: 300 }, (_, i) => {
        const agency = agencies[i % agencies.length]!;
        const unit = agency.serviceUnits[i % Math.max(agency.serviceUnits.length, 1)];
        return {
          code: `NPLUS1-${i}`,
          jobTitle: 'Pranata Komputer Ahli Pertama',
          educationLevel: 'S1' as const,
          type: 'UMUM' as const,
          quota: 1 + (i % 5),
          agencyId: agency.id,
          serviceUnitId: unit?.id ?? null,
          regionId: unit?.regionId ?? agency.regionId!,
          selectionYearId: year.id,
        };
      }),
    });
  });
  afterAll(() => app?.close());

  async function countStatements(first: number): Promise<number> {
    statements.length = 0;
    const { data, errors } = await app.gql(NESTED, { first });
    expect(errors).toBeUndefined();
    expect(data.formations.edges).toHaveLength(first);
    return statements.length;
  }

  it('runs the same few statements for 5 rows as for 100', async () => {
    // The first read loads the reference catalogue: one statement per table it needs, once.
    const first = await countStatements(5);
    const few = await countStatements(5);
    expect(first - few).toBeLessThanOrEqual(4);
    const many = await countStatements(100);
    expect(many).toBe(few);
    // The formations, their tally and the count: agencies, units, regions and years come from
    // the catalogue (was up to 16, one per relation level, before it).
    expect(many).toBeLessThanOrEqual(3);
  });

  it("gives each formation its applications' count, read from the tally, after applications come and go", async () => {
    const world = await createExamWorld(app.db.prisma, { applicants: 7, tag: 'N' });
    // One moved to another formation (an update): the tally follows it out of one count and into the other.
    const other = await app.db.prisma.formation.findFirstOrThrow({ where: { id: { not: world.formationId } }, orderBy: { id: 'asc' } });
    await app.db.prisma.application.update({ where: { participantNumber: world.participants[0]!.participantNumber }, data: { formationId: other.id } });
    const { data, errors } = await app.gql(`{ formations(first: 100, year: 2024) { edges { node { id code applicantCount } } } }`);
    expect(errors).toBeUndefined();
    const real = await app.db.prisma.application.groupBy({ by: ['formationId'], _count: { _all: true } });
    const byFormation = new Map(real.map((r) => [r.formationId, r._count._all]));
    const formations = await app.db.prisma.formation.findMany({ select: { id: true, code: true } });
    const idOf = new Map(formations.map((f) => [f.code, f.id]));
    for (const { node } of data.formations.edges) expect([node.code, node.applicantCount]).toEqual([node.code, byFormation.get(idOf.get(node.code)!) ?? 0]);
    expect(data.formations.edges.find((e: any) => e.node.code === formations.find((f) => f.id === world.formationId)?.code).node.applicantCount).toBe(6);
  });
});
