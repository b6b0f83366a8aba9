import { AgencyLevel, RegionKind, ServiceUnitKind, TimeZone } from '../generated/prisma/enums.js';
import { access } from '../access/matrix.js';
import { InputError } from '../errors.js';
import { builder } from './builder.js';

export const RegionKindEnum = builder.enumType(RegionKind, { name: 'RegionKind' });
export const TimeZoneEnum = builder.enumType('TimeZone', {
  description: "Indonesia's three time zones (Keppres 41/1987), set per province.",
  values: {
    WIB: { value: TimeZone.WIB, description: 'Waktu Indonesia Barat: UTC+7 (Sumatra, Java, Kalimantan Barat and Tengah).' },
    WITA: { value: TimeZone.WITA, description: 'Waktu Indonesia Tengah: UTC+8 (Bali, Nusa Tenggara, Kalimantan Selatan/Timur/Utara, Sulawesi).' },
    WIT: { value: TimeZone.WIT, description: 'Waktu Indonesia Timur: UTC+9 (Maluku and Papua).' },
  },
});
export const AgencyLevelEnum = builder.enumType(AgencyLevel, { name: 'AgencyLevel' });
export const ServiceUnitKindEnum = builder.enumType(ServiceUnitKind, { name: 'ServiceUnitKind' });


export const RegionRef = builder.prismaNode('Region', {
  id: { field: 'id' },
  description: 'A region of the Kemendagri tree: province > kabupaten/kota > kecamatan.',
  authScopes: { public: true },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Kemendagri code with dots, e.g. "15.71".' }),
    bpsCode: t.exposeString('bpsCode', { nullable: true, description: 'BPS (Statistics Indonesia) code.' }),
    name: t.exposeString('name'),
    kind: t.expose('kind', { type: RegionKindEnum }),
    timeZone: t.expose('timeZone', { type: TimeZoneEnum, description: "Zona waktu: the province's time zone, in which the region's session times are read." }),
    population: t.exposeInt('population', { nullable: true }),
    parent: t.relation('parent', { nullable: true }),
    children: t.relation('children', { query: { orderBy: { code: 'asc' } } }),
    agencies: t.relation('agencies', { query: { orderBy: { code: 'asc' } } }),
    serviceUnits: t.relation('serviceUnits', { query: { orderBy: { code: 'asc' } } }),
  }),
});

export const AgencyRef = builder.prismaNode('Agency', {
  id: { field: 'id' },
  description: 'Instansi: a ministry or regional government that opens formations.',
  authScopes: { public: true },
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    level: t.expose('level', { type: AgencyLevelEnum }),
    region: t.relation('region', { nullable: true }),
  }),
});

export const ServiceUnitRef = builder.prismaNode('ServiceUnit', {
  id: { field: 'id' },
  description: 'A unit serving the public (puskesmas, kecamatan office, school), judged by its satisfaction index.',
  authScopes: { public: true },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Kode unit: its public code, in the survey address /survei/<code>.' }),
    name: t.exposeString('name'),
    kind: t.expose('kind', { type: ServiceUnitKindEnum }),
    populationServed: t.exposeInt('populationServed'),
    region: t.relation('region'),
    agency: t.relation('agency'),
  }),
});

builder.queryFields((t) => ({
  regions: t.prismaField({
    type: ['Region'],
    description:
      'Regions ordered by Kemendagri code, optionally of one kind, under one parent or matching a search; at most `first` (default 100, at most 1000) from `offset`.',
    authScopes: access('Query', 'regions'),
    args: {
      kind: t.arg({ type: RegionKindEnum }),
      parentCode: t.arg.string({ description: 'Only the direct children of this region.' }),
      search: t.arg.string({
        description: 'Cari: a code prefix ("64.72") or part of the name, any case ("samarinda"); at least 2 characters.',
      }),
      first: t.arg.int({ description: 'How many regions at most (1-1000, default 100).' }),
      offset: t.arg.int({ description: 'How many regions to skip, for the next page (default 0).' }),
    },
    resolve: (query, _root, args, ctx) => {
      const search = args.search?.trim();
      if (search !== undefined && (search.length < 2 || search.length > 100)) throw new InputError('search', 'must be 2 to 100 characters');
      if (args.first != null && (args.first < 1 || args.first > 1000)) throw new InputError('first', `must be between 1 and 1000, got ${args.first}`);
      if (args.offset != null && args.offset < 0) throw new InputError('offset', `must be 0 or more, got ${args.offset}`);
      return ctx.prisma.region.findMany({
        ...query,
        where: {
          ...(args.kind ? { kind: args.kind } : {}),
          ...(args.parentCode ? { parent: { code: args.parentCode } } : {}),
          ...(search
            ? /^[\d.]+$/.test(search)
              ? { code: { startsWith: search } }
              : { name: { contains: search, mode: 'insensitive' as const } }
            : {}),
        },
        orderBy: { code: 'asc' },
        take: args.first ?? 100,
        skip: args.offset ?? 0,
      });
    },
  }),
  serviceUnit: t.prismaField({
    type: 'ServiceUnit',
    nullable: true,
    description: 'One service unit by its public code (the one on its survey poster, e.g. "PKM-PLAJU"); null when none has it.',
    authScopes: access('Query', 'serviceUnit'),
    args: { code: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.serviceUnit.findUnique({ ...query, where: { code: args.code } }),
  }),
  region: t.prismaField({
    type: 'Region',
    nullable: true,
    description: 'One region by Kemendagri code ("15.71"); null when no region has that code.',
    authScopes: access('Query', 'region'),
    args: { code: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.region.findUnique({ ...query, where: { code: args.code } }),
  }),
}));
