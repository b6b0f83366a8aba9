import { describe, expect, it } from 'vitest';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { EventBus } from '../events/bus.js';
import type { EventTopics } from '../events/topics.js';
import { ReferenceCatalogue } from './catalogue.js';

const region = (id: number, code: string, name: string, parentId: number | null, kind = 'KOTA') => ({
  id,
  code,
  name,
  kind,
  parentId,
  bpsCode: null,
  timeZone: 'WIB',
  population: null,
});

/** A database of a few rows that counts the loads of each table. */
function fakeDatabase() {
  const loads = { region: 0, agency: 0, serviceUnit: 0, selectionYear: 0 };
  const rows = {
    region: [
      region(1, '15', 'Jambi', null, 'PROVINCE'),
      region(2, '15.04', 'Kabupaten Muaro Jambi', 1, 'KABUPATEN'),
      region(3, '15.71', 'Kota Jambi', 1),
      region(4, '16', 'Sumatera Selatan', null, 'PROVINCE'),
      region(5, '16.71', 'Kota Palembang', 4),
    ],
    agency: [{ id: 1, code: 'PEMKOT-JAMBI', name: 'Pemerintah Kota Jambi', level: 'KOTA', regionId: 3 }],
    serviceUnit: [] as Array<{ id: number; code: string; name: string; regionId: number; agencyId: number }>,
    selectionYear: [],
  };
  const table = (name: keyof typeof loads) => ({
    findMany: async () => {
      loads[name]++;
      return rows[name].map((r) => ({ ...r }));
    },
  });
  const prisma = { region: table('region'), agency: table('agency'), serviceUnit: table('serviceUnit'), selectionYear: table('selectionYear') };
  return { prisma: prisma as unknown as PrismaClient, loads, rows };
}

