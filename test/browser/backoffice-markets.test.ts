import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { DEFAULT_MARKET_ID, markets } from '../../src/modules/markets/markets.tables.js';
import { staffCsrfTokenFor } from '../../src/modules/staff/staff-authentication.js';
import { newId } from '../../src/platform/ids.js';
import { setUpFirstOwner } from '../http/staff-fixtures.js';
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

// The Marchés page of the back office (F1.8) in a browser: a market created (its errors first,
// each next to its field), then the customer search filtered by it; at laptop width and at
// 360 px, without serious axe findings.

let t: TBrowserApp;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('markets in the back office, in a browser', () => {
  it(
    'the owner creates a market, then finds its customers by filtering the search on it',
    async () => {
      const owner = await setUpFirstOwner(t);
      const { context, page } = await openVisitor(browser, t, { viewport: { width: 1280, height: 900 }, bypassCSP: true });
      // The owner's session from the set-up (second factor done), as the sign-in answer sets its cookies.
      await context.addCookies([
        { name: 'comptoir_staff_session', value: owner.token, url: `${t.baseUrl}/api/staff/` },
        { name: 'comptoir_staff_csrf', value: staffCsrfTokenFor(owner.token), url: `${t.baseUrl}/` },
      ]);
      const violations: Record<string, TAccessibilityViolation[]> = {};
      const widths: Record<string, number> = {};
      const narrow: Record<string, number> = {};
      await screenshotOnFailure(page, 'backoffice-markets', async () => {
        await page.goto('/admin/markets');
        await waitForPageHeading(page, 'Marchés');
        await page.getByRole('row', { name: /Boutique/ }).getByText('Par défaut').waitFor();
        await checkPage(page, 'markets', violations, widths);

        const form = page.getByRole('region', { name: 'Nouveau marché' });
        await form.getByLabel('Code', { exact: true }).fill('BE!');
        await form.getByLabel('Nom', { exact: true }).fill('Belgique');
        await form.getByLabel('Pays', { exact: true }).fill('BE, XX');
        await form.getByRole('button', { name: 'Créer le marché' }).click();
        await form.locator('.field--invalid').first().waitFor();
        // Code, countries and the missing address, all at once, each at its field.
        expect(await form.locator('.field--invalid').count()).toBeGreaterThanOrEqual(3);
        await checkPage(page, 'market with errors', violations, widths);

        await form.getByLabel('Code', { exact: true }).fill('be');
        await form.getByLabel('Pays', { exact: true }).fill('BE');
        await form.getByLabel('Adresse du site').fill('http://be.comptoir.test');
        await form.getByLabel('Anglais').check();
        await form.getByRole('button', { name: 'Créer le marché' }).click();
        await page.getByText('Marché Belgique créé.').waitFor();
        await page.getByRole('row', { name: /Belgique/ }).getByText('http://be.comptoir.test').waitFor();
        const [created] = await t.ctx.db.select().from(markets).where(eq(markets.code, 'be'));
        expect(created).toMatchObject({ host: 'be.comptoir.test', locales: ['fr', 'en'], countries: ['BE'] });

        // Two customers of one name, one in each market: the filter keeps the Belgian one.
        for (const [marketId, email] of [
          [DEFAULT_MARKET_ID, 'maelle.fr@exemple.fr'],
          [created!.id, 'maelle.be@exemple.be'],
        ] as const) {
          await t.ctx.db.insert(customers).values({ id: newId('cus'), marketId, email, emailNormalized: email, firstName: 'Maëlle', lastName: 'Vandersteen' });
        }
        await page.goto('/admin/customers?q=vandersteen');
        await waitForPageHeading(page, 'Clients');
        await page.getByText('2 clients affichés.').waitFor();
        await page.getByText('Filtres', { exact: true }).click();
        await page.getByLabel('Marché').selectOption({ label: 'Belgique (be)' });
        await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
        await page.getByText('1 client affiché.').waitFor();
        await page.getByRole('cell', { name: 'maelle.be@exemple.be' }).waitFor();
        expect(new URL(page.url()).searchParams.get('market')).toBe('be');
        await checkPage(page, 'customers filtered by market', violations, widths);

        await page.setViewportSize({ width: 360, height: 800 });
        await page.goto('/admin/markets');
        await waitForPageHeading(page, 'Marchés');
        await checkPage(page, 'markets at 360 px', violations, narrow);

        await page.getByRole('group', { name: 'Langue' }).getByRole('button', { name: 'English' }).click();
        await waitForPageHeading(page, 'Markets');
        await page.getByRole('region', { name: 'New market' }).waitFor();
      });
      await context.close();

      expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((name) => [name, []])));
      for (const [name, width] of Object.entries(widths)) expect(width, `scroll width of ${name}`).toBeLessThanOrEqual(1280);
      for (const [name, width] of Object.entries(narrow)) expect(width, `scroll width of ${name}`).toBeLessThanOrEqual(360);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
