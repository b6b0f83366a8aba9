/**
 * The recruitment story around the synthetic applicants: staffing needs behind the 2024
 * formations, the administrative announcements (and re-announcements after sanggah) their
 * applications already went through, and residents' aspirations. Deterministic and idempotent.
 */
import type { PrismaClient } from '../generated/prisma/client.js';
import type { AspirationCategory } from '../generated/prisma/enums.js';
import { staffingGap } from '../domain/needs.js';
import { RULES_2024 } from '../domain/rules.js';
import { Prng } from './prng.js';
import { FORMATIONS_2024, SELECTION_YEARS, SERVICE_UNITS } from './reference.js';
import { administrativeCalendar } from './synthetic.js';

export interface RecruitmentSeedResult {
  staffingNeeds: number;
  announcements: number;
  aspirations: number;
}

/**
 * Figures for one unit and job such that the norm's gap covers the formations opened for it, with
 * some slack left unfilled, the way a region rarely recruits its whole gap in one year.
 */
export function staffingFiguresFor(job: string, populationServed: number, quota: number, prng: Prng) {
  const norm = RULES_2024.staffingNorms[job];
  if (!norm) throw new Error(`RULES_2024 has no staffing norm for ${job}`);
  const slack = prng.int(0, 3);
  const expectedRetirements = prng.int(0, 3);
  const byPopulation = norm.perThousandResidents ? Math.ceil((populationServed * norm.perThousandResidents) / 1000) : 0;
  const need = Math.max(byPopulation, quota + slack + expectedRetirements);
  const currentStaff = need - quota - slack + expectedRetirements;
  const serviceLoad = norm.loadPerStaff ? need * norm.loadPerStaff - prng.int(0, norm.loadPerStaff - 1) : Math.round(populationServed * 1.5);
  const figures = { populationServed, serviceLoad, currentStaff: Math.max(currentStaff, expectedRetirements), expectedRetirements };
  return { ...figures, gap: staffingGap(norm, figures).gap };
}

async function seedStaffingNeeds(prisma: PrismaClient, seed: number): Promise<number> {
  const year = await prisma.selectionYear.findUniqueOrThrow({ where: { year: 2024 }, select: { id: true } });
  const units = new Map((await prisma.serviceUnit.findMany({ select: { id: true, code: true } })).map((u) => [u.code, u.id]));
  const groups = new Map<string, { unitCode: string; job: string; education: string; quota: number; codes: string[] }>();
  for (const f of FORMATIONS_2024) {
    if (!f.serviceUnitCode) continue; // placed later by the agency: no unit to analyse
    const key = `${f.serviceUnitCode}|${f.jobTitle}`;
    const g = groups.get(key) ?? { unitCode: f.serviceUnitCode, job: f.jobTitle, education: f.educationLevel, quota: 0, codes: [] };
    g.quota += f.quota;
    g.codes.push(f.code);
    groups.set(key, g);
  }
  let created = 0;
  for (const [i, g] of [...groups.values()].entries()) {
    const unit = SERVICE_UNITS.find((u) => u.code === g.unitCode)!;
    const figures = staffingFiguresFor(g.job, unit.populationServed, g.quota, Prng.derive(seed ^ 0x6e656564, i));
    const serviceUnitId = units.get(g.unitCode)!;
    const existing = await prisma.staffingNeed.findUnique({
      where: { serviceUnitId_selectionYearId_jobTitle: { serviceUnitId, selectionYearId: year.id, jobTitle: g.job } },
    });
    const need =
      existing ??
      (await prisma.staffingNeed.create({
        data: {
          serviceUnitId,
          selectionYearId: year.id,
          jobTitle: g.job,
          educationLevel: g.education as never,
          serviceLoad: figures.serviceLoad,
          currentStaff: figures.currentStaff,
          expectedRetirements: figures.expectedRetirements,
        },
      }));
    if (!existing) created++;
    await prisma.formation.updateMany({ where: { code: { in: g.codes }, staffingNeedId: null }, data: { staffingNeedId: need.id } });
  }
  return created;
}

/**
 * The administrative announcement of every 2024 formation (version 1, results as first found),
 * and for formations with sanggah the re-announcement (version 2, results after the decisions).
 * Written in SQL, a statement per version for all formations, so a million applications take seconds.
 */
