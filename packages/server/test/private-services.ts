/**
 * Private PostgreSQL and Redis servers for fault tests: started on free ports in temporary
 * folders, stopped and restarted at will, removed afterwards. The shared services on 5432 and
 * 6379 serve everyone else's tests and are never touched.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A port nobody listens on right now (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForPort(port: number, open: boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await portOpen(port)) !== open) {
    if (Date.now() > deadline) throw new Error(`port ${port} did not ${open ? 'open' : 'close'} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, binary);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The newest PostgreSQL server binaries under /usr/lib/postgresql (Debian's layout). */
function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] && path.join(root, versions[0], 'bin');
}

/** Why private services cannot run here, or undefined when they can. Tests skip with this reason. */
export function privateServicesMissing(): string | undefined {
  if (!onPath('redis-server')) return 'redis-server is not installed';
  if (!postgresBin()) return 'no PostgreSQL server binaries under /usr/lib/postgresql';
  if (process.getuid?.() === 0 && !onPath('runuser')) return 'running as root without runuser to drop to the postgres user';
  return undefined;
}

export interface PrivateRedis {
  url: string;
  port: number;
  /** Kills the server (SIGKILL): clients see the connection drop, as in a crash. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitForPort(port, true);
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    await waitForPort(port, false);
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, start, stop, close: stop };
}

export interface PrivatePostgres {
  /** Admin URL (user postgres, trust auth) of the `postgres` database. */
  adminUrl: string;
  port: number;
  /** `immediate` ends every backend at once, as a crash does; `fast` rolls them back and shuts down. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster and deletes its folder. */
  close(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBin();
  if (!bin) throw new Error('no PostgreSQL server binaries');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-pg-'));
  const dataDir = path.join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  // PostgreSQL refuses to run as root: the cluster belongs to the postgres user then.
  const run = (binary: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, binary), ...args], { stdio: 'pipe' })
      : execFileSync(path.join(bin, binary), args, { stdio: 'pipe' });
  if (asRoot) execFileSync('chown', ['postgres:', root]);
  fs.chmodSync(root, 0o700);
  run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const start = async () => {
    run('pg_ctl', ['-D', dataDir, '-o', options, '-l', path.join(root, 'log'), '-w', 'start']);
    await waitForPort(port, true);
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    run('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']);
    await waitForPort(port, false);
  };
  await start();
  let closed = false;
  return {
    adminUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        if (fs.existsSync(path.join(dataDir, 'postmaster.pid'))) await stop('immediate');
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
