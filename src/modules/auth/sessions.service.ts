import { and, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { UAParser } from 'ua-parser-js';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { preparedQuery } from '../../db/prepared.js';
import { hashToken, newSecretToken } from '../../platform/crypto/tokens.js';
import { newId } from '../../platform/ids.js';
import { customers, signedInCustomerColumns, type TSignedInCustomer } from '../customers/customers.tables.js';
import { authErrors } from './auth.errors.js';
import { securityEvents, sessions, type TSecurityEventType } from './auth.tables.js';
import type { TSessionLookupRow } from './session-cache.js';
import { recordSecurityEvent, securityEventRow } from './security-events.repository.js';
import { endOidcSessionsOfCustomer } from '../oidc/oidc-logout.service.js';

export type TIssuedSession = { sessionId: string; token: string; expiresAt: Date };

/** Last-seen is written at most this often: reads must not each cost a write. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * A new opaque token at every sign-in (no session fixation); only its digest is stored. With
 * `event`, the sign-in's security event is written by the same statement: both or neither, one
 * round trip and one commit.
 */
export async function createSession(
  ctx: Pick<TAppContext, 'config'>,
  db: Database,
  options: { customerId: string; meta: TRequestMeta; event?: { type: TSecurityEventType; method: string } },
): Promise<TIssuedSession> {
  const token = newSecretToken();
  const now = Date.now();
  const absoluteExpiresAt = new Date(now + ctx.config.session.absoluteSeconds * 1000);
  const sessionId = newId('ses');
  const values = {
    id: sessionId,
    customerId: options.customerId,
    tokenHash: hashToken(token),
    ip: options.meta.ip,
    userAgent: options.meta.userAgent?.slice(0, 512) ?? null,
    absoluteExpiresAt,
  };
  if (options.event) {
    const event = securityEventRow({ ...options.event, customerId: options.customerId, meta: options.meta });
    await preparedQuery(db, 'insert_session_with_event', prepareSessionInsertWithEvent).execute({
      ...values,
      eventId: event.id,
      eventType: event.type,
      eventMethod: event.method,
      eventUserAgent: event.userAgent,
    });
  } else {
    await preparedQuery(db, 'insert_session', prepareSessionInsert).execute(values);
  }
  return { sessionId, token, expiresAt: sessionExpiry(ctx, new Date(now), absoluteExpiresAt) };
}

const sessionValues = {
  id: sql.placeholder('id'),
  customerId: sql.placeholder('customerId'),
  tokenHash: sql.placeholder('tokenHash'),
  ip: sql.placeholder('ip'),
  userAgent: sql.placeholder('userAgent'),
  absoluteExpiresAt: sql.placeholder('absoluteExpiresAt'),
};

function prepareSessionInsert(db: Database) {
  return db.insert(sessions).values(sessionValues).prepare('insert_session');
}

/** with security_event as (insert into security_events …) insert into sessions …: one statement. */
function prepareSessionInsertWithEvent(db: Database) {
  const event = db.$with('security_event').as(
    db.insert(securityEvents).values({
      id: sql.placeholder('eventId'),
      type: sql.placeholder('eventType'),
      customerId: sql.placeholder('customerId'),
      method: sql.placeholder('eventMethod'),
      ip: sql.placeholder('ip'),
      userAgent: sql.placeholder('eventUserAgent'),
    }),
  );
  return db.with(event).insert(sessions).values(sessionValues).prepare('insert_session_with_event');
}

/** The earlier of the idle and the absolute expiry. */
function sessionExpiry(ctx: Pick<TAppContext, 'config'>, lastSeenAt: Date, absoluteExpiresAt: Date): Date {
  const idleExpiry = lastSeenAt.getTime() + ctx.config.session.idleSeconds * 1000;
  return new Date(Math.min(idleExpiry, absoluteExpiresAt.getTime()));
}

export type TAuthenticatedSession = { sessionId: string; customer: TSignedInCustomer; expiresAt: Date };

/** The look-up every authenticated request makes: prepared, it sits on the hottest path. */
function prepareSessionLookup(db: Database) {
  return db
    .select({
      session: { id: sessions.id, lastSeenAt: sessions.lastSeenAt, absoluteExpiresAt: sessions.absoluteExpiresAt },
      customer: signedInCustomerColumns,
    })
    .from(sessions)
    .innerJoin(customers, eq(customers.id, sessions.customerId))
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder('tokenHash')),
        isNull(sessions.revokedAt),
        gt(sessions.absoluteExpiresAt, sql`now()`),
        gt(sessions.lastSeenAt, sql`now() - make_interval(secs => ${sql.placeholder('idleSeconds')})`),
        eq(customers.status, 'active'),
      ),
    )
    .prepare('authenticate_session');
}

/**
 * Finds the live session of a token: from the session cache when it was verified moments ago,
 * else in one prepared query. Keeps its last-seen time roughly current.
 */
