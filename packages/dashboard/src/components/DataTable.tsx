import { memo, useState, type ReactNode } from 'react';
import { csvNumber, csvSeparator, downloadCsv, toCsv, type CsvCell } from '../csv.ts';
import { useI18n, type Language } from '../i18n.ts';

export interface Column<R> {
  key: string;
  header: string;
  cell: (row: R) => ReactNode;
  /** The value in the CSV download: labels for codes, numbers as numbers (rounded as shown, see `digits`). */
  csv: (row: R) => CsvCell;
  numeric?: boolean;
  /** Decimals the page shows for this number; the CSV rounds to them (default 2 for fractions, none for whole numbers). */
  digits?: number;
  /** Also write the unrounded value in a second CSV column ("… (tanpa pembulatan)"). */
  raw?: boolean;
  /** The CSV's header when it differs from the table's (e.g. a unit: "Tingkat lulus (%)"). */
  csvHeader?: string;
  /** Secondary on a phone: hidden there so the columns that matter (rank, number, total, code) fit. */
  detail?: boolean;
}

const rawLabel: Record<Language, string> = { id: 'tanpa pembulatan', en: 'unrounded' };

/** A table's rows as CSV in the page's language: its headers, `;` in Indonesian, numbers rounded as displayed. */
export function tableCsv<R>(columns: ReadonlyArray<Column<R>>, rows: readonly R[], language: Language): string {
  const header = columns.flatMap((c) => {
    const name = c.csvHeader ?? c.header;
    return c.raw ? [name, `${name} (${rawLabel[language]})`] : [name];
  });
  const value = (c: Column<R>, r: R): CsvCell[] => {
    const v = c.csv(r);
    if (typeof v !== 'number') return c.raw ? [v, v] : [v];
    const shown = csvNumber(v, c.digits ?? (Number.isInteger(v) ? 0 : 2), language);
    return c.raw ? [shown, language === 'id' ? String(v).replace('.', ',') : String(v)] : [shown];
  };
  return toCsv(
    header,
    rows.map((r) => columns.flatMap((c) => value(c, r))),
    csvSeparator(language),
  );
}

interface Props<R> {
  title: string;
  /** File name of the CSV download, without extension. */
  fileName: string;
  columns: ReadonlyArray<Column<R>>;
  rows: readonly R[];
  rowKey: (row: R) => string;
  empty?: string;
  testId?: string;
  /** Every row of the table when `rows` is one page of it: the CSV then holds them all. */
  allRows?: () => Promise<readonly R[]>;
  /** Controls under the title (paging, search). */
  children?: ReactNode;
}

/** A titled table with a CSV download of its rows (all of them when paged), scrollable by keyboard when wide. */
function DataTableImpl<R>({ title, fileName, columns, rows, rowKey, empty, testId, allRows, children }: Props<R>) {
  const { t, language } = useI18n();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      downloadCsv(fileName, tableCsv(columns, allRows ? await allRows() : rows, language));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" data-testid={testId}>
      <div className="card-head">
        <h3>{title}</h3>
        {rows.length > 0 && (
          <button type="button" className="button-secondary" onClick={() => void download()} disabled={busy} data-testid="download-csv">
            {t.downloadCsv}
          </button>
        )}
      </div>
      {children}
      {rows.length === 0 ? (
        <p className="notice">{empty ?? t.noDataYet}</p>
      ) : (
        // Focusable, so a keyboard can scroll a table wider than its card (axe: scrollable-region-focusable).
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled by keyboard
        <section className="table-scroll" tabIndex={0} aria-label={title}>
          <table>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.key} scope="col" className={cellClass(c)}>
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={rowKey(r)}>
                  {columns.map((c) => (
                    <td key={c.key} className={cellClass(c)}>
                      {c.cell(r)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}

function cellClass(c: { numeric?: boolean; detail?: boolean }): string | undefined {
  return [c.numeric && 'number', c.detail && 'detail'].filter(Boolean).join(' ') || undefined;
}

export const DataTable = memo(DataTableImpl) as typeof DataTableImpl;
