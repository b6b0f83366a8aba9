import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankSkd } from '../domain/ranking.js';
import { seedReference } from '../seed/seed.js';
import { Prng } from '../seed/prng.js';
import { ENGINES, freshDatabase, type TestDatabase } from '../../test/databases.js';
import { createExamWorld, type ExamWorld } from '../../test/exam-fixture.js';
import { submitExamResults } from './ingestion.js';
import { formationRules, RankingSummaries, skdEntriesOf, skdRankingPage } from './ranking.js';
import { unheard } from '../events/publisher.js';

// The database ranking (index order, two segments, cached summary) must agree with the pure
// domain ranking on every place, rank and result code.
describe.each(ENGINES)('database ranking agrees with the domain ranking on %s', (engine) => {
  let db: TestDatabase;
  let world: ExamWorld;
  const scores = new Map<string, { TWK: number; TIU: number; TKP: number }>();
  beforeAll(async () => {
    db = await freshDatabase(engine);
    await seedReference(db.prisma);
    world = await createExamWorld(db.prisma, { applicants: 60, quota: 4 });
    const rng = new Prng(7);
    // Few distinct values, so ties (also at the cut) are common.
    const results = world.participants.map((p) => {
      const s = { TWK: 5 * rng.int(11, 16), TIU: 5 * rng.int(14, 18), TKP: 160 + 2 * rng.int(0, 6) };
      scores.set(p.participantNumber, s);
      return { participantNumber: p.participantNumber, twk: s.TWK, tiu: s.TIU, tkp: s.TKP, finishedAt: new Date() };
    });
    await submitExamResults(db.prisma, unheard, { sessionId: world.sessionId, batchId: 'all', results });
  });
  afterAll(() => db?.close());

  it('on every page size, with and without the summary cache', async () => {
    const fr = (await formationRules(db.prisma, world.formationId))!;
    const expected = rankSkd(
      fr.rules,
      { type: fr.type, quota: fr.quota },
      [...scores].map(([n, s]) => ({ key: n, participantNumber: n, scores: s })),
    );
    const want = expected.map((e) => [e.participantNumber, e.rank, e.resultCode]);
    for (const pageSize of [7, 60]) {
      const cache = new RankingSummaries();
      const got: unknown[] = [];
      for (let offset = 0; offset < 60; offset += pageSize) {
        const page = await skdRankingPage(db.prisma, fr, { offset, limit: pageSize }, pageSize === 7 ? cache : undefined);
        got.push(...page.entries.map((e) => [e.participantNumber, e.rank, e.resultCode]));
      }
      expect(got).toEqual(want);
    }
    const some = expected.filter((_, i) => i % 9 === 0);
    const entries = await skdEntriesOf(
      db.prisma,
      fr,
      some.map((e) => e.participantNumber),
    );
    for (const e of entries) {
      const x = expected.find((y) => y.participantNumber === e.participantNumber)!;
      expect([e.rank, e.resultCode]).toEqual([x.rank, x.resultCode]);
    }
  });
});
