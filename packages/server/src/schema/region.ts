import { AgencyLevel, RegionKind, ServiceUnitKind } from '../generated/prisma/enums.js';
import { builder } from './builder.js';

export const RegionKindEnum = builder.enumType(RegionKind, { name: 'RegionKind' });
const AgencyLevelEnum = builder.enumType(AgencyLevel, { name: 'AgencyLevel' });
const ServiceUnitKindEnum = builder.enumType(ServiceUnitKind, { name: 'ServiceUnitKind' });


export const RegionRef = builder.prismaNode('Region', {
  id: { field: 'id' },
  description: 'A region of the Kemendagri tree: province > kabupaten/kota > kecamatan.',
  authScopes: { public: true },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Kemendagri code with dots, e.g. "15.71".' }),
    bpsCode: t.exposeString('bpsCode', { nullable: true, description: 'BPS (Statistics Indonesia) code.' }),
    name: t.exposeString('name'),
    kind: t.expose('kind', { type: RegionKindEnum }),
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
    code: t.exposeString('code', { description: 'Kode unit: its public code, in the survey address /#/survei/<code>.' }),
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
    description: 'Regions ordered by Kemendagri code, optionally of one kind or under one parent.',
    authScopes: { public: true },
    args: {
      kind: t.arg({ type: RegionKindEnum }),
      parentCode: t.arg.string({ description: 'Only the direct children of this region.' }),
    },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.region.findMany({
        ...query,
        where: {
          ...(args.kind ? { kind: args.kind } : {}),
          ...(args.parentCode ? { parent: { code: args.parentCode } } : {}),
        },
        orderBy: { code: 'asc' },
      }),
  }),
  serviceUnit: t.prismaField({
    type: 'ServiceUnit',
    nullable: true,
    description: 'One service unit by its public code (the one on its survey poster, e.g. "PKM-PLAJU"); null when none has it.',
    authScopes: { public: true },
    args: { code: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.serviceUnit.findUnique({ ...query, where: { code: args.code } }),
  }),
  region: t.prismaField({
    type: 'Region',
    nullable: true,
    description: 'One region by Kemendagri code ("15.71"); null when no region has that code.',
    authScopes: { public: true },
    args: { code: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.region.findUnique({ ...query, where: { code: args.code } }),
  }),
}));
