/**
 * CAT result sheets: the CSV a test site exports after a session (one row per participant), read
 * into final results and imported through submitExamResults. The sheet is checked whole before
 * anything is written, and its batches have content-derived ids, so importing the same file
 * again replays instead of duplicating, and a sheet whose scores changed is refused unless the
 * operator asks for a correction.
 */
import { CsvError, parse } from 'csv-parse/sync';
import type { PrismaClient } from '../generated/prisma/client.js';
import { parseRuleSet, type RuleSet } from '../domain/rules.js';
import { validateSkdScores } from '../domain/scoring.js';
import { canonicalJson, sha256 } from './canonical.js';
import { IngestionError, type IngestionErrorCode } from './errors.js';
import { batchContent, MAX_BATCH, submitExamResults, type ResultInput, type ScoresChanged } from './ingestion.js';

/** Columns of a result sheet, in the order sites export them (any order is read). */
export const RESULT_SHEET_COLUMNS = ['participantNumber', 'twk', 'tiu', 'tkp', 'finishedAt'] as const;
type Column = (typeof RESULT_SHEET_COLUMNS)[number];

export interface SheetIssue {
  /** 1-based line of the file. */
  line: number;
  /** The column at fault, null for the row or the file as a whole. */
  column: string | null;
  message: string;
}

/** A sheet that cannot be read. Lists every problem found; the message names the first with its line and column. */
export class ResultSheetError extends Error {
  constructor(readonly issues: SheetIssue[]) {
    const first = issues[0]!;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    super(`line ${first.line}${first.column ? `, column ${first.column}` : ''}: ${first.message}${more}`);
    this.name = 'ResultSheetError';
  }

  get line(): number {
    return this.issues[0]!.line;
  }

  get column(): string | null {
    return this.issues[0]!.column;
  }
}

/**
 * A refusal of the ingestion layer for one row of a sheet: `item` is the row's index among the
 * sheet's results and `line` its line in the file, so the operator can find and fix it.
 */
export class SheetIngestionError extends IngestionError {
  constructor(code: IngestionErrorCode, message: string, field: string, readonly item: number, readonly line: number) {
    super(code, message, field);
  }
}

export interface ParsedResultSheet {
  results: ResultInput[];
  /** Line in the file of each result. */
  lines: number[];
  separator: ',' | ';';
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)? ?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An ISO 8601 moment with a zone (Z or an offset). A bare local time is refused rather than
 * guessed: sites sit in WIB, WITA and WIT, and an hour off would put a finish outside its session.
 */
