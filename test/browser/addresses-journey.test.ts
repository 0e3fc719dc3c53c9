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

let t: TBrowserApp;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('Mes adresses in a browser', () => {
  it(
    'at 360 px a customer adds a billing address, fixes a postal code, delivers to it, adds, prefers, edits and deletes delivery addresses',
    async () => {
      const customer = await registerVerifiedCustomer(t, { firstName: 'Léa' });
      const { context, page } = await openVisitor(browser, t, { viewport: { width: 360, height: 740 }, bypassCSP: true });
      page.on('dialog', (dialog) => void dialog.accept());
      const scrollWidths: number[] = [];
      const violations: unknown[] = [];
      await screenshotOnFailure(page, 'addresses-journey', async () => {
        await page.goto('/sign-in');
        await submitPasswordForm(page, customer);
        await page.getByRole('heading', { name: 'Bonjour Léa' }).waitFor();
        await page.getByRole('link', { name: 'Mes adresses' }).click();
        await waitForPageHeading(page, 'Mes adresses');
        await page.getByText('Vous n’avez pas encore d’adresse de facturation.').waitFor();
        violations.push(...(await findSeriousAccessibilityViolations(page)));

        await page.getByRole('button', { name: 'Ajouter une adresse de facturation' }).click();
        await waitForPageHeading(page, 'Nouvelle adresse de facturation');
        await page.getByLabel('Prénom').fill('Léa');
        await page.getByLabel('Nom', { exact: true }).fill('Martin');
        await page.getByLabel('Adresse', { exact: true }).fill('3 place du Marché');
        await page.getByLabel('Code postal').fill('7500');
        await page.getByLabel('Ville').fill('Paris');
        await page.getByLabel('Téléphone (facultatif)').fill('06 12 34 56 78');
        await page.getByRole('button', { name: 'Enregistrer' }).click();
        await page.getByText('Ce code postal n’existe pas dans ce pays. Exemple : 75001.').waitFor();
        scrollWidths.push(await pageScrollWidth(page));
        violations.push(...(await findSeriousAccessibilityViolations(page)));
        await page.getByLabel('Code postal').fill('75001');
        await page.getByRole('button', { name: 'Enregistrer' }).click();
        await page.getByText('L’adresse a été ajoutée.').waitFor();

        const billing = page.getByRole('region', { name: 'Adresse de facturation' });
        await billing.getByText('Tél. : 06 12 34 56 78').waitFor();
        const deliveries = page.getByRole('region', { name: 'Adresses de livraison' });
        await deliveries.getByRole('button', { name: 'Livrer à mon adresse de facturation' }).click();
        await page.getByText('Votre adresse de facturation a été ajoutée à vos adresses de livraison.').waitFor();
        await deliveries.getByText('Par défaut', { exact: true }).waitFor();

        await deliveries.getByRole('button', { name: 'Ajouter une adresse de livraison' }).click();
        await waitForPageHeading(page, 'Nouvelle adresse de livraison');
        await page.getByLabel('Nom de l’adresse (facultatif)').fill('Bureau');
        await page.getByLabel('Nom', { exact: true }).fill('Martin');
        await page.getByLabel('Pays').selectOption('NL');
        await page.getByLabel('Adresse', { exact: true }).fill('Damrak');
        await page.getByLabel('Numéro', { exact: true }).fill('70');
        await page.getByLabel('Code postal').fill('1012lm');
        await page.getByLabel('Ville').fill('Amsterdam');
        await page.getByRole('button', { name: 'Enregistrer' }).click();
        await page.getByText('L’adresse a été ajoutée.').waitFor();
        await deliveries.getByText('1012 LM Amsterdam').waitFor();
        scrollWidths.push(await pageScrollWidth(page));
        violations.push(...(await findSeriousAccessibilityViolations(page)));

        await deliveries.getByRole('button', { name: 'Choisir par défaut' }).click();
        await page.getByText('C’est désormais votre adresse de livraison par défaut.').waitFor();
        await deliveries.getByRole('listitem').first().getByText('Bureau').waitFor();

        await deliveries.getByRole('listitem').first().getByRole('button', { name: 'Modifier' }).click();
        await waitForPageHeading(page, 'Modifier l’adresse');
        await page.getByLabel('Nom de l’adresse (facultatif)').fill('Bureau Amsterdam');
        await page.getByRole('button', { name: 'Enregistrer' }).click();
        await page.getByText('L’adresse a été modifiée.').waitFor();
        await deliveries.getByText('Bureau Amsterdam').waitFor();

        await deliveries.getByRole('listitem').first().getByRole('button', { name: 'Supprimer' }).click();
        await page.getByText('L’adresse a été supprimée.').waitFor();
        // The list reloads after the confirmation shows: wait for it rather than race it.
        await deliveries.getByText('Bureau Amsterdam').waitFor({ state: 'detached' });
        expect(await deliveries.getByRole('listitem').count()).toBe(1);
        await deliveries.getByText('Par défaut', { exact: true }).waitFor();

        await page.getByRole('button', { name: 'English' }).click();
        await waitForPageHeading(page, 'My addresses');
        await page.getByRole('region', { name: 'Delivery addresses' }).getByText('Default', { exact: true }).waitFor();
      });
      await context.close();

      for (const width of scrollWidths) expect(width).toBeLessThanOrEqual(360);
      expect(violations).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
