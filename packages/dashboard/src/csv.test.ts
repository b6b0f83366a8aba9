import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

describe('toCsv', () => {
  it('quotes what needs quoting and keeps numbers plain', () => {
    expect(toCsv(['Jabatan', 'Pelamar', 'Rasio'], [['Guru, Kelas', 1234, 61.7], ['Dokter "Ahli"', 0, null]])).toBe(
      'Jabatan,Pelamar,Rasio\r\n"Guru, Kelas",1234,61.7\r\n"Dokter ""Ahli""",0,\r\n',
    );
  });
});