function parseTimestamp(text: string): Date | string {
  const m = TIMESTAMP.exec(text);
  if (!m) {
    return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)
      ? `needs a time zone, e.g. ${text.replace(' ', 'T')}+07:00 (WIB), got "${text}"`
      : `must be an ISO 8601 time with a zone, e.g. 2024-10-21T09:05:00+07:00, got "${text}"`;
  }
  const [, y, mo, d, h, mi, s = '0'] = m.map((x) => x ?? '') as string[];
  const month = Number(mo);
  const day = Number(d);
  const leap = Number(y) % 4 === 0 && (Number(y) % 100 !== 0 || Number(y) % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]! || (month === 2 && day === 29 && !leap) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return `is not a real date and time: "${text}"`;
  }
  const zone = m[8]!.toUpperCase() === 'Z' ? 'Z' : m[8]!.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s.padStart(2, '0')}${m[7] ? `.${m[7].padEnd(3, '0')}` : ''}${zone}`);
}

/**
 * Reads a result sheet: header `participantNumber,twk,tiu,tkp,finishedAt` (any column order,
 * any letter case), separated by commas or by semicolons (spreadsheets in Indonesian locale save
 * with `;`), CRLF or LF, with or without a byte-order mark, whitespace around fields ignored,
 * blank lines skipped. Scores must be whole numbers; with `rules`, they are also checked against
 * the rule set (step and maximum), so a bad score is named by its line instead of failing a batch.
 * Throws a ResultSheetError listing every problem.
 */
export function parseResultSheet(csvText: string, options: { rules?: RuleSet } = {}): ParsedResultSheet {
  const text = csvText.replace(/^\uFEFF/, '');
  const issues: SheetIssue[] = [];
  const physicalLines = text.split(/\r\n|\r|\n/);
  const headerIndex = physicalLines.findIndex((l) => l.trim() !== '');
  if (headerIndex === -1) throw new ResultSheetError([{ line: 1, column: null, message: `the sheet is empty; expected the header ${RESULT_SHEET_COLUMNS.join(',')}` }]);
  const headerLine = headerIndex + 1;
  const header = physicalLines[headerIndex]!;
  const separator: ',' | ';' = header.includes(';') && !header.includes(',') ? ';' : ',';
  // RFC 4180 (quoted fields may hold separators, quotes and line breaks) through csv-parse; each
  // record keeps the line it ends on, so problems are named where the operator will look.
  const records: Array<{ line: number; fields: string[] }> = [];
  try {
    parse(text, {
      delimiter: separator,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (record, context) => {
        records.push({ line: context.lines, fields: record });
        return null;
      },
    });
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    // The record that failed starts on the first non-blank line after the last one read.
    let line = (records.at(-1)?.line ?? 0) + 1;
    while (line < physicalLines.length && physicalLines[line - 1]!.trim() === '') line++;
    const message = err.code === 'CSV_QUOTE_NOT_CLOSED' ? 'unbalanced quotes: a quoted field opened here is never closed' : 'unbalanced quotes';
    issues.push({ line, column: null, message });
  }
  const names = records[0]?.fields ?? [];
  if (!records.length || records[0]!.line !== headerLine) throw new ResultSheetError([{ line: headerLine, column: null, message: 'unbalanced quotes in the header' }]);
  while (names.length > 1 && names.at(-1) === '') names.pop(); // a separator at the end of the header
  const headerIssues: SheetIssue[] = [];

  const index = new Map<Column, number>();
  names.forEach((raw, i) => {
    const column = RESULT_SHEET_COLUMNS.find((c) => c.toLowerCase() === raw.toLowerCase());
    if (!column) {
      headerIssues.push({ line: headerLine, column: raw || `#${i + 1}`, message: `unknown column "${raw}"; expected ${RESULT_SHEET_COLUMNS.join(separator)}` });
    } else if (index.has(column)) {
      headerIssues.push({ line: headerLine, column, message: `column ${column} appears twice` });
    } else {
      index.set(column, i);
    }
  });
  for (const column of RESULT_SHEET_COLUMNS) if (!index.has(column)) headerIssues.push({ line: headerLine, column, message: `missing column ${column}` });
  if (headerIssues.length) throw new ResultSheetError(headerIssues);
  const quoteIssue = issues.pop();

  const results: ResultInput[] = [];
  const resultLines: number[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of records.slice(1)) {
    if (fields.every((f) => f === '')) continue; // a spreadsheet's empty row: ";;;;"
    // Trailing empty fields (a separator at the end of the row) are harmless; anything else must match the header.
    while (fields.length > names.length && fields.at(-1) === '') fields.pop();
    if (fields.length !== names.length) {
      issues.push({ line, column: null, message: `expected ${names.length} fields separated by "${separator}", got ${fields.length}` });
      continue;
    }
    const at = (column: Column) => fields[index.get(column)!]!;
    const rowIssues: SheetIssue[] = [];

    const participantNumber = at('participantNumber');
    if (participantNumber === '') rowIssues.push({ line, column: 'participantNumber', message: 'is empty' });
    else if (/^\d+([.,]\d+)?e\+?\d+$/i.test(participantNumber)) {
      rowIssues.push({ line, column: 'participantNumber', message: `"${participantNumber}" looks like a number a spreadsheet shortened: format the column as text and export again` });
    } else if (!/^\d{1,32}$/.test(participantNumber)) rowIssues.push({ line, column: 'participantNumber', message: `must be digits only, got "${participantNumber}"` });
    else if (seen.has(participantNumber)) rowIssues.push({ line, column: 'participantNumber', message: `participant ${participantNumber} is already on line ${seen.get(participantNumber)}` });

    const scores: Partial<Record<'twk' | 'tiu' | 'tkp', number>> = {};
    for (const column of ['twk', 'tiu', 'tkp'] as const) {
      const text = at(column);
      if (!/^\d{1,4}$/.test(text)) rowIssues.push({ line, column, message: `must be a whole number, got "${text}"` });
      else scores[column] = Number(text);
    }
    if (options.rules && scores.twk !== undefined && scores.tiu !== undefined && scores.tkp !== undefined) {
      for (const issue of validateSkdScores(options.rules, { TWK: scores.twk, TIU: scores.tiu, TKP: scores.tkp })) {
        rowIssues.push({ line, column: issue.field.toLowerCase(), message: issue.message });
      }
    }
    const finishedAt = parseTimestamp(at('finishedAt'));
    if (typeof finishedAt === 'string') rowIssues.push({ line, column: 'finishedAt', message: finishedAt });

    if (rowIssues.length) {
      issues.push(...rowIssues);
      continue;
    }
    seen.set(participantNumber, line);
    results.push({ participantNumber, twk: scores.twk!, tiu: scores.tiu!, tkp: scores.tkp!, finishedAt: finishedAt as Date });
    resultLines.push(line);
  }
  if (quoteIssue) issues.push(quoteIssue);
  if (issues.length) throw new ResultSheetError(issues);
  if (!results.length) throw new ResultSheetError([{ line: headerLine, column: null, message: 'the sheet has a header but no result rows' }]);
  return { results, lines: resultLines, separator };
}

export interface ImportSummary {
  sessionId: number;
  rows: number;
  batches: number;
  /** Batches already committed by an earlier import of the same rows: nothing written for them. */
  replayedBatches: number;
  /** Rows in those batches; the counts below are of the other rows, what this import did. */
  replayedRows: number;
  created: number;
  unchanged: number;
  corrected: number;
  /** What changed, for the caller to publish to the live layer (submitExamResults leaves that to its caller). */
  changes: ScoresChanged[];
}