async function seedAdministrativeAnnouncements(prisma: PrismaClient): Promise<number> {
  const yearSeed = SELECTION_YEARS.find((y) => y.year === 2024)!;
  const { announcedAt, reannouncedAt } = administrativeCalendar(yearSeed);
  const first = await prisma.$executeRaw`
    insert into "Announcement" ("selectionYearId", "stage", "formationId", "version", "publishedAt")
    select f."selectionYearId", 'ADMINISTRASI', f."id", 1, ${announcedAt}
    from "Formation" f join "SelectionYear" y on y."id" = f."selectionYearId"
    where y."year" = 2024 and exists (select 1 from "Application" a where a."formationId" = f."id")
    on conflict do nothing`;
  await prisma.$executeRaw`
    insert into "AnnouncementEntry" ("announcementId", "applicationId", "participantNumber", "resultCode")
    select n."id", a."id", a."participantNumber",
           case when p."decision" = 'ACCEPTED' then 'TMS' else a."adminResult"::text end
    from "Announcement" n
    join "Application" a on a."formationId" = n."formationId" and a."announcedAt" is not null
    left join "Appeal" p on p."applicationId" = a."id"
    where n."stage" = 'ADMINISTRASI' and n."version" = 1
    on conflict do nothing`;
  const second = await prisma.$executeRaw`
    insert into "Announcement" ("selectionYearId", "stage", "formationId", "version", "replacesId", "note", "publishedAt")
    select n."selectionYearId", 'ADMINISTRASI', n."formationId", 2, n."id", 'Pengumuman ulang setelah masa sanggah', ${reannouncedAt}
    from "Announcement" n
    where n."stage" = 'ADMINISTRASI' and n."version" = 1
      and exists (select 1 from "Application" a join "Appeal" p on p."applicationId" = a."id" where a."formationId" = n."formationId")
    on conflict do nothing`;
  await prisma.$executeRaw`
    insert into "AnnouncementEntry" ("announcementId", "applicationId", "participantNumber", "resultCode")
    select n."id", a."id", a."participantNumber", a."adminResult"::text
    from "Announcement" n
    join "Application" a on a."formationId" = n."formationId" and a."announcedAt" is not null
    where n."stage" = 'ADMINISTRASI' and n."version" = 2
    on conflict do nothing`;
  return first + second;
}

const ASPIRATIONS: ReadonlyArray<[AspirationCategory, string]> = [
  ['KESEHATAN', 'Antrean di puskesmas sangat panjang, perlu tambahan perawat dan bidan.'],
  ['KESEHATAN', 'Dokter jaga malam sering tidak ada, mohon ditambah tenaga dokter.'],
  ['PENDIDIKAN', 'Satu guru mengajar dua kelas sekaligus di sekolah kami.'],
  ['PENDIDIKAN', 'Guru matematika kurang, anak-anak belajar sendiri.'],
  ['ADMINISTRASI_KEPENDUDUKAN', 'Mengurus KTP elektronik butuh berminggu-minggu.'],
  ['ADMINISTRASI_KEPENDUDUKAN', 'Petugas dukcapil kurang, loket sering tutup sebelum jam pelayanan selesai.'],
  ['INFRASTRUKTUR', 'Penyuluh pertanian jarang datang ke desa kami.'],
  ['SOSIAL', 'Perlu petugas yang membantu warga penyandang disabilitas mengurus layanan.'],
  ['LAINNYA', 'Informasi pelayanan perizinan sulit didapat secara daring.'],
];

async function seedAspirations(prisma: PrismaClient, seed: number): Promise<number> {
  if ((await prisma.serviceAspiration.count()) > 0) return 0;
  const units = await prisma.serviceUnit.findMany({
    where: { code: { in: SERVICE_UNITS.map((u) => u.code) } },
    select: { id: true, regionId: true },
    orderBy: { code: 'asc' },
  });
  const prng = Prng.derive(seed ^ 0x61737069, 0);
  const rows = Array.from({ length: 60 }, (_, i) => {
    const unit = units[prng.int(0, units.length - 1)]!;
    const [category, text] = ASPIRATIONS[prng.int(0, ASPIRATIONS.length - 1)]!;
    return {
      regionId: unit.regionId,
      serviceUnitId: prng.chance(0.7) ? unit.id : null,
      category,
      text,
      createdAt: new Date(Date.UTC(2024, 5, 1) + i * 86_400_000),
    };
  });
  return (await prisma.serviceAspiration.createMany({ data: rows })).count;
}

export async function seedRecruitment(prisma: PrismaClient, options: { seed: number }): Promise<RecruitmentSeedResult> {
  return {
    staffingNeeds: await seedStaffingNeeds(prisma, options.seed),
    announcements: await seedAdministrativeAnnouncements(prisma),
    aspirations: await seedAspirations(prisma, options.seed),
  };
}
