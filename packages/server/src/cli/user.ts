/**
 * `pnpm --filter @pantau/server user create --username admin --role ADMIN [--name "Nama"]`
 * `pnpm --filter @pantau/server user disable <username>`
 * Makes the first administrator (after that, ADMINs use the `createUser` mutation) and disables
 * accounts. The password comes from PANTAU_USER_PASSWORD or, without it, from the first line of
 * standard input — never from the command line, where other users of the machine and the shell
 * history would see it. When a running server holds the PGlite folder, both go through it.
 */
import { createInterface } from 'node:readline';
import { UserRole } from '../generated/prisma/enums.js';
import { createUser, disableUser } from '../access/users.js';
import { loadConfig } from '../config.js';
import { parseCliArgs, UsageError } from './args.js';
import { adminToken, databaseOrServer, remoteOperation } from './remote.js';
import { runCli } from './run.js';

const USAGE = `usage: user create --username <name> --role <${Object.values(UserRole).join('|')}> [--name <display name>] [--setup-code <code>]  (password from PANTAU_USER_PASSWORD or stdin)
       user disable <username>  (through a running server: PANTAU_ADMIN_TOKEN)`;

const OPTIONS = {
  username: { type: 'string' },
  role: { type: 'string' },
  name: { type: 'string' },
  'setup-code': { type: 'string' },
  password: { type: 'string' },
} as const;

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

const USERS_PAGE =
  'query ($after: String) { users(first: 100, after: $after) { edges { node { id username disabledAt } } pageInfo { hasNextPage endCursor } } }';
type UsersPage = {
  users: { edges: Array<{ node: { id: string; username: string; disabledAt: string | null } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
};

/** The running server's global ID of the active account `username`, or null. */
async function remoteActiveUser(url: string, username: string): Promise<string | null> {
  let after: string | null = null;
  for (;;) {
    const { users }: UsersPage = await remoteOperation<UsersPage>(url, USERS_PAGE, { after });
    const found = users.edges.find((e) => e.node.username === username);
    if (found) return found.node.disabledAt ? null : found.node.id;
    if (!users.pageInfo.hasNextPage) return null;
    after = users.pageInfo.endCursor;
  }
}

runCli(async (args) => {
  const { values, positionals } = parseCliArgs(args, OPTIONS, USAGE, { positionals: true });
  const [command, ...rest] = positionals;
  if (values.password !== undefined) throw new UsageError('never pass a password as an argument: use PANTAU_USER_PASSWORD or stdin');
  if (command === 'create' && !rest.length) {
    const { username, role, name, 'setup-code': setupCode } = values;
    if (!username || !role || !Object.values(UserRole).includes(role as UserRole)) throw new UsageError(USAGE);
    const password = await readPassword();
    const displayName = name ?? username;
    const target = await databaseOrServer(loadConfig());
    if ('url' in target) {
      // The server holds the folder: the first ADMIN with its setup code, others with an ADMIN token.
      if (setupCode && role === 'ADMIN') {
        await remoteOperation(
          target.url,
          'mutation ($c: String!, $u: String!, $n: String!, $p: String!) { createFirstAdmin(setupCode: $c, username: $u, displayName: $n, password: $p) { username } }',
          { c: setupCode, u: username, n: displayName, p: password },
        );
      } else {
        adminToken(target.url, 'pass --setup-code (first ADMIN) or set PANTAU_ADMIN_TOKEN to an ADMIN session token');
        await remoteOperation(target.url, 'mutation ($i: CreateUserInput!) { createUser(input: $i) { username } }', {
          i: { username, displayName, role, password },
        });
      }
      console.log(`Created ${role} ${username} through the running server at ${target.url}; log in with the login mutation.`);
      return;
    }
    const { db } = target;
    try {
      const user = await createUser(db.prisma, { username, displayName, role: role as UserRole, password }).catch((err: Error) => {
        throw new UsageError(err.message);
      });
      console.log(`Created ${user.role} ${user.username} (id ${user.id}); log in with the login mutation.`);
    } finally {
      await db.close();
    }
    return;
  }
  if (command !== 'disable' || rest.length !== 1 || Object.values(values).some((v) => v !== undefined)) throw new UsageError(USAGE);
  const username = rest[0]!.toLowerCase();
  const target = await databaseOrServer(loadConfig());
  if ('url' in target) {
    adminToken(target.url, 'set PANTAU_ADMIN_TOKEN to an ADMIN session token to disable an account');
    const id = await remoteActiveUser(target.url, username);
    if (id) await remoteOperation(target.url, 'mutation ($id: ID!) { disableUser(id: $id) { disabledAt } }', { id });
    console.log(id ? `Disabled ${username} through the running server at ${target.url}` : `No active user ${username}`);
    return;
  }
  const { db } = target;
  try {
    const user = await db.prisma.user.findUnique({ where: { username } });
    if (user && !user.disabledAt) await disableUser(db.prisma, user.id, undefined);
    console.log(user && !user.disabledAt ? `Disabled ${username}` : `No active user ${username}`);
  } finally {
    await db.close();
  }
});
