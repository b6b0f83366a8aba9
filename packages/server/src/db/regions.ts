/**
 * The region tree in Kemendagri codes, which nest by dots ("16" > "16.71" > "16.71.14"): a
 * subtree is one indexed prefix comparison and the ancestors are the code's own prefixes.
 */

/**
 * `text` for a Prisma `startsWith`/`contains`/`endsWith`, matched literally: Prisma hands the
 * value to LIKE as it is, where `%` and `_` are wildcards (and `\` their escape).
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Prisma filter for a region and everything below it; the code is matched literally ("%" matches nothing). */
export function regionSubtree(code: string) {
  return { OR: [{ code }, { code: { startsWith: `${likeLiteral(code)}.` } }] };
}

/** A region's code and its ancestors' codes, root first: "16.71.14" -> ["16", "16.71", "16.71.14"]. */
export function regionLineage(code: string): string[] {
  const parts = code.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** Whether `code` is `scope` or below it. */
export function withinRegion(code: string, scope: string): boolean {
  return code === scope || code.startsWith(`${scope}.`);
}
