import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { customerNotes } from '../../src/modules/customer-admin/customer-admin.tables.js';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { staffAuditEvents } from '../../src/modules/staff/staff.tables.js';
import { inviteStaffMember, setUpFirstOwner } from '../http/staff-fixtures.js';
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
import { uniqueEmail } from '../support/test-app.js';

let t: TBrowserApp;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The outline of a page: its headings' levels in order, which must never skip one going down. */
async function headingLevels(page: Page): Promise<number[]> {
  return page.locator('h1, h2, h3, h4').evaluateAll((nodes) => nodes.map((node) => Number(node.tagName.slice(1))));
}

describe('customers in the back office, in a browser', () => {
  it(
    'support creates a business customer (errors on their fields first), adds a note, sends a reset link after confirming, and looks at the emails sent',
    async () => {
      const owner = await setUpFirstOwner(t);
      const support = await inviteStaffMember(t, owner, 'support');
      const email = uniqueEmail('boutique');
      const { context, page } = await openVisitor(browser, t, { viewport: { width: 1280, height: 800 }, bypassCSP: true });
      const violations: Record<string, TAccessibilityViolation[]> = {};
      const widths: Record<string, number> = {};
      const outlines: Record<string, number[]> = {};
      await screenshotOnFailure(page, 'backoffice-customers', async () => {
        await page.goto('/admin/sign-in');
        await submitPasswordForm(page, { email: support.email, password: support.password });
        await page.getByRole('navigation').first().waitFor();

        await page.goto('/admin/customers/new');
        await waitForPageHeading(page, 'Nouveau client');
        await page.getByLabel('Prénom').fill('Jeanne');
        await page.getByLabel('Nom', { exact: true }).fill('Leroy');
        await page.getByLabel('Adresse e-mail').fill(email);
        await page.getByLabel('Téléphone', { exact: true }).fill('abc');
        // The business section appears only for a business type.
        expect(await page.getByRole('heading', { name: 'Informations sur l’entreprise' }).count()).toBe(0);
        await page.getByLabel('Particulier ou professionnel').selectOption('company');
        await page.getByRole('heading', { name: 'Informations sur l’entreprise' }).waitFor();
        await page.getByLabel('Nom de l’entreprise').fill('Atelier Leroy');
        await page.getByLabel('Numéro d’identification (SIRET, BCE…)').fill('732 829 320 00075');
        await page.getByLabel('Saisir une adresse de facturation').check();
        const billing = page.getByRole('region', { name: 'Adresse de facturation' });
        await billing.getByLabel('Nom', { exact: true }).fill('Leroy');
        await billing.getByLabel('Adresse', { exact: true }).fill('10 rue de la Paix');
        await billing.getByLabel('Code postal').fill('75002');
        await billing.getByLabel('Ville').fill('Paris');
        await page.getByLabel('Livrer à l’adresse de facturation').check();
        await page.getByLabel('Accepte la lettre d’information par e-mail').check();
        await page.getByRole('button', { name: 'Créer le client' }).click();
        await page.getByText('Ce numéro n’est pas valide ; un numéro étranger commence par +.').waitFor();
        await page.getByText('Ce SIRET n’existe pas (14 chiffres, clé de contrôle).').waitFor();
        await checkPage(page, 'new customer with errors', violations, widths);
        outlines['new customer'] = await headingLevels(page);
        await page.getByLabel('Téléphone', { exact: true }).fill('01 23 45 67 89');
        await page.getByLabel('Numéro d’identification (SIRET, BCE…)').fill('732 829 320 00074');
        await page.getByRole('button', { name: 'Créer le client' }).click();

        await waitForPageHeading(page, 'Jeanne Leroy');
        const [row] = await t.ctx.db.select().from(customers).where(eq(customers.emailNormalized, email));
        expect(row).toMatchObject({ origin: 'staff', accountType: 'company', businessIdentifier: '73282932000074', phone: '+33123456789', emailVerifiedAt: null });
        await page.getByText('Adresse non vérifiée').waitFor();
        // Read-write staff see the actions; support cannot disable.
        expect(await page.getByRole('button', { name: 'Désactiver le compte' }).count()).toBe(0);

        const notes = page.getByRole('region', { name: 'Notes internes' });
        await notes.getByRole('button', { name: 'Ajouter la note' }).click();
        await notes.getByText('Écrivez la note.').waitFor();
        await notes.getByLabel('Nouvelle note').fill('Préfère être appelée le matin.');
        await notes.getByRole('button', { name: 'Ajouter la note' }).click();
        await page.getByText('Note ajoutée.').waitFor();
        await notes.getByText('Préfère être appelée le matin.').waitFor();
        expect(await t.ctx.db.select({ body: customerNotes.body }).from(customerNotes).where(eq(customerNotes.customerId, row!.id))).toEqual([
          { body: 'Préfère être appelée le matin.' },
        ]);
        // A second note, deleted after confirming: cancelling first keeps it.
        await notes.getByLabel('Nouvelle note').fill('Note saisie par erreur.');
        await notes.getByRole('button', { name: 'Ajouter la note' }).click();
        await notes.getByText('Note saisie par erreur.').waitFor();
        const mistaken = notes.getByRole('listitem').filter({ hasText: 'Note saisie par erreur.' });
        await mistaken.getByRole('button', { name: /^Supprimer la note du / }).click();
        const confirmDelete = page.getByRole('dialog', { name: 'Supprimer cette note ?' });
        await confirmDelete.getByRole('button', { name: 'Annuler' }).click();
        await confirmDelete.waitFor({ state: 'detached' });
        await mistaken.getByRole('button', { name: /^Supprimer la note du / }).click();
        await page.getByRole('dialog', { name: 'Supprimer cette note ?' }).getByRole('button', { name: 'Supprimer' }).click();
        await page.getByText('Note supprimée.').waitFor();
        expect(await t.ctx.db.select({ body: customerNotes.body }).from(customerNotes).where(eq(customerNotes.customerId, row!.id))).toEqual([
          { body: 'Préfère être appelée le matin.' },
        ]);

        // The reset link goes only after confirming; the dialog opens on "Annuler" (Enter does no harm).
        await page.getByRole('button', { name: 'Envoyer un lien de mot de passe' }).click();
        const dialog = page.getByRole('dialog', { name: 'Envoyer un lien de mot de passe ?' });
        await dialog.waitFor();
        await checkPage(page, 'reset confirmation', violations, widths);
        expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent)).toBe('Annuler');
        const since = t.mail.mark();
        await dialog.getByRole('button', { name: 'Envoyer le lien' }).click();
        await page.getByText(`Lien envoyé à ${email}.`).waitFor();
        const message = await t.mail.waitForEmail({ to: email, after: since });
        expect(message.text).toContain('/reset-password?token=');

        // Each view loads when shown, and only then is it audited.
        const data = page.getByRole('region', { name: 'Données du client' });
        const viewed = async () =>
          (await t.ctx.db.select().from(staffAuditEvents).where(and(eq(staffAuditEvents.targetId, row!.id), eq(staffAuditEvents.action, 'customer.emails_viewed')))).length;
        expect(await viewed()).toBe(0);
        await data.getByRole('button', { name: 'Afficher E-mails envoyés' }).click();
        await data.getByRole('cell', { name: 'password_reset' }).waitFor();
        expect(await viewed()).toBe(1);
        await checkPage(page, 'customer', violations, widths);
        outlines.customer = await headingLevels(page);
      });
      await context.close();
      expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((name) => [name, []])));
      for (const [name, width] of Object.entries(widths)) expect(width, name).toBeLessThanOrEqual(1280);
      for (const [name, levels] of Object.entries(outlines)) {
        expect(levels[0], name).toBe(1);
        levels.forEach((level, index) => index > 0 && expect(level - levels[index - 1]!, `${name}: ${levels.join(',')}`).toBeLessThanOrEqual(1));
      }
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
