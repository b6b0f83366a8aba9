/**
 * Public masking of applicants: the one place it is defined, so every public surface (live
 * scores, rankings, announcements, exports) hides the same parts. Pure: no GraphQL, Prisma or I/O.
 */
import { hash } from 'node:crypto';

/**
 * Masks a participant number (nomor peserta) for public lists: only its last 4 characters, after
 * a fixed "****", e.g. "24150410000123" -> "****0123". The leading digits are not shown because
 * they are guessable (year, region, serial zeros): showing them left 6 hidden digits, which 30
 * requests recovered. With the masked name an applicant still finds their own line. Numbers of 4
 * characters or fewer keep only their last 2 (one asterisk per hidden character). Surrounding
 * whitespace is ignored.
 */
export function maskParticipantNumber(n: string): string {
  const chars = Array.from(n.trim());
  if (chars.length > 4) return `****${chars.slice(-4).join('')}`;
  if (chars.length <= 2) return '*'.repeat(chars.length);
  return '*'.repeat(chars.length - 2) + chars.slice(-2).join('');
}

/**
 * A kode kartu ujian (exam-card code) is 16 hex digits (64 random bits, made by the database for
 * each seat), printed on the card as 4 groups of 4: the participant's proof towards verifyScore and
 * the salt of their public commitment, so 2^64 guesses stand between a guessed number and a score.
 * This is the code as typed (spaces, dashes, lower case allowed) in its stored form, or null when it cannot be one. */
export function normalizeExamCardCode(typed: string): string | null {
  const code = typed.replace(/[\s-]/g, '').toUpperCase();
  return /^[0-9A-F]{16}$/.test(code) ? code : null;
}

/** The code grouped for printing: "8F3A21C977D0B1E4" -> "8F3A-21C9-77D0-B1E4". */
export function formatExamCardCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/**
 * How a participant is named in the public score log: SHA-256 (hex) of "pantau-participant",
 * their number and their exam-card code, one a line. Only someone holding the card can recompute
 * it (the page does, in the browser), and the code's 64 bits make guessing it hopeless.
 */
export function participantCommitment(participantNumber: string, examCardCode: string): string {
  return hash('sha256', `pantau-participant\n${participantNumber.trim()}\n${examCardCode}`, 'hex');
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

/** Masks a NIK (or any identity number) to its last 4 digits: "1571024405900003" -> "************0003". */
export function maskNik(nik: string): string {
  const chars = Array.from(nik.trim());
  return '*'.repeat(Math.max(0, chars.length - 4)) + chars.slice(-4).join('');
}

/** Masks an email to the first letter of the mailbox and the domain: "siti.a@mail.id" -> "s*****@mail.id". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '*'.repeat(email.length);
  return `${email[0]}${'*'.repeat(at - 1)}${email.slice(at)}`;
}

/** Masks a phone number to its last 3 digits: "081234567890" -> "*********890". */
export function maskPhone(phone: string): string {
  const chars = Array.from(phone.trim());
  return '*'.repeat(Math.max(0, chars.length - 3)) + chars.slice(-3).join('');
}

const hidden = () => '[HIDDEN]';

/**
 * An uploaded file's name reduced to its extension ("KTP 1671144101990001.jpg" -> "*.jpg"):
 * people name scans after their NIK or name, and the content type says the rest.
 */
export function maskFileName(name: string): string {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(name.trim());
  return ext ? `*.${ext[1]!.toLowerCase()}` : '*';
}

/**
 * Object keys that hold personal data, and how each is masked where a record of it is kept
 * (audit entries, logs). Birth dates and addresses have no useful partial form.
 */
export const PERSONAL_DATA_KEYS: Readonly<Record<string, (value: string) => string>> = {
  nik: maskNik,
  fullName: maskName,
  displayName: maskName,
  email: maskEmail,
  phone: maskPhone,
  birthDate: hidden,
  address: hidden,
  fileName: maskFileName,
};

/** Keys whose values are secrets: never kept at all. */
export const SECRET_KEY = /password|passphrase|secret|token|apikey|authorization/i;

/**
 * A deep copy of `value` fit to be kept in a record: secrets replaced by "[REDACTED]", personal
 * data masked by {@link PERSONAL_DATA_KEYS}, files reduced to extension, size and type, long strings cut.
 */
export function maskRecord(value: unknown, key = ''): unknown {
  if (key && SECRET_KEY.test(key)) return '[REDACTED]';
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'string') {
    const mask = PERSONAL_DATA_KEYS[key];
    const masked = mask ? mask(value) : value;
    return masked.length > 500 ? `${masked.slice(0, 500)}…` : masked;
  }
  if (typeof value !== 'object') return typeof value === 'bigint' ? String(value) : value;
  if (value instanceof Date) return PERSONAL_DATA_KEYS[key] ? PERSONAL_DATA_KEYS[key](value.toISOString()) : value.toISOString();
  if (typeof (value as Blob).arrayBuffer === 'function' && typeof (value as Blob).size === 'number') {
    const file = value as Blob & { name?: string };
    return { file: file.name ? maskFileName(file.name) : null, size: file.size, type: file.type };
  }
  if (Array.isArray(value)) return value.map((item) => maskRecord(item, key));
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return maskRecord((value as { toJSON(): unknown }).toJSON(), key);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskRecord(v, k)]));
}
