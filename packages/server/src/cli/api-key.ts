/**
 * `pnpm --filter @pantau/server api-key create --name "CAT centre" --scopes scores:write`
 * `pnpm --filter @pantau/server api-key revoke <prefix>`
 * The key is printed once; only its hash is stored.
 */
import { createApiKey, PARTNER_SCOPES, revokeApiKey } from '../access/api-keys.js';
import { loadConfig } from '../config.js';
import { databaseOrServer, remoteOperation } from './remote.js';
import { runCli } from './run.js';

class UsageError extends Error {
  override name = 'ConfigError';
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

runCli(async (args) => {
  const [command] = args;
  if (command !== 'create' && command !== 'revoke') {
    throw new UsageError(`usage: api-key create --name <name> --scopes <${PARTNER_SCOPES.join(',')}> | api-key revoke <prefix>`);
  }
  const target = await databaseOrServer(loadConfig());
  if ('url' in target) {
    // The server holds the folder: an ADMIN session token creates the key there.
    const name = flag(args, 'name');
    const scopes = (flag(args, 'scopes') ?? '').split(',').filter(Boolean);
    if (command !== 'create' || !name || !scopes.length) throw new UsageError(`the server at ${target.url} holds the data folder: api-key create --name --scopes works through it (with PANTAU_ADMIN_TOKEN); revoke with the revokeApiKey mutation`);
    if (!process.env.PANTAU_ADMIN_TOKEN) throw new UsageError('set PANTAU_ADMIN_TOKEN to an ADMIN session token to create a key through the running server');
    const data = await remoteOperation<{ createApiKey: { key: string; apiKey: { prefix: string } } }>(
      target.url,
      'mutation ($n: String!, $s: [PartnerScope!]!) { createApiKey(name: $n, scopes: $s) { key apiKey { prefix } } }',
      { n: name, s: scopes.map((s) => s.replace(':', '_').toUpperCase()) },
    );
    console.log(`Key for "${name}" (${scopes.join(', ')}), shown once; send it as the x-api-key header:\n${data.createApiKey.key}\nPrefix (to revoke): ${data.createApiKey.apiKey.prefix}`);
    return;
  }
  const { db } = target;
  try {
    if (command === 'create') {
      const name = flag(args, 'name');
      const scopes = (flag(args, 'scopes') ?? '').split(',').filter(Boolean);
      if (!name || !scopes.length) throw new UsageError('api-key create needs --name and --scopes');
      const { key, prefix } = await createApiKey(db.prisma, { name, scopes });
      console.log(`Key for "${name}" (${scopes.join(', ')}), shown once; send it as the x-api-key header:\n${key}\nPrefix (to revoke): ${prefix}`);
    } else {
      const prefix = args[1];
      if (!prefix) throw new UsageError('api-key revoke needs the key prefix');
      console.log((await revokeApiKey(db.prisma, prefix)) ? `Revoked ${prefix}` : `No active key with prefix ${prefix}`);
    }
  } finally {
    await db.close();
  }
});
