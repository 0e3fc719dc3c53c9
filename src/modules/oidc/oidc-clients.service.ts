import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import { preparedQuery } from '../../db/prepared.js';
import { hashToken, newSecretToken } from '../../platform/crypto/tokens.js';
import type { TFieldError } from '../../platform/errors/app-error.js';
import {
  ZCreateOidcClientBody,
  ZUpdateOidcClientBody,
  type TCreateOidcClientBody,
  type TOidcClient,
  type TUpdateOidcClientBody,
} from './oidc-clients.schemas.js';
import { oidcErrors } from './oidc.errors.js';
import { oidcClients, oidcPayloads, type TOidcClientRow } from './oidc.tables.js';

// The storefronts and apps that sign customers in through Comptoir (F7.4). The back office
// and `npx comptoir oidc client …` both go through these functions; oidc-provider reads the
// clients through the adapter (clientMetadataOf), so a change or a revocation applies to the
// very next request.

/** Recognisable in logs and secret scanners; the rest is 256 random bits. */
const SECRET_PREFIX = 'ocs_';

function newClientId(): string {
  return `oic_${randomBytes(12).toString('hex')}`;
}

function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const errors: TFieldError[] = parsed.error.issues.map((issue) => ({
    path: issue.path.join('.') || '(body)',
    code: issue.code === 'unrecognized_keys' ? 'unknown_field' : issue.code,
    message: issue.message,
  }));
  throw oidcErrors.validationFailed(errors);
}

export function toOidcClient(row: TOidcClientRow): TOidcClient {
  return {
    clientId: row.id,
    marketId: row.marketId,
    name: row.name,
    clientType: row.clientType,
    redirectUris: row.redirectUris,
    postLogoutRedirectUris: row.postLogoutRedirectUris,
    allowedScopes: row.allowedScopes,
    firstParty: row.firstParty,
    backchannelLogoutUri: row.backchannelLogoutUri,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    revokedAt: row.revokedAt,
  };
}

/**
 * Registers a storefront in a market. A confidential client's secret is in the answer and
 * nowhere else: only its SHA-256 is stored. Invalid input is a 400 listing every bad field.
 */
export async function createOidcClient(
  ctx: Pick<TAppContext, 'db' | 'markets'>,
  options: { marketId: string; input: TCreateOidcClientBody },
): Promise<{ client: TOidcClient; clientSecret: string | null }> {
  const input = parseOrThrow(ZCreateOidcClientBody, options.input);
  if (!ctx.markets.byId(options.marketId)) throw oidcErrors.unknownMarket();
  const clientSecret = input.clientType === 'confidential' ? `${SECRET_PREFIX}${newSecretToken()}` : null;
  const [row] = await ctx.db
    .insert(oidcClients)
    .values({
      id: newClientId(),
      marketId: options.marketId,
      name: input.name,
      clientType: input.clientType,
      secretHash: clientSecret ? hashToken(clientSecret) : null,
      redirectUris: input.redirectUris,
      postLogoutRedirectUris: input.postLogoutRedirectUris,
      allowedScopes: input.allowedScopes,
      firstParty: input.firstParty,
      backchannelLogoutUri: input.backchannelLogoutUri,
    })
    .returning();
  return { client: toOidcClient(row!), clientSecret };
}

/** Every client, newest first; with `marketId`, that market's only (staff limited to some markets). */
export async function listOidcClients(db: Database, options: { marketId?: string } = {}): Promise<TOidcClient[]> {
  const rows = await db
    .select()
    .from(oidcClients)
    .where(options.marketId ? eq(oidcClients.marketId, options.marketId) : undefined)
    .orderBy(desc(oidcClients.createdAt));
  return rows.map(toOidcClient);
}

/** One client; unknown (or outside `marketId` when given) is 404. */
export async function getOidcClient(db: Database, options: { clientId: string; marketId?: string }): Promise<TOidcClient> {
  const [row] = await db
    .select()
    .from(oidcClients)
    .where(and(eq(oidcClients.id, options.clientId), options.marketId ? eq(oidcClients.marketId, options.marketId) : undefined));
  if (!row) throw oidcErrors.clientNotFound();
  return toOidcClient(row);
}

