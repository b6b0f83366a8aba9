/**
 * RFC 6962 Merkle tree hashing (Certificate Transparency), so the score log can be checked by
 * anyone with the same arithmetic: leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || left ||
 * right), MTH over any size by splitting at the largest power of two below it. Pure: no I/O.
 *
 * Every proof element and every root is a fold of at most log2(n) *perfect* subtrees (2^level
 * leaves starting at a multiple of 2^level, addressed by {@link NodeKey}), so proof functions come
 * in two steps: a plan (which ranges, which perfect nodes) and a fold over the fetched hashes. A
 * stored log keeps the leaf hashes and the perfect subtrees from {@link STORED_LEVEL} up; the few
 * lower nodes a proof needs are rebuilt from the leaves of their {@link BLOCK} (see {@link blocksFor}).
 */
import { hash } from 'node:crypto';

/** A perfect subtree: leaves [index * 2^level, (index + 1) * 2^level). */
export interface NodeKey {
  level: number;
  index: number;
}

/** A half-open leaf range [start, end) whose MTH is a proof element. */
export interface LeafRange {
  start: number;
  end: number;
}

/**
 * One-shot SHA-256 (`crypto.hash`): for inputs this small it is about three times cheaper than a
 * `createHash` object, and the score log hashes every entry inside the ingestion transaction.
 */
const sha256Hex = (data: string | Buffer) => hash('sha256', data, 'hex');
const LEAF_PREFIX = Buffer.from([0]);

/** MTH of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT = sha256Hex('');

/** Leaf hash of an entry (its exact bytes; a string is taken as UTF-8). */
export function leafHash(entry: string | Uint8Array): string {
  // U+0000 is the single byte 0x00 in UTF-8: the RFC 6962 leaf prefix.
  return typeof entry === 'string' ? sha256Hex(`\u0000${entry}`) : sha256Hex(Buffer.concat([LEAF_PREFIX, entry]));
}

/** Interior node hash of two hex child hashes. */
export function nodeHash(left: string, right: string): string {
  return sha256Hex(Buffer.from(`01${left}${right}`, 'hex'));
}

/** Largest power of two strictly below n (n >= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Reference MTH over all leaf hashes (O(n)): for tests and full re-verification. */
export function rootOf(leaves: readonly string[], start = 0, end = leaves.length): string {
  const n = end - start;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leaves[start]!;
  const k = splitPoint(n);
  return nodeHash(rootOf(leaves, start, start + k), rootOf(leaves, start + k, end));
}

/** The perfect subtrees that make up [start, end), largest first (start must be aligned, as every proof range is). */
export function rangeNodes({ start, end }: LeafRange): NodeKey[] {
  const keys: NodeKey[] = [];
  let at = start;
  for (let level = 31; level >= 0; level--) {
    const size = 2 ** level;
    if (end - at >= size) {
      keys.push({ level, index: at / size });
      at += size;
    }
  }
  return keys;
}

/** MTH of a range from the hashes of its perfect subtrees (in {@link rangeNodes} order): right-to-left fold. */
export function foldRange(hashes: readonly string[]): string {
  if (!hashes.length) return EMPTY_ROOT;
  let acc = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i]!, acc);
  return acc;
}

/** The ranges whose MTHs form the audit path of leaf `index` in a tree of `size` (RFC 6962 §2.1.1 PATH), leaf upward. */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  const out: LeafRange[] = [];
  const path = (start: number, end: number) => {
    if (end - start <= 1) return;
    const k = splitPoint(end - start);
    if (index < start + k) {
      path(start, start + k);
      out.push({ start: start + k, end });
    } else {
      path(start + k, end);
      out.push({ start, end: start + k });
    }
  };
  path(0, size);
  return out;
}

/** The ranges whose MTHs form the consistency proof from size `from` to `to` (RFC 6962 §2.1.2 PROOF). */
export function consistencyRanges(from: number, to: number): LeafRange[] {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || from > to) throw new RangeError(`no consistency proof from ${from} to ${to}`);
  if (from === 0 || from === to) return [];
  const out: LeafRange[] = [];
  const sub = (m: number, start: number, end: number, complete: boolean) => {
    const n = end - start;
    if (m === n) {
      if (!complete) out.push({ start, end });
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      sub(m, start, start + k, complete);
      out.push({ start: start + k, end });
    } else {
      sub(m - k, start + k, end, false);
      out.push({ start, end: start + k });
    }
  };
  sub(from, 0, to, true);
  return out;
}

