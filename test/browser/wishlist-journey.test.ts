import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_TEST_TIMEOUT_MS,
  checkPage,
  launchChromium,
  openVisitor,
  screenshotOnFailure,
  startBrowserApp,
  submitPasswordForm,
  type TAccessibilityViolation,
  type TBrowserApp,
  waitForPageHeading,
} from '../support/browser.js';
import { registerVerifiedCustomer } from '../support/factories.js';

let t: TBrowserApp;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('Listes d’envies in a browser', () => {
  it(
    'the storefront adds products with the customer’s token; at 360 px the customer sees them, removes one, shares the list; a signed-out visitor opens the link; revoked, it is gone (French and English, axe-clean)',
    async () => {
      const customer = await registerVerifiedCustomer(t, { firstName: 'Léa' });
      // The storefront, with the customer's session token.
      const list = await customer.client.post('/api/me/wishlists', { name: 'Cuisine' }, { token: customer.token });
      const listId = (list.body as { id: string }).id;
      for (const item of [
        { productId: 'mug', variantId: 'bleu', name: 'Mug bleu', price: { amount: 1290, currency: 'EUR' } },
        { productId: 'theiere', name: 'Théière en fonte', price: { amount: 4500, currency: 'EUR' } },
      ]) {
        expect((await customer.client.post(`/api/me/wishlists/${listId}/items`, item, { token: customer.token })).status).toBe(201);
      }

      const violations: Record<string, TAccessibilityViolation[]> = {};
      const widths: Record<string, number> = {};
      const { context, page } = await openVisitor(browser, t, { viewport: { width: 360, height: 740 }, bypassCSP: true });
      const visitor = await openVisitor(browser, t, { viewport: { width: 360, height: 740 }, bypassCSP: true });
      await screenshotOnFailure(page, 'wishlist-journey', async () => {
        await page.goto('/sign-in');
        await submitPasswordForm(page, customer);
        await page.getByRole('heading', { name: 'Bonjour Léa' }).waitFor();
        await page.getByRole('link', { name: 'Mes listes d’envies' }).click();
        await waitForPageHeading(page, 'Mes listes d’envies');
        await page.getByText('2 produits').waitFor();
        await checkPage(page, 'lists', violations, widths);
        await page.getByRole('link', { name: 'Cuisine' }).click();
        await waitForPageHeading(page, 'Cuisine');
        await page.getByText('Théière en fonte').waitFor();
        await page.getByText('45,00 €').waitFor();
        await checkPage(page, 'list', violations, widths);

        await page.getByRole('button', { name: 'Retirer Mug bleu' }).click();
        await page.getByText('Le produit est retiré de la liste.').waitFor();
        await expect.poll(() => page.getByText('Mug bleu').count()).toBe(0);

        await page.getByRole('button', { name: 'Créer un lien de partage' }).click();
        const linkField = page.getByLabel('Lien de partage');
        await linkField.waitFor();
        const link = await linkField.inputValue();
        expect(link).toMatch(/\/shared-wishlists\/[A-Za-z0-9_-]{43}$/);
        await checkPage(page, 'shared', violations, widths);

        // A signed-out visitor opens the link.
        await visitor.page.goto(new URL(link).pathname);
        await waitForPageHeading(visitor.page, 'Liste d’envies de Léa');
        await visitor.page.getByText('Théière en fonte').waitFor();
        await checkPage(visitor.page, 'shared page', violations, widths);
        await visitor.page.getByRole('button', { name: 'English' }).click();
        await waitForPageHeading(visitor.page, 'Léa’s wishlist');
        await checkPage(visitor.page, 'shared page (en)', violations, widths);

        // Revoked: the link is gone.
        await page.getByRole('button', { name: 'Désactiver le lien' }).click();
        await page.getByText('Le lien ne fonctionne plus.').waitFor();
        await visitor.page.reload();
        await visitor.page.getByText('This link no longer works: the list is not shared any more.').waitFor();
        expect((await customer.client.get(new URL(link).pathname.replace('/shared-wishlists/', '/api/shared-wishlists/'))).status).toBe(404);

        // English, and emptying the list.
        await page.getByRole('button', { name: 'English' }).click();
        await page.getByRole('heading', { name: 'Products' }).waitFor();
        await page.getByRole('button', { name: 'Empty the list' }).click();
        await page.getByRole('button', { name: 'Confirm' }).click();
        await page.getByText('The list is empty.').first().waitFor();
        await checkPage(page, 'list (en)', violations, widths);
      });
      await visitor.context.close();
      await context.close();
      expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((name) => [name, []])));
      for (const [name, width] of Object.entries(widths)) expect(width, name).toBeLessThanOrEqual(360);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
