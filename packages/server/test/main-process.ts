/** `src/main.ts` as an operator runs it: a real process with real output, for tests and scripts. */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const serverDir = path.resolve(import.meta.dirname, '..');

export interface MainProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export interface StartOptions {
  /** Flags for Node itself, e.g. `--expose-gc`. */
  nodeArgs?: string[];
  /** Another entry than `src/main.ts` (relative to the server package) that runs main.ts in it. */
  entry?: string;
  /** An IPC channel to the child (`child.send`, `child.on('message')`). */
  ipc?: boolean;
  /** Load the entry through tsx (the default); false for compiled JavaScript such as `dist/main.js`. */
  loader?: boolean;
}

/** What `pnpm start` runs: the compiled server (`pnpm --filter @pantau/server build` makes it). */
export const COMPILED: StartOptions = { entry: 'dist/main.js', loader: false };

/** Starts `src/main.ts` on a free port, on the embedded default unless `env` says otherwise. */
export function startMain(env: Record<string, string>, { nodeArgs = [], entry = 'src/main.ts', ipc = false, loader = true }: StartOptions = {}): MainProcess {
  const child = spawn(process.execPath, [...nodeArgs, ...(loader ? ['--import', 'tsx'] : []), entry], {
    cwd: serverDir,
    env: {
      ...process.env,
      // The benchmarks run themselves as production (graphql-js skips its development checks); a
      // server they start is production only when `env` says so.
      ...(process.env.NODE_ENV === 'production' ? { NODE_ENV: '' } : {}),
      PORT: '0',
      HOST: '127.0.0.1',
      PANTAU_HEARTBEAT_MS: '0',
      DATABASE_URL: '',
      REDIS_URL: '',
      ...env,
    },
    stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** The base URL the process prints once it listens. */
export async function waitForUrl(run: MainProcess, timeoutMs = 90_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /GraphQL API\s*:\s*(http:\/\/\S+)\/graphql/.exec(run.output());
    if (match) return match[1]!;
    if (run.child.exitCode !== null) throw new Error(`server exited early:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start:\n${run.output()}`);
}

/** SIGKILL: no shutdown hook runs, as when the machine or the process manager kills it. */
export async function killHard(run: MainProcess): Promise<void> {
  if (run.child.exitCode !== null || run.child.signalCode !== null) return;
  run.child.kill('SIGKILL');
  await run.exited;
}

/**
 * Two production instances (`src/main.ts`) on one PostgreSQL database sharing one Redis (a
 * namespace of their own), as behind a balancer; `env` adds to or overrides their settings.
 */
export async function startProductionPair(
  databaseUrl: string,
  redisUrl: string,
  env: Record<string, string> = {},
): Promise<{ urls: string[]; close(): Promise<void> }> {
  // Production on PostgreSQL refuses to start without the score log's signing key (kept outside the database).
  const keyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-pair-key-')), 'ledger-key.pem');
  fs.writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const namespace = `pair-${process.pid}-${Date.now()}:`;
  const runs = ['a', 'b'].map((id) =>
    startMain({
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      PANTAU_REDIS_NAMESPACE: namespace,
      PANTAU_INSTANCE_ID: id,
      NODE_ENV: 'production',
      PANTAU_LEDGER_KEY: keyFile,
      PANTAU_DB_POOL: '4',
      PANTAU_TRUST_PROXY: '1',
      LOG_LEVEL: 'warn',
      ...env,
    }),
  );
  const close = async () => {
    for (const run of runs) await killHard(run);
    fs.rmSync(path.dirname(keyFile), { recursive: true, force: true });
  };
  try {
    return { urls: await Promise.all(runs.map((run) => waitForUrl(run))), close };
  } catch (err) {
    await close();
    throw err;
  }
}
