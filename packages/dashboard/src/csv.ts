/**
 * Tables as CSV files that Indonesian spreadsheets open right: RFC 4180 quoting, a BOM so they read
 * UTF-8, `;` between cells when the page is in Bahasa Indonesia (Excel in id-ID reads `,` as the
 * decimal mark), and no cell a spreadsheet would run as a formula.
 */
import type { Language } from './i18n.ts';

export type CsvCell = string | number | boolean | null | undefined;

/** The cell separator spreadsheets expect in the page's language. */
export function csvSeparator(language: Language): ';' | ',' {
  return language === 'id' ? ';' : ',';
}

/**
 * A text cell starting with = + - @ (or a tab or carriage return) would be run as a formula by
 * Excel, LibreOffice and Sheets (CSV injection): it gets a leading apostrophe, which they show as
 * text. Numbers are numbers and stay as they are, negative ones included.
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cell(value: CsvCell, separator: string): string {
  if (value == null) return '';
  const text = typeof value === 'string' ? neutralise(value) : String(value);
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>, separator: ';' | ',' = ','): string {
  return [header, ...rows].map((row) => row.map((v) => cell(v, separator)).join(separator)).join('\r\n') + '\r\n';
}

/**
 * A number as the page shows it, for a CSV read by a spreadsheet in the page's language: rounded
 * to `digits`, with a decimal comma in Indonesian (no thousands separator, so it stays a number).
 */
export function csvNumber(value: number | null | undefined, digits: number, language: Language): string {
  if (value == null || !Number.isFinite(value)) return '';
  const factor = 10 ** digits;
  const text = (Math.round(value * factor) / factor).toFixed(digits);
  return language === 'id' ? text.replace('.', ',') : text;
}

/** A time as local (WIB) date and time with the zone, "2024-10-21 10:04:05 WIB", which spreadsheets read as one. */
export function csvTime(value: string | Date | null | undefined): string {
  if (value == null) return '';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Jakarta',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(value));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')} WIB`;
}

/** Offers the CSV as a download named `name`.csv. */
export function downloadCsv(name: string, csv: string): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
