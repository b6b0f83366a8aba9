import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/databases.js';
import { seedReference } from '../seed/seed.js';
import type { EventBus } from '../events/bus.js';
import { createEventBus } from '../transport/pubsub.js';
import { KpiLive } from './live.js';
import type { RecruitmentKpis } from './service.js';

describe('kpisUpdated topics', () => {
  let db: TestDatabase;
  let events: EventBus;
  beforeAll(async () => {
    db = await freshDatabase('pglite');
    await seedReference(db.prisma);
    events = await createEventBus();
  });
  afterAll(async () => {
    await events?.close();
    await db?.close();
  });

  it('computes a region once per interval for all its subscribers, only for events that concern it', async () => {
    const computed: string[] = [];
    const live = new KpiLive(db.prisma, events, undefined, { intervalMs: 300, onCompute: (t) => computed.push(t) }).start();
    try {
      const a = live.updates('15.71', 2024);
      const b = live.updates('15.71', 2024);
      const first = await Promise.all([a.next(), b.next()]);
      expect((first[0].value as RecruitmentKpis).id).toBe('15.71:2024');
      expect(first[1].value).toBe(first[0].value); // one computation, the same snapshot for both
      expect(computed).toEqual(['kpis:15.71:2024']);

      const kotaJambi = (await db.prisma.region.findUniqueOrThrow({ where: { code: '15.71' } })).id;
      const semarang = (await db.prisma.region.findUniqueOrThrow({ where: { code: '33.74' } })).id;
      // Another region's event: nothing to do.
      events.publish('applicationsChanged', { regionIds: [semarang] });
      await new Promise((r) => setTimeout(r, 400));
      expect(computed).toHaveLength(1);

      // A burst of events for this region (the province is an ancestor: it concerns it too).
      const jambi = (await db.prisma.region.findUniqueOrThrow({ where: { code: '15' } })).id;
      const applicant = await db.prisma.applicant.create({
        data: {
          nik: '1571014108990001',
          fullName: 'Pelamar Topik',
          birthDate: new Date('1999-08-01'),
          gender: 'FEMALE',
          email: 'topik@contoh.test',
          phone: '081270000001',
          educationLevel: 'S1',
          major: 'Kedokteran',
          gpa: '3.50',
          originRegionId: kotaJambi,
        },
      });
      const formation = await db.prisma.formation.findFirstOrThrow({ where: { region: { code: '15.71' } } });
      await db.prisma.application.create({
        data: { participantNumber: '2415710T000001', applicantId: applicant.id, formationId: formation.id, selectionYearId: formation.selectionYearId },
      });
      for (let i = 0; i < 10; i++) events.publish('applicationsChanged', { regionIds: [i % 2 ? kotaJambi : jambi] });
      const next = await Promise.all([a.next(), b.next()]);
      expect((next[0].value as RecruitmentKpis).totals.applicants).toBe(1);
      expect(next[1].value).toBe(next[0].value);
      await new Promise((r) => setTimeout(r, 700));
      // Ten events, two subscribers: one computation (at most two if the burst straddled an interval).
      expect(computed.length - 1).toBeGreaterThanOrEqual(1);
      expect(computed.length - 1).toBeLessThanOrEqual(2);
      await a.return!();
      await b.return!();
    } finally {
      live.close();
    }
  });

  it('recomputes every watched region when the bus is back (score events may have been missed), and nothing while it is away', async () => {
    const computed: string[] = [];
    const live = new KpiLive(db.prisma, events, undefined, { intervalMs: 50, onCompute: (t) => computed.push(t) }).start();
    try {
      const kota = live.updates('15.71', 2024);
      const province = live.updates('15', 2024);
      await Promise.all([kota.next(), province.next()]);
      live.facts.set(-1, {} as never); // stands for facts another instance's missed event made stale
      live.busConnection(false);
      await new Promise((r) => setTimeout(r, 150));
      expect(computed.sort()).toEqual(['kpis:15.71:2024', 'kpis:15:2024']);
      live.busConnection(true);
      expect(live.facts.get(-1)).toBeUndefined();
      await expect.poll(() => computed.length).toBe(4);
      expect(computed.slice(2).sort()).toEqual(['kpis:15.71:2024', 'kpis:15:2024']);
      await kota.return!();
      await province.return!();
    } finally {
      live.close();
    }
  });
});
