import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n.ts';

/** The width of a box, following resizes; a sensible default where layout is not measured (tests). */
export function useWidth(fallback = 560): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(el.clientWidth || fallback);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [fallback]);
  return [ref, width];
}

interface Props {
  caption: string;
  /** The chart's data as text: the text alternative read by screen readers and shown in print. */
  alt: { header: readonly string[]; rows: ReadonlyArray<readonly string[]> };
  children: (width: number) => ReactNode;
  testId?: string;
}

/** A chart with a caption and its data as a table for those who cannot see the chart. */
export function ChartFigure({ caption, alt, children, testId }: Props) {
  const { t } = useI18n();
  const [ref, width] = useWidth();
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{caption}</figcaption>
      <div ref={ref} aria-hidden="true" className="chart-body">
        {children(width)}
      </div>
      {/* Hidden by its wrapper: a table keeps its content width even when told to be 1px wide. */}
      <div className="visually-hidden">
        <table data-testid="chart-alt">
          <caption>
            {t.chartAlt}: {caption}
          </caption>
          <thead>
            <tr>
              {alt.header.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {alt.rows.map((row, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a static text alternative, rows and cells never move
              <tr key={i}>
                {row.map((c, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: as above
                  <td key={j}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
