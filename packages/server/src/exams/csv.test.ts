import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, freshDatabase, type TestDatabase } from '../../test/databases.js';
import { RULES_2024 } from '../domain/rules.js';
import { seedExamSchedule } from '../seed/exams.js';
import { seedReference, seedSynthetic } from '../seed/seed.js';
import { importResultSheet, parseResultSheet, ResultSheetError, SKB_SHEET, sheetBatchId, SheetIngestionError } from './csv.js';
import { IngestionError } from './errors.js';
import { verifyLogOfSession } from './ledger-verify.js';
import { closeSession, disqualify, startSession } from './sessions.js';
import { unheard, type Publisher } from '../events/publisher.js';

const HEADER = 'participantNumber,twk,tiu,tkp,finishedAt';

/** The issues a sheet is refused with, as "line:column message" strings. */
function issuesOf(text: string, rules = RULES_2024): string[] {
  try {
    parseResultSheet(text, { rules });
  } catch (err) {
    if (err instanceof ResultSheetError) return err.issues.map((i) => `${i.line}:${i.column ?? '-'} ${i.message}`);
    throw err;
  }
  throw new Error('the sheet was accepted');
}

describe('parseResultSheet', () => {
  it('reads a plain sheet into results with their lines', () => {
    const sheet = parseResultSheet(`${HEADER}\n24157100000001,90,95,170,2024-10-21T09:05:00+07:00\n24157100000002,65,80,166,2024-10-21T02:10:30Z\n`);
    expect(sheet.separator).toBe(',');
    expect(sheet.lines).toEqual([2, 3]);
    expect(sheet.results).toEqual([
      { participantNumber: '24157100000001', twk: 90, tiu: 95, tkp: 170, finishedAt: new Date('2024-10-21T02:05:00Z') },
      { participantNumber: '24157100000002', twk: 65, tiu: 80, tkp: 166, finishedAt: new Date('2024-10-21T02:10:30Z') },
    ]);
  });

  it('tolerates a BOM, semicolons, CRLF, whitespace, quotes, blank and empty rows, another column order and letter case', () => {
    const text =
      '\uFEFF PARTICIPANTNUMBER ; tkp;Twk ; tiu ; finishedAt;\r\n' +
      '\r\n' +
      ' "24157100000001" ; 170 ; 90;95 ; 2024-10-21 09:05:00 +0700 ;\r\n' +
      ';;;;\r\n' +
      '24157100000002;166;65;80;2024-10-21T09:10:00.5+07:00\r\n' +
      '   \r\n';
    const sheet = parseResultSheet(text);
    expect(sheet.separator).toBe(';');
    expect(sheet.lines).toEqual([3, 5]);
    expect(sheet.results).toEqual([
      { participantNumber: '24157100000001', twk: 90, tiu: 95, tkp: 170, finishedAt: new Date('2024-10-21T02:05:00Z') },
      { participantNumber: '24157100000002', twk: 65, tiu: 80, tkp: 166, finishedAt: new Date('2024-10-21T02:10:00.500Z') },
    ]);
  });

  it('refuses a bad header, naming the column', () => {
    expect(issuesOf('')).toEqual([expect.stringMatching(/^1:- the sheet is empty/)]);
    expect(issuesOf('participantNumber,twk,tiu,finishedAt\n1,5,5,5,2024-10-21T09:05:00Z')).toEqual(['1:tkp missing column tkp']);
    expect(issuesOf('participantNumber,twk,tiu,tkp,tkp,finishedAt')).toEqual(['1:tkp column tkp appears twice']);
    expect(issuesOf('nomor,twk,tiu,tkp,finishedAt')).toEqual([
      expect.stringMatching(/^1:nomor unknown column "nomor"/),
      '1:participantNumber missing column participantNumber',
    ]);
    expect(issuesOf(`${HEADER}\n\n`)).toEqual(['1:- the sheet has a header but no result rows']);
  });

  it('refuses malformed rows with their line and column, listing every problem', () => {
    const text = [
      HEADER,
      '24157100000001,90,95,170,2024-10-21T09:05:00+07:00',
      '24157100000002,67,95,170,2024-10-21T09:05:00+07:00', // TWK off its step
      '24157100000003,90,180,170,2024-10-21T09:05:00+07:00', // TIU over 175
      '24157100000004,90,95,16a,2024-10-21T09:05:00+07:00',
      '24157100000005,90,95,-1,2024-10-21T09:05:00+07:00',
      '2.41571E+13,90,95,170,2024-10-21T09:05:00+07:00',
      'P-0006,90,95,170,2024-10-21T09:05:00+07:00',
      ',90,95,170,2024-10-21T09:05:00+07:00',
      '24157100000001,90,95,170,2024-10-21T09:05:00+07:00', // again
      '24157100000010,90,95,170,2024-10-21 09:05',
      '24157100000011,90,95,170,2024-02-30T09:05:00Z',
      '24157100000012,90,95,170,21/10/2024 09:05',
      '24157100000013,90,95,170',
      '24157100000015,87.5,95,170,2024-10-21T09:05:00Z',
      '24157100000014,"90,95,170,2024-10-21T09:05:00Z', // a quote that never closes swallows the rest of the file
    ].join('\n');
    const issues = issuesOf(text);
    expect(issues).toEqual([
      '3:twk TWK must be a multiple of 5 between 0 and 150, got 67',
      '4:tiu TIU must be a multiple of 5 between 0 and 175, got 180',
      '5:tkp must be a whole number, got "16a"',
      '6:tkp must be a whole number, got "-1"',
      '7:participantNumber "2.41571E+13" looks like a number a spreadsheet shortened: format the column as text and export again',
      '8:participantNumber must be digits only, got "P-0006"',
      '9:participantNumber is empty',
      '10:participantNumber participant 24157100000001 is already on line 2',
      '11:finishedAt needs a time zone, e.g. 2024-10-21T09:05+07:00 (WIB), got "2024-10-21 09:05"',
      '12:finishedAt is not a real date and time: "2024-02-30T09:05:00Z"',
      '13:finishedAt must be an ISO 8601 time with a zone, e.g. 2024-10-21T09:05:00+07:00, got "21/10/2024 09:05"',
      '14:- expected 5 fields separated by ",", got 4',
      '15:twk must be a whole number, got "87.5"',
      '16:- unbalanced quotes: a quoted field opened here is never closed',
    ]);
    try {
      parseResultSheet(text, { rules: RULES_2024 });
    } catch (err) {
      expect(err).toBeInstanceOf(ResultSheetError);
      expect((err as ResultSheetError).message).toBe('line 3, column twk: TWK must be a multiple of 5 between 0 and 150, got 67 (and 13 more problems)');
      expect((err as ResultSheetError).line).toBe(3);
    }
  });

  it('reads a quoted field across a line break as one field (RFC 4180), naming the line it ends on', () => {
    const text = `${HEADER}\n24157100000001,90,95,170,2024-10-21T09:05:00Z\n"2415710\n0000002",90,95,170,2024-10-21T09:05:00Z`;
    expect(issuesOf(text)).toEqual(['4:participantNumber must be digits only, got "2415710\n0000002"']);
  });

  it('reads an SKB sheet by the components of the rule set, 0-100 with a decimal point or comma', () => {
    const rules = { ...RULES_2024, skb: { components: { CAT: 0.5, WAWANCARA: 0.5 } } };
    const text =
      'participantNumber;wawancara;CAT;finishedAt\n1;80,5;90;2024-11-20T09:05:00+07:00\n2;101;90;2024-11-20T09:05:00+07:00\n3;x;90;2024-11-20T09:05:00+07:00';
    expect(() => parseResultSheet(text, { rules, stage: SKB_SHEET })).toThrow(ResultSheetError);
    const issues = (() => {
      try {
        parseResultSheet(text, { rules, stage: SKB_SHEET });
      } catch (err) {
        return (err as ResultSheetError).issues.map((i) => `${i.line}:${i.column} ${i.message}`);
      }
    })();
    expect(issues).toEqual(['3:WAWANCARA SKB component WAWANCARA must be between 0 and 100, got 101', '4:WAWANCARA must be a number from 0 to 100, got "x"']);
    expect(parseResultSheet(text.split('\n').slice(0, 2).join('\n'), { rules, stage: SKB_SHEET }).results).toEqual([
      { participantNumber: '1', components: { WAWANCARA: 80.5, CAT: 90 }, finishedAt: new Date('2024-11-20T02:05:00Z') },
    ]);
    expect(() => parseResultSheet('participantNumber,twk,tiu,tkp,finishedAt\n1,90,95,170,2024-10-21T09:05:00Z', { rules, stage: SKB_SHEET })).toThrow(
      /unknown column "twk"/,
    );
  });

  it('leaves score steps to the rule set when none is given', () => {
    expect(parseResultSheet(`${HEADER}\n1,67,95,170,2024-10-21T09:05:00Z`).results[0]!.twk).toBe(67);
  });

  it('gives a chunk the same batch id for the same rows and another for any change', () => {
    const { results } = parseResultSheet(`${HEADER}\n1,90,95,170,2024-10-21T09:05:00Z\n2,90,95,171,2024-10-21T09:05:00Z`);
    expect(sheetBatchId(4, results)).toBe(
      sheetBatchId(4, parseResultSheet(`${HEADER.split(',').join(';')}\r\n1;90;95;170;2024-10-21T16:05:00+07:00\r\n2;90;95;171;2024-10-21T09:05:00Z`).results),
    );
    expect(sheetBatchId(4, results)).toMatch(/^sheet-[0-9a-f]{64}$/);
    expect(sheetBatchId(5, results)).not.toBe(sheetBatchId(4, results));
    expect(sheetBatchId(4, [results[0]!, { ...results[1]!, tkp: 172 }])).not.toBe(sheetBatchId(4, results));
    expect(
      sheetBatchId(
        4,
        results.map((r) => ({ ...r, correctionReason: 'Koreksi' })),
      ),
    ).not.toBe(sheetBatchId(4, results));
  });
});

