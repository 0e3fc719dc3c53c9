import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberCards } from '../../src/modules/cards/cards.tables.js';
import { walletPasses, walletPassRegistrations } from '../../src/modules/wallet/wallet.tables.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { newApiKey, storeClient } from '../support/integration.js';
import { createTestMarket } from '../support/markets.js';
import { apiClient, createTestApp, STRONG_PASSWORD, type TTestApp } from '../support/test-app.js';
import { createWalletFiles, readZip, TEST_GOOGLE_ISSUER_ID, TEST_PASS_TYPE_ID, TEST_TEAM_ID, type TWalletFiles } from '../support/wallet.js';
import { setUpFirstOwner } from './staff-fixtures.js';

let files: TWalletFiles;
let t: TTestApp;
beforeAll(async () => {
  files = createWalletFiles();
  t = await createTestApp({ env: { SHOP_NAME: 'La Belle Épicerie', ...files.env } });
});
afterAll(async () => {
  await t?.close();
  files?.remove();
});

type TCustomer = Awaited<ReturnType<typeof registerVerifiedCustomer>>;
type TPassJson = {
  serialNumber: string;
  passTypeIdentifier: string;
  teamIdentifier: string;
  organizationName: string;
  webServiceURL: string;
  authenticationToken: string;
  barcodes: { format: string; message: string; altText: string }[];
  storeCard: { headerFields: { key: string; value: unknown }[]; secondaryFields: { key: string; value: unknown }[] };
  backgroundColor: string;
  foregroundColor: string;
};

const WEB_SERVICE = '/api/wallet/v1';
const cardOf = async (customer: TCustomer) => (await customer.client.get('/api/me/card', { token: customer.token })).body as { number: string; points: number };

async function downloadPass(customer: TCustomer): Promise<{ archive: Buffer; files: Map<string, Buffer>; pass: TPassJson }> {
  const response = await customer.client.get('/api/me/card/apple-pass', { token: customer.token });
  expect(response.status).toBe(200);
  const archive = response.raw.rawPayload;
  const entries = readZip(archive);
  return { archive, files: entries, pass: JSON.parse(entries.get('pass.json')!.toString('utf8')) as TPassJson };
}

/** `openssl cms -verify` of the detached signature over manifest.json, against the test root. */
function verifySignature(signature: Buffer, manifest: Buffer): { ok: boolean; output: string } {
  const dir = files.dir;
  const name = `check-${Math.random().toString(36).slice(2)}`;
  writeFileSync(path.join(dir, `${name}.sig`), signature);
  writeFileSync(path.join(dir, `${name}.json`), manifest);
  try {
    const output = execFileSync(
      'openssl',
      ['cms', '-verify', '-binary', '-inform', 'DER', '-in', `${name}.sig`, '-content', `${name}.json`, '-CAfile', files.caPem, '-purpose', 'any', '-out', '/dev/null'],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return { ok: true, output: output.toString() };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: Buffer }).stderr ?? error) };
  }
}

const applePass = (token: string | null): Record<string, string> => (token === null ? {} : { authorization: `ApplePass ${token}` });
const registration = (device: string, serial: string, passType = TEST_PASS_TYPE_ID) => `${WEB_SERVICE}/devices/${device}/registrations/${passType}/${serial}`;

describe('wallet availability', () => {
  it('GET /api/me/card/wallet and GET /api/me/card: both wallets offered when configured; the card shows its points', async () => {
    const customer = await registerVerifiedCustomer(t);
    const wallet = await customer.client.get('/api/me/card/wallet', { token: customer.token });
    expect(wallet.status).toBe(200);
    expect(wallet.body).toEqual({ apple: { available: true }, google: { available: true } });
    const card = await customer.client.get('/api/me/card', { token: customer.token });
    expect(card.body).toMatchObject({ points: 0, wallet: { apple: { available: true }, google: { available: true } } });
  });

  it('signed out: 401 on the wallet routes of the card', async () => {
    const client = apiClient(t.app);
    for (const url of ['/api/me/card/wallet', '/api/me/card/apple-pass', '/api/me/card/google-wallet-link']) {
      expect((await client.get(url)).status).toBe(401);
    }
  });
});

