import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';
import { staffCsrfTokenFor } from '../../src/modules/staff/staff-authentication.js';
import { setUpFirstOwner } from '../http/staff-fixtures.js';
import { storeClient } from '../support/integration.js';
import {
  BROWSER_TEST_TIMEOUT_MS,
  checkPage,
  launchChromium,
  openVisitor,
  screenshotOnFailure,
  startBrowserApp,
  type TAccessibilityViolation,
  type TBrowserApp,
  waitForPageHeading,
} from '../support/browser.js';
import { startWebhookReceiver, type TWebhookReceiver } from '../support/webhook-receiver.js';

// The Intégrations pages of the back office in a browser: a store API key created (its errors
// first, each at its field), shown once and working on /api/integration, then revoked after a
// confirmation; a webhook endpoint created with its secret shown once, and a test event sent
// from its delivery log, received and logged; at laptop width and at 360 px, axe-clean.

let t: TBrowserApp;
let browser: Browser;
let receiver: TWebhookReceiver;
beforeAll(async () => {
  [t, browser, receiver] = await Promise.all([startBrowserApp(), launchChromium(), startWebhookReceiver()]);
});
afterAll(async () => {
  await receiver?.close();
  await browser?.close();
  await t?.close();
});

/** The shown-once box's secret, as the page displays it. */
async function shownSecret(page: Page): Promise<string> {
  const box = page.getByRole('region', { name: 'À copier maintenant' });
  await box.getByText('Ce secret ne sera plus jamais affiché', { exact: false }).waitFor();
  return (await box.locator('code').innerText()).trim();
}

