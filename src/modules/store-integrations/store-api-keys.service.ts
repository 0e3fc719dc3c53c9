import type { TAppContext, TRequestMeta } from '../../context.js';
import { createApiKey, listApiKeys, revokeApiKey, type TApiKeySummary } from '../integration/api-keys.service.js';
import { recordStaffAudit } from '../staff/staff-audit.service.js';
import { staffCanSeeMarket } from '../staff/staff-markets.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import type { TCreateApiKeyBody } from './store-integrations.schemas.js';
import { storeIntegrationErrors } from './store-integrations.errors.js';

// Store API keys made in the back office (so that a shop on the embedded database need not
// stop Comptoir to run `npx comptoir api-key create`). Same keys, same rules: the key is
// shown once and stored as its SHA-256; the audit holds the name, market and scopes, never
// the key nor its prefix.

type TStaffAction = { actor: TStaffPrincipal; meta: TRequestMeta };
type TContext = Pick<TAppContext, 'db'>;

/** Every key of the markets the member works in, newest first, revoked ones included. */
export async function listStoreApiKeys(ctx: TContext, options: { actor: TStaffPrincipal }): Promise<TApiKeySummary[]> {
  const keys = await listApiKeys(ctx.db);
  return keys.filter((key) => staffCanSeeMarket(options.actor, key.marketId));
}

export async function createStoreApiKey(ctx: TContext, options: TStaffAction & { body: TCreateApiKeyBody }): Promise<{ key: string; apiKey: TApiKeySummary }> {
  const { actor, body } = options;
  if (!staffCanSeeMarket(actor, body.marketId)) throw storeIntegrationErrors.unknownMarket();
  return ctx.db.transaction(async (tx) => {
    const created = await createApiKey(tx, { name: body.name, scopes: body.scopes, marketId: body.marketId });
    await recordStaffAudit(tx, {
      staffId: actor.staff.id,
      action: 'integration.api_key_created',
      target: { type: 'api_key', id: created.apiKey.id },
      meta: options.meta,
      details: { name: created.apiKey.name, marketId: created.apiKey.marketId, scopes: created.apiKey.scopes },
    });
    return created;
  });
}

/** At once: the next call with the key is 401. A key outside the member's markets is not found. */
export async function revokeStoreApiKey(ctx: TContext, options: TStaffAction & { keyId: string }): Promise<TApiKeySummary> {
  return ctx.db.transaction(async (tx) => {
    // A shop has a handful of keys: the list is the look-up.
    const key = (await listApiKeys(tx)).find((candidate) => candidate.id === options.keyId);
    if (!key || !staffCanSeeMarket(options.actor, key.marketId)) throw storeIntegrationErrors.apiKeyNotFound();
    const revoked = await revokeApiKey(tx, key.id);
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'integration.api_key_revoked',
      target: { type: 'api_key', id: key.id },
      meta: options.meta,
      details: { name: key.name, marketId: key.marketId, alreadyRevoked: key.revokedAt !== null },
    });
    return revoked;
  });
}
