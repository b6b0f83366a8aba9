/**
 * What each document kind may be: its allowed types and size limit (the SSCASN 2024 limits), and
 * the type read from the file's first bytes. A file is judged by its content, never its name.
 */
import type { FormationTypeName, RuleSet } from '../domain/rules.js';
import type { DocumentKind } from '../generated/prisma/enums.js';

export type DocumentMediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

export interface DocumentRule {
  mediaTypes: readonly DocumentMediaType[];
  maxBytes: number;
}

const KB = 1024;

export const DOCUMENT_RULES: Readonly<Record<DocumentKind, DocumentRule>> = {
  KTP: { mediaTypes: ['image/jpeg', 'image/png'], maxBytes: 200 * KB },
  PAS_FOTO: { mediaTypes: ['image/jpeg', 'image/png'], maxBytes: 200 * KB },
  IJAZAH: { mediaTypes: ['application/pdf'], maxBytes: 800 * KB },
  TRANSKRIP: { mediaTypes: ['application/pdf'], maxBytes: 800 * KB },
  SURAT_LAMARAN: { mediaTypes: ['application/pdf'], maxBytes: 300 * KB },
  SURAT_PERNYATAAN: { mediaTypes: ['application/pdf'], maxBytes: 300 * KB },
  SERTIFIKAT_PENDIDIK: { mediaTypes: ['application/pdf'], maxBytes: 800 * KB },
  STR: { mediaTypes: ['application/pdf'], maxBytes: 800 * KB },
  SURAT_KETERANGAN_DISABILITAS: { mediaTypes: ['application/pdf'], maxBytes: 800 * KB },
};

/**
 * The documents an application to `formation` must carry: those its year's rule set requires of
 * its type (`RuleSet.documents`) and those the formation adds.
 */
export function requiredDocuments(rules: RuleSet, formation: { type: string; extraDocuments: readonly DocumentKind[] }): DocumentKind[] {
  return [...new Set([...(rules.documents[formation.type as FormationTypeName] as DocumentKind[]), ...formation.extraDocuments])];
}

/** The largest document any kind allows: the multipart parser refuses bigger files before reading them whole. */
export const MAX_DOCUMENT_BYTES = Math.max(...Object.values(DOCUMENT_RULES).map((r) => r.maxBytes));

/** The type a file's magic bytes say it is, or null for anything else. */
export function sniffMediaType(bytes: Uint8Array): DocumentMediaType | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'; // %PDF-
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  return null;
}
