/**
 * A witness round: read each log's newest signed head from a Pantau instance, check its signature
 * with the pinned key, check it is consistent with the last head kept (RFC 6962 consistency
 * proof), mirror the new entries and check they hash to the signed root, then keep the head. A
 * rewritten or forked log fails one of these, and the report names the first entry that differs
 * from the mirror. Speaks only the plain HTTP + JSON protocol of docs/ledger.md.
 */
import { appendLeaves, foldRange, leafHash, verifyConsistency } from '../domain/merkle.js';
import { verifyHead, type SignedTreeHead } from '../domain/tree-head.js';
import { WitnessLog, type WitnessState } from './store.js';

/** An alarm: the log is not the one the witness saw before. */
export interface WitnessAlarm {
  origin: string;
  source: string;
  reason: string;
  /** The first entry that differs between the mirror and what the instance serves now. */
  firstDifference?: { index: number; kept: string | null; served: string | null };
}

export interface WitnessRound {
  /** One line per log: what was checked. */
  lines: string[];
  alarms: WitnessAlarm[];
}

class WitnessFetchError extends Error {
  override name = 'WitnessFetchError';
}

type Fetch = typeof fetch;

async function getJson<T>(fetchImpl: Fetch, base: string, pathAndQuery: string): Promise<T> {
  const url = new URL(pathAndQuery, base).toString();
  const res = await fetchImpl(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new WitnessFetchError(`${url}: HTTP ${res.status} ${await res.text().catch(() => '')}`.trim());
  return (await res.json()) as T;
}

const q = (params: Record<string, string | number>) => new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();

/** Entries [start, end) of a log, page by page. */
async function fetchEntries(fetchImpl: Fetch, base: string, origin: string, start: number, end: number): Promise<string[]> {
  const out: string[] = [];
  while (start + out.length < end) {
    const from = start + out.length;
    const page = await getJson<{ entries: Array<{ index: number; entry: string }> }>(
      fetchImpl,
      base,
      `/ledger/entries?${q({ origin, start: from, end: Math.min(end, from + 1000) })}`,
    );
    if (!page.entries.length) break;
    page.entries.forEach((e, i) => {
      if (e.index !== from + i) throw new WitnessFetchError(`${base}: entry ${from + i} came back as index ${e.index}`);
    });
    out.push(...page.entries.map((e) => e.entry));
  }
  return out;
}

/** One round against one instance; the folder is updated only with heads that passed every check. */
export async function witnessRound(base: string, dir: string, fetchImpl: Fetch = fetch): Promise<WitnessRound> {
  const key = await getJson<{ algorithm: string; keyId: string; publicKey: string }>(fetchImpl, base, '/.well-known/pantau-ledger-key');
  const logs = await getJson<Array<{ origin: string; size: number; head: SignedTreeHead | null }>>(fetchImpl, base, '/ledger/logs');
  const round: WitnessRound = { lines: [], alarms: [] };
  for (const { origin, head } of logs) {
    if (!head) {
      round.lines.push(`${origin}: no signed head yet`);
      continue;
    }
    const store = new WitnessLog(dir, origin);
    const state = store.state();
    const alarm = async (reason: string, upTo?: number): Promise<void> => {
      const found: WitnessAlarm = { origin, source: base, reason };
      if (state && upTo) found.firstDifference = await firstDifference(fetchImpl, base, store, upTo);
      round.alarms.push(found);
      round.lines.push(`${origin}: ALARM ${describeAlarm(found)}`);
    };
    if (head.origin !== origin) {
      await alarm(`the head served for ${origin} names log ${head.origin}`);
      continue;
    }
    if (state && state.publicKey !== key.publicKey) {
      await alarm(`the signing key changed: the witness pinned ${state.keyId}, ${base} now uses ${key.keyId}`);
      continue;
    }
    if (!verifyHead(head, key.publicKey)) {
      await alarm(`the head of size ${head.size} (${head.timestamp}) has no valid signature from key ${key.keyId}`);
      continue;
    }
    const kept = { source: base, ...head };
    if (!state) {
      const entries = await fetchEntries(fetchImpl, base, origin, 0, head.size);
      const built = appendLeaves(
        0,
        [],
        entries.map((e) => leafHash(e)),
      );
      const root = foldRange(built.frontier.map((n) => n.hash));
      if (entries.length !== head.size || root !== head.rootHash) {
        await alarm(`the ${entries.length} entries served do not hash to the signed root of size ${head.size}`);
        continue;
      }
      store.accept({ origin, publicKey: key.publicKey, keyId: key.keyId, size: head.size, rootHash: head.rootHash, frontier: built.frontier }, kept, entries);
      round.lines.push(`${origin}: first head kept, size ${head.size}, root ${head.rootHash.slice(0, 16)}, ${entries.length} entries mirrored`);
      continue;
    }
    if (head.size === state.size && head.rootHash !== state.rootHash) {
      await alarm(
        `fork: two signed heads of size ${head.size} with different roots (kept ${state.rootHash.slice(0, 16)}, now ${head.rootHash.slice(0, 16)})`,
        state.size,
      );
      continue;
    }
    const [older, newer] = head.size < state.size ? [head, state] : [state, head];
    const { proof } = await getJson<{ proof: string[] }>(fetchImpl, base, `/ledger/consistency?${q({ origin, from: older.size, to: newer.size })}`);
    if (!verifyConsistency(older.size, newer.size, proof, older.rootHash, newer.rootHash)) {
      await alarm(
        `the head of size ${head.size} (${head.timestamp}) is not consistent with the kept head of size ${state.size}: the log was rewritten`,
        Math.min(state.size, head.size),
      );
      continue;
    }
    if (head.size <= state.size) {
      round.lines.push(`${origin}: ok, head of size ${head.size} consistent with kept size ${state.size}`);
      continue;
    }
    const added = await fetchEntries(fetchImpl, base, origin, state.size, head.size);
    const built = appendLeaves(
      state.size,
      state.frontier,
      added.map((e) => leafHash(e)),
    );
    if (added.length !== head.size - state.size || foldRange(built.frontier.map((n) => n.hash)) !== head.rootHash) {
      await alarm(`the entries served from ${state.size} to ${head.size} do not hash to the signed root`, state.size);
      continue;
    }
    const next: WitnessState = { ...state, size: head.size, rootHash: head.rootHash, frontier: built.frontier };
    store.accept(next, kept, added);
    round.lines.push(`${origin}: ok, consistent from ${state.size} to ${head.size}, ${added.length} entries mirrored, root ${head.rootHash.slice(0, 16)}`);
  }
  return round;
}

/** Compares the mirror with what the instance serves now, entry by entry, up to `upTo`. */
async function firstDifference(fetchImpl: Fetch, base: string, store: WitnessLog, upTo: number): Promise<WitnessAlarm['firstDifference']> {
  const kept = store.entries();
  const served = await fetchEntries(fetchImpl, base, store.origin, 0, upTo).catch(() => [] as string[]);
  for (let i = 0; i < upTo; i++) {
    if (kept[i] !== served[i]) return { index: i, kept: kept[i] ?? null, served: served[i] ?? null };
  }
  return undefined;
}

/** One line a person can act on. */
export function describeAlarm(a: WitnessAlarm): string {
  const diff = a.firstDifference;
  const where = diff ? `; first differing entry: ${diff.index} (kept ${diff.kept ?? 'nothing'}, served now ${diff.served ?? 'nothing'})` : '';
  return `${a.reason} [${a.source}]${where}`;
}