/**
 * The batch id of a chunk: a hash of the session and the chunk's content, so the same rows give
 * the same id (a re-import replays) and changed rows a new one (checked as new input).
 */
export function sheetBatchId(sessionId: number, chunk: ResultInput[]): string {
  return `sheet-${sha256(canonicalJson({ sessionId, results: batchContent(chunk) }))}`;
}

/**
 * Imports a result sheet into a running session through submitExamResults, `batchSize` rows per
 * batch. Everything that can be checked up front is, before any batch is written: the sheet
 * itself, that every participant is seated in the session and not disqualified, and that no row
 * changes a final score unless `correctionReason` is given (then every changed row becomes a
 * recorded correction with that reason). Importing the same file again replays its batches.
 */
export async function importResultSheet(
  prisma: PrismaClient,
  input: { sessionId: number; csvText: string; batchSize?: number; correctionReason?: string },
): Promise<ImportSummary> {
  const { sessionId, csvText, batchSize = 100 } = input;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH) throw new RangeError(`batchSize must be 1..${MAX_BATCH}, got ${batchSize}`);
  const correctionReason = input.correctionReason?.trim() || undefined;
  const session = await prisma.examSession.findUnique({ where: { id: sessionId }, select: { id: true, selectionYear: { select: { rules: true } } } });
  if (!session) throw new IngestionError('SESSION_NOT_FOUND', `No exam session ${sessionId}`, 'sessionId');

  const sheet = parseResultSheet(csvText, { rules: parseRuleSet(session.selectionYear.rules) });
  const results = correctionReason ? sheet.results.map((r) => ({ ...r, correctionReason })) : sheet.results;
  const refuse = (code: IngestionErrorCode, i: number, message: string, field = 'participantNumber') =>
    new SheetIngestionError(code, message, `results[${i}].${field}`, i, sheet.lines[i]!);

  const seats = new Map(
    (
      await prisma.examSeat.findMany({
        where: { sessionId, participantNumber: { in: results.map((r) => r.participantNumber) } },
        select: { participantNumber: true, applicationId: true, disqualifiedReason: true },
      })
    ).map((s) => [s.participantNumber, s]),
  );
  const finals = new Map(
    (
      await prisma.examResult.findMany({
        where: { applicationId: { in: [...seats.values()].map((s) => s.applicationId) }, stage: 'SKD' },
        select: { applicationId: true, twk: true, tiu: true, tkp: true },
      })
    ).map((r) => [r.applicationId, r]),
  );
  results.forEach((r, i) => {
    const seat = seats.get(r.participantNumber);
    if (!seat) throw refuse('UNKNOWN_PARTICIPANT', i, `Participant ${r.participantNumber} is not scheduled in session ${sessionId}`);
    if (seat.disqualifiedReason) throw refuse('PARTICIPANT_DISQUALIFIED', i, `Participant ${r.participantNumber} is disqualified (${seat.disqualifiedReason})`);
    const final = finals.get(seat.applicationId);
    if (final && !correctionReason && (final.twk !== r.twk || final.tiu !== r.tiu || final.tkp !== r.tkp)) {
      throw refuse(
        'RESULT_ALREADY_FINAL',
        i,
        `Participant ${r.participantNumber} already has a final result (${final.twk}/${final.tiu}/${final.tkp}), the sheet says ${r.twk}/${r.tiu}/${r.tkp}; import it as a correction with a reason to change it`,
        final.twk !== r.twk ? 'twk' : final.tiu !== r.tiu ? 'tiu' : 'tkp',
      );
    }
  });

  const summary: ImportSummary = { sessionId, rows: results.length, batches: 0, replayedBatches: 0, replayedRows: 0, created: 0, unchanged: 0, corrected: 0, changes: [] };
  for (let offset = 0; offset < results.length; offset += batchSize) {
    const chunk = results.slice(offset, offset + batchSize);
    try {
      const { answer, changed } = await submitExamResults(prisma, { sessionId, batchId: sheetBatchId(sessionId, chunk), results: chunk });
      summary.batches += 1;
      if (answer.replayed) {
        summary.replayedBatches += 1;
        summary.replayedRows += chunk.length;
        continue;
      }
      summary.created += answer.created;
      summary.unchanged += answer.unchanged;
      summary.corrected += answer.corrected;
      if (changed) summary.changes.push(changed);
    } catch (err) {
      // Point an item-level refusal (raced in after the checks above) at the sheet's own row.
      const item = err instanceof IngestionError ? /^results\[(\d+)\](.*)$/.exec(err.field) : null;
      if (err instanceof IngestionError && item) {
        const i = offset + Number(item[1]);
        throw new SheetIngestionError(err.code, err.message, `results[${i}]${item[2]}`, i, sheet.lines[i]!);
      }
      throw err;
    }
  }
  return summary;
}
