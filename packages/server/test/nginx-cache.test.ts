/**
 * Proof behind a real cache (issue 21, item 4): nginx from Debian with `proxy_cache` in front of two
 * production instances on PostgreSQL + Redis. An announcement-day crowd reading a formation's
 * announcement and ranking is answered by nginx (hits); a score committed through either instance
 * is seen through nginx within one live interval plus max-age; and requests with credentials
 * always pass through (never a HIT) and get their own answer, which nginx never keeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTokenSigner } from '../src/access/tokens.js';
import { createUser } from '../src/access/users.js';
import { seedReference } from '../src/seed/seed.js';
import { liveMaxAge } from '../src/transport/response-cache.js';
import { redisUrl } from './app.js';
import { freshDatabase, type TestDatabase } from './databases.js';
import { createExamWorld, type ExamWorld } from './exam-fixture.js';
import { startProductionPair } from './main-process.js';
import { startNginx, type Nginx } from './nginx.js';
import { getPersisted } from './persisted-get.js';
import { encodeGlobalID } from '@pothos/plugin-relay';

const LIVE_INTERVAL_MS = 250;
const SUBMIT = `mutation($s: ID!, $b: String!, $r: [ExamResultInput!]!) { submitExamResults(sessionId: $s, batchId: $b, results: $r) { created } }`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('nginx proxy_cache in front of two instances on PostgreSQL + Redis', () => {
  let db: TestDatabase;
  let pair: Awaited<ReturnType<typeof startProductionPair>>;
  let nginx: Nginx;
  let world: ExamWorld;
  let announcementId: string;
  let official: Record<string, string>;
  let scored = 0;

  /** Commits the next participant's SKD score through instance `i` (as a CAT centre does); resolves when committed. */
  async function commitScore(i: number): Promise<void> {
    const p = world.participants[scored++]!;
    const res = await fetch(`${pair.urls[i]}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': world.apiKey },
      body: JSON.stringify({
        query: SUBMIT,
        variables: {
          s: world.sessionGlobalId,
          b: `nginx-${scored}`,
          r: [{ participantNumber: p.participantNumber, twk: 90, tiu: 95, tkp: 170 + scored, finishedAt: new Date().toISOString() }],
        },
      }),
    });
    const body = (await res.json()) as { errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  }

  beforeAll(async () => {
    db = await freshDatabase('postgres');
    await seedReference(db.prisma);
    world = await createExamWorld(db.prisma, { applicants: 12 });
    const formation = await db.prisma.formation.findUniqueOrThrow({ where: { id: world.formationId } });
    const applications = await db.prisma.application.findMany({ where: { formationId: world.formationId }, orderBy: { participantNumber: 'asc' } });
    const announcement = await db.prisma.announcement.create({
      data: {
        selectionYearId: formation.selectionYearId,
        stage: 'ADMINISTRASI',
        formationId: formation.id,
        version: 1,
        entries: { create: applications.map((a) => ({ applicationId: a.id, participantNumber: a.participantNumber, resultCode: 'MS' })) },
      },
    });
    announcementId = encodeGlobalID('Announcement', announcement.id);
    const user = await createUser(db.prisma, { username: 'pejabat.nginx', displayName: 'Pejabat', role: 'OFFICIAL', password: 'sandi-pejabat-panjang' });
    official = { authorization: `Bearer ${(await loadTokenSigner(db.prisma)).sign({ kind: 'user', id: user.id, role: 'OFFICIAL' }).token}` };
    pair = await startProductionPair(db.url!, redisUrl, { PANTAU_LIVE_INTERVAL_MS: String(LIVE_INTERVAL_MS), LOG_LEVEL: 'fatal' });
    nginx = await startNginx({ upstreams: pair.urls });
    for (let i = 0; i < 3; i++) await commitScore(i % 2);
  }, 180_000);
  afterAll(async () => {
    await nginx?.close();
    await pair?.close();
    await db?.close();
  });

  it('an announcement-day crowd is answered by nginx', async () => {
    const pages = [
      ['AnnouncementEntries', { id: announcementId, first: 50 }],
      ['Ranking', { formationId: world.formationGlobalId, first: 50 }],
    ] as const;
    const statuses: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = 0; i < 25; i++) {
          const [name, variables] = pages[i % 2]!;
          const answer = await getPersisted(nginx.url, name, variables);
          expect(answer.status).toBe(200);
          expect(answer.body?.errors).toBeUndefined();
          statuses.push(answer.headers.get('x-cache-status') ?? '-');
        }
      }),
    );
    const hits = statuses.filter((s) => s === 'HIT').length;
    // Each page is fetched from Pantau once per max-age at most (the lock holds the crowd meanwhile).
    expect(hits).toBeGreaterThan(statuses.length * 0.8);
    // The published announcement, once fetched, is not fetched again.
    const again = await getPersisted(nginx.url, 'AnnouncementEntries', { id: announcementId, first: 50 });
    expect(again.headers.get('x-cache-status')).toBe('HIT');
    expect(again.headers.get('cache-control')).toContain('immutable');
  });

  it('a score committed through either instance is seen through nginx within one live interval plus max-age', async () => {
    const bound = LIVE_INTERVAL_MS + liveMaxAge(LIVE_INTERVAL_MS) * 1000;
    const variables = { formationId: world.formationGlobalId, first: 50 };
    const stalenesses: number[] = [];
    for (let round = 0; round < 4; round++) {
      const before = (await getPersisted(nginx.url, 'Ranking', variables)).body!.data.ranking.totalCount as number;
      // The crowd keeps reading, so nginx holds a copy when the commit lands.
      await sleep(100 + 150 * round);
      await commitScore(round % 2);
      const committed = performance.now();
      for (;;) {
        const answer = await getPersisted(nginx.url, 'Ranking', variables);
        if (answer.body!.data.ranking.totalCount === before + 1) break;
        if (performance.now() - committed > 10_000) throw new Error('the commit never reached nginx');
        await sleep(10);
      }
      stalenesses.push(performance.now() - committed);
    }
    expect(Math.max(...stalenesses)).toBeLessThanOrEqual(bound);
  });

  it('answers to credentials pass through nginx, never from its cache, and are never kept for the public', async () => {
    const variables = { formationId: world.formationGlobalId, first: 50 };
    const names = world.participants.map((p) => p.fullName);
    const withNames = (text: string) => names.some((n) => text.includes(n));
    for (let i = 0; i < 3; i++) {
      const staff = await getPersisted(nginx.url, 'Ranking', variables, official);
      expect(staff.headers.get('x-cache-status')).toBe('BYPASS');
      expect(staff.headers.get('cache-control')).toBe('private, no-store');
      expect(withNames(staff.text)).toBe(true);
      const partner = await getPersisted(nginx.url, 'Ranking', variables, { 'x-api-key': world.apiKey });
      expect(partner.headers.get('x-cache-status')).toBe('BYPASS');
      const anyone = await getPersisted(nginx.url, 'Ranking', variables);
      expect(['HIT', 'MISS', 'EXPIRED', 'REVALIDATED', 'UPDATING']).toContain(anyone.headers.get('x-cache-status'));
      expect(withNames(anyone.text)).toBe(false);
    }
    await sleep(200);
    expect(nginx.cacheStatuses().get('HIT')).toBeGreaterThan(0);
  });
});
