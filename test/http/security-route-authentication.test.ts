import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestApp, newIp, type TTestApp } from '../support/test-app.js';
import { registerVerifiedCustomer } from '../support/factories.js';

// ASVS 5.0 8.2.1 and 8.3.1: every route /openapi.json says needs a session, a staff session or
// an API key refuses a request without one, and refuses the other kinds of credential, on the
// server. Read from the route table, so a route added later is checked without a new test.
type TOperation = { security?: Record<string, string[]>[] };
let t: TTestApp;
let operations: { method: string; path: string; scheme: string }[];
let customerToken: string;

beforeAll(async () => {
  t = await createTestApp();
  const spec = (await apiClient(t.app).get('/openapi.json')).body as { paths: Record<string, Record<string, TOperation>> };
  operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        scheme: SIGNED_OUT.has(path) ? 'none' : (Object.keys(operation.security?.[0] ?? {})[0] ?? schemeByPath(path)),
      })),
  );
  customerToken = (await registerVerifiedCustomer(t)).token;
});
afterAll(async () => {
  await t.close();
});

/** Signed-out routes under the guarded prefixes: signing in, first set-up, signing out (204 either way). */
const SIGNED_OUT = new Set(['/api/staff/auth/login', '/api/staff/setup', '/api/staff/auth/logout']);

/**
 * Older customer routes do not declare `session` in /openapi.json (docs/SECURITY.md, known
 * gaps), so the prefix says which credential a route needs.
 */
function schemeByPath(path: string): string {
  if (SIGNED_OUT.has(path)) return 'none';
  if (/^\/api\/(me|companies)(\/|$)/.test(path)) return 'session';
  if (path.startsWith('/api/staff/')) return 'staffSession';
  if (path.startsWith('/api/integration/')) return 'apiKey';
  return 'none';
}

/** Path parameters filled with well-formed ids that exist nowhere. */
function concrete(path: string): string {
  return path.replace(/\{[^}]+\}/g, 'x_00000000000000000000');
}

const GUARDED = new Set(['session', 'staffSession', 'apiKey']);

/**
 * Refused before the handler: 401, or — Fastify validates a body before the preHandler that
 * authenticates — 400 validation_failed for the empty body, which tells only what
 * /openapi.json publishes.
 */
function refused(answer: { statusCode: number; json(): unknown }): boolean {
  if (answer.statusCode === 401) return true;
  return answer.statusCode === 400 && (answer.json() as { code?: string }).code === 'validation_failed';
}

async function call(method: string, path: string, token?: string) {
  return t.app.inject({
    method: method as 'GET',
    url: concrete(path),
    // A new address each time: wrong keys are counted per IP (429 after 30).
    headers: { 'x-forwarded-for': newIp(), ...(token ? { authorization: `Bearer ${token}` } : {}), ...(method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' }) },
    ...(method === 'GET' || method === 'DELETE' ? {} : { payload: '{}' }),
  });
}

describe('every guarded route', () => {
  it('names a security scheme, and the three schemes are each used', () => {
    const schemes = new Set(operations.map((operation) => operation.scheme));
    for (const scheme of ['session', 'staffSession', 'apiKey']) expect(schemes).toContain(scheme);
    expect(operations.filter((operation) => GUARDED.has(operation.scheme)).length).toBeGreaterThan(150);
    // A route under /api/integration that does not say apiKey would be documented wrongly.
    const undeclared = operations.filter((operation) => operation.path.startsWith('/api/integration/') && operation.scheme !== 'apiKey');
    expect(undeclared).toEqual([]);
  });

  it('refuses a request without credentials before its handler runs', async () => {
    const leaks: string[] = [];
    for (const operation of operations.filter((candidate) => GUARDED.has(candidate.scheme))) {
      const answer = await call(operation.method, operation.path);
      if (!refused(answer)) leaks.push(`${operation.method} ${operation.path} → ${answer.statusCode}`);
    }
    expect(leaks).toEqual([]);
  });

  it('refuses a customer session on staff and store routes before their handler runs', async () => {
    const leaks: string[] = [];
    for (const operation of operations.filter((candidate) => candidate.scheme === 'staffSession' || candidate.scheme === 'apiKey')) {
      const answer = await call(operation.method, operation.path, customerToken);
      if (!refused(answer)) leaks.push(`${operation.method} ${operation.path} → ${answer.statusCode}`);
    }
    expect(leaks).toEqual([]);
  });
});
