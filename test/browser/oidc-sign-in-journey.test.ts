import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { securityEvents } from '../../src/modules/auth/auth.tables.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { SoftwareAuthenticator } from '../support/software-authenticator.js';
import { BROWSER_TEST_TIMEOUT_MS, checkPage, launchChromium, openVisitor, screenshotOnFailure, waitForPageHeading, type TAccessibilityViolation } from '../support/browser.js';
import { authorizationRequest, newRelyingParty, startListeningApp } from '../support/oidc.js';
import type { TTestApp } from '../support/test-app.js';

let t: TTestApp & { issuer: string };
let browser: Browser;
beforeAll(async () => {
  t = await startListeningApp();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await t.close();
});

describe('storefront sign-in through the portal (OpenID Connect), at 360 px', () => {
  it('signs in with the password, asks consent for a partner storefront, and returns to it with a code; pages are axe-clean and fit', async () => {
    const rp = await newRelyingParty(t, { firstParty: false, name: 'Partenaire' });
    const customer = await registerVerifiedCustomer(t);
    const { context, page } = await openVisitor(browser, { baseUrl: t.issuer }, { viewport: { width: 360, height: 740 }, bypassCSP: true });
    // The storefront itself is not running: its callback is answered here, and recorded.
    await page.route('https://shop.example/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><title>Boutique</title><h1>Boutique</h1>' }));
    const found: Record<string, TAccessibilityViolation[]> = {};
    const widths: Record<string, number> = {};
    await screenshotOnFailure(page, 'oidc-sign-in', async () => {
      const request = await authorizationRequest(rp, 'openid email profile');
      await page.goto(request.url.href);
      await waitForPageHeading(page, 'Se connecter à Partenaire');
      await checkPage(page, 'sign-in', found, widths);
      await page.getByLabel('Adresse e-mail').fill(customer.email);
      await page.getByLabel('Mot de passe').fill(customer.password);
      await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
      await waitForPageHeading(page, 'Partenaire demande l’accès à votre compte');
      await page.getByText('votre adresse e-mail').waitFor();
      await checkPage(page, 'consent', found, widths);
      // Waited for as a request: Chromium follows the provider's redirect there without the
      // route above (a redirect's target is not intercepted), and shop.example resolves nowhere.
      const callback = page.waitForRequest((sent) => sent.url().startsWith('https://shop.example/callback?code='));
      await page.getByRole('button', { name: 'Autoriser' }).click();
      expect(new URL((await callback).url()).searchParams.get('state')).toBe(request.state);
    });
    await context.close();
    expect(found).toEqual({ 'sign-in': [], consent: [] });
    expect(Object.values(widths).every((width) => width <= 360)).toBe(true);
  }, BROWSER_TEST_TIMEOUT_MS);
});

describe('storefront sign-in with a passkey through the portal (OpenID Connect), at 360 px', () => {
  let local: TTestApp & { issuer: string };
  beforeAll(async () => {
    local = await startListeningApp({ hostname: 'localhost' });
  });
  afterAll(async () => {
    await local.close();
  });

  it('the button signs in with the passkey the browser holds and returns to the storefront with a code; the page is axe-clean and fits', async () => {
    const rp = await newRelyingParty(local, { name: 'La Boutique' });
    const customer = await registerVerifiedCustomer(local);
    // The passkey is added through the API, then handed to Chromium's virtual authenticator,
    // as if the customer's phone held it.
    const software = new SoftwareAuthenticator();
    const creation = await customer.client.post('/api/me/passkeys/registration-options', { password: customer.password }, { token: customer.token });
    const registration = software.register(creation.body as Parameters<SoftwareAuthenticator['register']>[0], local.issuer);
    expect((await customer.client.post('/api/me/passkeys', { response: registration, name: 'Téléphone' }, { token: customer.token })).status).toBe(201);
    const credential = software.credentials[0]!;

    const { context, page } = await openVisitor(browser, { baseUrl: local.issuer }, { viewport: { width: 360, height: 740 }, bypassCSP: true });
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await cdp.send('WebAuthn.addCredential', {
      authenticatorId,
      credential: {
        credentialId: credential.id.toString('base64'),
        isResidentCredential: true,
        rpId: credential.rpId,
        privateKey: (credential.privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer).toString('base64'),
        userHandle: Buffer.from(credential.userHandle, 'base64url').toString('base64'),
        signCount: 0,
      },
    });
    await page.route('https://shop.example/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><title>Boutique</title><h1>Boutique</h1>' }));
    const found: Record<string, TAccessibilityViolation[]> = {};
    const widths: Record<string, number> = {};
    await screenshotOnFailure(page, 'oidc-passkey-sign-in', async () => {
      const request = await authorizationRequest(rp, 'openid email profile');
      await page.goto(request.url.href);
      await waitForPageHeading(page, 'Se connecter à La Boutique');
      await checkPage(page, 'sign-in', found, widths);
      const callback = page.waitForRequest((sent) => sent.url().startsWith('https://shop.example/callback?code='));
      await page.getByRole('button', { name: 'Se connecter avec une clé d’accès' }).click();
      expect(new URL((await callback).url()).searchParams.get('state')).toBe(request.state);
    });
    await context.close();
    expect(found).toEqual({ 'sign-in': [] });
    expect(Object.values(widths).every((width) => width <= 360)).toBe(true);
    const events = await local.ctx.db.select().from(securityEvents).where(eq(securityEvents.customerId, customer.customerId));
    expect(events.some((event) => event.type === 'sign_in_succeeded' && event.method === 'passkey')).toBe(true);
  }, BROWSER_TEST_TIMEOUT_MS);
});
