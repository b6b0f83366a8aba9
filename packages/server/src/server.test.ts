import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../test/databases.js';
import { startTestApp, type TestApp } from '../test/app.js';

const SEED_REGIONS = [
  { code: '16.71.14', bpsCode: '1671031', kind: 'KECAMATAN', parent: '16.71' },
  { code: '15.71', bpsCode: '1571', kind: 'KOTA', parent: '15' },
  { code: '15.04', bpsCode: '1504', kind: 'KABUPATEN', parent: '15' },
  { code: '17.01.05', bpsCode: '1701041', kind: 'KECAMATAN', parent: '17.01' },
  { code: '33.74', bpsCode: '3374', kind: 'KOTA', parent: '33' },
];

describe.each(ENGINES)('GraphQL over HTTP on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(engine);
  });
  afterAll(() => app?.close());

  it('answers /health and reports /ready with the database and migrations checked', async () => {
    const health = await fetch(`${app.server.url}/health`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${app.server.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: 'ok', pendingMigrations: [], pubsub: 'memory' });
  });

  it('lists the five seed-article regions with their codes, kinds and parents, among all of Indonesia', async () => {
    for (const expected of SEED_REGIONS) {
      const { data, errors } = await app.gql(`query ($c: String!) { regions(search: $c, first: 1) { code bpsCode kind name parent { code } } }`, {
        c: expected.code,
      });
      expect(errors).toBeUndefined();
      expect(data.regions[0], expected.code).toMatchObject({
        code: expected.code,
        bpsCode: expected.bpsCode,
        kind: expected.kind,
        parent: { code: expected.parent },
      });
    }
    const { data } = await app.gql(
      `{ provinces: regions(kind: PROVINCE, first: 100) { code } page: regions(first: 1000) { code } next: regions(first: 10, offset: 1000) { code } }`,
    );
    expect(data.provinces).toHaveLength(38);
    const codes = data.page.map((r: { code: string }) => r.code);
    expect(codes).toHaveLength(1000);
    expect(codes).toEqual([...codes].sort());
    expect(data.next[0].code > codes[999]).toBe(true);
    const tooMany = await app.gql(`{ regions(first: 1001) { code } }`);
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const byName = await app.gql(`{ regions(search: "SAMARINDA", kind: KOTA) { code timeZone } }`);
    expect(byName.data.regions).toEqual([{ code: '64.72', timeZone: 'WITA' }]);
  });

  it('finds a region by Kemendagri code, walks the tree, and returns null for an unknown code', async () => {
    const { data } = await app.gql(`query($code: String!) { region(code: $code) { name kind children { code } parent { code kind } } }`, {
      code: '15',
    });
    expect(data.region.kind).toBe('PROVINCE');
    // Jambi's nine kabupaten and two kota, by code.
    const children = data.region.children.map((c: { code: string }) => c.code);
    expect(children).toHaveLength(11);
    expect(children).toEqual([...children].sort());
    expect(children).toEqual(expect.arrayContaining(['15.04', '15.71']));
    const unknown = await app.gql(`{ region(code: "99.99") { name } }`);
    expect(unknown).toEqual({ data: { region: null } });
  });

  it('pages through formations of a region subtree with a stable totalCount', async () => {
    const query = `query($region: String, $after: String) {
      formations(regionCode: $region, year: 2024, first: 3, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id code region { code } } }
      }
    }`;
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 100; page++) {
      const { data, errors }: { data?: any; errors?: unknown } = await app.gql(query, { region: '15', after });
      expect(errors).toBeUndefined();
      total = data.formations.totalCount;
      for (const { node } of data.formations.edges) {
        expect(node.region.code === '15' || node.region.code.startsWith('15.')).toBe(true);
        seen.push(node.id);
      }
      if (!data.formations.pageInfo.hasNextPage) break;
      after = data.formations.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total);
    const count = async (region: string) => (await app.gql(query, { region, after: null })).data.formations.totalCount as number;
    expect(total).toBeGreaterThan(0);
    expect(total).toBe((await count('15.71')) + (await count('15.04')));
  });

  it('fetches one formation by its global ID, filters by agency and type', async () => {
    const list = await app.gql(`{ formations(first: 1, regionCode: "33.74") { edges { node { id code agency { id } } } } }`);
    const first = list.data.formations.edges[0].node;
    const one = await app.gql(
      `query($id: ID!) { formation(id: $id) { code quota type educationLevel selectionYear { year thresholds { formationType tiu } } } }`,
      {
        id: first.id,
      },
    );
    expect(one.data.formation.code).toBe(first.code);
    expect(one.data.formation.selectionYear.year).toBe(2024);
    expect(one.data.formation.selectionYear.thresholds).toContainEqual({ formationType: 'CUMLAUDE', tiu: 85 });
    const byAgency = await app.gql(`query($a: ID) { formations(agencyId: $a, first: 100) { edges { node { agency { id } } } } }`, {
      a: first.agency.id,
    });
    expect(byAgency.data.formations.edges.every((e: any) => e.node.agency.id === first.agency.id)).toBe(true);
    const umum = await app.gql(`{ formations(type: DISABILITAS, first: 100) { edges { node { type } } } }`);
    expect(umum.data.formations.edges.every((e: any) => e.node.type === 'DISABILITAS')).toBe(true);
  });

  it('rejects malformed arguments with errors that name the argument', async () => {
    const wrongType = await app.gql(`{ region(code: 15) { name } }`);
    expect(wrongType.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Argument "code" of "region"/), extensions: { argument: 'code' } });
    const missing = await app.gql(`{ region { name } }`);
    expect(missing.errors?.[0]?.message).toMatch(/"code"/);
    const badEnum = await app.gql(`{ formations(type: BOGUS) { totalCount } }`);
    expect(badEnum.errors?.[0]?.message).toMatch(/^Argument "type" of "formations"/);
    const badVariable = await app.gql(`query($c: String!) { region(code: $c) { name } }`, { c: 15 });
    expect(badVariable.errors?.[0]?.message).toMatch(/"\$c"/);
    const tooMany = await app.gql(`{ formations(first: 500) { totalCount edges { node { id } } } }`);
    expect(tooMany.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
    const badId = await app.gql(`{ formation(id: "not-a-global-id") { code } }`);
    expect(badId.errors?.length).toBeGreaterThan(0);
    expect(badId.data?.formation ?? null).toBeNull();
  });

  it('says who the caller is: PUBLIC without credentials', async () => {
    expect((await app.gql(`{ viewer { role } }`)).data).toEqual({ viewer: { role: 'PUBLIC' } });
  });
});
