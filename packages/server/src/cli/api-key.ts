/**
 * `pnpm --filter @pantau/server api-key create --name "CAT centre" --scopes scores:write`
 * `pnpm --filter @pantau/server api-key revoke <prefix>`
 * The key is printed once; only its hash is stored.
 */
import { createApiKey, PARTNER_SCOPES, revokeApiKey } from '../access/api-keys.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
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
  const db = await openDatabase(loadConfig().database);
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
