import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { registerVerifiedCustomer } from '../support/factories.js';
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
      await page.getByRole('button', { name: 'Autoriser' }).click();
      await page.waitForURL(/^https:\/\/shop\.example\/callback\?code=/);
      expect(new URL(page.url()).searchParams.get('state')).toBe(request.state);
    });
    await context.close();
    expect(found).toEqual({ 'sign-in': [], consent: [] });
    expect(Object.values(widths).every((width) => width <= 360)).toBe(true);
  }, BROWSER_TEST_TIMEOUT_MS);
});
