/**
 * A witness's folder: per log, the public key it pinned, every head it accepted, the mirrored
 * entries and the tree frontier to extend the mirror. Plain files (JSON and JSON lines), so anyone
 * can read, copy or publish what a witness saw.
 *
 *   DIR/<origin with "/" as "_">/state.json    { origin, publicKey, keyId, size, rootHash, frontier }
 *   DIR/<origin with "/" as "_">/heads.jsonl   one accepted signed head per line, with the URL it came from
 *   DIR/<origin with "/" as "_">/entries.jsonl one mirrored entry text (a JSON string) per line, in log order
 */
import fs from 'node:fs';
import path from 'node:path';
import type { StoredNode } from '../domain/merkle.js';
import type { SignedTreeHead } from '../domain/tree-head.js';

export interface WitnessState {
  origin: string;
  publicKey: string;
  keyId: string;
  /** Size and root of the mirror: always those of an accepted signed head. */
  size: number;
  rootHash: string;
  frontier: StoredNode[];
}

export interface KeptHead extends SignedTreeHead {
  /** The instance the head was read from. */
  source: string;
}

const folderOf = (dir: string, origin: string) => path.join(dir, origin.replace(/[^A-Za-z0-9._-]/g, '_'));

function readLines<T>(file: string): T[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** One log's files in a witness folder. */
export class WitnessLog {
  private readonly folder: string;

  constructor(
    dir: string,
    readonly origin: string,
  ) {
    this.folder = folderOf(dir, origin);
  }

  state(): WitnessState | null {
    const file = path.join(this.folder, 'state.json');
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as WitnessState) : null;
  }

  heads(): KeptHead[] {
    return readLines<KeptHead>(path.join(this.folder, 'heads.jsonl'));
  }

  entries(): string[] {
    return readLines<string>(path.join(this.folder, 'entries.jsonl'));
  }

  /** Appends mirrored entries, then the head they reach, then the state (so a crash leaves at most extra entries, cut on the next run). */
  accept(state: WitnessState, head: KeptHead, newEntries: readonly string[]) {
    fs.mkdirSync(this.folder, { recursive: true });
    const entriesFile = path.join(this.folder, 'entries.jsonl');
    const kept = this.entries();
    const previous = this.state()?.size ?? 0;
    if (kept.length !== previous)
      fs.writeFileSync(
        entriesFile,
        kept
          .slice(0, previous)
          .map((e) => `${JSON.stringify(e)}\n`)
          .join(''),
      );
    if (newEntries.length) fs.appendFileSync(entriesFile, newEntries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    fs.appendFileSync(path.join(this.folder, 'heads.jsonl'), `${JSON.stringify(head)}\n`);
    const tmp = path.join(this.folder, 'state.json.tmp');
    fs.writeFileSync(tmp, JSON.stringify(state, null, 2));
    fs.renameSync(tmp, path.join(this.folder, 'state.json'));
  }
}

/** Every log a witness folder holds. */
export function witnessLogs(dir: string): WitnessLog[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((name) => path.join(dir, name, 'state.json'))
    .filter((file) => fs.existsSync(file))
    .map((file) => new WitnessLog(dir, (JSON.parse(fs.readFileSync(file, 'utf8')) as WitnessState).origin));
}