describe('GET /api/me/card/apple-pass', () => {
  it('a .pkpass whose manifest lists the SHA-1 of every file and whose PKCS#7 signature OpenSSL verifies up to the root', async () => {
    const customer = await registerVerifiedCustomer(t, { firstName: 'Hélène' });
    const response = await customer.client.get('/api/me/card/apple-pass', { token: customer.token });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.apple.pkpass');
    expect(response.headers['content-disposition']).toBe('attachment; filename="carte-membre.pkpass"');
    expect(response.headers['cache-control']).toBe('private, no-store');

    const entries = readZip(response.raw.rawPayload);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as Record<string, string>;
    const packaged = [...entries.keys()].filter((name) => name !== 'manifest.json' && name !== 'signature').sort();
    expect(Object.keys(manifest).sort()).toEqual(packaged);
    expect(packaged).toEqual(expect.arrayContaining(['pass.json', 'icon.png', 'icon@3x.png', 'fr.lproj/pass.strings', 'en.lproj/pass.strings']));
    for (const name of packaged) expect(manifest[name], name).toBe(createHash('sha1').update(entries.get(name)!).digest('hex'));

    const verified = verifySignature(entries.get('signature')!, entries.get('manifest.json')!);
    expect(verified.ok, verified.output).toBe(true);
    // The check can fail: a manifest changed by one byte no longer matches the signature.
    const tampered = Buffer.from(entries.get('manifest.json')!.toString('utf8').replace(/"pass.json":"[0-9a-f]/, '"pass.json":"x'));
    expect(verifySignature(entries.get('signature')!, tampered).ok).toBe(false);

    const strings = entries.get('en.lproj/pass.strings')!.toString('utf8');
    expect(strings).toContain('"holder" = "Holder";');
    expect(entries.get('fr.lproj/pass.strings')!.toString('utf8')).toContain('"holder" = "Titulaire";');
  });

  it('pass.json: the card number as serial and barcode (Code 128, then QR), the holder, the points, the shop and the web service with a token kept only as a digest', async () => {
    const customer = await registerVerifiedCustomer(t, { firstName: 'Hélène' });
    const card = await cardOf(customer);
    const { pass } = await downloadPass(customer);
    expect(pass).toMatchObject({
      serialNumber: card.number,
      passTypeIdentifier: TEST_PASS_TYPE_ID,
      teamIdentifier: TEST_TEAM_ID,
      organizationName: 'La Belle Épicerie',
      webServiceURL: 'http://comptoir.test/api/wallet',
    });
    expect(pass.barcodes.map((barcode) => [barcode.format, barcode.message])).toEqual([
      ['PKBarcodeFormatCode128', card.number],
      ['PKBarcodeFormatQR', card.number],
    ]);
    expect(pass.barcodes[0]!.altText).toBe(card.number.replace(/^(\d{4})(\d{4})(\d{4})(\d)$/, '$1 $2 $3 $4'));
    expect(pass.storeCard.secondaryFields).toContainEqual(expect.objectContaining({ key: 'holder', value: 'Hélène Durand' }));
    expect(pass.storeCard.headerFields).toContainEqual(expect.objectContaining({ key: 'points', value: 0 }));
    expect(pass.backgroundColor).toMatch(/^rgb\(\d+, \d+, \d+\)$/);
    expect(pass.authenticationToken.length).toBeGreaterThanOrEqual(32);

    const [stored] = await t.ctx.db.select().from(walletPasses).where(eq(walletPasses.customerId, customer.customerId));
    expect(stored!.serialNumber).toBe(card.number);
    expect(stored!.authenticationTokenHash).toBe(createHash('sha256').update(pass.authenticationToken).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(pass.authenticationToken);
  });

  it('a customer of another market gets that market’s shop name and web service address', async () => {
    const market = await createTestMarket(t, { code: 'bewallet', branding: { shopName: 'Le Comptoir Bruxellois', accentColor: '#004d40' } });
    const customer = await registerVerifiedCustomer(t, { host: market.hostHeader.host });
    const response = await customer.client.get('/api/me/card/apple-pass', { token: customer.token, headers: market.hostHeader });
    expect(response.status).toBe(200);
    const pass = JSON.parse(readZip(response.raw.rawPayload).get('pass.json')!.toString('utf8')) as TPassJson;
    expect(pass).toMatchObject({ organizationName: 'Le Comptoir Bruxellois', webServiceURL: 'http://bewallet.comptoir.test/api/wallet', backgroundColor: 'rgb(0, 77, 64)' });
  });
});

describe('GET /api/me/card/google-wallet-link', () => {
  it('a save link whose JWT is signed RS256 by the service account, for Google, with the card’s barcode', async () => {
    const customer = await registerVerifiedCustomer(t, { firstName: 'Hélène' });
    const card = await cardOf(customer);
    const response = await customer.client.get('/api/me/card/google-wallet-link', { token: customer.token });
    expect(response.status).toBe(200);
    const { url } = response.body as { url: string };
    expect(url.startsWith('https://pay.google.com/gp/v/save/')).toBe(true);
    const jwt = url.slice('https://pay.google.com/gp/v/save/'.length);
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'RS256', kid: 'test-key-1' });
    const { payload } = await jwtVerify(jwt, createPublicKey(files.googlePublicKeyPem), {
      issuer: 'wallet@comptoir-test.iam.gserviceaccount.com',
      audience: 'google',
      algorithms: ['RS256'],
    });
    expect(payload.typ).toBe('savetowallet');
    expect(payload.origins).toEqual(['http://comptoir.test']);
    const body = payload.payload as { loyaltyObjects: Record<string, unknown>[]; loyaltyClasses: Record<string, unknown>[] };
    expect(body.loyaltyObjects[0]).toMatchObject({
      id: `${TEST_GOOGLE_ISSUER_ID}.${card.number}`,
      classId: body.loyaltyClasses[0]!.id,
      accountId: card.number,
      accountName: 'Hélène Durand',
      barcode: { type: 'CODE_128', value: card.number },
      loyaltyPoints: { balance: { int: 0 } },
    });
    expect(body.loyaltyClasses[0]).toMatchObject({ issuerName: 'La Belle Épicerie', programName: 'La Belle Épicerie' });
    // Another key does not verify it.
    const other = createWalletFiles();
    try {
      await expect(jwtVerify(jwt, createPublicKey(other.googlePublicKeyPem))).rejects.toThrow();
    } finally {
      other.remove();
    }
  });
});

describe('PassKit web service', () => {
  it('register (201, then 200), wrong token, wrong pass type, unknown serial and no header (401), unregister (200)', async () => {
    const customer = await registerVerifiedCustomer(t);
    const { pass } = await downloadPass(customer);
    const device = apiClient(t.app);
    const url = registration('device0001', pass.serialNumber);
    expect((await device.post(url, { pushToken: 'push-1' }, { headers: applePass(pass.authenticationToken) })).status).toBe(201);
    expect((await device.post(url, { pushToken: 'push-2' }, { headers: applePass(pass.authenticationToken) })).status).toBe(200);
    const [stored] = await t.ctx.db.select().from(walletPassRegistrations).where(eq(walletPassRegistrations.serialNumber, pass.serialNumber));
    expect(stored).toMatchObject({ deviceLibraryId: 'device0001', passTypeId: TEST_PASS_TYPE_ID, customerId: customer.customerId, pushToken: 'push-2' });

    for (const [attempt, headers] of [
      [url, applePass('not-the-token-of-this-pass')],
      [url, applePass(null)],
      [registration('device0001', pass.serialNumber, 'pass.other.type'), applePass(pass.authenticationToken)],
      [registration('device0001', '2900000000001'), applePass(pass.authenticationToken)],
    ] as const) {
      const refused = await device.post(attempt, { pushToken: 'push-3' }, { headers });
      expect(refused.status, attempt).toBe(401);
      expect(refused.body).toMatchObject({ code: 'invalid_pass_token' });
    }
    expect((await device.post(url, {}, { headers: applePass(pass.authenticationToken) })).body).toMatchObject({ status: 400, errors: [{ path: 'pushToken' }] });

    expect((await device.delete(url, { headers: applePass('wrong') })).status).toBe(401);
    expect((await device.delete(url, { headers: applePass(pass.authenticationToken) })).status).toBe(200);
    expect(await t.ctx.db.select().from(walletPassRegistrations).where(eq(walletPassRegistrations.serialNumber, pass.serialNumber))).toEqual([]);
    expect((await device.get(`${WEB_SERVICE}/devices/device0001/registrations/${TEST_PASS_TYPE_ID}`)).status).toBe(204);
  });

  it('a new download replaces the token: the earlier one is refused', async () => {
    const customer = await registerVerifiedCustomer(t);
    const first = await downloadPass(customer);
    const second = await downloadPass(customer);
    expect(second.pass.authenticationToken).not.toBe(first.pass.authenticationToken);
    const device = apiClient(t.app);
    expect((await device.post(registration('device0009', first.pass.serialNumber), { pushToken: 'p' }, { headers: applePass(first.pass.authenticationToken) })).status).toBe(401);
    expect((await device.post(registration('device0009', second.pass.serialNumber), { pushToken: 'p' }, { headers: applePass(second.pass.authenticationToken) })).status).toBe(201);
  });

  it('the updated serials follow a name change (customer and staff) and a points change; the pass answers 304, then the new pass', async () => {
    const customer = await registerVerifiedCustomer(t);
    const { pass } = await downloadPass(customer);
    const device = apiClient(t.app);
    const deviceId = `device${Math.random().toString(16).slice(2, 10)}`;
    await device.post(registration(deviceId, pass.serialNumber), { pushToken: 'push' }, { headers: applePass(pass.authenticationToken) });
    const list = (since?: string) => device.get(`${WEB_SERVICE}/devices/${deviceId}/registrations/${TEST_PASS_TYPE_ID}${since ? `?passesUpdatedSince=${encodeURIComponent(since)}` : ''}`);
    const passUrl = `${WEB_SERVICE}/passes/${TEST_PASS_TYPE_ID}/${pass.serialNumber}`;
    const fetchPass = (ifModifiedSince?: string) =>
      device.get(passUrl, { headers: { ...applePass(pass.authenticationToken), ...(ifModifiedSince ? { 'if-modified-since': ifModifiedSince } : {}) } });

    const all = await list();
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ serialNumbers: [pass.serialNumber], lastUpdated: expect.any(String) });
    let tag = (all.body as { lastUpdated: string }).lastUpdated;
    expect((await list(tag)).status).toBe(204);

    const first = await fetchPass();
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/vnd.apple.pkpass');
    const lastModified = String(first.headers['last-modified']);
    const unchanged = await fetchPass(lastModified);
    expect(unchanged.status).toBe(304);
    expect(unchanged.raw.rawPayload.length).toBe(0);
    expect((await device.get(passUrl, { headers: applePass('wrong') })).status).toBe(401);

    // The customer changes their name.
    expect((await customer.client.patch('/api/me', { firstName: 'Léa' }, { token: customer.token })).status).toBe(200);
    const afterName = await list(tag);
    expect(afterName.body).toEqual({ serialNumbers: [pass.serialNumber], lastUpdated: expect.any(String) });
    tag = (afterName.body as { lastUpdated: string }).lastUpdated;
    const renamed = await fetchPass(lastModified);
    expect(renamed.status).toBe(200);
    const renamedPass = JSON.parse(readZip(renamed.raw.rawPayload).get('pass.json')!.toString('utf8')) as TPassJson;
    expect(renamedPass.storeCard.secondaryFields).toContainEqual(expect.objectContaining({ key: 'holder', value: 'Léa Durand' }));
    // The device keeps its token: the new copy carries the same one.
    expect(renamedPass.authenticationToken).toBe(pass.authenticationToken);
    // A change of something the pass does not show moves nothing.
    await customer.client.patch('/api/me', { phone: '01 23 45 67 89' }, { token: customer.token });
    expect((await list(tag)).status).toBe(204);

    // The store reports points.
    const store = storeClient(t, await newApiKey(t, ['cards:write']));
    expect((await store.put(`/api/integration/cards/${pass.serialNumber}/points`, { points: 120 })).status).toBe(200);
    const afterPoints = await list(tag);
    expect(afterPoints.body).toMatchObject({ serialNumbers: [pass.serialNumber] });
    tag = (afterPoints.body as { lastUpdated: string }).lastUpdated;
    const withPoints = await fetchPass(String(renamed.headers['last-modified']));
    expect(withPoints.status).toBe(200);
    const pointsPass = JSON.parse(readZip(withPoints.raw.rawPayload).get('pass.json')!.toString('utf8')) as TPassJson;
    expect(pointsPass.storeCard.headerFields).toContainEqual(expect.objectContaining({ key: 'points', value: 120 }));

    // Staff correct the name in the back office.
    const owner = await setUpFirstOwner(t);
    expect((await owner.client.patch(`/api/staff/customers/${customer.customerId}`, { lastName: 'Martin' }, { token: owner.token })).status).toBe(200);
    expect((await list(tag)).body).toMatchObject({ serialNumbers: [pass.serialNumber] });
  });

  it('GET …/registrations with a malformed passesUpdatedSince is 400 naming it; POST /v1/log answers 200', async () => {
    const device = apiClient(t.app);
    const bad = await device.get(`${WEB_SERVICE}/devices/device0002/registrations/${TEST_PASS_TYPE_ID}?passesUpdatedSince=yesterday`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errors: [{ path: 'query.passesUpdatedSince' }] });
    const logged = await device.post(`${WEB_SERVICE}/log`, { logs: ['Web service error for pass 2901234567896: 401'] });
    expect(logged.status).toBe(200);
    expect((await device.post(`${WEB_SERVICE}/log`, { logs: 'nope' })).status).toBe(400);
  });
});

