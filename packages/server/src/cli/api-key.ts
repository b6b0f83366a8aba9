/**
 * `pnpm --filter @pantau/server api-key create --name "CAT centre" --scopes scores:write`
 * `pnpm --filter @pantau/server api-key revoke <prefix>`
 * The key is printed once; only its hash is stored. When a running server holds the PGlite
 * folder, both go through it with an ADMIN session token (PANTAU_ADMIN_TOKEN).
 */
import { createApiKey, PARTNER_SCOPES, revokeApiKey } from '../access/api-keys.js';
import { loadConfig } from '../config.js';
import { parseCliArgs, UsageError } from './args.js';
import { adminToken, databaseOrServer, remoteOperation } from './remote.js';
import { runCli } from './run.js';

const USAGE = `usage: api-key create --name <name> --scopes <${PARTNER_SCOPES.join(',')}> | api-key revoke <prefix>  (through a running server: PANTAU_ADMIN_TOKEN)`;

const announce = (name: string, scopes: string[], key: string, prefix: string) =>
  console.log(`Key for "${name}" (${scopes.join(', ')}), shown once; send it as the x-api-key header:\n${key}\nPrefix (to revoke): ${prefix}`);

runCli(async (args) => {
  const { values, positionals } = parseCliArgs(args, { name: { type: 'string' }, scopes: { type: 'string' } }, USAGE, { positionals: true });
  const [command, ...rest] = positionals;
  const create = command === 'create' && !rest.length;
  const scopes = (values.scopes ?? '').split(',').filter(Boolean);
  if (create && (!values.name || !scopes.length)) throw new UsageError(`api-key create needs --name and --scopes (${USAGE})`);
  if (!create && (command !== 'revoke' || rest.length !== 1 || values.name !== undefined || values.scopes !== undefined)) throw new UsageError(USAGE);
  const name = values.name!;
  const prefix = rest[0]!;
  const target = await databaseOrServer(loadConfig());
  if ('url' in target) {
    // The server holds the folder: an ADMIN session token creates or revokes the key there.
    adminToken(target.url, `set PANTAU_ADMIN_TOKEN to an ADMIN session token to ${command} a key through it`);
    if (create) {
      const data = await remoteOperation<{ createApiKey: { key: string; apiKey: { prefix: string } } }>(
        target.url,
        'mutation ($n: String!, $s: [PartnerScope!]!) { createApiKey(name: $n, scopes: $s) { key apiKey { prefix } } }',
        { n: name, s: scopes.map((s) => s.replace(':', '_').toUpperCase()) },
      );
      announce(name, scopes, data.createApiKey.key, data.createApiKey.apiKey.prefix);
      return;
    }
    const { apiKeys } = await remoteOperation<{ apiKeys: Array<{ id: string; prefix: string; revokedAt: string | null }> }>(
      target.url,
      '{ apiKeys { id prefix revokedAt } }',
      {},
    );
    const active = apiKeys.find((k) => k.prefix === prefix && !k.revokedAt);
    if (active) await remoteOperation(target.url, 'mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: active.id });
    console.log(active ? `Revoked ${prefix} through the running server at ${target.url}` : `No active key with prefix ${prefix}`);
    return;
  }
  const { db } = target;
  try {
    if (create) {
      const created = await createApiKey(db.prisma, { name, scopes });
      announce(name, scopes, created.key, created.prefix);
    } else {
      console.log((await revokeApiKey(db.prisma, prefix)) ? `Revoked ${prefix}` : `No active key with prefix ${prefix}`);
    }
  } finally {
    await db.close();
  }
});
