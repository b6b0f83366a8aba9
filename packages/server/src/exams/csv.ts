/**
 * Result sheets: the CSV a test site exports after a session (one row per participant), read
 * into final results and imported through the ingestion pipeline (SKD: TWK, TIU, TKP; SKB: one
 * column per component of the year's rule set). The sheet is checked whole before
 * anything is written, and its batches have content-derived ids, so importing the same file
 * again replays instead of duplicating, and a sheet whose scores changed is refused unless the
 * operator asks for a correction.
 */
import { CsvError, parse } from 'csv-parse/sync';
import type { PrismaClient } from '../generated/prisma/client.js';
import { parseRuleSet, type RuleSet } from '../domain/rules.js';
import { skbScore, validateSkdScores } from '../domain/scoring.js';
import { canonicalJson, sha256 } from './canonical.js';
import { IngestionError, type IngestionErrorCode } from './errors.js';
import {
  batchContent,
  ingestFinalResults,
  MAX_BATCH,
  SKD_RESULTS,
  type FinalResultInput,
  type ResultInput,
  type ResultStage,
  type StageScore,
} from './ingestion.js';
import type { Publisher } from '../events/publisher.js';
import { SKB_RESULTS, type SkbResultInput } from './skb.js';

/**
 * How a sheet of one stage reads its score columns (between participantNumber and finishedAt, in
 * the order sites export them; any order is read), and how they map onto the stage's input.
 */
export interface SheetStage<Item extends FinalResultInput, Score extends StageScore> {
  ingestion: ResultStage<Item, Score>;
  columns(rules: RuleSet | undefined): string[];
  /** A cell as a number, or what is wrong with it. */
  cell(text: string): number | string;
  /** With the rules: every problem of a row's scores, by column. */
  check(rules: RuleSet, values: Record<string, number>): Array<{ column: string; message: string }>;
  item(values: Record<string, number>): Omit<Item, keyof FinalResultInput>;
  /** A score by column, to name the first column a sheet changes. */
  values(score: Score): Record<string, number>;
  /** The input field of a column, as the API names it. */
  field(column: string): string;
}

/** SKD sheets: `participantNumber,twk,tiu,tkp,finishedAt`, whole numbers. */
export const SKD_SHEET: SheetStage<ResultInput, ReturnType<typeof SKD_RESULTS.score>> = {
  ingestion: SKD_RESULTS,
  columns: () => ['twk', 'tiu', 'tkp'],
  cell: (text) => (/^\d{1,4}$/.test(text) ? Number(text) : `must be a whole number, got "${text}"`),
  check: (rules, v) =>
    validateSkdScores(rules, { TWK: v.twk!, TIU: v.tiu!, TKP: v.tkp! }).map((issue) => ({ column: issue.field.toLowerCase(), message: issue.message })),
  item: (v) => ({ twk: v.twk!, tiu: v.tiu!, tkp: v.tkp! }),
  values: (s) => ({ twk: s.twk, tiu: s.tiu, tkp: s.tkp }),
  field: (column) => column,
};

/** SKB sheets: `participantNumber,<each component of the rule set, e.g. CAT>,finishedAt`, 0-100 (a decimal comma is read). */
export const SKB_SHEET: SheetStage<SkbResultInput, ReturnType<typeof SKB_RESULTS.score>> = {
  ingestion: SKB_RESULTS,
  columns: (rules) => Object.keys(rules?.skb.components ?? {}),
  cell: (text) => (/^\d{1,3}([.,]\d{1,4})?$/.test(text) ? Number(text.replace(',', '.')) : `must be a number from 0 to 100, got "${text}"`),
  check: (rules, v) => {
    try {
      skbScore(rules, v);
      return [];
    } catch (err) {
      return [{ column: Object.keys(v).find((c) => (err as Error).message.includes(`component ${c} `)) ?? '', message: (err as Error).message }];
    }
  },
  item: (v) => ({ components: v }),
  values: (s) => s.components,
  field: (column) => `components.${column}`,
};

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
  constructor(
    code: IngestionErrorCode,
    message: string,
    field: string,
    readonly item: number,
    readonly line: number,
  ) {
    super(code, message, field);
  }
}