export async function authenticateSessionToken(
  ctx: Pick<TAppContext, 'db' | 'config' | 'sessionCache'>,
  token: string,
): Promise<TAuthenticatedSession | null> {
  const tokenHash = hashToken(token);
  const cached = ctx.sessionCache.get(tokenHash);
  const row = cached ?? (await lookUpSession(ctx, tokenHash));
  if (!row) return null;
  // A cached row was live when read; time may have ended it since.
  const expiresAt = sessionExpiry(ctx, row.session.lastSeenAt, row.session.absoluteExpiresAt);
  if (expiresAt.getTime() <= Date.now()) return null;
  if (Date.now() - row.session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    row.session.lastSeenAt = new Date();
    await ctx.db.update(sessions).set({ lastSeenAt: row.session.lastSeenAt }).where(eq(sessions.id, row.session.id));
  }
  return {
    sessionId: row.session.id,
    customer: row.customer,
    expiresAt: sessionExpiry(ctx, row.session.lastSeenAt, row.session.absoluteExpiresAt),
  };
}

async function lookUpSession(
  ctx: Pick<TAppContext, 'db' | 'config' | 'sessionCache'>,
  tokenHash: string,
): Promise<TSessionLookupRow | undefined> {
  const lookup = preparedQuery(ctx.db, 'authenticate_session', prepareSessionLookup);
  // Taken before reading: a change committed meanwhile must not leave a stale row cached.
  const epoch = ctx.sessionCache.epoch();
  const [row] = await lookup.execute({ tokenHash, idleSeconds: ctx.config.session.idleSeconds });
  if (row) ctx.sessionCache.set(tokenHash, row, epoch);
  return row;
}

export type TSessionView = {
  id: string;
  current: boolean;
  device: string | null;
  browser: string | null;
  os: string | null;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
};

export async function listSessions(
  ctx: Pick<TAppContext, 'db' | 'config'>,
  options: { customerId: string; currentSessionId: string },
): Promise<TSessionView[]> {
  const idleCutoff = new Date(Date.now() - ctx.config.session.idleSeconds * 1000);
  const rows = await ctx.db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.customerId, options.customerId),
        isNull(sessions.revokedAt),
        gt(sessions.absoluteExpiresAt, sql`now()`),
        gt(sessions.lastSeenAt, idleCutoff),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt))
    .limit(100);
  return rows.map((row) => {
    const agent = UAParser(row.userAgent ?? '');
    const device = [agent.device.vendor, agent.device.model].filter(Boolean).join(' ');
    return {
      id: row.id,
      current: row.id === options.currentSessionId,
      device: device || (agent.device.type ?? null),
      browser: agent.browser.name ?? null,
      os: agent.os.name ?? null,
      ip: row.ip,
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      expiresAt: sessionExpiry(ctx, row.lastSeenAt, row.absoluteExpiresAt),
    };
  });
}

/** Ends one of the caller's own sessions; another customer's session is "not found". */
export async function revokeSession(
  ctx: Pick<TAppContext, 'db' | 'sessionCache'>,
  options: { customerId: string; sessionId: string; meta: TRequestMeta; reason?: 'session_revoked' | 'signed_out' },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const revoked = await tx
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(sessions.id, options.sessionId), eq(sessions.customerId, options.customerId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    if (revoked.length === 0) throw authErrors.sessionNotFound();
    await recordSecurityEvent(tx, {
      type: options.reason ?? 'session_revoked',
      customerId: options.customerId,
      meta: options.meta,
    });
  });
  ctx.sessionCache.evictCustomer(options.customerId);
}

/**
 * "Sign out everywhere else"; with no session kept, every session (password change). Storefront
 * sessions of the OpenID Connect provider all end, whichever is kept. Takes a
 * transaction: the caller evicts the session cache once it has committed.
 */
export async function revokeSessionsOfCustomer(
  db: Database,
  options: { customerId: string; exceptSessionId: string | null },
): Promise<number> {
  const revoked = await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(sessions.customerId, options.customerId),
        isNull(sessions.revokedAt),
        options.exceptSessionId ? ne(sessions.id, options.exceptSessionId) : undefined,
      ),
    )
    .returning({ id: sessions.id });
  // Storefronts signed in through the OpenID Connect provider end with them (back-channel logout).
  await endOidcSessionsOfCustomer(db, { customerId: options.customerId });
  return revoked.length;
}

export async function revokeOtherSessions(
  ctx: Pick<TAppContext, 'db' | 'sessionCache'>,
  options: { customerId: string; currentSessionId: string; meta: TRequestMeta },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const count = await revokeSessionsOfCustomer(tx, {
      customerId: options.customerId,
      exceptSessionId: options.currentSessionId,
    });
    if (count > 0) {
      await recordSecurityEvent(tx, { type: 'session_revoked', customerId: options.customerId, method: 'all_others', meta: options.meta });
    }
  });
  ctx.sessionCache.evictCustomer(options.customerId);
}
