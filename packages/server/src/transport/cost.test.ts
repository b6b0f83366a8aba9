import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../schema/index.js';
import { operationCost, type CostOptions } from './cost.js';
import { LIMITS } from './limits.js';
import { loadPersistedManifest } from './persisted.js';

const options: CostOptions = {
  objectCost: 2,
  scalarCost: 1,
  depthCostFactor: 1.5,
  defaultPageSize: 20,
  maxListItems: 1000,
  listMaximums: { 'Query.nodes.ids': 100 },
};
const cost = (text: string, variables: Record<string, unknown> = {}) => operationCost(schema, parse(text), undefined, variables, options);

describe('operation cost with variables', () => {
  it('counts a page size from a variable like the same literal, and its default when absent', () => {
    const literal = cost('{ formations(first: 100) { edges { node { code } } } }').cost!;
    expect(cost('query ($n: Int) { formations(first: $n) { edges { node { code } } } }', { n: 100 }).cost).toBe(literal);
    expect(cost('query ($n: Int = 100) { formations(first: $n) { edges { node { code } } } }').cost).toBe(literal);
    const unpaged = cost('{ formations { edges { node { code } } } }').cost!;
    expect(cost('{ formations(first: 20) { edges { node { code } } } }').cost).toBe(unpaged);
    expect(literal).toBeCloseTo(unpaged * 5, 6);
    expect(cost('query ($n: Int) { formations(first: $n) { edges { node { code } } } }').cost).toBe(unpaged);
  });

  it('counts a list argument by its length and refuses one over its maximum, naming it', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `id${i}`);
    const one = cost('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ids(1) }).cost!;
    expect(cost('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ids(100) }).cost).toBeCloseTo(one * 100, 6);
    expect(cost('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ids(101) }).overflow).toEqual({
      coordinate: 'Query.nodes.ids',
      argument: 'ids',
      length: 101,
      max: 100,
    });
    expect(
      cost(
        `{ nodes(ids: [${ids(101)
          .map((i) => `"${i}"`)
          .join(',')}]) { id } }`,
      ).overflow?.length,
    ).toBe(101);
  });

  it('prices the reported attack (ids and a page from variables, inside a fragment, three aliases) far over the limit', () => {
    const text = `query ($ids: [ID!]!, $b: Int) { a: nodes(ids: $ids) { ...E } b: nodes(ids: $ids) { ...E } c: nodes(ids: $ids) { ...E } }
      fragment E on Announcement { entries(first: $b) { edges { node { participantNumber name resultCode rank } } } }`;
    expect(cost(text, { ids: Array(100).fill('x'), b: 100 }).cost).toBeGreaterThan(LIMITS.maxCost * 10);
  });

  it('prices a fragment bomb in linear time', () => {
    const bomb = `{ formations(first: 100) { edges { node { ...F40 } } } } fragment F0 on Formation { code } ${Array.from({ length: 40 }, (_, i) => `fragment F${i + 1} on Formation { ...F${i} ...F${i} }`).join(' ')}`;
    const started = performance.now();
    expect(cost(bomb).cost).toBeGreaterThan(LIMITS.maxCost);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('lets every committed document run with the largest page it may ask for', () => {
    for (const [, text] of loadPersistedManifest()) {
      const { cost: c, overflow } = cost(text, { first: 100, ids: Array(100).fill('x') });
      expect(overflow).toBeUndefined();
      expect(c, text.slice(0, 60)).toBeLessThanOrEqual(LIMITS.maxCost);
    }
  });
});
