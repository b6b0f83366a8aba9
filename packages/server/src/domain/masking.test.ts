import { describe, expect, it } from 'vitest';
import { formatExamCardCode, maskName, maskParticipantNumber, maskRecord, normalizeExamCardCode, participantCommitment } from './masking.js';

describe('maskParticipantNumber', () => {
  it('shows only the last 4 characters, not the guessable year and region digits', () => {
    expect(maskParticipantNumber('2024150410000123')).toBe('****0123');
    expect(maskParticipantNumber('24150410000123')).toBe('****0123');
    expect(maskParticipantNumber('123456789')).toBe('****6789');
  });

  it('does not show the length of a long number', () => {
    expect(maskParticipantNumber('2415041000000000000123')).toHaveLength(8);
    expect(maskParticipantNumber('12345')).toHaveLength(8);
  });

  it('keeps only the last 2 of numbers of 4 characters or fewer, nothing of 2 or fewer', () => {
    expect(maskParticipantNumber('1234')).toBe('**34');
    expect(maskParticipantNumber('123')).toBe('*23');
    expect(maskParticipantNumber('12')).toBe('**');
    expect(maskParticipantNumber('')).toBe('');
  });

  it('ignores surrounding whitespace', () => {
    expect(maskParticipantNumber('  24150410000123\n')).toBe('****0123');
  });
});

describe('exam-card codes and participant commitments', () => {
  it('codes are 16 hex digits, typed in any grouping and case', () => {
    const a = '0F3A21C977D0B1E4';
    expect(normalizeExamCardCode(formatExamCardCode(a).toLowerCase())).toBe(a);
    expect(normalizeExamCardCode(' 8f3a 21c9-77d0 b1e4 ')).toBe('8F3A21C977D0B1E4');
    expect(normalizeExamCardCode('8F3A21C977D0B1E')).toBeNull();
    expect(normalizeExamCardCode('8F3A21C977D0B1EZ')).toBeNull();
  });

  it('a commitment needs both the number and the code', () => {
    const c = participantCommitment('24150410000123', '8F3A21C977D0B1E4');
    expect(c).toMatch(/^[0-9a-f]{64}$/);
    expect(participantCommitment(' 24150410000123 ', '8F3A21C977D0B1E4')).toBe(c);
    expect(participantCommitment('24150410000124', '8F3A21C977D0B1E4')).not.toBe(c);
    expect(participantCommitment('24150410000123', '8F3A21C977D0B1E5')).not.toBe(c);
  });
});

describe('maskName', () => {
  it.each([
    ['Budi Santoso', 'B*** S******'],
    ['Sukarno', 'S******'],
    ['Siti Nurhaliza binti Ahmad', 'S*** N******** b**** A****'],
    ['A', 'A'],
    ['BUDI SANTOSO', 'B*** S******'],
    ['budi santoso', 'b*** s******'],
  ])('%s -> %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('collapses whitespace (spaces, tabs, newlines, no-break spaces)', () => {
    expect(maskName('  Budi \t  Santoso\n')).toBe('B*** S******');
    expect(maskName('Budi\u00a0Santoso')).toBe('B*** S******');
    expect(maskName('   ')).toBe('');
    expect(maskName('')).toBe('');
  });

  it('keeps a hyphenated or apostrophised word as one word, showing only its first letter', () => {
    expect(maskName("Ma'ruf Amin")).toBe('M***** A***');
    expect(maskName('Siti Nur-Aisyah')).toBe('S*** N*********');
    expect(maskName("O'Brien")).toBe('O******');
  });

  it('shows the first letter of a word that starts with punctuation, and no letter of one without', () => {
    expect(maskName("'Aisyah")).toBe('A******');
    expect(maskName('Dr. Budi Santoso, S.Pd.')).toBe('D** B*** S******* S****');
    expect(maskName('Budi - Santoso')).toBe('B*** * S******');
  });

  it('handles letters beyond ASCII, composed or not', () => {
    expect(maskName('Ñoño Ávila')).toBe('Ñ*** Á****');
    expect(maskName('Jose\u0301 Ma\u0301rquez')).toBe('J*** M******');
  });

  it('never shows more than the initials', () => {
    const names = ['Budi Santoso', "Ma'ruf Amin", 'Siti Nur-Aisyah', 'I Gusti Ngurah Rai', 'Raden Ajeng Kartini', 'Dr. H. Ir. Soekarno'];
    for (const name of names) {
      const initials = name
        .split(/\s+/)
        .map((w) => w.match(/\p{L}/u)?.[0] ?? '')
        .join('');
      expect(maskName(name).replace(/[\s*]/g, '')).toBe(initials);
    }
  });
});

describe('records kept of requests (audit, logs)', () => {
  it('drops secrets, masks personal data at any depth, and reduces files to their size and extension (a file name may hold a NIK)', () => {
    const file = new File(['%PDF-1.4'], 'KTP 1571024405900003.PDF', { type: 'application/pdf' });
    expect(
      maskRecord({
        username: 'siti',
        password: 'rahasia-sekali',
        input: { nik: '1571024405900003', fullName: 'Siti Aminah', email: 'siti.a@mail.id', phone: '081234567890', birthDate: new Date('1990-05-04') },
        people: [{ fullName: 'Budi Santoso' }],
        apiKey: 'pantau_x',
        document: file,
        stored: { fileName: 'Siti Aminah ijazah.pdf' },
        count: 3,
      }),
    ).toEqual({
      username: 'siti',
      password: '[REDACTED]',
      input: { nik: '************0003', fullName: 'S*** A*****', email: 's*****@mail.id', phone: '*********890', birthDate: '[HIDDEN]' },
      people: [{ fullName: 'B*** S******' }],
      apiKey: '[REDACTED]',
      document: { file: '*.pdf', size: 8, type: 'application/pdf' },
      stored: { fileName: '*.pdf' },
      count: 3,
    });
  });
});
