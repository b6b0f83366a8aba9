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
