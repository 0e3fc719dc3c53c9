import type { FastifyRequest } from 'fastify';
import type { TRequestMeta } from '../../context.js';

/** French unless the client prefers English (the shop's first language is French). */
export function preferredLocale(request: FastifyRequest): 'fr' | 'en' {
  const header = request.headers['accept-language'];
  if (typeof header !== 'string') return 'fr';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'fr';
}

export function requestMeta(request: FastifyRequest): TRequestMeta {
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent : null,
    locale: preferredLocale(request),
    market: request.market,
  };
}
