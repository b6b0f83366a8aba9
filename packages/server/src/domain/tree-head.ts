/**
 * Signed tree heads of a score log: the exact bytes that are signed, and Ed25519 signing and
 * checking with node:crypto. The same message is rebuilt by witnesses and by the browser page, so
 * it is plain text, one field a line, no JSON whose key order could differ. Pure: no I/O.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** What a head states: log `origin` had `size` entries with root `rootHash` at `timestamp`. */
export interface TreeHead {
  /** The log's name, e.g. "pantau/2026/SKD": a head of one log never verifies as another's. */
  origin: string;
  size: number;
  /** RFC 6962 root, hex. */
  rootHash: string;
  /** ISO 8601 UTC with milliseconds. */
  timestamp: string;
}

export interface SignedTreeHead extends TreeHead {
  keyId: string;
  /** Base64 Ed25519 signature of {@link headMessage}. */
  signature: string;
}

/** The first line of every head message: names the format so it can change without ambiguity. */
export const HEAD_FORMAT = 'pantau-ledger-head/v1';

/** The exact text signed: format, origin, size, root, time, each on its own line, ending with a newline. */
export function headMessage(head: TreeHead): string {
  return `${HEAD_FORMAT}\n${head.origin}\n${head.size}\n${head.rootHash}\n${head.timestamp}\n`;
}

/** The name of the log of a selection year and stage. */
export function logOrigin(year: number, stage: string): string {
  return `pantau/${year}/${stage}`;
}

/** The 32 raw bytes of an Ed25519 public key (what WebCrypto imports as "raw"), base64. */
export function rawPublicKey(key: KeyObject): string {
  const der = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return der.subarray(der.length - 32).toString('base64');
}

/** A key's id: the first 16 hex characters of SHA-256 of its raw public key, shown beside heads. */
export function keyIdOf(rawPublicKeyBase64: string): string {
  return createHash('sha256').update(Buffer.from(rawPublicKeyBase64, 'base64')).digest('hex').slice(0, 16);
}

/** A public key object from its raw base64 form. */
export function publicKeyFromRaw(rawBase64: string): KeyObject {
  const raw = Buffer.from(rawBase64, 'base64');
  if (raw.length !== 32) throw new Error('an Ed25519 public key has 32 bytes');
  // SPKI prefix of an Ed25519 key (RFC 8410), then the 32 raw bytes.
  return createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]), format: 'der', type: 'spki' });
}

/** Signs a head with a private key in PEM (PKCS#8). */
export function signHead(head: TreeHead, privateKeyPem: string | KeyObject): SignedTreeHead {
  const key = typeof privateKeyPem === 'string' ? createPrivateKey(privateKeyPem) : privateKeyPem;
  const signature = sign(null, Buffer.from(headMessage(head), 'utf8'), key).toString('base64');
  return { ...head, keyId: keyIdOf(rawPublicKey(key)), signature };
}

/** Whether the signature of a head is the given key's (raw base64) over exactly these fields. */
export function verifyHead(head: SignedTreeHead, rawPublicKeyBase64: string): boolean {
  try {
    return verify(null, Buffer.from(headMessage(head), 'utf8'), publicKeyFromRaw(rawPublicKeyBase64), Buffer.from(head.signature, 'base64'));
  } catch {
    return false;
  }
}

/** The short fingerprint people compare by eye or photograph: the root's first 8 hex characters, grouped. */
export function headFingerprint(rootHash: string): string {
  return `${rootHash.slice(0, 4)} ${rootHash.slice(4, 8)}`.toUpperCase();
}
