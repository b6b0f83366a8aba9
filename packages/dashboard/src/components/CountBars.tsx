/**
 * Counts as horizontal bars, each with its number beside it and a tooltip on hover (the funnel,
 * the applicant breakdowns, the aspirations): one chart, so they read and behave alike.
 */
import { Bar, BarChart, CartesianGrid, LabelList, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount, useI18n } from '../i18n.ts';

interface Props {
  width: number;
  height: number;
  data: Array<{ label: string; count: number }>;
  /** Width of the category labels, in pixels. */
  labelWidth: number;
  fontSize?: number;
  fill?: string;
  grid?: boolean;
}

export function CountBars({ width, height, data, labelWidth, fontSize = 12, fill = 'var(--accent)', grid = false }: Props) {
  const { t } = useI18n();
  const count = (v: unknown) => formatCount(Number(v));
  return (
    <BarChart accessibilityLayer={false} width={width} height={height} data={data} layout="vertical" margin={{ top: 4, right: 56, bottom: 4, left: 8 }}>
      {grid && <CartesianGrid horizontal={false} strokeDasharray="3 3" />}
      <XAxis type="number" hide />
      <YAxis type="category" dataKey="label" width={labelWidth} tick={{ fontSize }} />
      <Tooltip formatter={count} cursor={{ fill: 'rgba(0, 0, 0, 0.06)' }} />
      <Bar dataKey="count" name={t.columns.count} fill={fill} isAnimationActive={false}>
        <LabelList dataKey="count" position="right" formatter={count} />
      </Bar>
    </BarChart>
  );
}
