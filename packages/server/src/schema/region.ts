import { AgencyLevel, RegionKind, ServiceUnitKind, TimeZone } from '../generated/prisma/enums.js';
import { access } from '../access/matrix.js';
import { InputError } from '../errors.js';
import { builder } from './builder.js';

export const RegionKindEnum = builder.enumType(RegionKind, {
  name: 'RegionKind',
  description: 'Tingkat wilayah: the level of a region in the Kemendagri tree.',
  values: {
    PROVINCE: { description: 'Provinsi: a province.' },
    KABUPATEN: { description: 'Kabupaten: a regency, under a province.' },
    KOTA: { description: 'Kota: a city, under a province (at the level of a kabupaten).' },
    KECAMATAN: { description: 'Kecamatan: a district, under a kabupaten or kota.' },
    KELURAHAN: { description: 'Kelurahan: an urban village; loaded only with the villages (PANTAU_REGION_VILLAGES).' },
    DESA: { description: 'Desa: a rural village; loaded only with the villages (PANTAU_REGION_VILLAGES).' },
  },
});
export const TimeZoneEnum = builder.enumType('TimeZone', {
  description: "Indonesia's three time zones (Keppres 41/1987), set per province.",
  values: {
    WIB: { value: TimeZone.WIB, description: 'Waktu Indonesia Barat: UTC+7 (Sumatra, Java, Kalimantan Barat and Tengah).' },
    WITA: { value: TimeZone.WITA, description: 'Waktu Indonesia Tengah: UTC+8 (Bali, Nusa Tenggara, Kalimantan Selatan/Timur/Utara, Sulawesi).' },
    WIT: { value: TimeZone.WIT, description: 'Waktu Indonesia Timur: UTC+9 (Maluku and Papua).' },
  },
});
export const AgencyLevelEnum = builder.enumType(AgencyLevel, {
  name: 'AgencyLevel',
  description: 'Tingkat instansi: whether an agency is central, provincial or of a kabupaten/kota.',
  values: {
    CENTRAL: { description: 'Instansi pusat: a ministry or national agency.' },
    PROVINCE: { description: 'Pemerintah provinsi: a provincial government.' },
    KABUPATEN: { description: 'Pemerintah kabupaten: a regency government.' },
    KOTA: { description: 'Pemerintah kota: a city government.' },
  },
});
export const ServiceUnitKindEnum = builder.enumType(ServiceUnitKind, {
  name: 'ServiceUnitKind',
  description: 'Jenis unit layanan: what kind of public service a unit gives.',
  values: {
    PUSKESMAS: { description: 'Puskesmas: a community health centre.' },
    HOSPITAL: { description: 'Rumah sakit: a hospital.' },
    SCHOOL: { description: 'Sekolah: a school.' },
    CIVIL_REGISTRY: { description: 'Disdukcapil: the civil registry (identity cards, family cards, certificates).' },
    DISTRICT_OFFICE: { description: 'Kantor kecamatan: a district office.' },
    LICENSING_OFFICE: { description: 'DPMPTSP: the one-stop licensing office.' },
    AGRICULTURE_OFFICE: { description: 'Dinas pertanian: the agriculture office.' },
  },
});

export const RegionRef = builder.prismaNode('Region', {
  id: { field: 'id' },
  description: 'A region of the Kemendagri tree: province > kabupaten/kota > kecamatan.',
  authScopes: { public: true },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Kemendagri code with dots, e.g. "15.71".' }),
    bpsCode: t.exposeString('bpsCode', { nullable: true, description: 'BPS (Statistics Indonesia) code.' }),
    name: t.exposeString('name', { description: `Nama wilayah: the region's official name, e.g. "Kota Jambi".` }),
    kind: t.expose('kind', { description: 'Tingkat: province, kabupaten, kota, kecamatan or village.', type: RegionKindEnum }),
    timeZone: t.expose('timeZone', { type: TimeZoneEnum, description: "Zona waktu: the province's time zone, in which the region's session times are read." }),
    population: t.exposeInt('population', {
      description: 'Jumlah penduduk: residents, when known (set by an administrator); the base of the staffing norms.',
      nullable: true,
    }),
  }),
});

export const AgencyRef = builder.prismaNode('Agency', {
  id: { field: 'id' },
  description: 'Instansi: a ministry or regional government that opens formations.',
  authScopes: { public: true },
  fields: (t) => ({
    code: t.exposeString('code', { description: "Kode instansi: the agency's code." }),
    name: t.exposeString('name', { description: `Nama instansi: the agency's name, e.g. "Pemerintah Kota Jambi".` }),
    level: t.expose('level', { description: 'Tingkat: central, provincial, kabupaten or kota.', type: AgencyLevelEnum }),
    region: t.field({
      type: RegionRef,
      description: 'The region the agency governs; null for a central agency.',
      nullable: true,
      resolve: (a, _args, ctx) => (a.regionId === null ? null : ctx.catalogue.region(a.regionId)),
    }),
  }),
});

