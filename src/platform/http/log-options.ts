import type { FastifyServerOptions } from 'fastify';

/**
 * The request log: method, path and request id only. Query strings may hold reset,
 * verification or unsubscribe tokens; cookies and the Authorization header hold sessions and
 * API keys; no header is logged at all, so neither is an address or a user agent.
 */
export function loggerOptions(level: string, stream?: { write(line: string): void }): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: {
      req: (request: { method: string; url: string; id: string }) => ({
        id: request.id,
        method: request.method,
        url: request.url.split('?')[0],
      }),
    },
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
  };
}
