/** Targets a regional government sets per selection year, and the yearly trend of each figure beside them. */
import { access } from '../access/matrix.js';
import type { REGION_FIGURES, FigureTrend, TrendPoint } from '../domain/targets.js';
import { regionTrends, setRegionTarget, type TrendRegion } from '../targets/service.js';
import { builder } from './builder.js';

const RegionFigureEnum = builder.enumType('RegionFigure', {
  description: 'Angka pantauan: the figures a regional government watches over the years and sets targets for.',
  values: {
    FILL_RATE: { description: 'Keterisian formasi: seats filled / quota (0..1), optimalisasi included, as RecruitmentKpis.fillRate.' },
    IKM: {
      description: 'Indeks Kepuasan Masyarakat: the IKM converted (25..100) of the survey periods opening that year, rolled up over every unit of the region.',
    },
    SKD_PASS_RATE: { description: 'Kelulusan SKD: those who met the threshold / those who sat the SKD (0..1).' },
    DAYS_TO_FINAL_RESULT: { description: 'Lama seleksi: whole days from the opening of registration to the first FINAL announcement.' },
  } satisfies Record<(typeof REGION_FIGURES)[number], unknown>,
});

const TargetDirectionEnum = builder.enumType('TargetDirection', {
  description: 'Arah sasaran: whether a figure meets its target at or above it, or at or below it.',
  values: {
    HIGHER_IS_BETTER: { description: 'Makin tinggi makin baik: met when the figure is at least the target.' },
    LOWER_IS_BETTER: { description: 'Makin rendah makin baik: met when the figure is at most the target.' },
  },
});

const RegionTrendPointRef = builder.objectRef<TrendPoint>('RegionTrendPoint').implement({
  description: 'Titik tren: one year of a figure beside the target set for that year.',
  authScopes: { public: true },
  fields: (t) => ({
    year: t.exposeInt('year', { description: 'Tahun: the selection year (for IKM, the survey year).' }),
    actual: t.float({
      nullable: true,
      description: 'Capaian: the figure that year, in its own unit; null when unknown (no selection or no survey that year).',
      resolve: (p) => p.actual,
    }),
    target: t.float({ nullable: true, description: 'Sasaran: the target the region set for that year; null when none was set.', resolve: (p) => p.target }),
    met: t.boolean({
      nullable: true,
      description: "Tercapai: whether the figure met its target in the figure's direction; null when either is unknown.",
      resolve: (p) => p.met,
    }),
    gap: t.float({ nullable: true, description: "Selisih: figure minus target, in the figure's unit; null when either is unknown.", resolve: (p) => p.gap }),
  }),
});

const RegionFigureTrendRef = builder.objectRef<FigureTrend>('RegionFigureTrend').implement({
  description: 'Tren angka: one figure of a region, year by year, beside its targets.',
  authScopes: { public: true },
  fields: (t) => ({
    figure: t.field({ type: RegionFigureEnum, description: 'Angka: which figure.', resolve: (s) => s.figure }),
    better: t.field({ type: TargetDirectionEnum, description: 'Arah: which way is better for this figure.', resolve: (s) => s.better }),
    points: t.field({
      type: [RegionTrendPointRef],
      description: 'Tahun demi tahun: one point per year, oldest first; every figure of a region has the same years (those with a figure or a target).',
      resolve: (s) => s.points,
    }),
  }),
});

const RegionTrendsRef = builder.objectRef<TrendRegion>('RegionTrends').implement({
  description: 'Tren wilayah: the figures leaders watch, per year, beside the targets the regional government set. Aggregates only.',
  authScopes: { public: true },
  fields: (t) => ({
    id: t.exposeID('code', { description: "Kode wilayah: the region's Kemendagri code, a stable key for client caches." }),
    region: t.prismaField({
      type: 'Region',
      description: 'Wilayah: the region (with everything below it) the figures are of.',
      resolve: (query, r, _a, ctx) => ctx.prisma.region.findUniqueOrThrow({ ...query, where: { id: r.id } }),
    }),
    series: t.field({
      type: [RegionFigureTrendRef],
      description: 'Deret: every figure, in a fixed order (FILL_RATE, IKM, SKD_PASS_RATE, DAYS_TO_FINAL_RESULT).',
      // Resolved after a setRegionTarget has committed, outside its transaction: the KPIs read through their own cache.
      resolve: (r, _a, ctx) => regionTrends({ prisma: ctx.prisma, kpis: (code, year) => ctx.kpis.compute(code, year) }, r),
    }),
  }),
});

const SetRegionTargetInput = builder.inputType('SetRegionTargetInput', {
  description: 'Sasaran: one target of a regional government for one figure and selection year.',
  fields: (t) => ({
    regionCode: t.string({ required: true, description: 'Kode wilayah: a province or kabupaten/kota (Kemendagri code, e.g. "15.71").' }),
    year: t.int({ required: true, description: 'Tahun seleksi: 2000..2100; a year still to come may be planned.' }),
    figure: t.field({ type: RegionFigureEnum, required: true, description: 'Angka: the figure the target is for.' }),
    value: t.float({
      description: "Nilai sasaran in the figure's unit: rates 0..1 (0.9 is 90%), IKM 25..100, whole days 0..730. Null or absent removes the target.",
    }),
  }),
});

builder.queryFields((t) => ({
  regionTrends: t.field({
    type: RegionTrendsRef,
    nullable: true,
    description: "Tren dan sasaran: a region's figures year by year beside the targets its government set; null when the region does not exist.",
    authScopes: access('Query', 'regionTrends'),
    args: { regionCode: t.arg.string({ required: true, description: 'Kode wilayah: Kemendagri code, e.g. "15.71".' }) },
    resolve: (_root, args, ctx) => ctx.prisma.region.findUnique({ where: { code: args.regionCode }, select: { id: true, code: true } }),
  }),
}));

builder.mutationFields((t) => ({
  setRegionTarget: t.field({
    type: RegionTrendsRef,
    description:
      "Tetapkan sasaran: sets (or with a null value removes) the target of a province or kabupaten/kota for one figure and year (OFFICIAL or ADMIN); answers the region's trends.",
    authScopes: access('Mutation', 'setRegionTarget'),
    args: { input: t.arg({ type: SetRegionTargetInput, required: true, description: 'Sasaran: the region, year, figure and value.' }) },
    resolve: async (_root, { input }, ctx) => {
      const { region, before, after } = await setRegionTarget(ctx.prisma, { ...input, value: input.value ?? null });
      ctx.audit.change('RegionTarget', `${region.code}:${input.year}:${input.figure}`, before, after);
      return { id: region.id, code: region.code };
    },
  }),
}));
