import type { TAppContext, TRequestMeta } from '../../context.js';
import {
  createOidcClient,
  getOidcClient,
  listOidcClients,
  regenerateOidcClientSecret,
  revokeOidcClient,
  updateOidcClient,
} from '../oidc/oidc-clients.service.js';
import type { TOidcClient, TUpdateOidcClientBody } from '../oidc/oidc-clients.schemas.js';
import { oidcErrors } from '../oidc/oidc.errors.js';
import { recordStaffAudit } from '../staff/staff-audit.service.js';
import { staffCanSeeMarket } from '../staff/staff-markets.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import type { TCreateStaffOidcClientBody } from './store-integrations.schemas.js';
import { storeIntegrationErrors } from './store-integrations.errors.js';

// The storefronts that sign customers in through Comptoir (F7.4), managed by staff: the same
// oidc-clients service as `npx comptoir oidc client …`. A confidential client's secret is
// shown once and stored as its SHA-256; the audit holds the settings, never a secret.

type TStaffAction = { actor: TStaffPrincipal; meta: TRequestMeta };
type TContext = Pick<TAppContext, 'db' | 'markets'>;

/** 404 for an unknown client and for one of a market the member does not work in. */
async function reachableClient(db: TContext['db'], actor: TStaffPrincipal, clientId: string): Promise<TOidcClient> {
  const client = await getOidcClient(db, { clientId });
  if (!staffCanSeeMarket(actor, client.marketId)) throw oidcErrors.clientNotFound();
  return client;
}

const settingsOf = (client: TOidcClient) => ({
  name: client.name,
  marketId: client.marketId,
  clientType: client.clientType,
  redirectUris: client.redirectUris,
  postLogoutRedirectUris: client.postLogoutRedirectUris,
  allowedScopes: client.allowedScopes,
  firstParty: client.firstParty,
  backchannelLogoutUri: client.backchannelLogoutUri,
});

export async function listStaffOidcClients(ctx: TContext, options: { actor: TStaffPrincipal }): Promise<TOidcClient[]> {
  const clients = await listOidcClients(ctx.db);
  return clients.filter((client) => staffCanSeeMarket(options.actor, client.marketId));
}

export async function createStaffOidcClient(ctx: TContext, options: TStaffAction & { body: TCreateStaffOidcClientBody }) {
  const { marketId, ...input } = options.body;
  if (!staffCanSeeMarket(options.actor, marketId)) throw storeIntegrationErrors.unknownMarket();
  return ctx.db.transaction(async (tx) => {
    const created = await createOidcClient({ db: tx, markets: ctx.markets }, { marketId, input });
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'integration.oidc_client_created',
      target: { type: 'oidc_client', id: created.client.clientId },
      meta: options.meta,
      details: settingsOf(created.client),
    });
    return created;
  });
}

/** The given settings change at once (the provider reads clients on each use); type and market never do. */
export async function updateStaffOidcClient(ctx: TContext, options: TStaffAction & { clientId: string; input: TUpdateOidcClientBody }): Promise<TOidcClient> {
  return ctx.db.transaction(async (tx) => {
    const client = await reachableClient(tx, options.actor, options.clientId);
    if (client.revokedAt) throw storeIntegrationErrors.oidcClientRevoked();
    const updated = await updateOidcClient(tx, { clientId: client.clientId, marketId: client.marketId, input: options.input });
    const changed = Object.keys(options.input)
      .filter((field) => options.input[field as keyof TUpdateOidcClientBody] !== undefined)
      .sort();
    const after = settingsOf(updated) as Record<string, unknown>;
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'integration.oidc_client_updated',
      target: { type: 'oidc_client', id: client.clientId },
      meta: options.meta,
      details: { changed, ...Object.fromEntries(changed.map((field) => [field, after[field]])) },
    });
    return updated;
  });
}

/** At once: the provider no longer finds it, and its codes, tokens and grants are deleted. */
export async function revokeStaffOidcClient(ctx: TContext, options: TStaffAction & { clientId: string }): Promise<TOidcClient> {
  return ctx.db.transaction(async (tx) => {
    const client = await reachableClient(tx, options.actor, options.clientId);
    const revoked = await revokeOidcClient(tx, { clientId: client.clientId, marketId: client.marketId });
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'integration.oidc_client_revoked',
      target: { type: 'oidc_client', id: client.clientId },
      meta: options.meta,
      details: { name: client.name, marketId: client.marketId, alreadyRevoked: client.revokedAt !== null },
    });
    return revoked;
  });
}

/** A new secret for a confidential client, shown once; the old one stops working at once. */
export async function rotateStaffOidcClientSecret(ctx: TContext, options: TStaffAction & { clientId: string }) {
  return ctx.db.transaction(async (tx) => {
    const client = await reachableClient(tx, options.actor, options.clientId);
    if (client.revokedAt) throw storeIntegrationErrors.oidcClientRevoked();
    if (client.clientType === 'public') throw storeIntegrationErrors.oidcClientIsPublic();
    const rotated = await regenerateOidcClientSecret(tx, { clientId: client.clientId, marketId: client.marketId });
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'integration.oidc_client_secret_rotated',
      target: { type: 'oidc_client', id: client.clientId },
      meta: options.meta,
      details: { marketId: client.marketId },
    });
    return rotated;
  });
}
