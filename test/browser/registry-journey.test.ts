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
import { createStaffSession } from '../../src/modules/staff/staff-sessions.service.js';
import { staffUsers } from '../../src/modules/staff/staff.tables.js';
import { newId } from '../../src/platform/ids.js';

let t: TBrowserApp;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('Liste de naissance in a browser', () => {
  it(
    'at 360 px the owner creates a birth registry and adds gifts; a signed-out visitor finds it by its code and reserves; the owner sees who and thanks them by email (French and English, axe-clean)',
    async () => {
      const owner = await registerVerifiedCustomer(t, { firstName: 'Léa' });
      const violations: Record<string, TAccessibilityViolation[]> = {};
      const widths: Record<string, number> = {};
      const { context, page } = await openVisitor(browser, t, { viewport: { width: 360, height: 740 }, bypassCSP: true });
      const visitor = await openVisitor(browser, t, { viewport: { width: 360, height: 740 }, bypassCSP: true });
      await screenshotOnFailure(page, 'registry-journey', async () => {
        await page.goto('/sign-in');
        await submitPasswordForm(page, owner);
        await page.getByRole('heading', { name: 'Bonjour Léa' }).waitFor();
        await page.getByRole('link', { name: 'Mes listes de cadeaux' }).click();
        await waitForPageHeading(page, 'Mes listes de cadeaux');
        await page.getByText('Vous n’avez pas encore de liste de cadeaux.').waitFor();

        // Creating: a missing field is named, then the registry exists.
        await page.getByLabel('Type de liste').selectOption('birth');
        await page.getByLabel('Titre').fill('La liste de Jeanne');
        await page.getByRole('button', { name: 'Créer la liste' }).click();
        await page.getByText('Ce champ est à remplir.').waitFor();
        await checkPage(page, 'new registry with errors', violations, widths);
        await page.getByLabel('Vos noms').fill('Léa et Hugo Martin');
        await page.getByLabel('Date de l’événement').fill('2027-03-14');
        await page.getByLabel('Message à vos proches').fill('Merci pour Jeanne !');
        await page.getByRole('button', { name: 'Créer la liste' }).click();
        await waitForPageHeading(page, 'La liste de Jeanne');
        const code = (await page.locator('#registry-code').textContent())!.trim();
        expect(code).toMatch(/^LN-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

        for (const [name, ref, quantity] of [
          ['Poussette Yoyo', 'poussette-yoyo', '1'],
          ['Body coton 3 mois', 'body-3m', '4'],
        ] as const) {
          await page.getByLabel('Nom du cadeau').fill(name);
          await page.getByLabel('Référence du produit chez la boutique').fill(ref);
          await page.getByLabel('Quantité souhaitée').fill(quantity);
          await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
          await page.getByRole('region', { name: 'Cadeaux souhaités' }).getByText(name).waitFor();
        }
        await page.getByText('Reste 4 sur 4').waitFor();
        await checkPage(page, 'registry', violations, widths);

        // A visitor, signed out, finds it by its code and reserves the stroller.
        await visitor.page.goto('/registries');
        await waitForPageHeading(visitor.page, 'Trouver une liste de cadeaux');
        await checkPage(visitor.page, 'search', violations, widths);
        await visitor.page.getByLabel('Noms ou code de la liste').fill(code.toLowerCase());
        await visitor.page.getByRole('button', { name: 'Rechercher' }).click();
        await waitForPageHeading(visitor.page, 'La liste de Jeanne');
        await visitor.page.getByText('La liste de Léa et Hugo Martin').waitFor();
        await checkPage(visitor.page, 'public registry', violations, widths);
        await visitor.page.getByRole('button', { name: 'Réserver : Poussette Yoyo' }).click();
        await visitor.page.getByLabel('Votre nom').first().fill('Tante Odile');
        await visitor.page.getByLabel('Votre adresse e-mail (facultatif)').fill('odile.journey@example.fr');
        await visitor.page.getByLabel('Un mot pour eux (facultatif)').fill('Pour les balades !');
        await checkPage(visitor.page, 'reservation form', violations, widths);
        await visitor.page.getByRole('button', { name: 'Confirmer la réservation' }).click();
        await visitor.page.getByText('Merci ! Poussette Yoyo vous est réservé.', { exact: false }).waitFor();
        await visitor.page.getByText('Déjà offert').waitFor();
        await visitor.page.getByRole('button', { name: 'English' }).click();
        await visitor.page.getByText('Already given').waitFor();
        await checkPage(visitor.page, 'public registry (en)', violations, widths);

        // The owner sees who gave what, and thanks them.
        const mark = t.mail.mark();
        await page.reload();
        const gifts = page.getByRole('region', { name: 'Cadeaux reçus' });
        await gifts.getByText('Tante Odile : 1 × Poussette Yoyo').waitFor();
        await gifts.getByText('« Pour les balades ! »').waitFor();
        await gifts.getByRole('button', { name: 'Remercier Tante Odile' }).click();
        await gifts.getByLabel('Votre message de remerciement à Tante Odile').fill('Merci Odile, Jeanne adore déjà sa poussette !');
        await checkPage(page, 'thank form', violations, widths);
        await gifts.getByRole('button', { name: 'Envoyer le remerciement' }).click();
        await page.getByText('Votre remerciement est envoyé par e-mail.').waitFor();
        const email = await t.mail.waitForEmail({ to: 'odile.journey@example.fr', after: mark });
        expect(email.text).toContain('Merci Odile, Jeanne adore déjà sa poussette !');

        await page.getByRole('button', { name: 'English' }).click();
        await page.getByRole('region', { name: 'Gifts received' }).getByText('Thanked').waitFor();
        await checkPage(page, 'registry (en)', violations, widths);
      });
      await visitor.context.close();
      await context.close();
      expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((name) => [name, []])));
      for (const [name, width] of Object.entries(widths)) expect(width, name).toBeLessThanOrEqual(360);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'staff open a customer’s registries from the customer page and find one by its code, read-only (axe-clean)',
    async () => {
      const owner = await registerVerifiedCustomer(t, { firstName: 'Léa' });
      const created = await owner.client.post('/api/me/registries', { kind: 'wedding', title: 'Mariage de Léa et Hugo', ownerNames: 'Léa et Hugo' }, { token: owner.token });
      const registry = created.body as { id: string; publicCode: string };
      const item = await owner.client.post(`/api/me/registries/${registry.id}/items`, { productId: 'service', name: 'Service à thé', wantedQuantity: 2 }, { token: owner.token });
      await owner.client.post(`/api/registries/${registry.publicCode}/reservations`, { itemId: (item.body as { id: string }).id, name: 'Paul' });
      const staffId = newId('stf');
      await t.ctx.db.insert(staffUsers).values({ id: staffId, email: 'support.registry@boutique.fr', emailNormalized: 'support.registry@boutique.fr', name: 'Sam Support', role: 'support', status: 'active' });
      const { token } = await createStaffSession(t.ctx.db, { staffId, meta: { ip: '127.0.0.1', userAgent: 'browser test' } });
      const violations: Record<string, TAccessibilityViolation[]> = {};
      const widths: Record<string, number> = {};
      const { context, page } = await openVisitor(browser, t, { viewport: { width: 1280, height: 900 }, bypassCSP: true });
      await context.addCookies([{ name: 'comptoir_staff_session', value: token, url: `${t.baseUrl}/api/staff/` }]);
      await screenshotOnFailure(page, 'registry-staff', async () => {
        await page.goto(`/admin/customers/${owner.customerId}`);
        const section = page.getByRole('region', { name: 'Listes de cadeaux' });
        await section.getByRole('button', { name: 'Afficher les listes' }).click();
        await section.getByRole('link', { name: 'Mariage de Léa et Hugo' }).click();
        await waitForPageHeading(page, 'Mariage de Léa et Hugo');
        await page.getByText('Paul : 1 × Service à thé (réservé)').waitFor();
        await checkPage(page, 'staff registry', violations, widths);
        await page.getByLabel('Code de la liste').fill('LN-0000-0000');
        await page.getByRole('button', { name: 'Afficher' }).click();
        await page.getByText('Aucune liste n’a ce code dans vos marchés.').waitFor();
        await page.getByLabel('Code de la liste').fill(registry.publicCode.toLowerCase());
        await page.getByRole('button', { name: 'Afficher' }).click();
        await waitForPageHeading(page, 'Mariage de Léa et Hugo');
        await checkPage(page, 'staff registry by code', violations, widths);
      });
      await context.close();
      expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((name) => [name, []])));
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