describe('store integrations in the back office, in a browser', () => {
  it(
    'the owner creates an API key and a webhook endpoint, and sends a test event from its log',
    async () => {
      const owner = await setUpFirstOwner(t);
      const { context, page } = await openVisitor(browser, t, { viewport: { width: 1280, height: 900 }, bypassCSP: true });
      await context.addCookies([
        { name: 'comptoir_staff_session', value: owner.token, url: `${t.baseUrl}/api/staff/` },
        { name: 'comptoir_staff_csrf', value: staffCsrfTokenFor(owner.token), url: `${t.baseUrl}/` },
      ]);
      const violations: Record<string, TAccessibilityViolation[]> = {};
      const widths: Record<string, number> = {};
      const narrow: Record<string, number> = {};
      await screenshotOnFailure(page, 'backoffice-integrations', async () => {
        await page.goto('/admin/');
        await page.getByRole('navigation', { name: 'Sections du back-office' }).getByRole('link', { name: 'Intégrations' }).click();
        await waitForPageHeading(page, 'Intégrations');
        await page.getByText('Aucune clé pour l’instant.').waitFor();
        await checkPage(page, 'api keys', violations, widths);

        // Nothing filled in: the name, the market and the permissions are refused, each at its field.
        const keyForm = page.getByRole('region', { name: 'Nouvelle clé' });
        await keyForm.getByRole('button', { name: 'Créer la clé' }).click();
        await keyForm.locator('.field--invalid').first().waitFor();
        expect(await keyForm.locator('.field--invalid').count()).toBe(3);
        await keyForm.getByText('Choisissez au moins un droit.').waitFor();
        await checkPage(page, 'api key with errors', violations, widths);

        await keyForm.getByLabel('Nom', { exact: true }).fill('Caisse Lyon 2');
        await keyForm.getByLabel('Marché', { exact: true }).selectOption(DEFAULT_MARKET_ID);
        await keyForm.getByLabel('Webhooks', { exact: true }).selectOption('read');
        await keyForm.getByRole('button', { name: 'Créer la clé' }).click();
        await page.getByText('Clé Caisse Lyon 2 créée.').waitFor();
        const key = await shownSecret(page);
        expect(key).toMatch(/^ck_[A-Za-z0-9_-]{43}$/);
        await page.getByRole('row', { name: /Caisse Lyon 2/ }).getByText('webhooks:read').waitFor();
        await checkPage(page, 'api key shown once', violations, widths);
        expect((await storeClient(t, key).get('/api/integration/webhooks')).status).toBe(200);
        await page.getByRole('button', { name: 'J’ai copié le secret' }).click();
        await expect(page.getByRole('region', { name: 'À copier maintenant' }).count()).resolves.toBe(0);

        // Revocation asks first.
        await page.getByRole('button', { name: 'Révoquer la clé Caisse Lyon 2' }).click();
        const dialog = page.getByRole('dialog', { name: 'Révoquer la clé « Caisse Lyon 2 » ?' });
        await dialog.waitFor();
        await checkPage(page, 'revoke dialog', violations, widths);
        await dialog.getByRole('button', { name: 'Révoquer', exact: true }).click();
        await page.getByText('Clé Caisse Lyon 2 révoquée.').waitFor();
        expect((await storeClient(t, key).get('/api/integration/webhooks')).status).toBe(401);

        await page.getByRole('navigation', { name: 'Intégrations' }).getByRole('link', { name: 'Webhooks' }).click();
        await page.getByText('Aucun point de réception pour l’instant.').waitFor();
        const hookForm = page.getByRole('region', { name: 'Nouveau point de réception' });
        await hookForm.getByLabel('Adresse', { exact: true }).fill('ftp://erp.exemple.fr');
        await hookForm.getByRole('button', { name: 'Créer le point de réception' }).click();
        await hookForm.getByText('Indiquez une adresse complète en http:// ou https://.').waitFor();
        await hookForm.getByText('Choisissez au moins un événement.').waitFor();
        await checkPage(page, 'webhook with errors', violations, widths);

        await hookForm.getByLabel('Adresse', { exact: true }).fill(receiver.url);
        await hookForm.getByLabel('Marché', { exact: true }).selectOption(DEFAULT_MARKET_ID);
        await hookForm.getByLabel('customer.created', { exact: true }).check();
        await hookForm.getByRole('button', { name: 'Créer le point de réception' }).click();
        const secret = await shownSecret(page);
        expect(secret).toMatch(/^whsec_/);
        await checkPage(page, 'webhooks', violations, widths);

        await page.getByRole('link', { name: `Journal des envois de ${receiver.url}` }).click();
        await page.getByRole('heading', { level: 2, name: 'Journal des envois' }).waitFor();
        await page.getByText('Aucun envoi pour l’instant.').waitFor();
        await page.getByRole('button', { name: 'Envoyer un événement de test' }).click();
        await page.getByText('Événement de test en file d’attente', { exact: false }).waitFor();
        const webhook = await receiver.waitFor((received) => received.json.type === 'webhook.test');
        expect(webhook.headers['webhook-signature']).toMatch(/^v1,/);
        // The worker logs the attempt just after the receiver answers: refresh until the row says so.
        const row = page.getByRole('row', { name: /webhook\.test/ });
        for (let i = 0; i < 40 && !(await row.getByText('Reçu').isVisible()); i += 1) {
          await page.getByRole('button', { name: 'Actualiser' }).click();
          await page.waitForTimeout(250);
        }
        await row.getByText('Reçu').waitFor();
        await row.getByRole('cell', { name: '200', exact: true }).waitFor();
        await checkPage(page, 'delivery log', violations, widths);
        const logUrl = page.url();

        // A storefront signing customers in: refused fields first, then its secret shown once.
        await page.getByRole('navigation', { name: 'Intégrations' }).getByRole('link', { name: 'Clients OpenID Connect' }).click();
        const clientForm = page.getByRole('region', { name: 'Nouveau client' });
        await clientForm.getByLabel('Adresses de retour', { exact: true }).fill('ftp://boutique.exemple.fr/callback');
        await clientForm.getByRole('button', { name: 'Créer le client' }).click();
        await clientForm.getByText('Indiquez au moins une adresse de retour complète', { exact: false }).waitFor();
        expect(await clientForm.locator('.field--invalid').count()).toBe(3);
        await checkPage(page, 'oidc client with errors', violations, widths);
        await clientForm.getByLabel('Nom', { exact: true }).fill('Boutique Lyon');
        await clientForm.getByLabel('Marché', { exact: true }).selectOption(DEFAULT_MARKET_ID);
        await clientForm.getByLabel('Adresses de retour', { exact: true }).fill('https://boutique.exemple.fr/callback');
        await clientForm.getByLabel('Site de la boutique : pas d’écran de consentement').check();
        await clientForm.getByRole('button', { name: 'Créer le client' }).click();
        await page.getByText(/Client créé\. Son client_id est oic_/).waitFor();
        expect(await shownSecret(page)).toMatch(/^ocs_/);
        await page.getByRole('row', { name: /Boutique Lyon/ }).getByText('Site de la boutique').waitFor();
        await checkPage(page, 'oidc clients', violations, widths);

        await page.setViewportSize({ width: 360, height: 800 });
        for (const [name, path, heading] of [
          ['api keys at 360 px', '/admin/integrations', 'Clés d’API'],
          ['webhooks at 360 px', '/admin/integrations/webhooks', 'Points de réception'],
          ['oidc clients at 360 px', '/admin/integrations/oidc-clients', 'Clients OpenID Connect'],
        ] as const) {
          await page.goto(path);
          await page.getByRole('heading', { level: 2, name: heading }).waitFor();
          await checkPage(page, name, violations, narrow);
        }
        await page.goto(logUrl);
        await page.getByRole('row', { name: /webhook\.test/ }).waitFor();
        await checkPage(page, 'delivery log at 360 px', violations, narrow);

        await page.getByRole('group', { name: 'Langue' }).getByRole('button', { name: 'English' }).click();
        await waitForPageHeading(page, 'Integrations');
        await page.getByRole('button', { name: 'Send a test event' }).waitFor();
      });
      await context.close();

      expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((name) => [name, []])));
      for (const [name, width] of Object.entries(widths)) expect(width, `scroll width of ${name}`).toBeLessThanOrEqual(1280);
      for (const [name, width] of Object.entries(narrow)) expect(width, `scroll width of ${name}`).toBeLessThanOrEqual(360);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
