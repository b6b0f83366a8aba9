/**
 * What names and free text people type may hold, once, for every service that stores them
 * (applicants' and staff names, complaints, answers, appeals, correction reasons, aspirations).
 * Pure: no GraphQL, Prisma or I/O. Text is NFC-normalised (so "é" typed two ways is one string,
 * and lengths are counted the way people see them) and refused when it carries:
 * - control characters (but line breaks and tabs in free text), NUL, lone surrogates;
 * - bidirectional controls (U+202A-202E, U+2066-2069, U+200E/F, U+061C), which make a name or a
 *   reason read differently from what it holds ("Trojan Source");
 * - nothing visible (only spaces, zero-width or filler characters);
 * - a flood of combining marks on one character ("Zalgo"): more than {@link MAX_COMBINING_RUN}.
 */

/** Stacked marks one letter may carry: Vietnamese and Javanese need 2-3, nothing needs more. */
export const MAX_COMBINING_RUN = 4;

export interface TextRule {
  /** Fewest characters (code points, after trimming). */
  min: number;
  max: number;
  /** Free text may hold line breaks and tabs; names and one-line fields may not. */
  multiline?: boolean;
}

export type CleanText = { ok: true; text: string } | { ok: false; problem: string };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
const CONTROL_ONE_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/u;
const CONTROL_MULTILINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]/u;
// Invisible: separators, format characters (zero-width space, joiners, BOM, soft hyphen, ...) and fillers.
// biome-ignore lint/suspicious/noMisleadingCharacterClass: U+034F (combining grapheme joiner) is listed on purpose, as a character of its own
const INVISIBLE = /[\p{Z}\p{Cf}\s\u115F\u1160\u3164\uFFA0\u2800\u034F]/gu;
const COMBINING_RUN = new RegExp(`\\p{M}{${MAX_COMBINING_RUN + 1},}`, 'u');

/** Normalises and checks one text against `rule`; the cleaned text, or why it is refused. */
export function cleanText(raw: string, rule: TextRule): CleanText {
  if (LONE_SURROGATE.test(raw)) return { ok: false, problem: 'holds an invalid character (a lone surrogate)' };
  const text = raw.normalize('NFC').trim();
  if ((rule.multiline ? CONTROL_MULTILINE : CONTROL_ONE_LINE).test(text)) return { ok: false, problem: 'holds a control character' };
  if (BIDI.test(text)) return { ok: false, problem: 'holds a text-direction control character' };
  if (COMBINING_RUN.test(text)) return { ok: false, problem: `stacks more than ${MAX_COMBINING_RUN} combining marks on one character` };
  if (text.replace(INVISIBLE, '') === '' && rule.min > 0) return { ok: false, problem: 'has nothing visible in it' };
  const length = Array.from(text).length;
  if (length < rule.min || length > rule.max)
    return { ok: false, problem: rule.min > 0 ? `must be ${rule.min}-${rule.max} characters` : `must be at most ${rule.max} characters` };
  return { ok: true, text };
}

// A person's name: letters and marks of any script, spaces, and . , ' - (as in "Ma'ruf", "Nur-Aisyah", "A. Rahman").
const NAME = /^[\p{L}\p{M}][\p{L}\p{M} .,'’-]*$/u;

/**
 * A person's name as they write it: {@link cleanText} (one line), runs of spaces collapsed, and
 * only letters, marks, spaces and . , ' - (so no digits, no "=HYPERLINK(...)").
 */
export function cleanPersonName(raw: string, rule: Omit<TextRule, 'multiline'> = { min: 2, max: 100 }): CleanText {
  const cleaned = cleanText(raw.replace(/[ \t]+/g, ' '), rule);
  if (!cleaned.ok) return cleaned;
  if (!NAME.test(cleaned.text)) return { ok: false, problem: 'use letters, spaces, dots, commas, apostrophes or hyphens, starting with a letter' };
  return cleaned;
}