describe('PUT /api/integration/cards/{number}/points', () => {
  it('sets the balance shown on the card; a bad check digit, an unknown card, another market’s card, a negative or extra field are refused', async () => {
    const customer = await registerVerifiedCustomer(t);
    const card = await cardOf(customer);
    const store = storeClient(t, await newApiKey(t, ['cards:write']));
    const put = await store.put(`/api/integration/cards/${card.number}/points`, { points: 42 });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ number: card.number, points: 42, pointsUpdatedAt: expect.any(String) });
    expect((await cardOf(customer)).points).toBe(42);
    const [stored] = await t.ctx.db.select().from(memberCards).where(eq(memberCards.number, card.number));
    expect(stored!.points).toBe(42);

    const mistyped = `${card.number.slice(0, 12)}${(Number(card.number[12]) + 1) % 10}`;
    expect((await store.put(`/api/integration/cards/${mistyped}/points`, { points: 1 })).body).toMatchObject({ status: 400, errors: [{ path: 'params.number', code: 'invalid_card_number' }] });
    expect((await store.put('/api/integration/cards/2900000000001/points', { points: 1 })).status).toBe(404);
    const invalid = await store.put(`/api/integration/cards/${card.number}/points`, { points: -1, bonus: 3 });
    expect(invalid.status).toBe(400);
    expect((invalid.body as { errors: { path: string }[] }).errors.map((error) => error.path).sort()).toEqual(['bonus', 'points']);

    const market = await createTestMarket(t, { code: 'chpoints' });
    const foreign = storeClient(t, await newApiKey(t, ['cards:write'], 'till CH', market.id));
    expect((await foreign.put(`/api/integration/cards/${card.number}/points`, { points: 7 })).status).toBe(404);
    const reader = storeClient(t, await newApiKey(t, ['customers:read']));
    expect((await reader.put(`/api/integration/cards/${card.number}/points`, { points: 7 })).body).toMatchObject({ status: 403, code: 'missing_scope' });
    expect((await cardOf(customer)).points).toBe(42);
  });
});

