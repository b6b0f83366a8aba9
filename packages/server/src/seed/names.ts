/**
 * Indonesian personal names for synthetic applicants, by naming tradition, and how common each
 * tradition is in the seed regions. Pure data and one pure function; no Prisma imports.
 */
import type { Prng } from './prng.js';

export type NameGender = 'MALE' | 'FEMALE';

interface NamePool {
  given: Record<NameGender, readonly string[]>;
  /** Second or family names (Javanese and Malay second names differ by gender; a Batak marga does not). */
  family: Record<NameGender, readonly string[]>;
  /** One-word names (common in Java and Sumatra, on the KTP as the whole name). */
  single: Record<NameGender, readonly string[]>;
  singleShare: number;
  /** Chance of a second given name before the family name ("Muhammad Rizky Pratama"). */
  middleShare: number;
}

const JAVANESE: NamePool = {
  given: {
    MALE: [
      'Agus',
      'Budi',
      'Bambang',
      'Eko',
      'Joko',
      'Wahyu',
      'Adi',
      'Bayu',
      'Aditya',
      'Fajar',
      'Teguh',
      'Heru',
      'Sigit',
      'Yoga',
      'Galih',
      'Arif',
      'Dimas',
      'Danang',
      'Bagus',
      'Satrio',
      'Yudha',
      'Wisnu',
      'Gilang',
      'Rizky',
      'Muhammad',
      'Ahmad',
      'Dwi',
      'Tri',
      'Anggit',
      'Krisna',
    ],
    FEMALE: [
      'Sri',
      'Dewi',
      'Endang',
      'Wulan',
      'Ayu',
      'Rina',
      'Ratna',
      'Kartika',
      'Puspita',
      'Indah',
      'Retno',
      'Dian',
      'Fitri',
      'Sekar',
      'Putri',
      'Anggun',
      'Novita',
      'Siti',
      'Nur',
      'Dwi',
      'Tri',
      'Eka',
      'Larasati',
      'Ajeng',
      'Nadia',
      'Intan',
    ],
  },
  family: {
    MALE: [
      'Santoso',
      'Wijaya',
      'Pratama',
      'Saputra',
      'Setiawan',
      'Nugroho',
      'Kurniawan',
      'Hidayat',
      'Susanto',
      'Purnomo',
      'Wibowo',
      'Utomo',
      'Prasetyo',
      'Hartono',
      'Kusuma',
      'Prabowo',
      'Widodo',
      'Raharjo',
      'Firmansyah',
      'Ardiansyah',
      'Cahyono',
      'Permana',
    ],
    FEMALE: [
      'Lestari',
      'Rahayu',
      'Wulandari',
      'Handayani',
      'Kusumawati',
      'Saputri',
      'Permatasari',
      'Safitri',
      'Puspitasari',
      'Anggraini',
      'Pertiwi',
      'Utami',
      'Wahyuni',
      'Rahmawati',
      'Susanti',
      'Kurniasih',
      'Maharani',
      'Ningrum',
      'Setyaningsih',
      'Pratiwi',
    ],
  },
  single: {
    MALE: ['Sutrisno', 'Mulyadi', 'Suyanto', 'Supriyadi', 'Sugiarto', 'Suparman', 'Haryanto', 'Suryadi', 'Purwanto', 'Slamet'],
    FEMALE: ['Sulastri', 'Sumarni', 'Mardiana', 'Yuliana', 'Nurhayati', 'Suryani', 'Sriyati', 'Rahmawati', 'Kurniasih', 'Wahyuningsih'],
  },
  singleShare: 0.1,
  middleShare: 0.3,
};

