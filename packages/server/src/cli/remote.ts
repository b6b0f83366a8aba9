/**
 * The CLIs through a running server: on the embedded default the server holds the PGlite folder,
 * so `user create|disable` and `api-key create|revoke` send their operation to it over GraphQL instead. The
 * server leaves its address in `<data dir>/server.json` while it runs; the caller authenticates
 * with a setup code (the first ADMIN) or an ADMIN session token in PANTAU_ADMIN_TOKEN.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { DataDirLockedError } from '../db/lock.js';

class RemoteError extends Error {
  override name = 'ConfigError';
}

const addressFile = (dataDir: string) => path.join(dataDir, 'server.json');

/** Records (or, with null, forgets) the address of the server running on a PGlite folder. */
export function recordServerAddress(dataDir: string, url: string | null): void {
  if (url === null) fs.rmSync(addressFile(dataDir), { force: true });
  else fs.writeFileSync(addressFile(dataDir), JSON.stringify({ url, pid: process.pid }));
}

/** The database, or the URL of the running server holding its folder. */
export async function databaseOrServer(config: Config): Promise<{ db: Database } | { url: string }> {
  try {
    return { db: await openDatabase(config.database) };
  } catch (err) {
    if (!(err instanceof DataDirLockedError) || config.database.engine !== 'pglite') throw err;
    const file = addressFile(config.database.dataDir);
    if (!fs.existsSync(file)) throw err;
    return { url: (JSON.parse(fs.readFileSync(file, 'utf8')) as { url: string }).url };
  }
}

/** The ADMIN session token for the running server at `url` (PANTAU_ADMIN_TOKEN); refuses with `hint` without it. */
export function adminToken(url: string, hint: string): string {
  const token = process.env.PANTAU_ADMIN_TOKEN;
  if (!token) throw new RemoteError(`the server at ${url} holds the data folder: ${hint}`);
  return token;
}

/** Runs one operation on the running server; a refusal becomes one operator line. */
export async function remoteOperation<T>(url: string, query: string, variables: Record<string, unknown>, token = process.env.PANTAU_ADMIN_TOKEN): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new RemoteError(`the running server at ${url} refused: ${body.errors[0]!.message}`);
  return body.data!;
}