describe('privacy', () => {
  it('the export lists the pass and counts its devices, without tokens; erasure takes the pass and its registrations away', async () => {
    const customer = await registerVerifiedCustomer(t);
    const { pass } = await downloadPass(customer);
    const device = apiClient(t.app);
    await device.post(registration('device0003', pass.serialNumber), { pushToken: 'push-export' }, { headers: applePass(pass.authenticationToken) });
    const exported = await customer.client.get('/api/me/export', { token: customer.token });
    expect(exported.status).toBe(200);
    const sections = (exported.body as { sections: Record<string, unknown> }).sections;
    expect(sections.walletPasses).toEqual([
      {
        serialNumber: pass.serialNumber,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        registeredDevices: 1,
        devices: [{ deviceLibraryIdentifier: 'device0003', registeredAt: expect.any(String) }],
      },
    ]);
    expect(sections.memberCard).toMatchObject({ number: pass.serialNumber, points: 0, pointsUpdatedAt: null });
    const text = JSON.stringify(exported.body);
    expect(text).not.toContain(pass.authenticationToken);
    expect(text).not.toContain('push-export');

    const deleted = await t.app.inject({
      method: 'DELETE',
      url: '/api/me',
      headers: { authorization: `Bearer ${customer.token}`, 'x-forwarded-for': '10.9.9.8' },
      payload: { password: STRONG_PASSWORD },
    });
    expect(deleted.statusCode).toBe(204);
    expect(await t.ctx.db.select().from(walletPasses).where(eq(walletPasses.serialNumber, pass.serialNumber))).toEqual([]);
    expect(await t.ctx.db.select().from(walletPassRegistrations).where(eq(walletPassRegistrations.serialNumber, pass.serialNumber))).toEqual([]);
    expect((await device.get(`${WEB_SERVICE}/passes/${TEST_PASS_TYPE_ID}/${pass.serialNumber}`, { headers: applePass(pass.authenticationToken) })).status).toBe(401);
  });
});

