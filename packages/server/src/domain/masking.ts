/**
 * Public masking of applicants: the one place it is defined, so every public surface (live
 * scores, rankings, announcements, exports) hides the same parts. Pure: no GraphQL, Prisma or I/O.
 */

/**
 * Masks a participant number (nomor peserta) for public lists, keeping enough for an applicant
 * to find their own line but not enough to look anyone up: the first 4 and last 4 characters
 * with exactly 4 asterisks between (so the length is not shown either), e.g. "24150410000123"
 * -> "2415****0123". Numbers of 8 characters or fewer keep only their last 2 (one asterisk per
 * hidden character); of 2 or fewer, nothing. Surrounding whitespace is ignored.
 */
export function maskParticipantNumber(n: string): string {
  const chars = Array.from(n.trim());
  if (chars.length > 8) return `${chars.slice(0, 4).join('')}****${chars.slice(-4).join('')}`;
  if (chars.length <= 2) return '*'.repeat(chars.length);
  return '*'.repeat(chars.length - 2) + chars.slice(-2).join('');
}

const LETTER = /^\p{L}$/u;

/**
 * Masks a person's name for public lists, so applicants can recognise themselves without the
 * public learning who applied: each word keeps only its first letter, every other character
 * (letters, apostrophes, hyphens, dots) becomes an asterisk, e.g. "Budi Santoso" ->
 * "B*** S******", "Ma'ruf Nur-Aisyah" -> "M***** N*********". A hyphenated or apostrophised word
 * is one word, so its inner initials do not leak; a word starting with punctuation ("'Aisyah")
 * shows its first letter in front of the asterisks; a word without letters is all asterisks.
 * Whitespace is collapsed to single spaces; the letter case is kept as written.
 */
export function maskName(fullName: string): string {
  return fullName
    .normalize('NFC')
    .trim()
    .split(/\s+/u)
    .filter((word) => word.length > 0)
    .map((word) => {
      const chars = Array.from(word);
      const initial = chars.find((c) => LETTER.test(c));
      return initial === undefined ? '*'.repeat(chars.length) : initial + '*'.repeat(chars.length - 1);
    })
    .join(' ');
}