/** A bus whose events and connection the test drives. */
function fakeBus() {
  let push: ((event: EventTopics['referenceChanged']) => void) | undefined;
  const listeners = new Set<(connected: boolean) => void>();
  let connected = true;
  const bus = {
    connected: () => connected,
    onConnectionChange: (listener: (c: boolean) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    subscribe: () =>
      ({
        [Symbol.asyncIterator]() {
          return this;
        },
        next: () => new Promise((resolve) => (push = (value) => resolve({ value, done: false }))),
        return: async () => ({ value: undefined, done: true }),
      }) as AsyncIterableIterator<EventTopics['referenceChanged']>,
  } as unknown as Pick<EventBus, 'subscribe' | 'onConnectionChange' | 'connected'>;
  return {
    bus,
    deliver: async (event: EventTopics['referenceChanged']) => {
      push?.(event);
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    setConnected: (value: boolean) => {
      connected = value;
      for (const listener of listeners) listener(value);
    },
  };
}

describe('reference catalogue', () => {
  it('loads a table once, answers from memory, and loads it again only after a change names it', async () => {
    const { prisma, loads, rows } = fakeDatabase();
    const { bus, deliver } = fakeBus();
    const catalogue = new ReferenceCatalogue(prisma, { maxAgeWhileDisconnected: 50 });
    catalogue.follow(bus);
    expect((await catalogue.region(3)).name).toBe('Kota Jambi');
    // Loaded: answered at once, without a promise.
    expect(catalogue.regionByCode('16.71')).toMatchObject({ id: 5 });
    expect(loads.region).toBe(1);
    rows.region[2]!.name = 'Kota Jambi (baru)';
    await deliver({ tables: ['agency'] });
    expect((await catalogue.region(3)).name).toBe('Kota Jambi');
    await deliver({ tables: ['region'] });
    expect((await catalogue.region(3)).name).toBe('Kota Jambi (baru)');
    expect(loads.region).toBe(2);
  });

  it('drops at once what its own process publishes, before the bus carries it', async () => {
    const { prisma, rows } = fakeDatabase();
    const catalogue = new ReferenceCatalogue(prisma, { maxAgeWhileDisconnected: 50 });
    const sent: string[] = [];
    const publisher = catalogue.publisherFor({ publish: (topic) => void sent.push(topic) });
    await catalogue.agency(1);
    rows.agency[0]!.name = 'Pemkot Jambi';
    publisher.publish('referenceChanged', { tables: ['agency'] });
    expect(sent).toEqual(['referenceChanged']);
    expect((await catalogue.agency(1)).name).toBe('Pemkot Jambi');
  });

  it('lists regions as the regions query does: by code, kind, parent, code prefix or name in any case, one page', async () => {
    const { prisma } = fakeDatabase();
    const catalogue = new ReferenceCatalogue(prisma, { maxAgeWhileDisconnected: 50 });
    const codes = async (filter: Parameters<ReferenceCatalogue['listRegions']>[0]) => (await catalogue.listRegions(filter)).map((r) => r.code);
    expect(await codes({ first: 100, offset: 0 })).toEqual(['15', '15.04', '15.71', '16', '16.71']);
    expect(await codes({ first: 2, offset: 1 })).toEqual(['15.04', '15.71']);
    expect(await codes({ kind: 'PROVINCE', first: 100, offset: 0 })).toEqual(['15', '16']);
    expect(await codes({ parentCode: '15', first: 100, offset: 0 })).toEqual(['15.04', '15.71']);
    expect(await codes({ parentCode: '99', first: 100, offset: 0 })).toEqual([]);
    expect(await codes({ search: '15.7', first: 100, offset: 0 })).toEqual(['15.71']);
    expect(await codes({ search: 'jambi', first: 100, offset: 0 })).toEqual(['15', '15.04', '15.71']);
    expect(await codes({ search: 'JAMBI', kind: 'KOTA', first: 100, offset: 0 })).toEqual(['15.71']);
    expect(await codes({ search: 'jambi', parentCode: '15', first: 1, offset: 1 })).toEqual(['15.71']);
    // A name search is literal: no LIKE wildcards.
    expect(await codes({ search: 'k_ta', first: 100, offset: 0 })).toEqual([]);
  });

  it('reloads once for a row a committed foreign key points at, never for an unknown code', async () => {
    const { prisma, loads, rows } = fakeDatabase();
    const catalogue = new ReferenceCatalogue(prisma, { maxAgeWhileDisconnected: 50 });
    expect(await catalogue.regionByCode('17')).toBeNull();
    rows.region.push(region(6, '17', 'Bengkulu', null, 'PROVINCE'));
    expect(await catalogue.regionByCode('17')).toBeNull();
    expect(loads.region).toBe(1);
    // Another process committed it and its event has not arrived: the id is proof it exists.
    expect((await catalogue.region(6)).code).toBe('17');
    expect(loads.region).toBe(2);
    await expect(catalogue.region(99)).rejects.toThrow('region 99 is not in the database');
  });

  it('trusts a table for one interval while the bus is down, and drops everything when it is back', async () => {
    const { prisma, loads } = fakeDatabase();
    const { bus, setConnected } = fakeBus();
    const catalogue = new ReferenceCatalogue(prisma, { maxAgeWhileDisconnected: 30 });
    catalogue.follow(bus);
    await catalogue.agency(1);
    setConnected(false);
    await catalogue.agency(1);
    expect(loads.agency).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 40));
    await catalogue.agency(1);
    expect(loads.agency).toBe(2);
    setConnected(true);
    await catalogue.agency(1);
    expect(loads.agency).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 40));
    await catalogue.agency(1);
    expect(loads.agency).toBe(3);
  });

  it('does not keep a load that began before a change', async () => {
    const { prisma, loads, rows } = fakeDatabase();
    const catalogue = new ReferenceCatalogue(prisma, { maxAgeWhileDisconnected: 50 });
    const early = catalogue.agency(1);
    rows.agency[0]!.name = 'Pemkot Jambi';
    catalogue.changed(['agency']);
    await early;
    expect((await catalogue.agency(1)).name).toBe('Pemkot Jambi');
    expect(loads.agency).toBe(2);
  });
});