describe('GET /openapi.json', () => {
  it('documents the wallet routes: the card’s with the session scheme, the web service’s with the pass token, the points with the API key', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { security?: unknown }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(document.components.securitySchemes.applePass).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
    for (const route of ['/api/me/card/wallet', '/api/me/card/apple-pass', '/api/me/card/google-wallet-link']) {
      expect(document.paths[route]?.get?.security, route).toEqual([{ session: [] }]);
    }
    const registrationPath = `${WEB_SERVICE}/devices/{deviceLibraryIdentifier}/registrations/{passTypeIdentifier}/{serialNumber}`;
    expect(document.paths[registrationPath]?.post?.security).toEqual([{ applePass: [] }]);
    expect(document.paths[registrationPath]?.delete?.security).toEqual([{ applePass: [] }]);
    expect(document.paths[`${WEB_SERVICE}/passes/{passTypeIdentifier}/{serialNumber}`]?.get?.security).toEqual([{ applePass: [] }]);
    expect(document.paths[`${WEB_SERVICE}/devices/{deviceLibraryIdentifier}/registrations/{passTypeIdentifier}`]?.get).toBeDefined();
    expect(document.paths[`${WEB_SERVICE}/log`]?.post).toBeDefined();
    expect(document.paths['/api/integration/cards/{number}/points']?.put?.security).toEqual([{ apiKey: [] }]);
  });
});

