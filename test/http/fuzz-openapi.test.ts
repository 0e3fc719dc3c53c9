import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.js';
import { apiKeyResources, type TApiKeyScope } from '../../src/modules/integration/api-key-scopes.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { newApiKey } from '../support/integration.js';
import {
  arbitraryFor,
  everyLeaf,
  hostileHeaders,
  hostilePathValue,
  hostileQueryValue,
  mutatedBodyFor,
  nested,
  type TJsonSchema,
} from '../support/openapi-arbitraries.js';
import { createTestApp, newIp, type TTestApp } from '../support/test-app.js';
import { inviteStaffMember, setUpFirstOwner, type TStaff } from './staff-fixtures.js';

/**
 * Bad input on every route: each operation /openapi.json lists (read at run time, so routes
 * added later are fuzzed too) gets a fixed set of hostile requests and FUZZ_RUNS bodies,
 * queries and path values generated from its schemas. Whatever it is sent, it answers below
 * 500; every refusal is a problem document; and a refused write leaves the database as it was.
 * FUZZ_SECONDS keeps generating for that long after the fixed pass (a longer run than CI's).
 */
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 2);
const FUZZ_SECONDS = Number(process.env.FUZZ_SECONDS ?? 0);
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

/**
 * Tables a refusal may write to, on purpose: counting the refused (rate limits, failed sign-ins
 * and their security events), auditing what staff looked at or tried, and the idempotency
 * record of a refused store write (kept so that a retry with the same key gets the same answer).
 */
const WRITTEN_BY_REFUSALS: Record<string, string> = {
  rate_limit_counters: 'every refusal of a rate-limited route still counts against the caller',
  security_events: 'a failed sign-in, code or proof is recorded for the account’s security log',
  staff_audit_events: 'staff searches, views and refused actions are audited',
  idempotency_keys: 'a store write’s answer, refusals included, is kept for its Idempotency-Key',
  sign_in_failures: 'a wrong password or code counts a failure for the throttle',
};

type TScheme = 'session' | 'staffSession' | 'apiKey' | 'applePass' | 'none';
type TOperation = {
  method: string;
  path: string;
  scheme: TScheme;
  pathParams: string[];
  queryParams: { name: string; schema: TJsonSchema }[];
  bodyTypes: string[];
  jsonSchema?: TJsonSchema;
};
type TCase = {
  label: string;
  pathValues?: Record<string, string>;
  query?: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
  contentType?: string | null;
  expectStatus?: number;
  /** No route may take it (not JSON, not the declared type, too big, too deep, not an object): checked as one batch. */
  garbage?: boolean;
};

let t: TTestApp;
let customer: { token: string; customerId: string; email: string; password: string };
let owner: TStaff;
let reserveOwner: TStaff;
let storeKey: string;
const ids: Record<string, string> = {};
const allScopes = apiKeyResources.flatMap((resource) => [`${resource}:read`, `${resource}:write`]) as TApiKeyScope[];

