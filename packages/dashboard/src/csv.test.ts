import { describe, expect, it } from 'vitest';
import { csvNumber, csvTime, toCsv } from './csv.ts';

describe('toCsv', () => {
  it('quotes what needs quoting and keeps numbers plain', () => {
    expect(
      toCsv(
        ['Jabatan', 'Pelamar', 'Rasio'],
        [
          ['Guru, Kelas', 1234, 61.7],
          ['Dokter "Ahli"', 0, null],
        ],
      ),
    ).toBe('Jabatan,Pelamar,Rasio\r\n"Guru, Kelas",1234,61.7\r\n"Dokter ""Ahli""",0,\r\n');
  });

  it('separates with ";" for Indonesian spreadsheets, quoting cells that hold one', () => {
    expect(toCsv(['Nama', 'Nilai'], [['A; B', '17,67']], ';')).toBe('Nama;Nilai\r\n"A; B";17,67\r\n');
  });

  it('neutralises text a spreadsheet would run as a formula, leaving numbers alone', () => {
    const csv = toCsv(['x'], [['=HYPERLINK("http://evil")'], ['+62 811'], ['-1+1'], ['@SUM(A1)'], ['\tcmd'], [-5], ['Guru']], ';');
    expect(csv.split('\r\n')).toEqual(['x', `"'=HYPERLINK(""http://evil"")"`, "'+62 811", "'-1+1", "'@SUM(A1)", "'\tcmd", '-5', 'Guru', '']);
  });
});

describe('csvNumber and csvTime', () => {
  it('rounds as displayed, with the decimal comma in Indonesian', () => {
    expect(csvNumber(17.666666666666668, 2, 'id')).toBe('17,67');
    expect(csvNumber(17.666666666666668, 2, 'en')).toBe('17.67');
    expect(csvNumber(null, 1, 'id')).toBe('');
  });

  it('writes local WIB time with its zone', () => {
    expect(csvTime('2024-10-21T03:04:05.000Z')).toBe('2024-10-21 10:04:05 WIB');
  });
});
