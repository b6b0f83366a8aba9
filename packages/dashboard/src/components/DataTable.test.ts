import { describe, expect, it } from 'vitest';
import { tableCsv, type Column } from './DataTable.tsx';

type Row = { unit: string; ikm: number; rate: number; count: number };
const columns: Column<Row>[] = [
  { key: 'unit', header: 'Unit layanan', cell: (r) => r.unit, csv: (r) => r.unit },
  { key: 'ikm', header: 'IKM', cell: (r) => r.ikm, csv: (r) => r.ikm, digits: 2, raw: true },
  { key: 'rate', header: 'Tingkat lulus', csvHeader: 'Tingkat lulus (%)', cell: (r) => r.rate, csv: (r) => r.rate * 100, digits: 1 },
  { key: 'count', header: 'Responden', cell: (r) => r.count, csv: (r) => r.count },
];
// biome-ignore lint/correctness/noPrecisionLoss: the float as a computation leaves it, which the CSV must round
const rows: Row[] = [{ unit: '=Puskesmas; Paal V', ikm: 79.16666666666667, rate: 0.17666666666666668, count: 1234 }];

describe('tableCsv', () => {
  it('writes Indonesian CSV: its headers, ";", numbers rounded as shown with a decimal comma, the unrounded value beside, text neutralised', () => {
    expect(tableCsv(columns, rows, 'id')).toBe(
      'Unit layanan;IKM;IKM (tanpa pembulatan);Tingkat lulus (%);Responden\r\n' + `"'=Puskesmas; Paal V";79,17;79,16666666666667;17,7;1234\r\n`,
    );
  });

  it('writes English CSV with "," and decimal points', () => {
    expect(tableCsv(columns, rows, 'en')).toBe(
      'Unit layanan,IKM,IKM (unrounded),Tingkat lulus (%),Responden\r\n' + `'=Puskesmas; Paal V,79.17,79.16666666666667,17.7,1234\r\n`,
    );
  });
});
