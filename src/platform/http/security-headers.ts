import type { FastifyInstance } from 'fastify';

/** Pages are same-origin only; the reference page at /docs brings its own inline script. */
const PORTAL_CSP = [
  "default-src 'self'",
  "img-src 'self' data: https:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    // Reset and verification links carry tokens in the URL: never leak them as a Referer.
    reply.header('referrer-policy', 'no-referrer');
    if (!request.url.startsWith('/docs') && !request.url.startsWith('/dev/')) {
      reply.header('x-frame-options', 'DENY');
      const type = String(reply.getHeader('content-type') ?? '');
      if (type.startsWith('text/html')) reply.header('content-security-policy', PORTAL_CSP);
    }
    // A route may say more (`private, no-store` on a PDF), never less than no-store.
    if (request.url.startsWith('/api/') && !String(reply.getHeader('cache-control') ?? '').includes('no-store')) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}
