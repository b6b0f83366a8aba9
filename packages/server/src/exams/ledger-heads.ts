/**
 * Signed tree heads of the score logs. The Ed25519 key lives in a file (PANTAU_LEDGER_KEY), never
 * in the database, so whoever controls the database can rewrite scores but cannot make a head for
 * the rewritten log without the server signing it, and any head the server signed is checked by
 * witnesses against the ones they kept (consistency proofs).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.js';
import { keyIdOf, logOrigin, rawPublicKey, signHead, type SignedTreeHead } from '../domain/tree-head.js';
import { listLogs, rootAt, type LogInfo } from './ledger.js';
import type { Publisher } from '../events/publisher.js';

/** The ledger's signing key and its public parts. */
export interface LedgerKey {
  privateKey: KeyObject;
  /** Raw 32-byte Ed25519 public key, base64 (what WebCrypto imports as "raw"). */
  publicKey: string;
  keyId: string;
  /** Where it was read from; undefined for a key made for this process only. */
  file?: string;
}

function fromPrivate(privateKey: KeyObject, file?: string): LedgerKey {
  const publicKey = rawPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), file };
}

/** A key for this process only (tests, memory databases): heads it signs cannot be checked after a restart. */
export function ephemeralLedgerKey(): LedgerKey {
  return fromPrivate(generateKeyPairSync('ed25519').privateKey);
}

/**
 * Reads the PEM (PKCS#8) key at `file`; when `create` and the file does not exist, makes one there
 * (mode 0600) and says so in `created`. An unreadable or non-Ed25519 file is an error, never replaced.
 */
export function loadLedgerKey(file: string, create: boolean): { key: LedgerKey; created: boolean } {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !create) throw new LedgerKeyError(`cannot read the ledger key ${file}: ${(err as Error).message}`);
    const { privateKey } = generateKeyPairSync('ed25519');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    return { key: fromPrivate(privateKey, file), created: true };
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (err) {
    throw new LedgerKeyError(`the ledger key ${file} is not a PEM private key: ${(err as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new LedgerKeyError(`the ledger key ${file} is ${privateKey.asymmetricKeyType}, not Ed25519`);
  return { key: fromPrivate(privateKey, file), created: false };
}

export class LedgerKeyError extends Error {
  override name = 'ConfigError';
}

/** A stored head as the public sees it. */
export function publicHead(origin: string, h: { size: number; rootHash: string; timestamp: Date; keyId: string; signature: string }): SignedTreeHead {
  return { origin, size: h.size, rootHash: h.rootHash, timestamp: h.timestamp.toISOString(), keyId: h.keyId, signature: h.signature };
}

/** The newest signed heads of a log, newest first; `atLeast` keeps only heads covering that many entries. */
export async function logHeads(prisma: PrismaClient, log: LogInfo, options: { first?: number; atLeast?: number } = {}): Promise<SignedTreeHead[]> {
  const heads = await prisma.ledgerHead.findMany({
    where: { logId: log.id, size: { gte: options.atLeast ?? 0 } },
    orderBy: [{ timestamp: 'desc' }, { id: 'desc' }],
    take: options.first ?? 1,
  });
  return heads.map((h) => publicHead(log.origin, h));
}

/** The signed head a session's closing record names (the first head at its closing size), or null before it is signed. */
export async function closingHead(
  prisma: PrismaClient,
  session: { selectionYearId: number; stage: string; closingLogSize: number | null },
): Promise<SignedTreeHead | null> {
  if (session.closingLogSize === null) return null;
  const head = await prisma.ledgerHead.findFirst({
    where: { size: session.closingLogSize, log: { selectionYearId: session.selectionYearId, stage: session.stage as 'SKD' | 'SKB' } },
    orderBy: { id: 'asc' },
    include: { log: { select: { stage: true, selectionYear: { select: { year: true } } } } },
  });
  return head && publicHead(logOrigin(head.log.selectionYear.year, head.log.stage), head);
}

/**
 * Signs heads: every `intervalMs` for each log that grew since its last head, and for each closed
 * session whose closing size has no head yet. Several instances may run one each: the log row is
 * locked while a head is made, so they do not sign the same size twice.
 */
export class LedgerSigner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SignedTreeHead[]> | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    readonly key: LedgerKey,
    /** `events` hears each head once it is committed (ledgerHeadSigned). */
    private readonly options: { intervalMs: number; events: Publisher; onError?: (err: unknown) => void },
  ) {}

  /** Starts signing every intervalMs (0: only when asked, through signDue). */
  start(): this {
    if (!this.options.intervalMs) return this;
    this.timer = setInterval(() => void this.signDue().catch((err) => this.options.onError?.(err)), this.options.intervalMs);
    this.timer.unref();
    return this;
  }

  stop() {
    clearInterval(this.timer);
  }

  /** Signs every head that is due now (one run at a time); returns the new heads. */
  signDue(): Promise<SignedTreeHead[]> {
    const run = (this.running ?? Promise.resolve([])).then(() => this.signAll());
    this.running = run.catch(() => []);
    return run;
  }

  private async signAll(): Promise<SignedTreeHead[]> {
    const signed: SignedTreeHead[] = [];
    const closings = await this.prisma.$queryRaw<Array<{ logId: number; size: number }>>`
      select distinct l."id" as "logId", s."closingLogSize" as "size"
      from "ExamSession" s join "LedgerLog" l on l."selectionYearId" = s."selectionYearId" and l."stage" = s."stage"
      where s."closingLogSize" is not null
        and not exists (select 1 from "LedgerHead" h where h."logId" = l."id" and h."size" = s."closingLogSize")
      order by 2`;
    for (const log of await listLogs(this.prisma)) {
      const sizes = closings.filter((c) => c.logId === log.id).map((c) => c.size);
      for (const size of [...sizes, null]) {
        const head = await this.signOne(log, size);
        if (head) signed.push(head);
      }
    }
    for (const head of signed) this.options.events.publish('ledgerHeadSigned', head);
    return signed;
  }

  /** Signs the log at `size` (null: its current size, when it grew since the last head). */
  private signOne(log: LogInfo, size: number | null): Promise<SignedTreeHead | null> {
    return this.prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<[{ size: number }]>`select "size" from "LedgerLog" where "id" = ${log.id} for update`;
      const last = await tx.ledgerHead.findFirst({ where: { logId: log.id }, orderBy: [{ timestamp: 'desc' }, { id: 'desc' }] });
      const target = size ?? row.size;
      if (size === null ? last && last.size >= target : await tx.ledgerHead.findFirst({ where: { logId: log.id, size }, select: { id: true } })) return null;
      if (size === null && !last && target === 0) return null;
      const rootHash = await rootAt(tx, log.id, target);
      // Head times never go back, so "newest" is one order for every reader.
      const timestamp = new Date(Math.max(Date.now(), (last?.timestamp.getTime() ?? 0) + 1));
      const head = signHead({ origin: log.origin, size: target, rootHash, timestamp: timestamp.toISOString() }, this.key.privateKey);
      await tx.ledgerHead.create({ data: { logId: log.id, size: target, rootHash, timestamp, keyId: head.keyId, signature: head.signature } });
      return head;
    });
  }
}