describe.each(ENGINES)('importResultSheet on %s', (engine) => {
  let db: TestDatabase;
  let sessionId: number;
  let seats: Array<{ participantNumber: string }>;
  beforeAll(async () => {
    db = await freshDatabase(engine);
    await seedReference(db.prisma);
    await seedSynthetic(db.prisma, { applicants: 400, seed: 5 });
    await seedExamSchedule(db.prisma, { seed: 5 });
    const session = await db.prisma.examSession.findFirstOrThrow({
      orderBy: [{ date: 'asc' }, { number: 'asc' }, { site: { code: 'asc' } }],
      include: { _count: { select: { seats: true } } },
    });
    sessionId = session.id;
    seats = await db.prisma.examSeat.findMany({ where: { sessionId }, orderBy: { participantNumber: 'asc' }, select: { participantNumber: true } });
    expect(seats.length).toBeGreaterThan(30);
  });
  afterAll(() => db?.close());

  /** A sheet for the first `n` seats of the session, with a tweak per row index. */
  function sheet(n: number, tkpOf = (i: number) => 150 + (i % 50), separator = ','): string {
    const rows = seats
      .slice(0, n)
      .map((s, i) =>
        [s.participantNumber, 60 + 5 * (i % 10), 75 + 5 * (i % 12), tkpOf(i), `2024-10-21T09:${String(i % 60).padStart(2, '0')}:00+07:00`].join(separator),
      );
    return [HEADER.split(',').join(separator), ...rows].join('\r\n') + '\r\n';
  }

  /** Scores after the correction of item 17. */
  const corrected17 = (i: number) => 150 + (i % 50) + (i === 17 ? 1 : 0);

  async function counts() {
    return {
      results: await db.prisma.examResult.count(),
      ledger: await db.prisma.ledgerEntry.count(),
      batches: await db.prisma.ingestionBatch.count(),
      corrections: await db.prisma.scoreCorrection.count(),
    };
  }

  it('refuses a session that is not running, and writes nothing', async () => {
    await expect(importResultSheet(db.prisma, unheard, { sessionId, csvText: sheet(5) })).rejects.toMatchObject({
      name: 'IngestionError',
      code: 'SESSION_NOT_RUNNING',
    });
    await expect(importResultSheet(db.prisma, unheard, { sessionId: 999_999, csvText: sheet(5) })).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    expect(await counts()).toEqual({ results: 0, ledger: 0, batches: 0, corrections: 0 });
  });

  it('imports in batches, and replays the same file without writing anything', async () => {
    await startSession(db.prisma, unheard, sessionId);
    const heard: Array<{ topic: string; payload: unknown }> = [];
    const events: Publisher = { publish: (topic, payload) => void heard.push({ topic, payload }) };
    const first = await importResultSheet(db.prisma, events, { sessionId, csvText: sheet(25), batchSize: 10 });
    expect(first).toMatchObject({ sessionId, rows: 25, batches: 3, replayedBatches: 0, created: 25, unchanged: 0, corrected: 0 });
    // Each committed batch announces its rows, so running servers' rankings and screens follow.
    expect(heard.map((e) => e.topic)).toEqual(['scoresChanged', 'scoresChanged', 'scoresChanged']);
    expect(heard.flatMap((e) => (e.payload as { participantNumbers: string[] }).participantNumbers)).toHaveLength(25);
    expect(await counts()).toEqual({ results: 25, ledger: 25, batches: 3, corrections: 0 });
    const stored = await db.prisma.examResult.findUniqueOrThrow({
      where: {
        applicationId_stage: {
          applicationId: (await db.prisma.application.findUniqueOrThrow({ where: { participantNumber: seats[3]!.participantNumber } })).id,
          stage: 'SKD',
        },
      },
    });
    expect(stored).toMatchObject({ twk: 75, tiu: 90, tkp: 153, total: 318, finishedAt: new Date('2024-10-21T02:03:00Z') });

    const before = await counts();
    // The same rows saved by a spreadsheet in Indonesian locale: same batches, replayed.
    const again = await importResultSheet(db.prisma, events, { sessionId, csvText: sheet(25, undefined, ';'), batchSize: 10 });
    expect(again).toMatchObject({ rows: 25, batches: 3, replayedBatches: 3, replayedRows: 25, created: 0, unchanged: 0 });
    expect(heard).toHaveLength(3); // a replay announces nothing
    expect(await counts()).toEqual(before);
  });

  it('adds the rows of a longer sheet, replaying the batches already in', async () => {
    const more = await importResultSheet(db.prisma, unheard, { sessionId, csvText: sheet(30), batchSize: 10 });
    expect(more).toMatchObject({ rows: 30, batches: 3, replayedBatches: 2, created: 5 });
    expect(await counts()).toMatchObject({ results: 30, ledger: 30, batches: 4 });
  });

  it('refuses a changed score unless a correction is asked for, naming item, line and field', async () => {
    const before = await counts();
    const changed = sheet(30, corrected17);
    const err = await importResultSheet(db.prisma, unheard, { sessionId, csvText: changed, batchSize: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SheetIngestionError);
    expect(err).toMatchObject({ name: 'IngestionError', code: 'RESULT_ALREADY_FINAL', item: 17, line: 19, field: 'results[17].tkp' });
    expect(await counts()).toEqual(before);

    const corrected = await importResultSheet(db.prisma, unheard, {
      sessionId,
      csvText: changed,
      batchSize: 10,
      correctionReason: 'Koreksi lembar hasil dari panitia',
    });
    expect(corrected).toMatchObject({ rows: 30, created: 0, unchanged: 29, corrected: 1, replayedBatches: 0 });
    expect(await counts()).toMatchObject({ results: 30, ledger: 31, corrections: 1 });
    const correction = await db.prisma.scoreCorrection.findFirstOrThrow({ include: { result: true } });
    expect(correction).toMatchObject({
      reason: 'Koreksi lembar hasil dari panitia',
      result: { participantNumber: seats[17]!.participantNumber, tkp: 168, version: 2 },
    });
    const verdict = await verifyLogOfSession(db.prisma, sessionId);
    expect(verdict.problem, verdict.problem?.reason).toBeUndefined();
    expect(verdict.entries).toBe(31);
  });

  it('refuses participants not seated in the session or disqualified before writing any batch', async () => {
    const before = await counts();
    const other = await db.prisma.examSeat.findFirstOrThrow({ where: { sessionId: { not: sessionId } } });
    const withStranger = `${sheet(40, corrected17).trimEnd()}\r\n${other.participantNumber},90,95,170,2024-10-21T09:05:00+07:00\r\n`;
    await expect(importResultSheet(db.prisma, unheard, { sessionId, csvText: withStranger, batchSize: 10 })).rejects.toMatchObject({
      code: 'UNKNOWN_PARTICIPANT',
      item: 40,
      line: 42,
      field: 'results[40].participantNumber',
      message: `Participant ${other.participantNumber} is not scheduled in session ${sessionId}`,
    });
    await disqualify(db.prisma, unheard, sessionId, seats[35]!.participantNumber, 'Membawa alat komunikasi');
    await expect(importResultSheet(db.prisma, unheard, { sessionId, csvText: sheet(40, corrected17) })).rejects.toMatchObject({
      code: 'PARTICIPANT_DISQUALIFIED',
      item: 35,
      line: 37,
    });
    await expect(importResultSheet(db.prisma, unheard, { sessionId, csvText: 'twk\n1' })).rejects.toBeInstanceOf(ResultSheetError);
    expect(await counts()).toEqual(before);
  });

  it('replays a fully imported file after the session closed, and refuses new rows then', async () => {
    await closeSession(db.prisma, unheard, sessionId);
    const before = await counts();
    expect(
      await importResultSheet(db.prisma, unheard, {
        sessionId,
        csvText: sheet(30, corrected17),
        batchSize: 10,
        correctionReason: 'Koreksi lembar hasil dari panitia',
      }),
    ).toMatchObject({
      replayedBatches: 3,
      replayedRows: 30,
      created: 0,
      corrected: 0,
    });
    // The sheet as first imported now disagrees with the corrected score: refused, not replayed.
    await expect(importResultSheet(db.prisma, unheard, { sessionId, csvText: sheet(30), batchSize: 10 })).rejects.toMatchObject({
      code: 'RESULT_ALREADY_FINAL',
      item: 17,
    });
    expect(await counts()).toEqual(before);
    const err = await importResultSheet(db.prisma, unheard, { sessionId, csvText: sheet(34, corrected17), batchSize: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestionError);
    expect(err).toMatchObject({ code: 'SESSION_NOT_RUNNING' });
  });

  it('imports an SKB sheet into an SKB session with the same guarantees: replay, corrections with a reason kept as history', async () => {
    const skd = await db.prisma.examSession.findUniqueOrThrow({ where: { id: sessionId } });
    const skb = await db.prisma.examSession.create({
      data: { siteId: skd.siteId, selectionYearId: skd.selectionYearId, date: new Date('2024-11-20T00:00:00Z'), number: 1, stage: 'SKB', status: 'RUNNING' },
    });
    const apps = await db.prisma.application.findMany({ where: { participantNumber: { in: seats.slice(0, 5).map((s) => s.participantNumber) } } });
    await db.prisma.examSeat.createMany({ data: apps.map((a) => ({ sessionId: skb.id, applicationId: a.id, participantNumber: a.participantNumber })) });
    const skbSheet = (catOf = (i: number) => 60 + i) =>
      ['participantNumber,CAT,finishedAt', ...seats.slice(0, 5).map((s, i) => `${s.participantNumber},${catOf(i)},2024-11-20T09:05:00+07:00`)].join('\n');

    expect(await importResultSheet(db.prisma, unheard, { sessionId: skb.id, csvText: skbSheet(), batchSize: 2 })).toMatchObject({
      rows: 5,
      batches: 3,
      created: 5,
    });
    expect(await db.prisma.skbResult.count({ where: { sessionId: skb.id } })).toBe(5);
    expect(await importResultSheet(db.prisma, unheard, { sessionId: skb.id, csvText: skbSheet(), batchSize: 2 })).toMatchObject({
      replayedBatches: 3,
      created: 0,
    });
    const changed = skbSheet((i) => 60 + i + (i === 3 ? 10 : 0));
    await expect(importResultSheet(db.prisma, unheard, { sessionId: skb.id, csvText: changed })).rejects.toMatchObject({
      code: 'RESULT_ALREADY_FINAL',
      item: 3,
      line: 5,
      field: 'results[3].components.CAT',
    });
    expect(await importResultSheet(db.prisma, unheard, { sessionId: skb.id, csvText: changed, correctionReason: 'Koreksi nilai SKB' })).toMatchObject({
      corrected: 1,
      unchanged: 4,
    });
    expect(await db.prisma.scoreCorrection.findMany({ where: { stage: 'SKB' } })).toMatchObject([
      { reason: 'Koreksi nilai SKB', before: { skb: 63, version: 1 }, after: { skb: 73, version: 2 } },
    ]);
    expect((await verifyLogOfSession(db.prisma, skb.id)).problem).toBeUndefined();
  });
});
