import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, freshDatabase, type TestDatabase } from '../../test/databases.js';
import { seedAll } from './seed.js';

describe.each(ENGINES)('the seeded recruitment story on %s', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase(engine);
    await seedAll(db.prisma, { applicants: 800, seed: 11, exams: false });
  });
  afterAll(() => db?.close());

  it('announces every application, about 8% TMS, and re-announces where a sanggah was filed', async () => {
    const p = db.prisma;
    const apps = await p.application.findMany({ include: { appeal: true } });
    expect(apps).toHaveLength(800);
    expect(apps.every((a) => (a.appeal ? a.status === 'REANNOUNCED' && a.reannouncedAt : a.status === 'ANNOUNCED' && !a.reannouncedAt))).toBe(true);
    const tmsFirst = apps.filter((a) => a.adminResult === 'TMS' || a.appeal?.decision === 'ACCEPTED').length;
    expect(tmsFirst / apps.length).toBeGreaterThan(0.05);
    expect(tmsFirst / apps.length).toBeLessThan(0.11);
    expect(apps.filter((a) => a.appeal).length).toBeGreaterThan(5);
    // Accepted appeals turned TMS into MS; rejected ones stayed TMS with their reason.
    for (const a of apps.filter((x) => x.appeal)) {
      expect(a.adminResult).toBe(a.appeal!.decision === 'ACCEPTED' ? 'MS' : 'TMS');
      expect(a.appeal!.filedAt.getTime()).toBeGreaterThan(a.announcedAt!.getTime());
      expect(a.appeal!.filedAt.getTime()).toBeLessThan(a.announcedAt!.getTime() + 3 * 86_400_000);
    }

    const announcements = await p.announcement.findMany({ include: { entries: true } });
    const withApps = new Set(apps.map((a) => a.formationId));
    expect(new Set(announcements.filter((n) => n.version === 1).map((n) => n.formationId))).toEqual(withApps);
    const appealed = new Set(apps.filter((a) => a.appeal).map((a) => a.formationId));
    expect(new Set(announcements.filter((n) => n.version === 2).map((n) => n.formationId))).toEqual(appealed);
    const byId = new Map(apps.map((a) => [a.id, a]));
    for (const n of announcements) {
      expect(n.entries.length).toBe(apps.filter((a) => a.formationId === n.formationId).length);
      for (const e of n.entries) {
        const a = byId.get(e.applicationId)!;
        const expected = n.version === 1 && a.appeal?.decision === 'ACCEPTED' ? 'TMS' : a.adminResult;
        expect(e.resultCode).toBe(expected);
      }
    }
  });

  it('gives every formation placed at a unit the staffing need it answers, and seeds again to the same rows', async () => {
    const p = db.prisma;
    const unplaced = await p.formation.count({ where: { serviceUnitId: { not: null }, staffingNeedId: null } });
    expect(unplaced).toBe(0);
    const counts = async () => ({
      needs: await p.staffingNeed.count(),
      announcements: await p.announcement.count(),
      entries: await p.announcementEntry.count(),
      appeals: await p.appeal.count(),
      aspirations: await p.serviceAspiration.count(),
    });
    const before = await counts();
    expect(before.aspirations).toBe(60);
    const again = await seedAll(p, { applicants: 800, seed: 11, exams: false });
    expect(again.recruitment).toEqual({ staffingNeeds: 0, announcements: 0, aspirations: 0 });
    expect(await counts()).toEqual(before);
  });
});