export interface ParsedResultSheet<Item extends FinalResultInput = ResultInput> {
  results: Item[];
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
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > DAYS_IN_MONTH[month - 1]! ||
    (month === 2 && day === 29 && !leap) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    return `is not a real date and time: "${text}"`;
  }
  const zone = m[8]!.toUpperCase() === 'Z' ? 'Z' : m[8]!.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s.padStart(2, '0')}${m[7] ? `.${m[7].padEnd(3, '0')}` : ''}${zone}`);
}

/**
 * Reads a result sheet: header `participantNumber,twk,tiu,tkp,finishedAt` for SKD, or
 * `participantNumber,<components>,finishedAt` for SKB (see `stage`; any column order, any letter
 * case), separated by commas or by semicolons (spreadsheets in Indonesian locale save with `;`),
 * CRLF or LF, with or without a byte-order mark, whitespace around fields ignored, blank lines
 * skipped. With `rules`, scores are also checked against the rule set (SKD: step and maximum),
 * so a bad score is named by its line instead of failing a batch; SKB sheets need the rules for
 * their columns. Throws a ResultSheetError listing every problem.
 */
export function parseResultSheet<Item extends FinalResultInput = ResultInput, Score extends StageScore = ReturnType<typeof SKD_RESULTS.score>>(
  csvText: string,
  options: { rules?: RuleSet; stage?: SheetStage<Item, Score> } = {},
): ParsedResultSheet<Item> {
  const stage = options.stage ?? (SKD_SHEET as unknown as SheetStage<Item, Score>);
  const scoreColumns = stage.columns(options.rules);
  const sheetColumns = ['participantNumber', ...scoreColumns, 'finishedAt'];
  const text = csvText.replace(/^\uFEFF/, '');
  const issues: SheetIssue[] = [];
  const physicalLines = text.split(/\r\n|\r|\n/);
  const headerIndex = physicalLines.findIndex((l) => l.trim() !== '');
  if (headerIndex === -1) throw new ResultSheetError([{ line: 1, column: null, message: `the sheet is empty; expected the header ${sheetColumns.join(',')}` }]);
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
  if (!records.length || records[0]!.line !== headerLine)
    throw new ResultSheetError([{ line: headerLine, column: null, message: 'unbalanced quotes in the header' }]);
  while (names.length > 1 && names.at(-1) === '') names.pop(); // a separator at the end of the header
  const headerIssues: SheetIssue[] = [];

  const index = new Map<string, number>();
  names.forEach((raw, i) => {
    const column = sheetColumns.find((c) => c.toLowerCase() === raw.toLowerCase());
    if (!column) {
      headerIssues.push({ line: headerLine, column: raw || `#${i + 1}`, message: `unknown column "${raw}"; expected ${sheetColumns.join(separator)}` });
    } else if (index.has(column)) {
      headerIssues.push({ line: headerLine, column, message: `column ${column} appears twice` });
    } else {
      index.set(column, i);
    }
  });
  for (const column of sheetColumns) if (!index.has(column)) headerIssues.push({ line: headerLine, column, message: `missing column ${column}` });
  if (headerIssues.length) throw new ResultSheetError(headerIssues);
  const quoteIssue = issues.pop();

  const results: Item[] = [];
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
    const at = (column: string) => fields[index.get(column)!]!;
    const rowIssues: SheetIssue[] = [];

    const participantNumber = at('participantNumber');
    if (participantNumber === '') rowIssues.push({ line, column: 'participantNumber', message: 'is empty' });
    else if (/^\d+([.,]\d+)?e\+?\d+$/i.test(participantNumber)) {
      rowIssues.push({
        line,
        column: 'participantNumber',
        message: `"${participantNumber}" looks like a number a spreadsheet shortened: format the column as text and export again`,
      });
    } else if (!/^\d{1,32}$/.test(participantNumber))
      rowIssues.push({ line, column: 'participantNumber', message: `must be digits only, got "${participantNumber}"` });
    else if (seen.has(participantNumber))
      rowIssues.push({ line, column: 'participantNumber', message: `participant ${participantNumber} is already on line ${seen.get(participantNumber)}` });

    const scores: Record<string, number> = {};
    for (const column of scoreColumns) {
      const value = stage.cell(at(column));
      if (typeof value === 'string') rowIssues.push({ line, column, message: value });
      else scores[column] = value;
    }
    if (options.rules && Object.keys(scores).length === scoreColumns.length) {
      for (const issue of stage.check(options.rules, scores)) rowIssues.push({ line, column: issue.column || null, message: issue.message });
    }
    const finishedAt = parseTimestamp(at('finishedAt'));
    if (typeof finishedAt === 'string') rowIssues.push({ line, column: 'finishedAt', message: finishedAt });

    if (rowIssues.length) {
      issues.push(...rowIssues);
      continue;
    }
    seen.set(participantNumber, line);
    results.push({ participantNumber, ...stage.item(scores), finishedAt: finishedAt as Date } as Item);
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
}

