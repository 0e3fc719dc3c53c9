import type { FastifyInstance } from 'fastify';
import { commonErrors, type TFieldError } from '../errors/app-error.js';

/**
 * PostgreSQL text cannot hold U+0000, so a NUL anywhere in a request would surface as a 500
 * deep in a query. Refused up front instead: in the body or query as a named invalid field,
 * in the path as the "not found" it is. Values nested too deep are refused by the same walk.
 */
export function registerNulCharacterGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (inspectValues(request.params, '').nul.length > 0) throw commonErrors.notFound();
    const query = inspectValues(request.query, 'query.');
    const body = inspectValues(request.body, '');
    const errors: TFieldError[] = [
      ...[...query.nul, ...body.nul].map((path) => ({ path: path || 'body', code: 'invalid_characters', message: 'Must not contain NUL characters.' })),
      ...[...query.tooDeep, ...body.tooDeep].map((path) => ({ path: path || 'body', code: 'too_deep', message: `Must not be nested more than ${MAX_DEPTH} levels deep.` })),
    ];
    if (errors.length > 0) throw commonErrors.validationFailed(errors);
  });
}

/**
 * No request of this API nests beyond a handful of levels. A body nested thousands deep (JSON
 * parses it fine) would overflow the stack of any recursive walk, this one's or the
 * validator's, and answer 500: it is refused here, where the walk is a loop.
 */
const MAX_DEPTH = 32;

/** The paths of strings holding a NUL, and of values nested too deep (not looked into further). */
function inspectValues(root: unknown, rootPrefix: string): { nul: string[]; tooDeep: string[] } {
  const nul: string[] = [];
  const tooDeep: string[] = [];
  const pending: { value: unknown; prefix: string; depth: number }[] = [{ value: root, prefix: rootPrefix, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, prefix, depth } = next;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) nul.push(prefix.replace(/\.$/, ''));
      // An upload's bytes (a Buffer) are data, not fields: looking into them would visit every byte.
    } else if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
      if (depth >= MAX_DEPTH) {
        tooDeep.push(prefix.replace(/\.$/, ''));
        continue;
      }
      const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
      for (const [key, item] of entries.reverse()) pending.push({ value: item, prefix: `${prefix}${key}.`, depth: depth + 1 });
    }
  }
  return { nul, tooDeep };
}
