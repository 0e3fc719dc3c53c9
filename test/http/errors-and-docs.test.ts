import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerVerifiedCustomer } from '../support/factories.js';
import { apiClient, createTestApp, STRONG_PASSWORD, uniqueEmail, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type TResponse = { status: number; headers: Record<string, unknown>; body: unknown };

function expectProblem(response: TResponse, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String) });
  expectNoInternals(response);
}

/** Stack frames ("    at fn (file:line)"), dependency paths and a `stack` field must never reach a client. */
function expectNoInternals(response: TResponse) {
  const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  expect(text).not.toMatch(/\bat .+:\d+:\d+/);
  expect(text).not.toMatch(/\\n\s+at |\n\s+at /);
  expect(text).not.toContain('node_modules');
  expect(text).not.toContain('/src/');
  expect(text).not.toMatch(/"stack"/);
}

describe('error responses', () => {
  it('POST /api/auth/login: malformed JSON is 400 invalid_json problem+json', async () => {
    const response = await apiClient(t.app).post('/api/auth/login', '{"email": "a@example.fr", "password":', {
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(response, 400, 'invalid_json');
  });

  it('POST /api/auth/login: a text/plain body is 415 unsupported_media_type', async () => {
    const response = await apiClient(t.app).post('/api/auth/login', 'email=a@example.fr&password=x', {
      headers: { 'content-type': 'text/plain' },
    });
    expectProblem(response, 415, 'unsupported_media_type');
  });

  it('POST /api/auth/register: a form-encoded body is 415 unsupported_media_type', async () => {
    const response = await apiClient(t.app).post('/api/auth/register', 'email=a%40example.fr', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(response, 415, 'unsupported_media_type');
  });

  it('POST /api/auth/register: a body over 1 MB is 413 payload_too_large', async () => {
    const response = await apiClient(t.app).post('/api/auth/register', {
      email: 'big@example.fr',
      firstName: 'x'.repeat(1024 * 1024 + 10),
      lastName: 'B',
    });
    expectProblem(response, 413, 'payload_too_large');
  });

  it('GET /api/nope: an unknown API path is 404 not_found problem+json, never an HTML page', async () => {
    const client = apiClient(t.app);
    expectProblem(await client.get('/api/nope'), 404, 'not_found');
    expectProblem(await client.get('/api/nope/deeper?x=1', { headers: { accept: 'text/html' } }), 404, 'not_found');
    expectProblem(await client.post('/api/nope', { a: 1 }), 404, 'not_found');
    expectProblem(await client.delete('/api/auth/register'), 404, 'not_found');
  });

  it('POST /api/auth/register: a NUL character in a name is 400 validation_failed, not 500 internal_error', async () => {
    const response = await apiClient(t.app).post('/api/auth/register', {
      email: uniqueEmail('nul'),
      password: STRONG_PASSWORD,
      firstName: 'Ca\u0000mille',
      lastName: 'Durand',
    });
    expectProblem(response, 400, 'validation_failed');
    expect(response.body).toMatchObject({ errors: [expect.objectContaining({ path: 'firstName' })] });
  });

  it('DELETE /api/me/sessions/:id: an id holding a NUL character is 404 not_found, not 500 internal_error', async () => {
    const customer = await registerVerifiedCustomer(t);
    const response = await customer.client.delete('/api/me/sessions/ses_a%00b', { token: customer.token });
    expectProblem(response, 404, 'not_found');
    expect((await customer.client.get('/api/me', { token: customer.token })).status).toBe(200);
  });

  it('no error response carries a stack trace or a file path', async () => {
    const client = apiClient(t.app);
    const responses: TResponse[] = [
      await client.post('/api/auth/login', '{bad json', { headers: { 'content-type': 'application/json' } }),
      await client.post('/api/auth/login', '', { headers: { 'content-type': 'application/json' } }),
      await client.post('/api/auth/login', 'x', { headers: { 'content-type': 'text/plain' } }),
      await client.post('/api/auth/login', { email: 'not-an-address', password: '' }),
      await client.post('/api/auth/verify-email', { token: 'D'.repeat(43) }),
      await client.get('/api/me', { token: 'E'.repeat(43) }),
      await client.get('/api/me/emails?limit=abc', { token: 'E'.repeat(43) }),
      await client.get('/api/does-not-exist'),
      await client.post('/api/auth/login', { email: ['a'], password: { $gt: '' } }),
    ];
    for (const response of responses) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
      expectNoInternals(response);
    }
  });
});

describe('GET /openapi.json', () => {
  const signInPaths: [path: string, method: 'get' | 'post' | 'delete', bodyFields: string[]][] = [
    ['/api/auth/register', 'post', ['email', 'password', 'firstName', 'lastName', 'accountType', 'locale', 'marketingEmail', 'company']],
    ['/api/auth/verify-email', 'post', ['token']],
    ['/api/auth/login', 'post', ['email', 'password']],
    ['/api/auth/login-code', 'post', ['email']],
    ['/api/auth/login-code/verify', 'post', ['email', 'code']],
    ['/api/auth/password-reset', 'post', ['email']],
    ['/api/auth/password-reset/confirm', 'post', ['token', 'password']],
    ['/api/auth/logout', 'post', []],
    ['/api/me', 'get', []],
    ['/api/me/sessions', 'get', []],
    ['/api/me/sessions', 'delete', []],
    ['/api/me/sessions/{id}', 'delete', []],
    ['/api/me/emails', 'get', []],
  ];

  type TOperation = {
    requestBody?: { content: Record<string, { schema: { properties?: Record<string, { enum?: string[] }>; required?: string[] } }> };
    parameters?: { name: string; in: string }[];
    responses: Record<string, unknown>;
  };
  type TOpenApi = { openapi: string; info: { title: string }; paths: Record<string, Record<string, TOperation>> };

  it('GET /openapi.json: is an OpenAPI 3.1 document of every sign-in path of API.md, with request body schemas', async () => {
    const response = await apiClient(t.app).get('/openapi.json');
    expect(response.status).toBe(200);
    expect(String(response.headers['content-type'])).toMatch(/^application\/json/);
    const doc = response.body as TOpenApi;
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.title).toBeTruthy();

    for (const [path, method, bodyFields] of signInPaths) {
      const operation = doc.paths[path]?.[method];
      expect(operation, `${method.toUpperCase()} ${path} is documented`).toBeDefined();
      expect(Object.keys(operation!.responses).length, `${method.toUpperCase()} ${path} documents its answers`).toBeGreaterThan(0);
      if (bodyFields.length === 0) continue;
      const schema = operation!.requestBody?.content['application/json']?.schema;
      expect(schema, `${method.toUpperCase()} ${path} documents its body`).toBeDefined();
      expect(Object.keys(schema!.properties ?? {}).sort()).toEqual([...bodyFields].sort());
    }

    const register = doc.paths['/api/auth/register']!.post!.requestBody!.content['application/json']!.schema;
    expect(register.properties!.accountType!.enum!.slice().sort()).toEqual(['association', 'company', 'individual', 'professional', 'public_body']);
    expect(register.required?.slice().sort()).toEqual(['email', 'firstName', 'lastName']);
    expect(doc.paths['/api/me/sessions/{id}']!.delete!.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path' })]),
    );
    expect(doc.paths['/api/me/emails']!.get!.parameters?.map((parameter) => parameter.name).sort()).toEqual(['cursor', 'limit']);
  });

  it('GET /docs: answers the reference page as HTML', async () => {
    const client = apiClient(t.app);
    let response = await client.get('/docs');
    for (let hops = 0; hops < 3 && response.status >= 300 && response.status < 400; hops += 1) {
      const location = String(response.headers.location);
      response = await client.get(new URL(location, 'http://comptoir.test/docs').pathname);
    }
    expect(response.status).toBe(200);
    expect(String(response.headers['content-type'])).toMatch(/^text\/html/);
    expect(String(response.body)).toMatch(/<html/i);
  });
});

describe('security headers', () => {
  it('API responses carry nosniff, no-referrer and no-store, errors included', async () => {
    const customer = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const responses: TResponse[] = [
      await client.get('/api/me', { token: customer.token }),
      await client.get('/api/me/sessions', { token: customer.token }),
      await client.get('/api/me'),
      await client.get('/api/nope'),
      await client.post('/api/auth/login', { email: customer.email, password: customer.password }),
      await client.post('/api/auth/login', '{', { headers: { 'content-type': 'application/json' } }),
    ];
    for (const response of responses) {
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['cache-control']).toBe('no-store');
    }
  });

  it('non-API responses carry nosniff and no-referrer too', async () => {
    const client = apiClient(t.app);
    for (const url of ['/healthz', '/openapi.json']) {
      const response = await client.get(url);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
  });
});
