import { describe, expect, it } from 'vitest';
import {
  BLOCK,
  EMPTY_ROOT,
  appendLeaves,
  blockNodes,
  blocksFor,
  isStored,
  consistencyRanges,
  foldRanges,
  inclusionRanges,
  leafHash,
  nodesFor,
  rangeNodes,
  rootOf,
  verifyConsistency,
  verifyInclusion,
  type StoredNode,
} from './merkle.js';

// The test leaves and roots of Certificate Transparency's reference implementations (RFC 6962).
const RFC_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) =>
  leafHash(Buffer.from(h, 'hex')),
);
const RFC_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** A tree built by appendLeaves, its nodes kept as the database keeps them. */
function buildTree(leaves: readonly string[], chunk = 3) {
  const nodes = new Map<string, string>();
  let frontier: StoredNode[] = [];
  for (let i = 0; i < leaves.length; i += chunk) {
    const step = appendLeaves(i, frontier, leaves.slice(i, i + chunk));
    for (const n of step.nodes) nodes.set(`${n.level}:${n.index}`, n.hash);
    frontier = step.frontier;
  }
  const lookup = (k: { level: number; index: number }) => nodes.get(`${k.level}:${k.index}`);
  return { nodes, frontier, lookup, root: (size: number) => foldRanges([{ start: 0, end: size }], lookup)[0]! };
}

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => leafHash(`entry ${i}`));

describe('RFC 6962 Merkle tree', () => {
  it('hashes the empty tree and the reference trees to the published roots', () => {
    expect(EMPTY_ROOT).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    RFC_ROOTS.forEach((root, i) => {
      expect(rootOf(RFC_LEAVES.slice(0, i + 1))).toBe(root);
    });
  });

  it('gives the reference consistency proof from 1 to 8 leaves', () => {
    const tree = buildTree(RFC_LEAVES);
    const proof = foldRanges(consistencyRanges(1, 8), tree.lookup);
    expect(proof).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(verifyConsistency(1, 8, proof, RFC_ROOTS[0]!, RFC_ROOTS[7]!)).toBe(true);
  });

  it('appending in any chunking stores the nodes whose folds are the MTH of every prefix', () => {
    const leaves = leavesOf(70);
    for (const chunk of [1, 3, 64]) {
      const tree = buildTree(leaves, chunk);
      for (let n = 1; n <= leaves.length; n++) expect(tree.root(n)).toBe(rootOf(leaves.slice(0, n)));
      expect(foldRanges([{ start: 0, end: 70 }], (k) => tree.frontier.find((f) => f.level === k.level && f.index === k.index)?.hash)[0]).toBe(rootOf(leaves));
    }
  });

  it('a store of leaves and level-4+ nodes only gives the same proofs as the full tree', () => {
    const leaves = leavesOf(75);
    const full = buildTree(leaves, 7);
    const stored = new Map([...full.nodes].filter(([key]) => isStored({ level: Number(key.split(':')[0]), index: 0 })));
    expect(stored.size).toBe(4 + 2 + 1); // levels 4, 5 and 6 of 75 leaves: one row per 16 leaves, not ~2 per leaf
    // As ledger.ts reads a proof: the stored nodes it names, plus the leaves of each block under an unstored one.
    const sparseLookup = (keys: ReturnType<typeof nodesFor>) => {
      const found = new Map([...stored].filter(([key]) => keys.some((k) => `${k.level}:${k.index}` === key)));
      for (const b of blocksFor(keys)) for (const n of blockNodes(b, leaves.slice(b * BLOCK, (b + 1) * BLOCK))) found.set(`${n.level}:${n.index}`, n.hash);
      return (k: { level: number; index: number }) => found.get(`${k.level}:${k.index}`);
    };
    for (const size of [1, 15, 16, 17, 33, 48, 64, 75]) {
      for (const i of [0, 5, size - 1]) {
        if (i >= size) continue;
        const ranges = inclusionRanges(i, size);
        expect(foldRanges(ranges, sparseLookup(nodesFor(ranges)))).toEqual(foldRanges(ranges, full.lookup));
      }
      for (const from of [1, 7, 16, size - 1]) {
        if (from < 1 || from > size) continue;
        const ranges = consistencyRanges(from, size);
        expect(foldRanges(ranges, sparseLookup(nodesFor(ranges)))).toEqual(foldRanges(ranges, full.lookup));
      }
    }
  });

  it('every inclusion proof verifies, and a changed leaf, index or path element does not', () => {
    const leaves = leavesOf(33);
    const tree = buildTree(leaves);
    for (let size = 1; size <= 33; size++) {
      const root = tree.root(size);
      for (let i = 0; i < size; i++) {
        const proof = foldRanges(inclusionRanges(i, size), tree.lookup);
        expect(verifyInclusion(leaves[i]!, i, size, proof, root)).toBe(true);
        expect(verifyInclusion(leafHash('forged'), i, size, proof, root)).toBe(false);
        if (size > 1) {
          expect(verifyInclusion(leaves[i]!, (i + 1) % size, size, proof, root)).toBe(false);
          expect(verifyInclusion(leaves[i]!, i, size, [leafHash('x'), ...proof.slice(1)], root)).toBe(false);
        }
      }
    }
  });

  it('every consistency proof verifies, and one against a rewritten older tree does not', () => {
    const leaves = leavesOf(40);
    const tree = buildTree(leaves);
    const forged = [...leaves];
    forged[5] = leafHash('rewritten');
    for (let to = 1; to <= 40; to++) {
      for (let from = 1; from <= to; from++) {
        const proof = foldRanges(consistencyRanges(from, to), tree.lookup);
        expect(verifyConsistency(from, to, proof, tree.root(from), tree.root(to))).toBe(true);
        if (from > 5) expect(verifyConsistency(from, to, proof, rootOf(forged.slice(0, from)), tree.root(to))).toBe(false);
        if (to > 5) expect(verifyConsistency(from, to, proof, tree.root(from), rootOf(forged.slice(0, to)))).toBe(false);
      }
    }
  });

  it('proofs at 250,000 entries hold at most ceil(log2 n) hashes and need at most ~2 log2 n stored nodes', () => {
    const n = 250_000;
    const bound = Math.ceil(Math.log2(n));
    for (const i of [0, 1, 124_999, 131_071, 131_072, 249_998, 249_999]) {
      expect(inclusionRanges(i, n).length).toBeLessThanOrEqual(bound);
      expect(nodesFor(inclusionRanges(i, n)).length).toBeLessThanOrEqual(2 * bound);
    }
    for (const from of [1, 2, 1000, 131_072, 131_073, 249_999]) {
      expect(consistencyRanges(from, n).length).toBeLessThanOrEqual(bound + 1);
      expect(nodesFor(consistencyRanges(from, n)).length).toBeLessThanOrEqual(2 * bound + 2);
    }
    expect(rangeNodes({ start: 0, end: n }).length).toBe(n.toString(2).replace(/0/g, '').length);
  });

  it('refuses a leaf outside the tree and a shrinking consistency request', () => {
    expect(() => inclusionRanges(5, 5)).toThrow(RangeError);
    expect(() => consistencyRanges(6, 5)).toThrow(RangeError);
    expect(verifyInclusion(leafHash('a'), 0, 0, [], EMPTY_ROOT)).toBe(false);
    expect(verifyConsistency(0, 3, [], EMPTY_ROOT, 'x')).toBe(true);
    expect(verifyConsistency(3, 3, [], 'a', 'b')).toBe(false);
  });
});
