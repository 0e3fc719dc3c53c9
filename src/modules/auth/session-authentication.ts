import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TAppContext } from '../../context.js';
import { constantTimeEqual } from '../../platform/crypto/tokens.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import type { TSignedInCustomer } from '../customers/customers.tables.js';
import { authenticateSessionToken } from './sessions.service.js';

export const SESSION_COOKIE = 'comptoir_session';
export const CSRF_COOKIE = 'comptoir_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export type TRequestAuth = { sessionId: string; customer: TSignedInCustomer; via: 'bearer' | 'cookie' };

declare module 'fastify' {
  interface FastifyRequest {
    auth: TRequestAuth | null;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Derived from the session token, so it needs no storage and dies with the session. */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');
}

function readToken(request: FastifyRequest): { token: string; via: 'bearer' | 'cookie' } | null {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) {
    return { token: header.slice('Bearer '.length).trim(), via: 'bearer' };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

/**
 * A preHandler that requires a signed-in customer. Cookie-borne requests that change state
 * must also echo the CSRF token (a Bearer header cannot be forged cross-site, a cookie can).
 */
export function requireCustomer(ctx: Pick<TAppContext, 'db' | 'config' | 'sessionCache'>) {
  return async (request: FastifyRequest): Promise<void> => {
    const presented = readToken(request);
    if (!presented) throw commonErrors.unauthenticated();
    if (presented.via === 'cookie' && UNSAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !constantTimeEqual(sent, csrfTokenFor(presented.token))) {
        throw commonErrors.csrfFailed();
      }
    }
    const authenticated = await authenticateSessionToken(ctx, presented.token);
    if (!authenticated) throw commonErrors.unauthenticated();
    request.auth = { sessionId: authenticated.sessionId, customer: authenticated.customer, via: presented.via };
  };
}

/** The OpenAPI security of routes a customer's session guards. */
export const customerSessionSecurity = [{ session: [] }];

/**
 * Guards every route of a plugin with the customer's session (`hook`: the stage it runs at) and
 * declares the `session` scheme on each of them in /openapi.json, unless a route says otherwise:
 * one call, so the document cannot forget a guarded route.
 */
export function guardWithCustomerSession(
  app: FastifyInstance,
  ctx: Pick<TAppContext, 'db' | 'config' | 'sessionCache'>,
  hook: 'preHandler' | 'preValidation' = 'preHandler',
): void {
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, security: route.schema?.security ?? customerSessionSecurity };
  });
  app.addHook(hook, requireCustomer(ctx));
}

/** The signed-in customer of a route guarded by requireCustomer. */
export function signedInCustomer(request: FastifyRequest): TRequestAuth {
  if (!request.auth) throw commonErrors.unauthenticated();
  return request.auth;
}

export function setSessionCookies(
  ctx: Pick<TAppContext, 'config'>,
  reply: FastifyReply,
  session: { token: string },
): string {
  const secure = ctx.config.env === 'production' || ctx.config.publicUrl.startsWith('https:');
  const maxAge = ctx.config.session.absoluteSeconds;
  const csrfToken = csrfTokenFor(session.token);
  reply.setCookie(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge });
  // Readable by the portal's script, which echoes it in X-CSRF-Token.
  reply.setCookie(CSRF_COOKIE, csrfToken, { httpOnly: false, sameSite: 'lax', secure, path: '/', maxAge });
  return csrfToken;
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
