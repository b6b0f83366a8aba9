import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './paths.js';

const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
/** The modules that read the server's settings from the environment. */
const settingsSource = ['config.ts', 'logger.ts'].map((f) => fs.readFileSync(path.join(import.meta.dirname, f), 'utf8')).join('\n');

describe('the README as the operator reads it', () => {
  it('documents every environment variable the server reads, in the configuration table', () => {
    const read = new Set([...settingsSource.matchAll(/env\.([A-Z][A-Z0-9_]+)|intEnv\(env, '([A-Z0-9_]+)'/g)].map((m) => m[1] ?? m[2]!).filter((name) => name !== 'VITEST'));
    expect(read.size).toBeGreaterThan(5);
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
    const documented = new Set([...table.matchAll(/^\| `([A-Z][A-Z0-9_]+)`/gm)].map((m) => m[1]!));
    expect([...read].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('carries no unresolved merge markers', () => {
    expect(readme.match(/^(<{7}|={7}|>{7})( |$)/m)).toBeNull();
  });
});
