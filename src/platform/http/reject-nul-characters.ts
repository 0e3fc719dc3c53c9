import type { FastifyInstance } from 'fastify';
import { commonErrors, type TFieldError } from '../errors/app-error.js';

/**
 * PostgreSQL text cannot hold U+0000, so a NUL anywhere in a request would surface as a 500
 * deep in a query. Refused up front instead: in the body or query as a named invalid field,
 * in the path as the "not found" it is.
 */
export function registerNulCharacterGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (findNulPaths(request.params, '').length > 0) throw commonErrors.notFound();
    const errors: TFieldError[] = [
      ...findNulPaths(request.query, 'query.'),
      ...findNulPaths(request.body, ''),
    ].map((path) => ({ path: path || 'body', code: 'invalid_characters', message: 'Must not contain NUL characters.' }));
    if (errors.length > 0) throw commonErrors.validationFailed(errors);
  });
}

function findNulPaths(value: unknown, prefix: string): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [prefix.replace(/\.$/, '')] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => findNulPaths(item, `${prefix}${index}.`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => findNulPaths(item, `${prefix}${key}.`));
  }
  return [];
}
