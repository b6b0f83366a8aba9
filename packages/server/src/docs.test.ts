/**
 * The documentation as operators and partners read it stays true to the code: the configuration
 * table in docs/operations.md names every variable the server reads, docs/access.md prints the
 * authorization matrix the schema enforces, and every relative link of README.md and docs/*.md
 * leads to a file (and heading) that exists.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderMatrix } from './access/matrix.js';
import { repoRoot } from './paths.js';

const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), 'utf8');
const docsDir = path.join(repoRoot, 'docs');
/** README.md and docs/*.md, by path from the repository root. */
const pages = [
  'README.md',
  ...fs
    .readdirSync(docsDir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** The text of one `## heading` section of a Markdown page, up to the next heading of that level. */
function section(page: string, heading: string): string {
  const start = page.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no section "## ${heading}"`);
  const end = page.indexOf('\n## ', start + 1);
  return page.slice(start, end < 0 ? undefined : end);
}

/** The page without its fenced code blocks, where brackets and parentheses are code, not links. */
const prose = (page: string) => page.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');

/** GitHub's anchors for a page's headings: lower case, punctuation dropped, spaces as dashes, repeats numbered. */
function anchorsOf(page: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, text] of prose(page).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const plain = text!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const slug = plain
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n ? `${slug}-${n}` : slug);
  }
  return anchors;
}

describe('the documentation as operators and partners read it', () => {
  it('documents every environment variable the server reads, in the configuration table of docs/operations.md', () => {
    /** The modules that read the server's settings from the environment. */
    const settingsSource = ['config.ts', 'logger.ts'].map((f) => fs.readFileSync(path.join(import.meta.dirname, f), 'utf8')).join('\n');
    const readNames = new Set(
      [...settingsSource.matchAll(/env\.([A-Z][A-Z0-9_]+)|intEnv\(env, '([A-Z0-9_]+)'/g)].map((m) => m[1] ?? m[2]!).filter((name) => name !== 'VITEST'),
    );
    expect(readNames.size).toBeGreaterThan(5);
    const table = section(read('docs/operations.md'), 'Configuration');
    const documented = new Set([...table.matchAll(/^\| `([A-Z][A-Z0-9_]+)`/gm)].map((m) => m[1]!));
    expect([...readNames].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('docs/access.md prints the authorization matrix as the code has it', () => {
    expect(read('docs/access.md')).toContain(renderMatrix());
  });

  it('every relative link of README.md and docs/*.md leads to an existing file and heading', () => {
    const broken: string[] = [];
    for (const page of pages) {
      const text = prose(read(page));
      const targets = [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g), ...text.matchAll(/<img\s[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
      for (const target of targets) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
        const [file, anchor] = target.split('#') as [string, string | undefined];
        const resolved = file ? path.resolve(path.dirname(path.join(repoRoot, page)), decodeURIComponent(file)) : path.join(repoRoot, page);
        if (!fs.existsSync(resolved)) {
          broken.push(`${page}: ${target} (no such file)`);
        } else if (anchor && resolved.endsWith('.md') && !anchorsOf(fs.readFileSync(resolved, 'utf8')).has(anchor)) {
          broken.push(`${page}: ${target} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('carry no unresolved merge markers', () => {
    expect(pages.filter((page) => /^(<{7}|={7}|>{7})( |$)/m.test(read(page)))).toEqual([]);
  });
});
