/**
 * The reference catalogue stays true across instances: a change committed through one instance
 * (or by another process, as the seed CLI) shows on a read on the other. The committing instance
 * drops its copy before the mutation answers, so its own next read sees the change at once;
 * another instance drops it when the event arrives through the bus (Redis here), asserted within
 * one live interval, the bound public answers already keep (docs/caching.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTokenSigner } from '../src/access/tokens.js';
import { createUser } from '../src/access/users.js';
import { seedReference } from '../src/seed/seed.js';
import { createEventBus } from '../src/transport/pubsub.js';
import { redisNamespace, redisUrl, startInstance, startTestApp, type TestApp, type TestInstance } from './app.js';
import { freshDatabase, type TestDatabase } from './databases.js';

const LIVE_INTERVAL_MS = 250;
const UNIT = 'query($code: String!) { serviceUnit(code: $code) { id name populationServed region { code population } } }';
const REGION = 'query($code: String!) { region(code: $code) { population children { code } } }';

async function adminHeaders(db: TestDatabase): Promise<Record<string, string>> {
  const user = await createUser(db.prisma, { username: 'ref.admin', displayName: 'Admin', role: 'ADMIN', password: 'sandi-admin-panjang' });
  const signer = await loadTokenSigner(db.prisma);
  return { authorization: `Bearer ${signer.sign({ kind: 'user', id: user.id, role: 'ADMIN' }).token}` };
}

async function ok(instance: TestInstance, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const { data, errors } = await instance.gql(query, variables, headers);
  expect(errors).toBeUndefined();
  return data;
}

describe('reference catalogue across two instances on PostgreSQL + Redis', () => {
  let db: TestDatabase;
  let a: TestInstance;
  let b: TestInstance;
  let admin: Record<string, string>;

  beforeAll(async () => {
    db = await freshDatabase('postgres');
    await seedReference(db.prisma);
    admin = await adminHeaders(db);
    const options = { redis: true, liveIntervalMs: LIVE_INTERVAL_MS };
    [a, b] = [await startInstance(db, { ...options, instanceId: 'a' }), await startInstance(db, { ...options, instanceId: 'b' })];
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.close();
  });

  /** Polls `read` on B until `seen`, from the moment the mutation on A returned; fails after one live interval. */
  async function seenOnB<T>(read: () => Promise<T>, seen: (value: T) => boolean) {
    await expect.poll(async () => seen(await read()), { timeout: LIVE_INTERVAL_MS, interval: 5 }).toBe(true);
  }

  it('a service unit renamed through one instance is read renamed on both', async () => {
    const before = (await ok(b, UNIT, { code: 'PKM-PLAJU' })).serviceUnit;
    expect((await ok(a, UNIT, { code: 'PKM-PLAJU' })).serviceUnit.name).toBe(before.name);
    const renamed = await ok(a, 'mutation($id: ID!) { updateServiceUnit(id: $id, name: "Puskesmas Plaju Ulu") { name } }', { id: before.id }, admin);
    expect(renamed.updateServiceUnit.name).toBe('Puskesmas Plaju Ulu');
    // The committing instance: at once.
    expect((await ok(a, UNIT, { code: 'PKM-PLAJU' })).serviceUnit.name).toBe('Puskesmas Plaju Ulu');
    await seenOnB(
      async () => (await ok(b, UNIT, { code: 'PKM-PLAJU' })).serviceUnit.name,
      (name) => name === 'Puskesmas Plaju Ulu',
    );
    // Formations placed in the unit read it renamed too.
    const formations = await ok(b, '{ formations(regionCode: "16.71.14", first: 100) { edges { node { serviceUnit { code name } } } } }');
    const names = formations.formations.edges.flatMap((e: any) => (e.node.serviceUnit?.code === 'PKM-PLAJU' ? [e.node.serviceUnit.name] : []));
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names)).toEqual(new Set(['Puskesmas Plaju Ulu']));
  });

  it("a region's population set through one instance, and a unit created there, are read on the other", async () => {
    const population = (await ok(b, REGION, { code: '16.71' })).region.population;
    await ok(a, 'mutation { setRegionPopulation(regionCode: "16.71", population: 1772492) { population } }', {}, admin);
    expect(population).not.toBe(1772492);
    expect((await ok(a, REGION, { code: '16.71' })).region.population).toBe(1772492);
    await seenOnB(
      async () => (await ok(b, REGION, { code: '16.71' })).region.population,
      (value) => value === 1772492,
    );

    expect((await ok(b, UNIT, { code: 'PKM-KERTAPATI' })).serviceUnit).toBeNull();
    const agency = (await ok(b, '{ region(code: "16.71") { agencies { id } } }')).region.agencies[0];
    await ok(
      a,
      'mutation($i: CreateServiceUnitInput!) { createServiceUnit(input: $i) { id } }',
      { i: { agencyId: agency.id, code: 'PKM-KERTAPATI', name: 'Puskesmas Kertapati', kind: 'PUSKESMAS', regionCode: '16.71.14', populationServed: 30000 } },
      admin,
    );
    await seenOnB(
      async () => (await ok(b, UNIT, { code: 'PKM-KERTAPATI' })).serviceUnit,
      (unit) => unit?.name === 'Puskesmas Kertapati' && unit.region.code === '16.71.14',
    );
  });

  it('another process (the seed CLI, through Redis) refreshes both instances', async () => {
    const seeded = (await ok(b, UNIT, { code: 'PKM-PLAJU' })).serviceUnit;
    // A write outside the services is not announced: the instances keep what they hold...
    await db.prisma.serviceUnit.update({ where: { code: 'PKM-PLAJU' }, data: { name: 'Puskesmas Plaju (diubah)' } });
    expect((await ok(b, UNIT, { code: 'PKM-PLAJU' })).serviceUnit.name).toBe(seeded.name);
    // ...until a process announces one: the seed puts the seeded name back and says so.
    const cli = await createEventBus({ redisUrl, namespace: redisNamespace });
    try {
      await seedReference(db.prisma, cli);
    } finally {
      await cli.close();
    }
    const { name } = await db.prisma.serviceUnit.findUniqueOrThrow({ where: { code: 'PKM-PLAJU' } });
    expect(name).toBe('Puskesmas Plaju');
    for (const instance of [a, b]) {
      await expect.poll(async () => (await ok(instance, UNIT, { code: 'PKM-PLAJU' })).serviceUnit.name, { timeout: LIVE_INTERVAL_MS, interval: 5 }).toBe(name);
    }
  });
});

describe('reference catalogue on the embedded default', () => {
  let app: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp('pglite');
    admin = await adminHeaders(app.db);
  });
  afterAll(() => app?.close());

  it('a change is read at once after the mutation answers', async () => {
    const unit = (await ok(app, UNIT, { code: 'PKM-PLAJU' })).serviceUnit;
    await ok(app, 'mutation($id: ID!) { updateServiceUnit(id: $id, populationServed: 41000) { populationServed } }', { id: unit.id }, admin);
    expect((await ok(app, UNIT, { code: 'PKM-PLAJU' })).serviceUnit.populationServed).toBe(41000);
    await ok(app, 'mutation { setRegionPopulation(regionCode: "16.71.14", population: 98000) { population } }', {}, admin);
    expect((await ok(app, UNIT, { code: 'PKM-PLAJU' })).serviceUnit.region).toEqual({ code: '16.71.14', population: 98000 });
  });
});
