import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, freshDatabase, type TestDatabase } from '../../test/databases.js';
import { ensureRegions, loadedRegionDataset, loadRegions, regionDatasetVersion } from './region-dataset.js';

describe.each(ENGINES)('national regions on %s', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase(engine);
  });
  afterAll(() => db?.close());

  it('loads 38 provinces, 514 kabupaten/kota and 7,285 kecamatan with their time zones, under 10 s', async () => {
    const result = await loadRegions(db.prisma);
    expect(result.ms).toBeLessThan(10_000);
    expect(result.changed).toEqual([38, 514, 7285]);
    const byKind = await db.prisma.region.groupBy({ by: ['kind'], _count: true, orderBy: { kind: 'asc' } });
    expect(Object.fromEntries(byKind.map((k) => [k.kind, k._count]))).toEqual({ PROVINCE: 38, KABUPATEN: 416, KOTA: 98, KECAMATAN: 7285 });
    const samarinda = await db.prisma.region.findUniqueOrThrow({ where: { code: '64.72' }, include: { parent: true } });
    expect(samarinda).toMatchObject({ name: 'Kota Samarinda', kind: 'KOTA', timeZone: 'WITA' });
    expect(samarinda.parent?.code).toBe('64');
    expect((await db.prisma.region.findUniqueOrThrow({ where: { code: '91.71' } })).timeZone).toBe('WIT');
    expect((await db.prisma.region.findUniqueOrThrow({ where: { code: '16.71.14' } })).timeZone).toBe('WIB');
    expect(await loadedRegionDataset(db.prisma)).toEqual({ version: regionDatasetVersion, scope: 'provinces,regencies,districts' });
  });

  it('a second load writes nothing, restores edited names and keeps ids (references stay valid)', async () => {
    const before = await db.prisma.region.findUniqueOrThrow({ where: { code: '15.71' } });
    await db.prisma.region.update({ where: { code: '15.71' }, data: { name: 'Jambi (old name)', population: 649_656 } });
    await db.prisma.region.create({ data: { code: '99.99', name: 'Kept though not in the dataset', kind: 'KOTA' } });
    const again = await loadRegions(db.prisma);
    expect(again.changed).toEqual([0, 1, 0]);
    const after = await db.prisma.region.findUniqueOrThrow({ where: { code: '15.71' } });
    expect(after).toMatchObject({ id: before.id, name: 'Kota Jambi', population: 649_656 });
    expect(await db.prisma.region.count({ where: { code: '99.99' } })).toBe(1);
    expect(await ensureRegions(db.prisma)).toBeNull();
  });
});