/** Malay and Islamic naming of Palembang, Jambi and Bengkulu (Musi, Melayu Jambi, Serawai). */
const MALAY: NamePool = {
  given: {
    MALE: [
      'Muhammad',
      'Ahmad',
      'Rahmat',
      'Hendri',
      'Zulkifli',
      'Firdaus',
      'Syahrul',
      'Fikri',
      'Ilham',
      'Rizal',
      'Andika',
      'Hafiz',
      'Ridho',
      'Fadli',
      'Irfan',
      'Yusuf',
      'Hendra',
      'Rudi',
      'Dedi',
      'Ferry',
      'Riko',
      'Alfian',
      'Reza',
      'Arya',
      'Taufik',
      'Rian',
      'Doni',
      'Imam',
    ],
    FEMALE: [
      'Nurul',
      'Aisyah',
      'Fatimah',
      'Rahma',
      'Siska',
      'Yulia',
      'Mega',
      'Desi',
      'Nova',
      'Melati',
      'Dinda',
      'Nadia',
      'Anisa',
      'Zahra',
      'Rini',
      'Yuni',
      'Tika',
      'Vivi',
      'Lia',
      'Eliza',
      'Siti',
      'Dwi',
      'Sinta',
      'Wulan',
      'Okta',
    ],
  },
  family: {
    MALE: [
      'Syahputra',
      'Rahman',
      'Hakim',
      'Saputra',
      'Pratama',
      'Ramadhan',
      'Hidayatullah',
      'Akbar',
      'Maulana',
      'Fauzi',
      'Iskandar',
      'Hasan',
      'Effendi',
      'Ismail',
      'Alamsyah',
      'Gumay',
      'Kurniawan',
      'Setiawan',
      'Firmansyah',
    ],
    FEMALE: [
      'Rahmawati',
      'Maharani',
      'Safitri',
      'Oktaviani',
      'Fitriani',
      'Agustina',
      'Septiani',
      'Novianti',
      'Aprilia',
      'Ramadhani',
      'Febriani',
      'Yuliani',
      'Zahara',
      'Amelia',
      'Syafitri',
      'Anggraini',
      'Puspita',
      'Wulandari',
    ],
  },
  single: {
    MALE: ['Zainal', 'Jamaluddin', 'Syamsuddin', 'Hasanuddin', 'Sukardi', 'Darmawan', 'Herman', 'Junaidi', 'Syafrudin', 'Apriadi'],
    FEMALE: ['Nurhasanah', 'Zubaidah', 'Rosmawati', 'Yusniar', 'Herlina', 'Salmah', 'Marlina', 'Fitriyani', 'Hartati', 'Yulianti'],
  },
  singleShare: 0.08,
  middleShare: 0.35,
};

/** Toba Batak (Christian): a given name and always the marga. */
const BATAK: NamePool = {
  given: {
    MALE: [
      'Yohanes',
      'Stefanus',
      'Paulus',
      'Daniel',
      'Samuel',
      'Yosua',
      'Jonathan',
      'Roy',
      'Franky',
      'Hotman',
      'Parulian',
      'Togar',
      'Martin',
      'Andreas',
      'Markus',
      'Gabriel',
    ],
    FEMALE: [
      'Maria',
      'Theresia',
      'Natalia',
      'Kristina',
      'Elisabeth',
      'Ruth',
      'Debora',
      'Yohana',
      'Lusiana',
      'Sarah',
      'Grace',
      'Monika',
      'Yemima',
      'Tiurma',
      'Romauli',
    ],
  },
  family: {
    MALE: [
      'Simanjuntak',
      'Sihombing',
      'Manurung',
      'Situmorang',
      'Sitompul',
      'Tambunan',
      'Hutapea',
      'Panjaitan',
      'Siregar',
      'Nainggolan',
      'Simatupang',
      'Pardede',
      'Sinaga',
      'Hutagalung',
    ],
    FEMALE: [
      'Simanjuntak',
      'Sihombing',
      'Manurung',
      'Situmorang',
      'Sitompul',
      'Tambunan',
      'Hutapea',
      'Panjaitan',
      'Siregar',
      'Nainggolan',
      'Simatupang',
      'Pardede',
      'Sinaga',
      'Hutagalung',
    ],
  },
  single: { MALE: [], FEMALE: [] },
  singleShare: 0,
  middleShare: 0.25,
};

/** Chinese-Indonesian families (Semarang, Palembang, Jambi): a Western given name, an Indonesian family name. */
const CHINESE_INDONESIAN: NamePool = {
  given: {
    MALE: ['Kevin', 'Steven', 'Hendra', 'Michael', 'William', 'Jonathan', 'Felix', 'Ricky', 'Vincent', 'Edward', 'Kelvin', 'Aldo'],
    FEMALE: ['Jessica', 'Stefanie', 'Cindy', 'Melinda', 'Angela', 'Vanessa', 'Christine', 'Feliciana', 'Olivia', 'Linda', 'Cynthia', 'Natasha'],
  },
  family: {
    MALE: ['Wijaya', 'Halim', 'Gunawan', 'Tanuwijaya', 'Santoso', 'Hartono', 'Setiawan', 'Susanto', 'Kurniawan', 'Salim', 'Sutanto', 'Lukito'],
    FEMALE: ['Wijaya', 'Halim', 'Gunawan', 'Tanuwijaya', 'Santoso', 'Hartono', 'Setiawan', 'Susanto', 'Kurniawan', 'Salim', 'Sutanto', 'Lukito'],
  },
  single: { MALE: [], FEMALE: [] },
  singleShare: 0,
  middleShare: 0.2,
};

