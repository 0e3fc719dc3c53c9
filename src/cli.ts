import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { migrateDatabase } from './db/migrate.js';
import { mergeCompanies, nameCompanyAdmin } from './modules/companies/company-recovery.service.js';
import { setLocationTerms } from './modules/companies/locations.service.js';
import { apiKeyResources, parseScopes } from './modules/integration/api-key-scopes.js';
import { createApiKey, listApiKeys, revokeApiKey } from './modules/integration/api-keys.service.js';
import { loadMarketDirectory } from './modules/markets/market-directory.js';
import { describeMarketErrors, marketBodyOf, marketCommandOptions } from './modules/markets/market-cli.js';
import { createMarket, listMarkets, updateMarket } from './modules/markets/markets.service.js';
import { AppError } from './platform/errors/app-error.js';
import { createStaffWithLink } from './modules/staff/staff-users.service.js';
import { createOidcClient, listOidcClients, revokeOidcClient } from './modules/oidc/oidc-clients.service.js';
import type { TCreateOidcClientBody } from './modules/oidc/oidc-clients.schemas.js';
import { rotateOidcSigningKeys } from './modules/oidc/oidc-keys.service.js';
import { staffRoles, type TStaffRole } from './modules/staff/staff.tables.js';

/** Operator commands. Each prints its result alone on standard output; messages go to stderr. */
const commands: Record<string, { summary: string; run(args: string[]): Promise<number> }> = {
  migrate: {
    summary: 'apply pending database migrations, then exit (the server also does this at start)',
    async run() {
      const config = loadConfig(process.env);
      // Two connections: migrateDatabase holds its lock on one while the migrator uses the other.
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
      try {
        await migrateDatabase(database);
      } finally {
        await database.close();
      }
      process.stderr.write('migrations applied\n');
      return 0;
    },
  },
  'api-key': {
    summary:
      'create --name NAME --scopes orders:write,customers:read [--market CODE]: print a new store integration key (only this once);\n' +
      `${' '.repeat(13)}it acts in one market only (default: the default market)\n` +
      `${' '.repeat(13)}comptoir api-key list: the keys and their markets, without their secrets; comptoir api-key revoke --id ID: stop a key at once\n` +
      `${' '.repeat(13)}scopes: <resource>:read or <resource>:write, resources ${apiKeyResources.join(', ')}`,
    run: (args) =>
      subcommand('api-key', args, {
        create: async (options) => {
          const { values } = parseArgs({ args: options, options: { name: { type: 'string' }, scopes: { type: 'string' }, market: { type: 'string' } } });
          if (!values.name?.trim() || !values.scopes) return usageError('api-key create needs --name NAME and --scopes LIST');
          const { scopes, unknown } = parseScopes(values.scopes);
          if (unknown.length > 0) return usageError(`unknown scope(s): ${unknown.join(', ')}`);
          if (scopes.length === 0) return usageError('give at least one scope');
          const { name, market: code } = values;
          return withDatabase(
            async (db) => {
              const markets = await loadMarketDirectory({ db, config: loadConfig(process.env) });
              const market = code === undefined ? markets.defaultMarket() : markets.byCode(code);
              if (!market) {
                return usageError(`unknown market ${JSON.stringify(code)}: the markets are ${markets.all().map((known) => known.code).join(', ')}`);
              }
              const { key, apiKey } = await createApiKey(db, { name, scopes, marketId: market.id });
              process.stderr.write(`created ${apiKey.id} for the market ${market.code} (${apiKey.scopes.join(', ')}); the key is shown only now\n`);
              return key;
            },
            { raw: true },
          );
        },
        list: async () =>
          withDatabase(async (db) => {
            const markets = await loadMarketDirectory({ db, config: loadConfig(process.env) });
            return (await listApiKeys(db)).map((apiKey) => ({ ...apiKey, market: markets.byId(apiKey.marketId)?.code ?? null }));
          }),
        revoke: async (options) => {
          const { values } = parseArgs({ args: options, options: { id: { type: 'string' } } });
          if (!values.id) return usageError('api-key revoke needs --id ID');
          const id = values.id;
          return withDatabase((db) => revokeApiKey(db, id));
        },
      }),
  },
  location: {
    summary:
      'set-terms --location ID [--terms none|net7|net15|net30|net45|net60|net90|deposit30] [--catalog REF | --no-catalog] [--approval on|off]:\n' +
      `${' '.repeat(22)}set what the shop decides for a company location (payment terms, catalog / price list, approval of orders)`,
    run: (args) =>
      subcommand('location', args, {
        'set-terms': async (options) => {
          const { values } = parseArgs({
            args: options,
            options: {
              location: { type: 'string' },
              terms: { type: 'string' },
              catalog: { type: 'string' },
              'no-catalog': { type: 'boolean' },
              approval: { type: 'string' },
            },
          });
          if (!values.location) return usageError('location set-terms needs --location ID');
          if (values.approval !== undefined && values.approval !== 'on' && values.approval !== 'off') {
            return usageError('--approval takes on or off');
          }
          if (values.terms === undefined && values.catalog === undefined && !values['no-catalog'] && values.approval === undefined) {
            return usageError('say what to change: --terms, --catalog, --no-catalog or --approval');
          }
          const locationId = values.location;
          return withDatabase(async (db) => {
            const location = await setLocationTerms(db, {
              locationId,
              terms: values.terms,
              catalogRef: values['no-catalog'] ? null : values.catalog,
              requiresApproval: values.approval === undefined ? undefined : values.approval === 'on',
            });
            return location;
          });
        },
      }),
  },
  company: {
    summary:
      'name-admin --company ID --email ADDRESS [--force]: make an existing customer the administrator of a company that has none\n' +
      `${' '.repeat(13)}comptoir company merge --from ID --into ID: move a duplicate company's colleagues, locations and invitations into another`,
    run: (args) =>
      subcommand('company', args, {
        'name-admin': async (options) => {
          const { values } = parseArgs({
            args: options,
            options: { company: { type: 'string' }, email: { type: 'string' }, force: { type: 'boolean' } },
          });
          if (!values.company || !values.email) return usageError('company name-admin needs --company ID and --email ADDRESS');
          const { company, email } = values;
          return withDatabase((db) => nameCompanyAdmin(db, { companyId: company, email, force: values.force === true }));
        },
        merge: async (options) => {
          const { values } = parseArgs({ args: options, options: { from: { type: 'string' }, into: { type: 'string' } } });
          if (!values.from || !values.into) return usageError('company merge needs --from ID and --into ID');
          const { from, into } = values;
          return withDatabase((db) => mergeCompanies(db, { fromId: from, intoId: into }));
        },
      }),
  },
  market: {
    summary:
      'list: every market; create --code be --name NAME --countries BE[,LU] --url https://be.shop.example [--locales fr,en]\n' +
      `${' '.repeat(13)}[--default-locale fr] [--currency EUR] [--b2b-only true|false|env] [--approval none|business|all] [--programme mixed|separate|env]\n` +
      `${' '.repeat(13)}comptoir market update --code be [the same options]: change only what is given (--url none: the default market on PUBLIC_URL)`,
    run: (args) =>
      subcommand('market', args, {
        list: async () => withDatabase((db) => listMarkets({ db, config: loadConfig(process.env) })),
        create: async (options) => {
          const { values } = parseArgs({ args: options, options: marketCommandOptions });
          if (!values.code || !values.name || !values.countries) return usageError('market create needs --code CODE, --name NAME and --countries LIST (and --url URL)');
          return withMarkets((ctx) => createMarket(ctx, { actor: null, meta: null, body: marketBodyOf(values) }));
        },
        update: async (options) => {
          const { values } = parseArgs({ args: options, options: marketCommandOptions });
          if (!values.code) return usageError('market update needs --code CODE (the market to change)');
          const { code, ...changes } = values;
          const body = marketBodyOf(changes);
          if (Object.keys(body).length === 0) return usageError('say what to change: --name, --countries, --locales, --default-locale, --currency, --url, --b2b-only, --approval or --programme');
          return withMarkets(async (ctx) => {
            const market = ctx.markets.byCode(code);
            if (!market) usageError(`no market has the code ${code} (comptoir market list)`);
            return updateMarket(ctx, { actor: null, meta: null, marketId: market.id, body });
          });
        },
      }),
  },
  oidc: {
    summary:
      'rotate-keys: a new signing key for the OpenID Connect provider; the old one is retired but stays published 24 hours\n' +
      `${' '.repeat(13)}comptoir oidc client create --name NAME --type public|confidential --redirect-uri URI [--redirect-uri URI…] [--market CODE]\n` +
      `${' '.repeat(15)}[--post-logout-redirect-uri URI…] [--scopes openid,profile,email,offline_access,comptoir] [--first-party] [--backchannel-logout-uri URI]:\n` +
      `${' '.repeat(15)}register a storefront; a confidential client's secret is printed only this once\n` +
      `${' '.repeat(13)}comptoir oidc client list; comptoir oidc client revoke --id CLIENT_ID: stop a client and its tokens at once`,
    run: (args) =>
      subcommand('oidc', args, {
        'rotate-keys': async () =>
          withDatabase(async (db) => {
            const rotated = await rotateOidcSigningKeys(db);
            process.stderr.write('new key active; running servers pick it up within 30 seconds (retired keys stay in the JWKS for 24 hours)\n');
            return rotated;
          }),
        client: (options) =>
          subcommand('oidc client', options, {
            create: async (clientOptions) => {
              const { values } = parseArgs({
                args: clientOptions,
                options: {
                  name: { type: 'string' },
                  type: { type: 'string' },
                  market: { type: 'string' },
                  'redirect-uri': { type: 'string', multiple: true },
                  'post-logout-redirect-uri': { type: 'string', multiple: true },
                  scopes: { type: 'string' },
                  'first-party': { type: 'boolean' },
                  'backchannel-logout-uri': { type: 'string' },
                },
              });
              if (!values.name || !values.type || !values['redirect-uri']?.length) {
                return usageError('oidc client create needs --name NAME, --type public|confidential and at least one --redirect-uri URI');
              }
              const { name, type, market: code } = values;
              return withDatabase(async (db) => {
                const markets = await loadMarketDirectory({ db, config: loadConfig(process.env) });
                const market = code === undefined ? markets.defaultMarket() : markets.byCode(code);
                if (!market) return usageError(`unknown market ${JSON.stringify(code)}: the markets are ${markets.all().map((known) => known.code).join(', ')}`);
                const created = await createOidcClient({ db, markets }, {
                  marketId: market.id,
                  input: {
                    name,
                    clientType: type as 'public' | 'confidential',
                    redirectUris: values['redirect-uri'] ?? [],
                    postLogoutRedirectUris: values['post-logout-redirect-uri'] ?? [],
                    ...(values.scopes ? { allowedScopes: values.scopes.split(/[\s,]+/).filter(Boolean) as TCreateOidcClientBody['allowedScopes'] } : {}),
                    firstParty: values['first-party'] === true,
                    backchannelLogoutUri: values['backchannel-logout-uri'] ?? null,
                  },
                });
                if (created.clientSecret) process.stderr.write('the client secret is shown only now: keep it on the storefront\'s server\n');
                return { ...created.client, market: market.code, clientSecret: created.clientSecret };
              });
            },
            list: async () =>
              withDatabase(async (db) => {
                const markets = await loadMarketDirectory({ db, config: loadConfig(process.env) });
                return (await listOidcClients(db)).map((registered) => ({ ...registered, market: markets.byId(registered.marketId)?.code ?? null }));
              }),
            revoke: async (clientOptions) => {
              const { values } = parseArgs({ args: clientOptions, options: { id: { type: 'string' } } });
              if (!values.id) return usageError('oidc client revoke needs --id CLIENT_ID');
              const clientId = values.id;
              return withDatabase((db) => revokeOidcClient(db, { clientId }));
            },
          }),
      }),
  },
  staff: {
    summary:
      'create --email ADDRESS --name NAME [--role owner|administrator|support|read_only] [--force]: print a one-time link (24 h)\n' +
      `${' '.repeat(13)}for that person to set their password in the back office; owner (the default) only while the shop has none, unless --force`,
    run: (args) =>
      subcommand('staff', args, {
        create: async (options) => {
          const { values } = parseArgs({
            args: options,
            options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, force: { type: 'boolean' } },
          });
          if (!values.email?.includes('@') || !values.name?.trim()) return usageError('staff create needs --email ADDRESS and --name NAME');
          const role = (values.role ?? 'owner') as TStaffRole;
          if (!staffRoles.includes(role)) return usageError(`--role takes ${staffRoles.join(', ')}`);
          const { email, name } = values;
          const config = loadConfig(process.env);
          return withDatabase(
            async (db) => {
              // The first command on a fresh install may come before the first start.
              const { staff, link } = await db.transaction((tx) =>
                createStaffWithLink({ config }, tx, { email, name: name.trim(), role, actorId: null, meta: null, force: values.force === true, reissue: true }),
              );
              process.stderr.write(`${staff.id} (${staff.role}): send this link to ${staff.email}; it works once, within 24 hours\n`);
              return link;
            },
            { raw: true },
          );
        },
      }),
  },
};

