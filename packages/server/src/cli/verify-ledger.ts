/**
 * `pnpm --filter @pantau/server verify-ledger [--origin pantau/2026/SKD] [--witness <folder>] [--key <public key base64>]`:
 * recomputes every score log (or one) from its entries and checks the stored tree, the signed
 * heads, each closed session's root and the stored scores against it, one line per log. It always
 * says what it checked against: the database's own heads prove only that the database agrees with
 * itself; a witness folder (see `witness`) proves it is still the log the public saw. Exits 1 when
 * anything differs, naming the first entry that does.
 */
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { loadLedgerKey } from '../exams/ledger-heads.js';
import { verifyLog, type WitnessCopy } from '../exams/ledger-verify.js';
import { listLogs } from '../exams/ledger.js';
import { witnessLogs } from '../witness/store.js';
import { parseCliArgs, UsageError } from './args.js';
import { runCli } from './run.js';

export const VERIFY_USAGE =
  'usage: pnpm --filter @pantau/server verify-ledger [--origin <log, e.g. pantau/2026/SKD>] [--witness <folder>] [--key <raw public key, base64>]';

const options = (args: string[]) =>
  parseCliArgs(args, { origin: { type: 'string' }, witness: { type: 'string' }, key: { type: 'string' } }, VERIFY_USAGE).values;

runCli(async (args) => {
  const { origin, witness, key } = options(args);
  const config = loadConfig();
  const witnessCopies = new Map<string, WitnessCopy>();
  if (witness) {
    const logs = witnessLogs(witness);
    if (!logs.length) throw new UsageError(`the witness folder ${witness} holds no logs`);
    for (const w of logs) {
      const state = w.state()!;
      witnessCopies.set(w.origin, { heads: w.heads(), entries: w.entries().slice(0, state.size), publicKey: state.publicKey });
    }
  }
  // The public key to check the database's heads with: given, or the configured key file's.
  const file = config.ledgerKeyFile;
  const publicKey = key ?? (file ? safeKey(file) : undefined);
  const db = await openDatabase(config.database);
  try {
    const logs = (await listLogs(db.prisma)).filter((l) => !origin || l.origin === origin);
    if (origin && !logs.length) throw new UsageError(`No score log ${origin}`);
    console.log(
      `Checked against: the entries themselves (every leaf and tree node recomputed), the stored scores, ${
        publicKey ? "the signatures of the database's heads (key " + publicKey.slice(0, 12) + '…)' : "the database's heads WITHOUT signatures (no key given)"
      }, and ${witness ? `the heads and entries kept by the witness in ${witness}` : 'NO witness: a rewrite by whoever controls the database and the key is not detectable this way (pass --witness <folder>)'}.`,
    );
    let broken = 0;
    for (const log of logs) {
      const copy = witnessCopies.get(log.origin);
      const verdict = await verifyLog(db.prisma, log, { publicKey, witness: copy });
      const against = `${verdict.databaseHeads} database head${verdict.databaseHeads === 1 ? '' : 's'}${witness ? `, ${verdict.witnessHeads} witness head${verdict.witnessHeads === 1 ? '' : 's'}` : ''}`;
      if (!verdict.problem) {
        console.log(
          `${log.origin}: ok, ${verdict.entries} entries, root ${verdict.root.slice(0, 16)} (${against})${witness && !copy ? '; the witness has not seen this log' : ''}`,
        );
        continue;
      }
      broken += 1;
      const p = verdict.problem;
      const entry = p.leafIndex === undefined ? '' : ` at entry ${p.leafIndex} (session ${p.sessionId}, #${p.sequence})`;
      console.log(`${log.origin}: BROKEN${entry}: ${p.reason}`);
    }
    for (const o of witnessCopies.keys()) {
      if (!logs.some((l) => l.origin === o) && (!origin || o === origin)) {
        broken += 1;
        console.log(`${o}: BROKEN: the witness kept heads of this log; the database has no such log`);
      }
    }
    console.log(`${logs.length} log${logs.length === 1 ? '' : 's'} verified: ${logs.length - broken} ok, ${broken} broken`);
    if (broken) process.exitCode = 1;
  } finally {
    await db.close();
  }
});

function safeKey(file: string): string | undefined {
  try {
    return loadLedgerKey(file, false).key.publicKey;
  } catch {
    return undefined;
  }
}