/** Javanese Catholics and Protestants: a baptismal name before the Javanese ones ("Fransiskus Adi Nugroho"). */
const JAVANESE_CHRISTIAN: NamePool = {
  given: {
    MALE: ['Agustinus', 'Fransiskus', 'Yohanes', 'Antonius', 'Gregorius', 'Ignatius', 'Benediktus', 'Stefanus', 'Yosef', 'Petrus'],
    FEMALE: ['Maria', 'Theresia', 'Yosephine', 'Veronika', 'Agnes', 'Bernadeta', 'Cecilia', 'Clara', 'Lucia', 'Angela'],
  },
  family: JAVANESE.family,
  single: { MALE: [], FEMALE: [] },
  singleShare: 0,
  middleShare: 0.6,
};

/** Minangkabau migrants, many in Jambi and Palembang. */
const MINANG: NamePool = {
  given: {
    MALE: ['Rizky', 'Fadhil', 'Arif', 'Hafiz', 'Ikhsan', 'Rahmad', 'Yogi', 'Afdal', 'Zikri', 'Randi'],
    FEMALE: ['Putri', 'Rahmi', 'Fadhila', 'Suci', 'Mutia', 'Rani', 'Hanifah', 'Wirda', 'Yola', 'Annisa'],
  },
  family: {
    MALE: ['Chaniago', 'Piliang', 'Putra', 'Syahputra', 'Hidayat', 'Rahmat', 'Saputra'],
    FEMALE: ['Chaniago', 'Putri', 'Yulianti', 'Rahmadani', 'Syafitri', 'Amelia'],
  },
  single: { MALE: ['Yusrizal', 'Afrizal', 'Syafril'], FEMALE: ['Yusnita', 'Nurmaini', 'Elfida'] },
  singleShare: 0.06,
  middleShare: 0.2,
};

const POOLS = { JAVANESE, MALAY, BATAK, CHINESE_INDONESIAN, JAVANESE_CHRISTIAN, MINANG };
type PoolName = keyof typeof POOLS;

/**
 * How often each tradition appears among residents of a kabupaten/kota (rough, for variety, not
 * census figures): Javanese dominate Semarang and the transmigration areas of Batanghari; Malay
 * naming dominates Palembang, Jambi and Bengkulu Selatan.
 */
const REGION_MIX: Record<string, Partial<Record<PoolName, number>>> = {
  '16.71': { MALAY: 0.62, JAVANESE: 0.2, CHINESE_INDONESIAN: 0.07, BATAK: 0.06, MINANG: 0.05 },
  '15.71': { MALAY: 0.55, JAVANESE: 0.2, MINANG: 0.1, CHINESE_INDONESIAN: 0.08, BATAK: 0.07 },
  '15.04': { MALAY: 0.6, JAVANESE: 0.3, MINANG: 0.05, BATAK: 0.05 },
  '17.01': { MALAY: 0.8, JAVANESE: 0.15, MINANG: 0.05 },
  '33.74': { JAVANESE: 0.68, MALAY: 0.12, CHINESE_INDONESIAN: 0.1, JAVANESE_CHRISTIAN: 0.08, BATAK: 0.02 },
};
const DEFAULT_MIX: Partial<Record<PoolName, number>> = { JAVANESE: 0.5, MALAY: 0.4, BATAK: 0.05, CHINESE_INDONESIAN: 0.05 };

/** Palembang's traditional titles, still carried in names (Kemas Ahmad ..., Nyimas ...). */
const PALEMBANG_TITLES: Record<NameGender, readonly string[]> = { MALE: ['Kemas', 'Masagus', 'Raden'], FEMALE: ['Nyimas', 'Masayu', 'Raden Ayu'] };

/**
 * A plausible full name for a resident of a kabupaten/kota (Kemendagri code), drawn from the
 * traditions of that region, so synthetic lists read like real announcement lists.
 */
export function personName(prng: Prng, gender: NameGender, regencyCode: string): string {
  const mix = REGION_MIX[regencyCode] ?? DEFAULT_MIX;
  const names = Object.keys(mix) as PoolName[];
  const poolName = prng.weighted(
    names,
    names.map((n) => mix[n]!),
  );
  const pool = POOLS[poolName];
  if (pool.singleShare > 0 && prng.chance(pool.singleShare)) return prng.pick(pool.single[gender]);
  const parts = [prng.pick(pool.given[gender])];
  if (poolName === 'JAVANESE_CHRISTIAN' && prng.chance(pool.middleShare)) {
    parts.push(prng.pick(JAVANESE.given[gender]));
  } else if (prng.chance(pool.middleShare)) {
    const middle = prng.pick(pool.given[gender]);
    if (middle !== parts[0]) parts.push(middle);
  }
  const family = prng.pick(pool.family[gender]);
  if (!parts.includes(family)) parts.push(family);
  if (poolName === 'MALAY' && regencyCode === '16.71' && prng.chance(0.1)) parts.unshift(prng.pick(PALEMBANG_TITLES[gender]));
  return parts.join(' ');
}