class UsageError extends Error {}

function usageError(message: string): never {
  throw new UsageError(message);
}

/** `comptoir <group> <name> --options`: unknown names and bad options print the usage (exit 2). */
async function subcommand(group: string, args: string[], handlers: Record<string, (options: string[]) => Promise<number>>): Promise<number> {
  const [name, ...options] = args;
  const handler = name ? handlers[name] : undefined;
  try {
    if (!handler) usageError(`comptoir ${group}: one of ${Object.keys(handlers).join(', ')}`);
    return await handler(options);
  } catch (error) {
    // parseArgs throws TypeErrors with a code for unknown or malformed options.
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
      process.stderr.write(`${error.message}\n\n${usage()}`);
      return 2;
    }
    throw error;
  }
}

/**
 * Opens the configured database (DATABASE_URL or DATA_DIR, like the server), migrated first,
 * runs `work`, prints its result as JSON (or, `raw`, as is) on stdout, and turns expected
 * refusals into a message and exit 1. Migrating first matters on a data directory the server
 * never started on: the command would meet missing tables. It is idempotent and takes the
 * migrations' advisory lock, so a server starting at the same time is safe.
 */
async function withDatabase(work: (db: Database) => Promise<unknown>, options: { raw?: boolean } = {}): Promise<number> {
  const config = loadConfig(process.env);
  // Two connections: the migration lock is held on one while the migrator uses the other.
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    await migrateDatabase(database);
    const result = await work(database.db);
    // `raw`: a bare string alone on stdout, so `KEY=$(npx comptoir api-key create …)` works.
    process.stdout.write(options.raw ? `${String(result)}\n` : `${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    process.stderr.write(`comptoir: ${error.title}${error.detail ? `\n${error.detail}` : ''}\n`);
    return 1;
  } finally {
    await database.close();
  }
}

/**
 * withDatabase with what the markets service needs. A change is NOTIFYed, so a running server
 * reloads its markets at once; a bad value is a usage error (exit 2) naming each bad flag.
 */
function withMarkets(work: (ctx: Parameters<typeof createMarket>[0]) => Promise<unknown>): Promise<number> {
  const config = loadConfig(process.env);
  return withDatabase(async (db) => {
    const markets = await loadMarketDirectory({ db, config });
    try {
      return await work({ db, config, markets });
    } catch (error) {
      if (error instanceof AppError && error.status === 400) usageError(describeMarketErrors(error));
      throw error;
    }
  });
}

function usage(): string {
  const lines = Object.entries(commands).map(([name, command]) => `  comptoir ${name.padEnd(10)} ${command.summary}`);
  return `Usage:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(usage());
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`comptoir: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    // PGlite keeps its folder to one process: say so rather than a cryptic lock error.
    process.stderr.write(`comptoir ${name}: ${message}\n(With the embedded database, stop the server first: it holds DATA_DIR.)\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