export const ServiceUnitRef = builder.prismaNode('ServiceUnit', {
  id: { field: 'id' },
  description: 'A unit serving the public (puskesmas, kecamatan office, school), judged by its satisfaction index.',
  authScopes: { public: true },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Kode unit: its public code, in the survey address /survei/<code>.' }),
    name: t.exposeString('name', { description: `Nama unit: the unit's name, e.g. "Puskesmas Plaju".` }),
    kind: t.expose('kind', { description: 'Jenis: what kind of service the unit gives.', type: ServiceUnitKindEnum }),
    populationServed: t.exposeInt('populationServed', {
      description: 'Penduduk dilayani: residents the unit serves; sets the SKM sample it needs (Krejcie-Morgan).',
    }),
    region: t.field({
      type: RegionRef,
      description: 'The region the unit stands in.',
      resolve: (u, _args, ctx) => ctx.catalogue.region(u.regionId),
    }),
    agency: t.field({
      type: AgencyRef,
      description: 'The agency the unit belongs to.',
      resolve: (u, _args, ctx) => ctx.catalogue.agency(u.agencyId),
    }),
  }),
});

builder.prismaObjectFields(RegionRef, (t) => ({
  // The tree and what stands in it come from the reference catalogue, not the database.
  parent: t.field({
    type: RegionRef,
    description: 'The region this one lies in; null for a province.',
    nullable: true,
    resolve: (r, _args, ctx) => (r.parentId === null ? null : ctx.catalogue.region(r.parentId)),
  }),
  children: t.field({
    type: [RegionRef],
    description: 'The regions directly below this one, by Kemendagri code.',
    resolve: (r, _args, ctx) => ctx.catalogue.childrenOf(r.id),
  }),
  agencies: t.field({ type: [AgencyRef], description: 'Instansi based in this region, by code.', resolve: (r, _args, ctx) => ctx.catalogue.agenciesIn(r.id) }),
  serviceUnits: t.field({
    type: [ServiceUnitRef],
    description: 'Unit layanan in this region, by code.',
    resolve: (r, _args, ctx) => ctx.catalogue.serviceUnitsIn(r.id),
  }),
}));

builder.queryFields((t) => ({
  regions: t.field({
    type: [RegionRef],
    description:
      'Regions ordered by Kemendagri code, optionally of one kind, under one parent or matching a search; at most `first` (default 100, at most 1000) from `offset`.',
    authScopes: access('Query', 'regions'),
    args: {
      kind: t.arg({ description: 'Only regions of this level.', type: RegionKindEnum }),
      parentCode: t.arg.string({ description: 'Only the direct children of this region.' }),
      search: t.arg.string({
        description: 'Cari: a code prefix ("64.72") or part of the name, any case ("samarinda"); at least 2 characters.',
      }),
      first: t.arg.int({ description: 'How many regions at most (1-1000, default 100).' }),
      offset: t.arg.int({ description: 'How many regions to skip, for the next page (default 0).' }),
    },
    resolve: (_root, args, ctx) => {
      const search = args.search?.trim();
      if (search !== undefined && (search.length < 2 || search.length > 100)) throw new InputError('search', 'must be 2 to 100 characters');
      if (args.first != null && (args.first < 1 || args.first > 1000)) throw new InputError('first', `must be between 1 and 1000, got ${args.first}`);
      if (args.offset != null && args.offset < 0) throw new InputError('offset', `must be 0 or more, got ${args.offset}`);
      return ctx.catalogue.listRegions({ kind: args.kind, parentCode: args.parentCode, search, first: args.first ?? 100, offset: args.offset ?? 0 });
    },
  }),
  serviceUnit: t.field({
    type: ServiceUnitRef,
    nullable: true,
    description: 'One service unit by its public code (the one on its survey poster, e.g. "PKM-PLAJU"); null when none has it.',
    authScopes: access('Query', 'serviceUnit'),
    args: { code: t.arg.string({ description: `Kode unit: the unit's public code, e.g. "PKM-PLAJU".`, required: true }) },
    resolve: (_root, args, ctx) => ctx.catalogue.serviceUnitByCode(args.code),
  }),
  region: t.field({
    type: RegionRef,
    nullable: true,
    description: 'One region by Kemendagri code ("15.71"); null when no region has that code.',
    authScopes: access('Query', 'region'),
    args: { code: t.arg.string({ description: 'Kode wilayah: the Kemendagri code with dots, e.g. "15.71".', required: true }) },
    resolve: (_root, args, ctx) => ctx.catalogue.regionByCode(args.code),
  }),
}));