describe('without wallet configuration', () => {
  let bare: TTestApp;
  beforeAll(async () => {
    bare = await createTestApp();
  });
  afterAll(async () => {
    await bare?.close();
  });

  it('the card says why no button is shown, and every pass route is 404 wallet_not_configured', async () => {
    const customer = await registerVerifiedCustomer(bare);
    const notConfigured = { available: false, reason: 'not_configured' };
    expect((await customer.client.get('/api/me/card/wallet', { token: customer.token })).body).toEqual({ apple: notConfigured, google: notConfigured });
    expect((await customer.client.get('/api/me/card', { token: customer.token })).body).toMatchObject({ wallet: { apple: notConfigured, google: notConfigured } });
    for (const url of ['/api/me/card/apple-pass', '/api/me/card/google-wallet-link']) {
      expect((await customer.client.get(url, { token: customer.token })).body, url).toMatchObject({ status: 404, code: 'wallet_not_configured' });
    }
    const device = apiClient(bare.app);
    const serial = '2900000000001';
    for (const response of [
      await device.post(registration('device0004', serial), { pushToken: 'x' }, { headers: applePass('token-token-token-token') }),
      await device.delete(registration('device0004', serial), { headers: applePass('token-token-token-token') }),
      await device.get(`${WEB_SERVICE}/devices/device0004/registrations/${TEST_PASS_TYPE_ID}`),
      await device.get(`${WEB_SERVICE}/passes/${TEST_PASS_TYPE_ID}/${serial}`, { headers: applePass('token-token-token-token') }),
      await device.post(`${WEB_SERVICE}/log`, { logs: [] }),
    ]) {
      expect(response.body).toMatchObject({ status: 404, code: 'wallet_not_configured' });
    }
  });
});
