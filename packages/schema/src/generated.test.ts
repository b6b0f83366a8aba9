import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { generateContract, packageDir } from '../scripts/codegen.ts';
import manifest from './generated/persisted-operations.json' with { type: 'json' };
import { persistedOperationIds } from './generated/persisted.ts';

describe('the generated contract', () => {
  it('is what codegen makes of the committed schema.graphql and documents (run `pnpm --filter @pantau/schema codegen`)', async () => {
    const expected = await generateContract();
    const files = Object.keys(expected);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const committed = await fs.readFile(path.join(packageDir, file), 'utf8').catch(() => '(missing)');
      expect(committed, `${file} is stale`).toBe(expected[file]);
    }
  });

  it('has nothing stale left in src/generated/', async () => {
    const present = (await fs.readdir(path.join(packageDir, 'src/generated'))).map((name) => `src/generated/${name}`);
    expect(present.sort()).toEqual(Object.keys(await generateContract()).sort());
  });

  it('types every document the dashboard uses', async () => {
    const operations = (await generateContract())['src/generated/graphql.ts'] ?? '';
    expect(operations).toContain('export const RegionsDocument');
    expect(operations).toContain('export const HeartbeatDocument');
    expect(operations).toContain('at: string'); // DateTime is an ISO string on the wire
  });

  it('persists every operation under the sha256 of its exact text, which the server runs for an id', () => {
    const texts = manifest as Record<string, string>;
    for (const [id, text] of Object.entries(texts)) expect(createHash('sha256').update(text).digest('hex')).toBe(id);
    for (const [name, id] of Object.entries(persistedOperationIds)) expect(texts[id], name).toMatch(new RegExp(`^(query|mutation|subscription) ${name}\\b`));
    expect(Object.keys(persistedOperationIds)).toEqual(expect.arrayContaining(['Regions', 'Heartbeat', 'Ranking', 'RankingUpdated']));
    // A fragment travels with each operation that spreads it.
    expect(texts[persistedOperationIds.Ranking]).toContain('fragment RankingEntryFields on RankingEntry');
  });
});
