/**
 * Prisma filter for a region and everything below it. Kemendagri codes nest by dots
 * ("16.71" > "16.71.14"), so the subtree is one indexed comparison, not a walk.
 */
export function regionSubtree(code: string) {
  return { OR: [{ code }, { code: { startsWith: `${code}.` } }] };
}