/**
 * The batch id of a chunk: a hash of the session and the chunk's content, so the same rows give
 * the same id (a re-import replays) and changed rows a new one (checked as new input).
 */
export function sheetBatchId(sessionId: number, chunk: FinalResultInput[]): string {
  return `sheet-${sha256(canonicalJson({ sessionId, results: batchContent(chunk) }))}`;
}

/**
 * Imports a result sheet into a running session through the ingestion pipeline, `batchSize` rows
 * per batch; the session's stage says how the sheet reads (SKD or SKB columns). Everything that
 * can be checked up front is, before any batch is written: the sheet itself, that every
 * participant is seated in the session and not disqualified, and that no row changes a final
 * score unless `correctionReason` is given (then every changed row becomes a recorded correction
 * with that reason). Importing the same file again replays its batches. Each committed batch
 * announces its score changes on `events` (the pipeline does).
 */
export async function importResultSheet(
  prisma: PrismaClient,
  events: Publisher,
  input: { sessionId: number; csvText: string; batchSize?: number; correctionReason?: string },
): Promise<ImportSummary> {
  const { sessionId, batchSize = 100 } = input;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH) throw new RangeError(`batchSize must be 1..${MAX_BATCH}, got ${batchSize}`);
  const session = await prisma.examSession.findUnique({
    where: { id: sessionId },
    select: { id: true, stage: true, selectionYear: { select: { rules: true } } },
  });
  if (!session) throw new IngestionError('SESSION_NOT_FOUND', `No exam session ${sessionId}`, 'sessionId');
  const rules = parseRuleSet(session.selectionYear.rules);
  return session.stage === 'SKB' ? importSheet(prisma, events, SKB_SHEET, rules, input) : importSheet(prisma, events, SKD_SHEET, rules, input);
}

async function importSheet<Item extends FinalResultInput, Score extends StageScore>(
  prisma: PrismaClient,
  events: Publisher,
  stage: SheetStage<Item, Score>,
  rules: RuleSet,
  input: { sessionId: number; csvText: string; batchSize?: number; correctionReason?: string },
): Promise<ImportSummary> {
  const { sessionId, csvText, batchSize = 100 } = input;
  const correctionReason = input.correctionReason?.trim() || undefined;
  const sheet = parseResultSheet(csvText, { rules, stage });
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
      await stage.ingestion.finals(
        prisma,
        [...seats.values()].map((s) => s.applicationId),
      )
    ).map((f) => [f.applicationId, f.score]),
  );
  results.forEach((r, i) => {
    const seat = seats.get(r.participantNumber);
    if (!seat) throw refuse('UNKNOWN_PARTICIPANT', i, `Participant ${r.participantNumber} is not scheduled in session ${sessionId}`);
    if (seat.disqualifiedReason) throw refuse('PARTICIPANT_DISQUALIFIED', i, `Participant ${r.participantNumber} is disqualified (${seat.disqualifiedReason})`);
    const final = finals.get(seat.applicationId);
    const score = stage.ingestion.score(rules, r, `results[${i}]`);
    if (final && !correctionReason && !stage.ingestion.same(final, score)) {
      const [was, now] = [stage.values(final), stage.values(score)];
      const column = Object.keys(now).find((c) => was[c] !== now[c]);
      throw refuse(
        'RESULT_ALREADY_FINAL',
        i,
        `Participant ${r.participantNumber} already has a final result (${stage.ingestion.describe(final)}), the sheet says ${stage.ingestion.describe(score)}; import it as a correction with a reason to change it`,
        column ? stage.field(column) : 'participantNumber',
      );
    }
  });

  const summary: ImportSummary = { sessionId, rows: results.length, batches: 0, replayedBatches: 0, replayedRows: 0, created: 0, unchanged: 0, corrected: 0 };
  for (let offset = 0; offset < results.length; offset += batchSize) {
    const chunk = results.slice(offset, offset + batchSize);
    try {
      const { answer } = await ingestFinalResults(prisma, events, stage.ingestion, { sessionId, batchId: sheetBatchId(sessionId, chunk), results: chunk });
      summary.batches += 1;
      if (answer.replayed) {
        summary.replayedBatches += 1;
        summary.replayedRows += chunk.length;
        continue;
      }
      summary.created += answer.created;
      summary.unchanged += answer.unchanged;
      summary.corrected += answer.corrected;
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
