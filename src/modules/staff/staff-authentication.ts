import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TAppContext } from '../../context.js';
import { constantTimeEqual } from '../../platform/crypto/tokens.js';
import { AppError, commonErrors } from '../../platform/errors/app-error.js';
import { staffCan, type TStaffPermission } from './staff-permissions.js';
import { staffErrors } from './staff.errors.js';
import { authenticateStaffToken, pendingSecondFactor, STAFF_SESSION_ABSOLUTE_SECONDS, type TStaffPrincipal } from './staff-sessions.service.js';

/** Not the customers' cookies: a customer session never opens the back office, and back. */
export const STAFF_SESSION_COOKIE = 'comptoir_staff_session';
export const STAFF_CSRF_COOKIE = 'comptoir_staff_csrf';
const CSRF_HEADER = 'x-csrf-token';
/** The session cookie goes only to the staff API; the CSRF cookie must be readable by /admin pages. */
const SESSION_COOKIE_PATH = '/api/staff';

declare module 'fastify' {
  interface FastifyRequest {
    staffAuth: TStaffPrincipal | null;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Derived from the token like the customers' one, with another label: the two never match. */
export function staffCsrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`staff-csrf:${sessionToken}`).digest('base64url');
}

function readStaffToken(request: FastifyRequest): { token: string; via: 'bearer' | 'cookie' } | null {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return { token: header.slice('Bearer '.length).trim(), via: 'bearer' };
  const cookie = request.cookies[STAFF_SESSION_COOKIE];
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

function checkCsrf(request: FastifyRequest, presented: { token: string; via: 'bearer' | 'cookie' }): void {
  if (presented.via !== 'cookie' || !UNSAFE_METHODS.has(request.method)) return;
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !constantTimeEqual(sent, staffCsrfTokenFor(presented.token))) {
    throw new AppError('csrf_failed', 403, 'The request did not carry a valid CSRF token.', {
      detail: `Send the value of the ${STAFF_CSRF_COOKIE} cookie in the X-CSRF-Token header.`,
    });
  }
}

/**
 * A preHandler requiring a staff session. Unless `allowPending` (the second-factor routes,
 * /me and sign-out), a session whose second factor is still due is refused with 403.
 */
export function requireStaff(ctx: Pick<TAppContext, 'db'>, options: { allowPending?: boolean } = {}) {
  return async (request: FastifyRequest): Promise<void> => {
    const presented = readStaffToken(request);
    if (!presented) throw commonErrors.unauthenticated();
    checkCsrf(request, presented);
    const principal = await authenticateStaffToken(ctx.db, presented.token);
    if (!principal) throw commonErrors.unauthenticated();
    request.staffAuth = principal;
    const pending = pendingSecondFactor(principal);
    if (pending && !options.allowPending) throw staffErrors.secondFactorRequired(pending);
  };
}

/** After requireStaff: 403 unless the caller's role holds one of the permissions. */
export function requireStaffPermission(...permissions: TStaffPermission[]) {
  return async (request: FastifyRequest): Promise<void> => {
    const principal = signedInStaff(request);
    if (!permissions.some((permission) => staffCan(principal.staff.role, permission))) throw commonErrors.forbidden();
  };
}

export function signedInStaff(request: FastifyRequest): TStaffPrincipal {
  if (!request.staffAuth) throw commonErrors.unauthenticated();
  return request.staffAuth;
}

export function setStaffCookies(ctx: Pick<TAppContext, 'config'>, reply: FastifyReply, token: string): string {
  const secure = ctx.config.env === 'production' || ctx.config.publicUrl.startsWith('https:');
  const maxAge = STAFF_SESSION_ABSOLUTE_SECONDS;
  const csrfToken = staffCsrfTokenFor(token);
  // Strict: nothing in the back office is reached by following a link from another site.
  reply.setCookie(STAFF_SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: SESSION_COOKIE_PATH, maxAge });
  reply.setCookie(STAFF_CSRF_COOKIE, csrfToken, { httpOnly: false, sameSite: 'strict', secure, path: '/', maxAge });
  return csrfToken;
}

export function clearStaffCookies(reply: FastifyReply): void {
  reply.clearCookie(STAFF_SESSION_COOKIE, { path: SESSION_COOKIE_PATH });
  reply.clearCookie(STAFF_CSRF_COOKIE, { path: '/' });
}
