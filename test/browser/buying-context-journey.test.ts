import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCompany, insertLocation, insertLocationMember, insertMember, insertVerifiedCustomer } from '../support/company-fixtures.js';
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

let t: TBrowserApp;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('Je commande pour… in a browser', () => {
  it(
    'at 360 px a buyer in two locations picks one, sees its terms read-only, and asks for a new delivery address there',
    async () => {
      const buyer = await insertVerifiedCustomer(t);
      const companyId = await insertCompany(t.ctx.db, { name: 'Papeterie Durand' });
      const siege = await insertLocation(t.ctx.db, { companyId, name: 'Siège', catalogRef: 'pro-2026', terms: { kind: 'net', days: 30 } });
      const lyon = await insertLocation(t.ctx.db, { companyId, name: 'Entrepôt de Lyon', catalogRef: 'grossistes', terms: { kind: 'deposit', percent: 30 }, requiresApproval: true });
      await insertMember(t.ctx.db, { companyId, customerId: buyer.id });
      for (const locationId of [siege, lyon]) await insertLocationMember(t.ctx.db, { locationId, customerId: buyer.id, role: 'buyer' });

      const { context, page } = await openVisitor(browser, t, { viewport: { width: 360, height: 740 }, bypassCSP: true });
      const scrollWidths: number[] = [];
      const violations: unknown[] = [];
      await screenshotOnFailure(page, 'buying-context-journey', async () => {
        await page.goto('/sign-in');
        await submitPasswordForm(page, buyer);
        await page.getByRole('heading', { name: 'Bonjour Claire' }).waitFor();
        await page.getByRole('link', { name: 'Je commande pour…' }).click();
        await waitForPageHeading(page, 'Je commande pour…');
        await page.getByRole('heading', { name: 'Choisissez le site pour lequel vous commandez.' }).waitFor();
        scrollWidths.push(await pageScrollWidth(page));
        violations.push(...(await findSeriousAccessibilityViolations(page)));

        await page.getByRole('radio', { name: 'Papeterie Durand — Entrepôt de Lyon' }).check();
        await page.getByRole('button', { name: 'Enregistrer mon choix' }).click();
        await page.getByText('C’est noté : vous commandez pour Papeterie Durand — Entrepôt de Lyon.').waitFor();
        await page.getByRole('heading', { name: 'Vous commandez pour Papeterie Durand — Entrepôt de Lyon.' }).waitFor();
        await page.getByText('Acompte de 30 % à la commande').waitFor();
        await page.getByText('Les commandes attendent l’approbation d’un administrateur du site.').waitFor();
        await page.getByText('grossistes').waitFor();
        expect(await page.getByRole('radio', { name: 'Papeterie Durand — Entrepôt de Lyon' }).isChecked()).toBe(true);
        scrollWidths.push(await pageScrollWidth(page));
        violations.push(...(await findSeriousAccessibilityViolations(page)));

        // The choice is the session's: a reload shows it again.
        await page.reload();
        await page.getByRole('heading', { name: 'Vous commandez pour Papeterie Durand — Entrepôt de Lyon.' }).waitFor();

        await page.getByRole('link', { name: 'Voir le site Entrepôt de Lyon' }).click();
        await waitForPageHeading(page, 'Entrepôt de Lyon');
        await page.getByText('Ces conditions sont fixées par la boutique.').waitFor();
        await page.getByLabel('Entreprise ou destinataire').fill('Papeterie Durand');
        await page.getByLabel('Adresse (numéro et rue)').fill('8 quai Perrache');
        await page.getByLabel('Code postal').fill('69002');
        await page.getByLabel('Ville').fill('Lyon');
        await page.getByRole('button', { name: 'Envoyer la demande' }).click();
        await page.getByText('Votre demande a été envoyée à l’administrateur du site.').waitFor();
        const requests = page.getByRole('region', { name: 'Mes demandes de modification' });
        await requests.getByText('En attente').waitFor();
        await requests.getByText(/8 quai Perrache, 69002 Lyon/).waitFor();
        await page.getByText('Pas encore d’adresse de livraison.').waitFor();
        scrollWidths.push(await pageScrollWidth(page));
        violations.push(...(await findSeriousAccessibilityViolations(page)));

        await page.getByRole('button', { name: 'English' }).click();
        await page.getByRole('heading', { name: 'Terms of this site' }).waitFor();
        await page.getByText('30 % deposit when ordering').waitFor();
      });
      await context.close();

      for (const width of scrollWidths) expect(width).toBeLessThanOrEqual(360);
      expect(violations).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
