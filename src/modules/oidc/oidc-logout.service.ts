import { createPrivateKey, randomBytes, sign, type JsonWebKey } from 'node:crypto';
import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client.js';
import { loadOidcKeyMaterial } from './oidc-keys.service.js';
import { oidcClients, oidcPayloads } from './oidc.tables.js';

/**
 * Back-channel logouts waiting to be delivered are stored objects too (an outbox in
 * oidc_payloads), written in the transaction that ends the customer's sessions: a logout is
 * sent if and only if that change committed, and a storefront that is down gets it later.
 */
export const BACKCHANNEL_LOGOUT_KIND = 'BackchannelLogout';
/** A logout not delivered within a day is dropped (housekeeping deletes expired rows). */
const BACKCHANNEL_LOGOUT_TTL_MS = 24 * 60 * 60 * 1000;
/** A failed delivery is retried after this long (the claim's lease). */
const RETRY_AFTER_SECONDS = 60;
const DELIVERY_TIMEOUT_MS = 5_000;
const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

type TPendingLogout = { clientId: string; sub: string; sid: string | null };
type TSessionAuthorizations = Record<string, { sid?: string }> | null;

/**
 * Ends everything the customer holds at the OpenID Connect provider (sessions, grants, codes,
 * access and refresh tokens) and queues a logout token for each storefront with a back-channel
 * URI. Call it in the transaction that signs the customer out everywhere, disables or erases
 * them: it is two or three statements, nothing is sent from here, and nothing is written when
 * the customer never used a storefront sign-in.
 */
export async function endOidcSessionsOfCustomer(db: Database, options: { customerId: string }): Promise<void> {
  const ended = await db
    .delete(oidcPayloads)
    .where(eq(oidcPayloads.accountId, options.customerId))
    .returning({
      kind: oidcPayloads.kind,
      clientId: sql<string | null>`${oidcPayloads.payload}->>'clientId'`,
      authorizations: sql<TSessionAuthorizations>`case when ${oidcPayloads.kind} = 'Session' then ${oidcPayloads.payload}->'authorizations' end`,
    });
  if (ended.length === 0) return;
  // Sessions name each storefront signed in through them and its sid; a grant without a live
  // session (refresh tokens of offline access) still warrants a logout by subject.
  const sidsByClient = new Map<string, Set<string | null>>();
  for (const row of ended) {
    for (const [clientId, authorization] of Object.entries(row.authorizations ?? {})) {
      const sids = sidsByClient.get(clientId) ?? new Set();
      sids.add(authorization.sid ?? null);
      sidsByClient.set(clientId, sids);
    }
  }
  for (const row of ended) {
    if (row.kind === 'Grant' && row.clientId && !sidsByClient.has(row.clientId)) sidsByClient.set(row.clientId, new Set([null]));
  }
  if (sidsByClient.size === 0) return;
  const listening = await db
    .select({ id: oidcClients.id })
    .from(oidcClients)
    .where(and(inArray(oidcClients.id, [...sidsByClient.keys()]), isNotNull(oidcClients.backchannelLogoutUri), isNull(oidcClients.revokedAt)));
  const expiresAt = new Date(Date.now() + BACKCHANNEL_LOGOUT_TTL_MS);
  const rows = listening.flatMap(({ id: clientId }) =>
    [...sidsByClient.get(clientId)!].map((sid) => ({
      kind: BACKCHANNEL_LOGOUT_KIND,
      id: `bcl_${randomBytes(12).toString('hex')}`,
      payload: { clientId, sub: options.customerId, sid } satisfies TPendingLogout,
      expiresAt,
    })),
  );
  if (rows.length > 0) await db.insert(oidcPayloads).values(rows);
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** A Logout Token (OpenID Connect Back-Channel Logout 1.0 §2.4), signed with the provider's active key. */
function logoutToken(options: { issuer: string; key: Record<string, unknown> & { kid: string; alg: string }; logout: TPendingLogout }): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: options.key.alg, kid: options.key.kid, typ: 'logout+jwt' };
  const claims = {
    iss: options.issuer,
    aud: options.logout.clientId,
    iat: now,
    exp: now + 120,
    jti: randomBytes(16).toString('base64url'),
    sub: options.logout.sub,
    ...(options.logout.sid ? { sid: options.logout.sid } : {}),
    events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const privateKey = createPrivateKey({ key: options.key as JsonWebKey, format: 'jwk' });
  return `${signingInput}.${base64url(sign('sha256', Buffer.from(signingInput), privateKey))}`;
}

export type TBackchannelLogoutDelivery = { deliverDue(): Promise<number>; stop(): Promise<void> };

/**
 * Delivers queued logout tokens: claims a batch with a lease (`consumed_at`, FOR UPDATE SKIP
 * LOCKED, so every instance may run it), POSTs each, deletes it once the storefront answered
 * 200 or 204. A failure is logged (the client id and the status, nothing about the person) and
 * retried when the lease ends, until the logout expires.
 */
export function startBackchannelLogoutDelivery(options: {
  db: Database;
  issuer: string;
  log: { warn(message: string): void };
  pollIntervalMs?: number;
}): TBackchannelLogoutDelivery {
  const { db } = options;
  const deliverDue = async (): Promise<number> => {
    const claimed = await db.execute<Record<string, unknown>>(sql`
      update ${oidcPayloads} set consumed_at = now()
      where kind = ${BACKCHANNEL_LOGOUT_KIND} and id in (
        select id from ${oidcPayloads}
        where kind = ${BACKCHANNEL_LOGOUT_KIND} and expires_at > now()
          and (consumed_at is null or consumed_at < now() - make_interval(secs => ${RETRY_AFTER_SECONDS}))
        order by created_at limit 20
        for update skip locked)
      returning id, payload`);
    const pending = rowsOf<{ id: string; payload: TPendingLogout }>(claimed);
    if (pending.length === 0) return 0;
    const [key] = (await loadOidcKeyMaterial(db)).jwks.keys;
    let delivered = 0;
    for (const { id, payload } of pending) {
      const [client] = await db
        .select({ uri: oidcClients.backchannelLogoutUri })
        .from(oidcClients)
        .where(and(eq(oidcClients.id, payload.clientId), isNull(oidcClients.revokedAt)));
      const done = () => db.delete(oidcPayloads).where(and(eq(oidcPayloads.kind, BACKCHANNEL_LOGOUT_KIND), eq(oidcPayloads.id, id)));
      if (!client?.uri || !key) {
        await done();
        continue;
      }
      try {
        const response = await fetch(client.uri, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ logout_token: logoutToken({ issuer: options.issuer, key, logout: payload }) }),
          signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        });
        if (response.status === 200 || response.status === 204) {
          await done();
          delivered += 1;
        } else {
          options.log.warn(`oidc back-channel logout to ${payload.clientId} answered ${response.status}; retried in ${RETRY_AFTER_SECONDS} s`);
        }
      } catch (error) {
        options.log.warn(`oidc back-channel logout to ${payload.clientId} failed (${error instanceof Error ? error.name : 'error'}); retried in ${RETRY_AFTER_SECONDS} s`);
      }
    }
    return delivered;
  };

  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = deliverDue()
      .catch((error: unknown) => options.log.warn(`oidc back-channel logouts not delivered: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, options.pollIntervalMs ?? 1_000);
  timer.unref();
  return {
    deliverDue,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
