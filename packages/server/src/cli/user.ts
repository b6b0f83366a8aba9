/**
 * `pnpm --filter @pantau/server user create --username admin --role ADMIN [--name "Nama"]`
 * `pnpm --filter @pantau/server user disable <username>`
 * Makes the first administrator (after that, ADMINs use the `createUser` mutation). The password
 * comes from PANTAU_USER_PASSWORD or, without it, from the first line of standard input — never
 * from the command line, where other users of the machine and the shell history would see it.
 */
import { createInterface } from 'node:readline';
import { UserRole } from '../generated/prisma/enums.js';
import { createUser } from '../access/users.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { databaseOrServer, remoteOperation } from './remote.js';
import { runCli } from './run.js';

class UsageError extends Error {
  override name = 'ConfigError';
}

const USAGE = `usage: user create --username <name> --role <${Object.values(UserRole).join('|')}> [--name <display name>] [--setup-code <code>]  (password from PANTAU_USER_PASSWORD or stdin)
       user disable <username>`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.PANTAU_USER_PASSWORD;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new UsageError('no password: set PANTAU_USER_PASSWORD or pipe it on standard input');
}

runCli(async (args) => {
  const [command] = args;
  if (command !== 'create' && command !== 'disable') throw new UsageError(USAGE);
  if (args.includes('--password')) throw new UsageError('never pass a password as an argument: use PANTAU_USER_PASSWORD or stdin');
  if (command === 'create') {
    const username = flag(args, 'username');
    const role = flag(args, 'role') as UserRole | undefined;
    if (!username || !role || !Object.values(UserRole).includes(role)) throw new UsageError(USAGE);
    const password = await readPassword();
    const displayName = flag(args, 'name') ?? username;
    const target = await databaseOrServer(loadConfig());
    if ('url' in target) {
      // The server holds the folder: the first ADMIN with its setup code, others with an ADMIN token.
      const setupCode = flag(args, 'setup-code');
      if (setupCode && role === 'ADMIN') {
        await remoteOperation(target.url, 'mutation ($c: String!, $u: String!, $n: String!, $p: String!) { createFirstAdmin(setupCode: $c, username: $u, displayName: $n, password: $p) { username } }', { c: setupCode, u: username, n: displayName, p: password });
      } else {
        if (!process.env.PANTAU_ADMIN_TOKEN) throw new UsageError(`the server at ${target.url} holds the data folder: pass --setup-code (first ADMIN) or set PANTAU_ADMIN_TOKEN to an ADMIN session token`);
        await remoteOperation(target.url, 'mutation ($i: CreateUserInput!) { createUser(input: $i) { username } }', { i: { username, displayName, role, password } });
      }
      console.log(`Created ${role} ${username} through the running server at ${target.url}; log in with the login mutation.`);
      return;
    }
    const { db } = target;
    try {
      const user = await createUser(db.prisma, { username, displayName, role, password }).catch((err: Error) => {
        throw new UsageError(err.message);
      });
      console.log(`Created ${user.role} ${user.username} (id ${user.id}); log in with the login mutation.`);
    } finally {
      await db.close();
    }
    return;
  }
  const username = args[1];
  if (!username) throw new UsageError(USAGE);
  const db = await openDatabase(loadConfig().database);
  try {
    const { count } = await db.prisma.user.updateMany({ where: { username: username.toLowerCase(), disabledAt: null }, data: { disabledAt: new Date() } });
    console.log(count ? `Disabled ${username}` : `No active user ${username}`);
  } finally {
    await db.close();
  }
});
