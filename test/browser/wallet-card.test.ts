import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_TEST_TIMEOUT_MS,
  findSeriousAccessibilityViolations,
  launchChromium,
  openVisitor,
  pageScrollWidth,
  screenshotOnFailure,
  startBrowserApp,
  submitPasswordForm,
  type TBrowserApp,
  waitForPageHeading,
} from '../support/browser.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { newApiKey, storeClient } from '../support/integration.js';
import { createWalletFiles, type TWalletFiles } from '../support/wallet.js';

let files: TWalletFiles;
let t: TBrowserApp;
let bare: TBrowserApp;
let browser: Browser;
beforeAll(async () => {
  files = createWalletFiles();
  [t, bare, browser] = await Promise.all([startBrowserApp({ env: files.env }), startBrowserApp(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await bare?.close();
  files?.remove();
});

describe('The member card in the phone’s wallet, in a browser', () => {
  it(
    'at 360 px the card page shows the points and both wallet buttons in French and English: the Apple pass downloads, the Google button opens the save link',
    async () => {
      const customer = await registerVerifiedCustomer(t, { firstName: 'Léa' });
      const card = (await customer.client.get('/api/me/card', { token: customer.token })).body as { number: string };
      const store = storeClient(t, await newApiKey(t, ['cards:write']));
      expect((await store.put(`/api/integration/cards/${card.number}/points`, { points: 1250 })).status).toBe(200);

      const { context, page } = await openVisitor(browser, t, { viewport: { width: 360, height: 740 }, bypassCSP: true });
      // Google's page is not reachable from here: the save link is caught where the browser would go.
      let googleUrl: string | null = null;
      await page.route('https://pay.google.com/**', async (route) => {
        googleUrl = route.request().url();
        await route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><html lang="fr"><title>Google Wallet</title><h1>Google Wallet</h1></html>' });
      });
      await screenshotOnFailure(page, 'wallet-card', async () => {
        await page.goto('/sign-in');
        await submitPasswordForm(page, customer);
        await page.getByRole('heading', { name: 'Bonjour Léa' }).waitFor();
        await page.goto('/card');
        await waitForPageHeading(page, 'Ma carte de fidélité');
        // 1 250 with the French thousands separator (a narrow no-break space).
        await page.getByText(/^1\s250$/).waitFor();
        const apple = page.getByRole('link', { name: 'Ajouter à Apple Wallet' });
        const google = page.getByRole('button', { name: 'Enregistrer dans Google Wallet' });
        await apple.waitFor();
        await google.waitFor();
        expect(await pageScrollWidth(page)).toBeLessThanOrEqual(360);
        expect(await findSeriousAccessibilityViolations(page)).toEqual([]);

        const pass = await page.evaluate(async (url) => {
          const response = await fetch(url, { credentials: 'same-origin' });
          const bytes = new Uint8Array(await response.arrayBuffer());
          return { status: response.status, type: response.headers.get('content-type'), head: String.fromCharCode(...bytes.slice(0, 2)) };
        }, (await apple.getAttribute('href'))!);
        expect(pass).toEqual({ status: 200, type: 'application/vnd.apple.pkpass', head: 'PK' });

        await page.getByRole('button', { name: 'English' }).click();
        await waitForPageHeading(page, 'My member card');
        await page.getByRole('link', { name: 'Add to Apple Wallet' }).waitFor();
        await page.getByRole('button', { name: 'Save to Google Wallet' }).click();
        await page.getByRole('heading', { name: 'Google Wallet' }).waitFor();
        expect(googleUrl).toMatch(/^https:\/\/pay\.google\.com\/gp\/v\/save\/[\w-]+\.[\w-]+\.[\w-]+$/);
      });
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'without the shop’s wallet settings, the card page shows no wallet button',
    async () => {
      const customer = await registerVerifiedCustomer(bare, { firstName: 'Noé' });
      const { context, page } = await openVisitor(browser, bare, { viewport: { width: 360, height: 740 }, bypassCSP: true });
      await screenshotOnFailure(page, 'wallet-card-none', async () => {
        await page.goto('/sign-in');
        await submitPasswordForm(page, customer);
        await page.getByRole('heading', { name: 'Bonjour Noé' }).waitFor();
        await page.goto('/card');
        await waitForPageHeading(page, 'Ma carte de fidélité');
        await page.getByRole('img', { name: /^Code-barres de la carte/ }).waitFor();
        expect(await page.getByRole('link', { name: 'Ajouter à Apple Wallet' }).count()).toBe(0);
        expect(await page.getByRole('button', { name: 'Enregistrer dans Google Wallet' }).count()).toBe(0);
        expect(await page.getByRole('heading', { name: 'Dans votre téléphone' }).count()).toBe(0);
      });
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
