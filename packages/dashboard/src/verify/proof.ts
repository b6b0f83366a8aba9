/**
 * The participant's own checks, in the browser with WebCrypto only: the same RFC 6962 hashing,
 * RFC 9162 proof verification and signed-head text as the server (packages/server/src/domain/
 * merkle.ts and tree-head.ts), written again so the page trusts nothing the server computes.
 */

export interface Head {
  origin: string;
  size: number;
  rootHash: string;
  timestamp: string;
  keyId: string;
  signature: string;
}

const hex = (bytes: ArrayBuffer | Uint8Array) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (h: string) => new Uint8Array((h.match(/../g) ?? []).map((b) => parseInt(b, 16)));
const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

async function sha256(...parts: Uint8Array[]): Promise<string> {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return hex(await crypto.subtle.digest('SHA-256', all));
}

/** RFC 6962 leaf hash of an entry's UTF-8 bytes. */
export const leafHash = (entry: string) => sha256(new Uint8Array([0]), new TextEncoder().encode(entry));
const nodeHash = (l: string, r: string) => sha256(new Uint8Array([1]), fromHex(l), fromHex(r));

/** The participant's commitment, as the log names them: needs their number and their card's code. */
export function commitment(participantNumber: string, examCardCode: string): Promise<string> {
  const code = examCardCode.replace(/[\s-]/g, '').toUpperCase();
  return sha256(new TextEncoder().encode(`pantau-participant\n${participantNumber.trim()}\n${code}`));
}

const odd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

/** RFC 9162 §2.1.3.2: does the leaf sit at `index` of the tree of `size` with `root`? */
export async function verifyInclusion(leaf: string, index: number, size: number, proof: readonly string[], root: string): Promise<boolean> {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = await nodeHash(p, r);
      if (!odd(fn))
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
    } else {
      r = await nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r === root;
}

/** RFC 9162 §2.1.4.2: is the tree of `to` leaves an append-only extension of the one of `from`? */
export async function verifyConsistency(from: number, to: number, proof: readonly string[], fromRoot: string, toRoot: string): Promise<boolean> {
  if (from > to || from < 0) return false;
  if (from === to) return proof.length === 0 && fromRoot === toRoot;
  if (from === 0) return true;
  const path = (from & (from - 1)) === 0 ? [fromRoot, ...proof] : [...proof];
  if (!path.length) return false;
  let fn = from - 1;
  let sn = to - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      if (!odd(fn))
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return fr === fromRoot && sr === toRoot && sn === 0;
}

/** The exact text the server signs for a head. */
export const headMessage = (h: Head) => `pantau-ledger-head/v1\n${h.origin}\n${h.size}\n${h.rootHash}\n${h.timestamp}\n`;

/** Checks a head's Ed25519 signature against the published raw public key (base64). */
export async function verifyHeadSignature(head: Head, publicKeyBase64: string): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey('raw', fromBase64(publicKeyBase64), { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64(head.signature), new TextEncoder().encode(headMessage(head)));
  } catch {
    return false;
  }
}

const STORE = 'pantau.ledger.heads';

/** Heads this browser has seen, per log: the oldest evidence the page can hold the server to. */
export function keptHeads(): Record<string, Head[]> {
  try {
    return JSON.parse(localStorage.getItem(STORE) ?? '{}') as Record<string, Head[]>;
  } catch {
    return {};
  }
}

/** Keeps a verified head (at most 20 per log). */
export function keepHead(head: Head) {
  const all = keptHeads();
  const list = (all[head.origin] ?? []).filter((h) => !(h.size === head.size && h.rootHash === head.rootHash));
  all[head.origin] = [...list, head].slice(-20);
  localStorage.setItem(STORE, JSON.stringify(all));
}
