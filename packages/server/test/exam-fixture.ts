/** A small, fully known exam world for tests: one formation, N applicants, one running SKD session. */
import type { PrismaClient } from '../src/generated/prisma/client.js';
import { createApiKey } from '../src/access/api-keys.js';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { submitExamResults } from '../src/exams/ingestion.js';
import type { EventBus } from '../src/events/bus.js';
import type { Publisher } from '../src/events/publisher.js';

export interface ExamWorld {
  formationId: number;
  formationGlobalId: string;
  sessionId: number;
  sessionGlobalId: string;
  participants: Array<{ participantNumber: string; fullName: string; nik: string; phone: string; email: string }>;
  /** A partner key with `scores:write`. */
  apiKey: string;
}

const GIVEN = ['Budi', 'Siti', 'Agus', 'Dewi', 'Rina', 'Joko', 'Sri', 'Andi', 'Putri', 'Hendra', 'Wulan', 'Eko'];
const FAMILY = ['Santoso', 'Rahmawati', 'Pratama', 'Lestari', 'Saputra', 'Wijaya', 'Kurniawan', 'Hasibuan'];

/** Builds the world on top of seedReference(): applicants apply to the first Kota Jambi formation. */
export async function createExamWorld(prisma: PrismaClient, { applicants = 12, quota = 2, tag = 'T' } = {}): Promise<ExamWorld> {
  const formation = await prisma.formation.findFirstOrThrow({ where: { region: { code: '15.71' } }, orderBy: { id: 'asc' } });
  await prisma.formation.update({ where: { id: formation.id }, data: { quota, type: 'UMUM' } });
  const region = await prisma.region.findUniqueOrThrow({ where: { code: '15.71' } });
  const participants: ExamWorld['participants'] = [];
  for (let i = 0; i < applicants; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    // Unique across worlds in one database: the tag and the i-th group of 28 days make the last four digits.
    const nik = `157101${day}0899${String(tag.charCodeAt(0) % 100).padStart(2, '0')}${String(Math.floor(i / 28)).padStart(2, '0')}`;
    const fullName = `${GIVEN[i % GIVEN.length]} ${FAMILY[i % FAMILY.length]} ${tag}${i}`;
    const applicant = await prisma.applicant.create({
      data: {
        nik,
        fullName,
        birthDate: new Date(`1999-08-${day}T00:00:00Z`),
        gender: 'MALE',
        email: `peserta${tag}${i}@contoh.test`,
        phone: `0812${String(7000000 + i)}`,
        educationLevel: formation.educationLevel,
        major: 'Informatika',
        gpa: '3.40',
        originRegionId: region.id,
      },
    });
    const participantNumber = `2415710${tag.charCodeAt(0)}${String(i).padStart(5, '0')}`;
    await prisma.application.create({
      data: { participantNumber, applicantId: applicant.id, formationId: formation.id, selectionYearId: formation.selectionYearId },
    });
    participants.push({ participantNumber, fullName, nik, phone: applicant.phone, email: applicant.email });
  }
  const site = await prisma.examSite.upsert({
    where: { code: `TEST-${tag}` },
    create: { code: `TEST-${tag}`, name: `Titik Lokasi Uji ${tag}`, regionId: region.id },
    update: {},
  });
  const session = await prisma.examSession.create({
    data: {
      siteId: site.id,
      selectionYearId: formation.selectionYearId,
      date: new Date('2024-10-21T00:00:00Z'),
      number: 1 + (tag.charCodeAt(0) % 4),
      stage: 'SKD',
      status: 'RUNNING',
      startedAt: new Date(),
    },
  });
  const applications = await prisma.application.findMany({ where: { participantNumber: { in: participants.map((p) => p.participantNumber) } } });
  await prisma.examSeat.createMany({ data: applications.map((a) => ({ sessionId: session.id, applicationId: a.id, participantNumber: a.participantNumber })) });
  const { key } = await createApiKey(prisma, { name: `CAT centre ${tag}`, scopes: ['scores:write'] });
  return {
    formationId: formation.id,
    formationGlobalId: encodeGlobalID('Formation', formation.id),
    sessionId: session.id,
    sessionGlobalId: encodeGlobalID('ExamSession', session.id),
    participants,
    apiKey: key,
  };
}

/**
 * Commits one applicant's SKD score at a time (the next in `world`), as a CAT centre does; the
 * ingestion announces it on `events`. Returns when it was announced (epoch ms), the moment a live
 * push's latency counts from.
 */
export function scoreCommits(prisma: PrismaClient, world: ExamWorld, batchPrefix: string): (events: EventBus) => Promise<number> {
  let next = 0;
  return async (events) => {
    const p = world.participants[next++]!;
    let t0 = 0;
    const announce: Publisher = {
      publish: (topic, payload) => {
        t0 = performance.timeOrigin + performance.now();
        events.publish(topic, payload);
      },
    };
    await submitExamResults(prisma, announce, {
      sessionId: world.sessionId,
      batchId: `${batchPrefix}-${next}`,
      results: [
        { participantNumber: p.participantNumber, twk: 60 + 5 * (next % 18), tiu: 70 + 5 * (next % 21), tkp: 150 + (next % 70), finishedAt: new Date() },
      ],
    });
    return t0;
  };
}

/** A running SKB session at the world's site with seats for these participants (as after the SKD cut). */
export async function openSkbSession(
  prisma: PrismaClient,
  world: ExamWorld,
  participantNumbers: string[],
): Promise<{ sessionId: number; sessionGlobalId: string }> {
  const skd = await prisma.examSession.findUniqueOrThrow({ where: { id: world.sessionId } });
  const session = await prisma.examSession.create({
    data: {
      siteId: skd.siteId,
      selectionYearId: skd.selectionYearId,
      date: new Date('2024-11-20T00:00:00Z'),
      number: skd.number,
      stage: 'SKB',
      status: 'RUNNING',
      startedAt: new Date(),
    },
  });
  const applications = await prisma.application.findMany({ where: { participantNumber: { in: participantNumbers } } });
  await prisma.examSeat.createMany({ data: applications.map((a) => ({ sessionId: session.id, applicationId: a.id, participantNumber: a.participantNumber })) });
  return { sessionId: session.id, sessionGlobalId: encodeGlobalID('ExamSession', session.id) };
}
