import { describe, expect, it } from 'vitest';
import { cleanPersonName, cleanText, MAX_COMBINING_RUN } from './text.js';

const free = { min: 5, max: 2000, multiline: true };

describe('free text', () => {
  it('keeps ordinary text in any script, NFC-normalised and trimmed, with line breaks', () => {
    expect(cleanText('  Pelayanan lambat,\nmohon diperbaiki.  ', free)).toEqual({ ok: true, text: 'Pelayanan lambat,\nmohon diperbaiki.' });
    // "é" as e + combining acute becomes one code point.
    expect(cleanText('Cafe\u0301 dekat kantor', free)).toEqual({ ok: true, text: 'Café dekat kantor' });
    expect(cleanText('ꦱꦸꦫꦏꦂꦠ ꦲꦢꦶꦤꦶꦔꦿꦠ', free).ok).toBe(true);
    expect(cleanText('Tiếng Việt có dấu', free).ok).toBe(true);
  });

  it.each([
    ['a right-to-left override', 'alasan \u202Eatad\u202C koreksi'],
    ['an isolate', 'alasan \u2067x\u2069 koreksi'],
    ['one zero-width space', '\u200B'],
    ['spaces and joiners only', ' \u200B\u200D\u2060\uFEFF\u3164 '],
    ['a NUL', 'alasan\u0000koreksi'],
    ['a lone surrogate', 'alasan \ud800 koreksi'],
    ['an escape sequence', 'alasan \u001b[31m merah'],
    ['a combining flood', `Zalgo${'\u0336'.repeat(MAX_COMBINING_RUN + 1)} teks`],
  ])('refuses %s', (_what, text) => {
    expect(cleanText(text, free).ok).toBe(false);
  });

  it('counts length in characters after normalising', () => {
    expect(cleanText('abcd', free)).toEqual({ ok: false, problem: 'must be 5-2000 characters' });
    expect(cleanText('x'.repeat(2001), free).ok).toBe(false);
    expect(cleanText('baris\nkedua', { min: 1, max: 50 }).ok).toBe(false); // one-line fields refuse line breaks
  });
});

describe('person names', () => {
  it.each(['Siti Aminah', "Ma'ruf Nur-Aisyah", 'A. Rahman', 'Nguyễn Văn Anh', 'I Gusti Ngurah Rai'])('keeps %s', (name) => {
    expect(cleanPersonName(name)).toEqual({ ok: true, text: name });
  });

  it('collapses spaces', () => {
    expect(cleanPersonName('  Siti    Aminah ')).toEqual({ ok: true, text: 'Siti Aminah' });
  });

  it.each([
    ['a formula', '=HYPERLINK("http://x","Klik")'],
    ['a right-to-left override', 'Siti \u202EhanimA'],
    ['invisible characters only', '\u3164\u3164'],
    ['a combining flood', `Si${'\u0336'.repeat(30)}ti`],
    ['digits', 'Budi 2'],
  ])('refuses %s', (_what, name) => {
    expect(cleanPersonName(name).ok).toBe(false);
  });
});
