import { memo, type ReactNode } from 'react';
import { downloadCsv, toCsv, type CsvCell } from '../csv.ts';
import { useI18n } from '../i18n.ts';

export interface Column<R> {
  key: string;
  header: string;
  cell: (row: R) => ReactNode;
  /** The value in the CSV download: raw numbers, not formatted text. */
  csv: (row: R) => CsvCell;
  numeric?: boolean;
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
}

/** A titled table with a CSV download of exactly its rows. */
function DataTableImpl<R>({ title, fileName, columns, rows, rowKey, empty, testId }: Props<R>) {
  const { t } = useI18n();
  const download = () => downloadCsv(fileName, toCsv(columns.map((c) => c.header), rows.map((r) => columns.map((c) => c.csv(r)))));
  return (
    <section className="card" data-testid={testId}>
      <div className="card-head">
        <h3>{title}</h3>
        {rows.length > 0 && (
          <button type="button" className="button-secondary" onClick={download} data-testid="download-csv">
            {t.downloadCsv}
          </button>
        )}
      </div>
      {rows.length === 0 ? (
        <p className="notice">{empty ?? t.noDataYet}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.key} scope="col" className={c.numeric ? 'number' : undefined}>
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={rowKey(r)}>
                  {columns.map((c) => (
                    <td key={c.key} className={c.numeric ? 'number' : undefined}>
                      {c.cell(r)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export const DataTable = memo(DataTableImpl) as typeof DataTableImpl;