/** Changes what is given; the type and the market of a client never change (make another client). */
export async function updateOidcClient(
  db: Database,
  options: { clientId: string; marketId?: string; input: TUpdateOidcClientBody },
): Promise<TOidcClient> {
  const input = parseOrThrow(ZUpdateOidcClientBody, options.input);
  const [row] = await db
    .update(oidcClients)
    .set({ ...input, updatedAt: new Date() })
    .where(and(eq(oidcClients.id, options.clientId), options.marketId ? eq(oidcClients.marketId, options.marketId) : undefined))
    .returning();
  if (!row) throw oidcErrors.clientNotFound();
  return toOidcClient(row);
}

/** A new secret for a confidential client, shown once; the old one stops working at once. */
export async function regenerateOidcClientSecret(
  db: Database,
  options: { clientId: string; marketId?: string },
): Promise<{ client: TOidcClient; clientSecret: string }> {
  const clientSecret = `${SECRET_PREFIX}${newSecretToken()}`;
  const [row] = await db
    .update(oidcClients)
    .set({ secretHash: hashToken(clientSecret), updatedAt: new Date() })
    .where(
      and(
        eq(oidcClients.id, options.clientId),
        eq(oidcClients.clientType, 'confidential'),
        options.marketId ? eq(oidcClients.marketId, options.marketId) : undefined,
      ),
    )
    .returning();
  if (!row) throw oidcErrors.clientNotFound();
  return { client: toOidcClient(row), clientSecret };
}

/**
 * Revokes at once: the provider no longer finds the client, and every code, token and grant
 * issued to it is deleted. Revoking twice keeps the first date.
 */
export async function revokeOidcClient(db: Database, options: { clientId: string; marketId?: string }): Promise<TOidcClient> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(oidcClients)
      .set({ revokedAt: sql`coalesce(${oidcClients.revokedAt}, now())`, updatedAt: new Date() })
      .where(and(eq(oidcClients.id, options.clientId), options.marketId ? eq(oidcClients.marketId, options.marketId) : undefined))
      .returning();
    if (!row) throw oidcErrors.clientNotFound();
    // Rare and by hand: a scan of the stored objects is fine here.
    await tx.delete(oidcPayloads).where(sql`${oidcPayloads.payload}->>'clientId' = ${row.id} and ${oidcPayloads.kind} <> 'Session'`);
    return toOidcClient(row);
  });
}

/** Client metadata as oidc-provider validates it (snake_case, RFC 7591 names). */
export type TOidcClientMetadata = Record<string, unknown> & { client_id: string };

/** Custom metadata names the provider carries on each client. */
export const CLIENT_MARKET_PROPERTY = 'comptoir_market_id';
export const CLIENT_FIRST_PARTY_PROPERTY = 'comptoir_first_party';

/**
 * A live client as oidc-provider reads it. A confidential client's `client_secret` is the
 * stored SHA-256: the provider is made to hash what a client presents before comparing (see
 * oidc-provider.ts), so no clear secret is kept anywhere.
 */
export async function findOidcClientMetadata(db: Database, clientId: string): Promise<TOidcClientMetadata | undefined> {
  const [row] = await preparedQuery(db, 'oidc_client_by_id', (base) =>
    base
      .select()
      .from(oidcClients)
      .where(and(eq(oidcClients.id, sql.placeholder('clientId')), isNull(oidcClients.revokedAt)))
      .prepare('oidc_client_by_id'),
  ).execute({ clientId });
  if (!row) return undefined;
  return {
    client_id: row.id,
    client_name: row.name,
    application_type: 'web',
    redirect_uris: row.redirectUris,
    post_logout_redirect_uris: row.postLogoutRedirectUris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    scope: row.allowedScopes.join(' '),
    ...(row.clientType === 'confidential'
      ? { token_endpoint_auth_method: 'client_secret_basic', client_secret: row.secretHash }
      : { token_endpoint_auth_method: 'none' }),
    ...(row.backchannelLogoutUri ? { backchannel_logout_uri: row.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
    [CLIENT_MARKET_PROPERTY]: row.marketId,
    [CLIENT_FIRST_PARTY_PROPERTY]: row.firstParty,
  };
}