/** Every perfect node a list of ranges needs, without duplicates: what to fetch in one query. */
export function nodesFor(ranges: readonly LeafRange[]): NodeKey[] {
  const seen = new Map<string, NodeKey>();
  for (const r of ranges) for (const k of rangeNodes(r)) seen.set(`${k.level}:${k.index}`, k);
  return [...seen.values()];
}

/** Turns ranges into proof hashes given a lookup of perfect node hashes (throws on a missing node). */
export function foldRanges(ranges: readonly LeafRange[], node: (key: NodeKey) => string | undefined): string[] {
  return ranges.map((r) =>
    foldRange(
      rangeNodes(r).map((k) => {
        const h = node(k);
        if (h === undefined) throw new Error(`missing tree node level ${k.level} index ${k.index}`);
        return h;
      }),
    ),
  );
}

const isOdd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

/** Checks an audit path (RFC 9162 §2.1.3.2): does leaf `hash` sit at `index` of the tree with `root`? */
export function verifyInclusion(hash: string, index: number, size: number, proof: readonly string[], root: string): boolean {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = hash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn))
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r === root;
}

/** Checks a consistency proof (RFC 9162 §2.1.4.2): is the tree of `to` leaves an append-only extension of the one of `from`? */
export function verifyConsistency(from: number, to: number, proof: readonly string[], fromRoot: string, toRoot: string): boolean {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || from > to) return false;
  if (from === to) return proof.length === 0 && fromRoot === toRoot;
  if (from === 0) return proof.length === 0 && fromRoot === EMPTY_ROOT;
  const path = (from & (from - 1)) === 0 ? [fromRoot, ...proof] : [...proof];
  if (!path.length) return false;
  let fn = from - 1;
  let sn = to - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn))
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return fr === fromRoot && sr === toRoot && sn === 0;
}

/** A stored node: its place and hash. */
export interface StoredNode extends NodeKey {
  hash: string;
}

/**
 * Appends leaves to a tree of `size` whose frontier ({@link rangeNodes} of [0, size), with hashes)
 * is given: returns every perfect node completed (leaves included) to store, and the new frontier.
 * Each append writes about two nodes per leaf and reads only the frontier (<= log2 n nodes).
 */
export function appendLeaves(size: number, frontier: readonly StoredNode[], leaves: readonly string[]): { nodes: StoredNode[]; frontier: StoredNode[] } {
  const stack = [...frontier];
  const nodes: StoredNode[] = [];
  let index = size;
  for (const leaf of leaves) {
    let top: StoredNode = { level: 0, index, hash: leaf };
    nodes.push(top);
    while (stack.length && stack[stack.length - 1]!.level === top.level) {
      const left = stack.pop()!;
      top = { level: top.level + 1, index: left.index / 2, hash: nodeHash(left.hash, top.hash) };
      nodes.push(top);
    }
    stack.push(top);
    index += 1;
  }
  return { nodes, frontier: stack };
}

/** Lowest level kept as a node row: one row per 16 leaves instead of one per leaf and per pair. */
export const STORED_LEVEL = 4;
/** Leaves per block: the leaves that rebuild every node below {@link STORED_LEVEL} over them. */
export const BLOCK = 2 ** STORED_LEVEL;

/** Whether a node is kept as a row (levels 0-3 are rebuilt from their block's leaves). */
export const isStored = (key: NodeKey): boolean => key.level >= STORED_LEVEL;

/** The blocks whose leaves rebuild the unstored nodes among `keys`: what to range-read beside the stored ones. */
export function blocksFor(keys: readonly NodeKey[]): number[] {
  return [...new Set(keys.filter((k) => !isStored(k)).map((k) => Math.floor((k.index * 2 ** k.level) / BLOCK)))];
}

/** Every perfect node inside block `block` (leaves included), from its leaf hashes in order (the block may be incomplete). */
export function blockNodes(block: number, leaves: readonly string[]): StoredNode[] {
  return appendLeaves(block * BLOCK, [], leaves.slice(0, BLOCK)).nodes;
}