beforeAll(async () => {
  t = await createTestApp();
  owner = await setUpFirstOwner(t);
  reserveOwner = await inviteStaffMember(t, owner, 'owner');
  storeKey = await newApiKey(t, allScopes, 'fuzz till');
  ids.staffId = owner.id;
  ids.marketId = DEFAULT_MARKET_ID;
  await setUpCustomer();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** The customer and the rows of theirs whose ids fill path parameters of the same name. */
async function setUpCustomer() {
  const registered = await registerVerifiedCustomer(t);
  customer = { token: registered.token, customerId: registered.customerId, email: registered.email, password: registered.password };
  const auth = { authorization: `Bearer ${customer.token}`, 'x-forwarded-for': newIp() };
  const post = async (url: string, payload: object) => {
    const response = await t.app.inject({ method: 'POST', url, payload, headers: auth });
    if (response.statusCode >= 300) throw new Error(`${url} answered ${response.statusCode}: ${response.body}`);
    return response.json() as Record<string, unknown> & { id: string };
  };
  ids.customerId = customer.customerId;
  const company = await post('/api/companies', { name: 'Atelier Fuzz', kind: 'company', country: 'FR' });
  ids.companyId = company.id;
  const address = await post('/api/me/addresses', { kind: 'delivery', firstName: 'Camille', lastName: 'Durand', line1: '3 rue des Lilas', postalCode: '75011', city: 'Paris', country: 'FR' });
  ids.addressId = address.id;
  ids.id = address.id;
  ids.wishlistId = (await post('/api/me/wishlists', { name: 'Atelier' })).id;
  const registry = await post('/api/me/registries', { kind: 'birth', title: 'Pour Jeanne', ownerNames: 'Léa et Hugo' });
  ids.registryId = registry.id;
  ids.code = String(registry.code);
  ids.itemId = (await post(`/api/me/registries/${registry.id}/items`, { productId: 'p-1', name: 'Hochet', wantedQuantity: 3 })).id;
  const location = rowsOf<{ id: string }>(await t.ctx.db.execute(sql`select id from company_locations where company_id = ${company.id} limit 1`))[0];
  if (location) ids.locationId = location.id;
}

/** Fixtures a request may legitimately end (a logout, revoking every session): made again before the next operation. */
async function restoreCredentials() {
  const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${customer.token}`, 'x-forwarded-for': newIp() } });
  if (me.statusCode !== 200) await setUpCustomer();
  const staffMe = await t.app.inject({ method: 'GET', url: '/api/staff/me', headers: { authorization: `Bearer ${owner.token}`, 'x-forwarded-for': newIp() } });
  // A new owner rather than a new sign-in: the fuzzing has used up this one's second-factor attempts.
  if (staffMe.statusCode !== 200) {
    owner = await inviteStaffMember(t, reserveOwner, 'owner');
    ids.staffId = owner.id;
  }
  const store = await t.app.inject({ method: 'GET', url: '/api/integration/webhooks', headers: { authorization: `Bearer ${storeKey}`, 'x-forwarded-for': newIp() } });
  if (store.statusCode !== 200) storeKey = await newApiKey(t, allScopes, 'fuzz till');
}

/** The credential of an operation's scheme; routes that declare none get the customer's session (their handlers decide). */
function credentialFor(operation: TOperation): Record<string, string> {
  switch (operation.scheme) {
    case 'staffSession':
      return { authorization: `Bearer ${owner.token}` };
    case 'apiKey':
      return { authorization: `Bearer ${storeKey}` };
    case 'applePass':
      return { authorization: `ApplePass ${randomBytes(16).toString('hex')}` };
    default:
      return { authorization: `Bearer ${customer.token}` };
  }
}

function operationsOf(document: { paths: Record<string, Record<string, Record<string, unknown>>> }): TOperation[] {
  const operations: TOperation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const security = (operation.security as Record<string, unknown>[] | undefined) ?? [];
      const parameters = (operation.parameters as { in: string; name: string; schema: TJsonSchema }[] | undefined) ?? [];
      const content = ((operation.requestBody as { content?: Record<string, { schema?: TJsonSchema }> } | undefined)?.content) ?? {};
      operations.push({
        method: method.toUpperCase(),
        path,
        scheme: (Object.keys(security[0] ?? {})[0] as TScheme | undefined) ?? 'none',
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!),
        queryParams: parameters.filter((parameter) => parameter.in === 'query').map(({ name, schema }) => ({ name, schema })),
        bodyTypes: Object.keys(content),
        jsonSchema: content['application/json']?.schema,
      });
    }
  }
  return operations;
}

const sample = <T,>(arbitrary: fc.Arbitrary<T>, seed: number): T => fc.sample(arbitrary, { numRuns: 1, seed })[0]!;

/** The fixed hostile set for one operation, then `runs` generated cases. */
function casesFor(operation: TOperation, runs: number, seed: number): TCase[] {
  const cases: TCase[] = [];
  const real = Object.fromEntries(operation.pathParams.map((name) => [name, ids[name] ?? `x${randomBytes(6).toString('hex')}`]));
  const hasJson = operation.bodyTypes.includes('application/json');
  const rawOnly = operation.bodyTypes.length > 0 && !hasJson;
  const base = hasJson ? sample(arbitraryFor(operation.jsonSchema), seed) : undefined;
  const json = (label: string, value: unknown, garbage = false): TCase => ({ label, garbage, pathValues: real, payload: JSON.stringify(value), contentType: 'application/json' });

  cases.push({ label: 'no body, hostile headers', pathValues: real, headers: sample(hostileHeaders, seed) });
  if (operation.pathParams.length) cases.push({ label: 'hostile path values', pathValues: Object.fromEntries(operation.pathParams.map((name, i) => [name, sample(hostilePathValue, seed + i)])) });
  if (operation.queryParams.length) {
    const generated = operation.queryParams.map(({ name }, i) => `${encodeURIComponent(name)}=${encodeAny(sample(hostileQueryValue, seed + i))}`);
    const repeated = operation.queryParams.map(({ name }) => `${name}=1&${name}=2&${name}[]=x&${name}[a]=b`);
    cases.push({ label: 'hostile query', pathValues: real, query: generated.join('&') }, { label: 'repeated query keys', pathValues: real, query: repeated.join('&') });
  }
  if (hasJson) {
    cases.push(
      { label: 'invalid JSON', garbage: true, pathValues: real, payload: '{"a": [1, 2', contentType: 'application/json' },
      { label: 'JSON without a body', garbage: true, pathValues: real, payload: '', contentType: 'application/json' },
      { label: 'text/plain', garbage: true, pathValues: real, payload: JSON.stringify(base), contentType: 'text/plain', expectStatus: 415 },
      // Not expected to be 415 everywhere: one-click unsubscribe (RFC 8058) takes the form mail providers post.
      { label: 'form-urlencoded', pathValues: real, payload: 'email=a%40b.fr&name=x', contentType: 'application/x-www-form-urlencoded' },
      { label: 'no content type', garbage: true, pathValues: real, payload: JSON.stringify(base), contentType: null },
      // Over the 1 MB of JSON routes (a route with a larger limit may read it and refuse it otherwise).
      { label: 'body over the limit', garbage: true, pathValues: real, payload: `{"a":"${'x'.repeat(1100 * 1024)}"}`, contentType: 'application/json' },
      json('wrong top-level type (array)', [base], true),
      json('wrong top-level type (string)', 'body', true),
      json('null body', null),
      // Written as text: JSON.stringify itself recurses too deep for 10,000 levels.
      { label: 'deep nesting', garbage: true, pathValues: real, payload: `{"nested":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, contentType: 'application/json' },
      json('nested values', { ...(typeof base === 'object' ? base : {}), nested: nested(2_000) }, true),
      json('huge numbers everywhere', everyLeaf(base, (leaf) => (typeof leaf === 'number' ? 1e308 : typeof leaf === 'boolean' ? 'NaN' : leaf))),
      json('100 KB strings everywhere', everyLeaf(base, (leaf) => (typeof leaf === 'string' ? 'é'.repeat(100_000) : leaf))),
      json('unicode edge cases everywhere', everyLeaf(base, (leaf) => (typeof leaf === 'string' ? `\ud800${leaf}\u0000\u202e👩‍👩‍👧\ufeff` : leaf))),
      json('wrong types everywhere', everyLeaf(base, (leaf) => (typeof leaf === 'string' ? 12 : typeof leaf === 'number' ? '12' : typeof leaf === 'boolean' ? 1 : leaf))),
      {
        label: 'prototype keys',
        pathValues: real,
        payload: JSON.stringify(base ?? {}).replace(/^\{/, '{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}},'),
        contentType: 'application/json',
      },
    );
    if (base && typeof base === 'object' && !Array.isArray(base) && Object.keys(base).length) {
      const key = Object.keys(base)[0]!;
      cases.push({ label: 'duplicate keys', pathValues: real, payload: JSON.stringify(base).replace(/^\{/, `{${JSON.stringify(key)}:{"duplicate":true},`), contentType: 'application/json' });
    }
  }
  if (rawOnly) {
    // Uploads take their declared types only: anything else is 415 before a byte is read as data.
    cases.push(
      { label: 'upload as text/plain', garbage: true, pathValues: real, payload: 'not a picture', contentType: 'text/plain', expectStatus: 415 },
      { label: 'upload as JSON', garbage: true, pathValues: real, payload: '{"a":1}', contentType: 'application/json', expectStatus: 415 },
      { label: 'random bytes as declared type', pathValues: real, payload: randomBytes(512), contentType: operation.bodyTypes[0]! },
    );
  }
  for (let run = 0; run < runs; run += 1) {
    const runSeed = seed + 1000 * (run + 1);
    const pathValues = run % 2 === 0 ? real : Object.fromEntries(operation.pathParams.map((name, i) => [name, sample(hostilePathValue, runSeed + i)]));
    const query = operation.queryParams
      .map(({ name, schema }, i) => {
        const value = sample(fc.oneof(arbitraryFor(schema), hostileQueryValue), runSeed + i);
        return value === undefined ? '' : `${encodeURIComponent(name)}=${encodeAny(typeof value === 'string' ? value : JSON.stringify(value))}`;
      })
      .filter(Boolean)
      .join('&');
    cases.push({
      label: `generated #${run + 1}`,
      pathValues,
      query,
      headers: run % 2 === 1 ? sample(hostileHeaders, runSeed) : {},
      ...(hasJson ? { payload: JSON.stringify(sample(mutatedBodyFor(operation.jsonSchema), runSeed)), contentType: 'application/json' } : {}),
    });
  }
  return cases;
}

/** Percent-encoding that also sends lone surrogates, as their (invalid) UTF-8 bytes: a client may. */
function encodeAny(text: string): string {
  return text
    .split(/([\ud800-\udfff])/)
    .map((part) => (/^[\ud800-\udfff]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');
}

function urlOf(operation: TOperation, testCase: TCase): string {
  const values = testCase.pathValues ?? {};
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeAny(values[name] ?? 'x').replace(/%2E/gi, '.'));
  return testCase.query ? `${path}?${testCase.query}` : path;
}

async function send(operation: TOperation, testCase: TCase): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { 'x-forwarded-for': newIp(), ...credentialFor(operation), ...testCase.headers };
  if (testCase.contentType) headers['content-type'] = testCase.contentType;
  return t.app.inject({
    method: operation.method as 'GET',
    url: urlOf(operation, testCase),
    headers,
    ...(testCase.payload === undefined ? {} : { payload: testCase.payload }),
  });
}

/** Tables a successful or refused request may touch in passing (last-seen times, counters), compared by count only. */
const COUNTED_ONLY = new Set(['sessions', 'staff_sessions', 'api_keys', 'customers', 'staff_users', 'markets', 'outbound_emails', 'webhook_events', 'webhook_deliveries', 'oidc_payloads']);

/** Row counts and a digest of the rows of every table but those a refusal may write to. */
async function fingerprintTables(): Promise<{ hashed: string[]; counted: string[] }> {
  const result = await t.ctx.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`);
  const names = rowsOf<{ table_name: string }>(result).map((row) => row.table_name).filter((name) => !(name in WRITTEN_BY_REFUSALS) && !name.startsWith('__'));
  return { hashed: names.filter((name) => !COUNTED_ONLY.has(name)), counted: names.filter((name) => COUNTED_ONLY.has(name)) };
}

async function snapshot(tables: { hashed: string[]; counted: string[] }): Promise<Map<string, string>> {
  const parts = [
    ...tables.hashed.map((table) => sql`select ${table} as name, count(*)::text || ':' || coalesce(sum(hashtext(x::text)::bigint), 0)::text as value from ${sql.identifier(table)} x`),
    ...tables.counted.map((table) => sql`select ${table} as name, count(*)::text as value from ${sql.identifier(table)}`),
  ];
  const result = await t.ctx.db.execute(sql.join(parts, sql` union all `));
  return new Map(rowsOf<{ name: string; value: string }>(result).map((row) => [row.name, row.value]));
}

function differences(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.keys()].filter((name) => before.get(name) !== after.get(name));
}

/** What is wrong with one answer, or nothing. */
function problemWith(response: LightMyRequestResponse, testCase: TCase): string | null {
  if (response.statusCode >= 500) return `${response.statusCode} ${response.body.slice(0, 300)}`;
  if (/\bat .+:\d+:\d+|node_modules|\/src\/|"stack"/.test(response.body)) return `internals in the body: ${response.body.slice(0, 300)}`;
  if (testCase.expectStatus && response.statusCode !== testCase.expectStatus && response.statusCode < 400) return `expected ${testCase.expectStatus}, got ${response.statusCode}`;
  if (response.statusCode < 400) return null;
  if (!/^application\/problem\+json/.test(String(response.headers['content-type']))) return `${response.statusCode} as ${String(response.headers['content-type'])}: ${response.body.slice(0, 200)}`;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(response.body) as Record<string, unknown>;
  } catch {
    return `${response.statusCode} problem+json that is not JSON`;
  }
  const missing = ['type', 'title', 'status', 'code'].filter((field) => body[field] === undefined || body[field] === '');
  if (missing.length) return `${response.statusCode} problem without ${missing.join(', ')}`;
  if (body.status !== response.statusCode) return `problem status ${String(body.status)} on a ${response.statusCode}`;
  if (testCase.expectStatus && response.statusCode !== testCase.expectStatus && response.statusCode !== 401 && response.statusCode !== 403 && response.statusCode !== 404 && response.statusCode !== 429) {
    return `expected ${testCase.expectStatus}, got ${response.statusCode} ${String(body.code)}`;
  }
  return null;
}

describe('bad input on every route of /openapi.json', () => {
  it('every operation answers below 500, refuses with problem+json, and a refused write changes nothing', { timeout: 600_000 + FUZZ_SECONDS * 1000 }, async () => {
    const started = Date.now();
    const document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as Parameters<typeof operationsOf>[0];
    const operations = operationsOf(document);
    const tables = await fingerprintTables();
    const failures: string[] = [];
    const sent: Record<string, number> = {};
    const statuses: Record<string, number> = {};

    const record = async (operation: TOperation, testCase: TCase) => {
      const response = await send(operation, testCase);
      sent[operation.scheme] = (sent[operation.scheme] ?? 0) + 1;
      statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
      const wrong = problemWith(response, testCase);
      if (wrong) failures.push(`${operation.method} ${operation.path} [${testCase.label}]: ${wrong}`);
      return response.statusCode;
    };
    const refusedButChanged = (operation: TOperation, labels: string[], before: Map<string, string>, after: Map<string, string>) => {
      const changed = differences(before, after);
      if (changed.length) failures.push(`${operation.method} ${operation.path} [${labels.join(', ')}]: refused but changed ${changed.join(', ')}`);
    };

    /**
     * One fingerprint either side of a window of cases: if all were refused, nothing may have
     * changed. A window where something succeeded (a generated body that was valid) cannot say
     * which case wrote what, so its refused cases are sent again one by one, each between two
     * fingerprints. Most cases are refused, so most windows cost two fingerprints.
     */
    const fuzzWindow = async (operation: TOperation, cases: TCase[], garbage: boolean) => {
      if (!cases.length) return;
      const writes = operation.method !== 'GET';
      const before = writes ? await snapshot(tables) : null;
      const outcomes: { testCase: TCase; status: number }[] = [];
      for (const testCase of cases) outcomes.push({ testCase, status: await record(operation, testCase) });
      if (garbage) {
        for (const { testCase, status } of outcomes) if (status < 400) failures.push(`${operation.method} ${operation.path} [${testCase.label}]: accepted with ${status}`);
      }
      if (!before) return;
      const refused = outcomes.filter(({ status }) => status >= 400 && status < 500).map(({ testCase }) => testCase);
      const after = await snapshot(tables);
      if (refused.length === outcomes.length) return refusedButChanged(operation, refused.map((testCase) => testCase.label), before, after);
      await restoreCredentials();
      let previous = await snapshot(tables);
      for (const testCase of refused) {
        const status = await record(operation, testCase);
        const next = await snapshot(tables);
        if (status >= 400 && status < 500) refusedButChanged(operation, [testCase.label], previous, next);
        previous = next;
      }
    };
    const fuzz = async (operation: TOperation, cases: TCase[]) => {
      await fuzzWindow(operation, cases.filter((testCase) => testCase.garbage), true);
      await fuzzWindow(operation, cases.filter((testCase) => !testCase.garbage), false);
      if (operation.method !== 'GET') await restoreCredentials();
    };

    for (const [index, operation] of operations.entries()) await fuzz(operation, casesFor(operation, FUZZ_RUNS, FUZZ_SEED + index * 7919));
    let rounds = 0;
    while (Date.now() - started < FUZZ_SECONDS * 1000) {
      rounds += 1;
      for (const [index, operation] of operations.entries()) {
        if (Date.now() - started >= FUZZ_SECONDS * 1000) break;
        // Odd rounds take the second generated case: hostile path values instead of the real ids.
        const cases = casesFor(operation, 1 + (rounds % 2), FUZZ_SEED + rounds * 104_729 + index * 7919);
        await fuzz(operation, cases.slice(-1));
      }
    }

    const total = Object.values(sent).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `fuzz: seed ${FUZZ_SEED}, ${operations.length} operations, ${total} requests in ${Math.round((Date.now() - started) / 1000)} s ` +
        `(${Object.entries(sent).map(([scheme, n]) => `${scheme} ${n}`).join(', ')}); statuses ${JSON.stringify(statuses)}; extra rounds ${rounds}\n`,
    );
    if (failures.length) process.stderr.write(`${failures.join('\n')}\n`);
    expect(operations.length).toBeGreaterThan(100);
    expect(failures, `reproduce with FUZZ_SEED=${FUZZ_SEED}`).toEqual([]);
  });
});

/** Each a bug the fuzzing above found, kept as a plain example. */
describe('found by fuzzing', () => {
  const expectProblem = (response: LightMyRequestResponse, status: number, code: string) => {
    expect(response.statusCode).toBe(status);
    expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String) });
  };

  it('POST /api/auth/login: a body nested 10,000 deep is 400 too_deep at its field, not a 500 from a stack overflow', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': newIp() },
      payload: `{"email":"a@example.fr","password":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    });
    expectProblem(response, 400, 'validation_failed');
    expect(response.json()).toMatchObject({ errors: [expect.objectContaining({ code: 'too_deep', path: expect.stringMatching(/^password(\.0)+$/) })] });
  });

  it('PATCH /api/me: a value nested 2,000 deep is 400 too_deep too', async () => {
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { authorization: `Bearer ${customer.token}`, 'x-forwarded-for': newIp() },
      payload: { firstName: nested(2_000) } as object,
    });
    expectProblem(response, 400, 'validation_failed');
  });

  it('GET /api/me/addresses/%ED%A0%80: a path that is not valid UTF-8 is 400 invalid_url problem+json, not Fastify’s own JSON', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/me/addresses/%ED%A0%80', headers: { authorization: `Bearer ${customer.token}`, 'x-forwarded-for': newIp() } });
    expectProblem(response, 400, 'invalid_url');
  });
});
