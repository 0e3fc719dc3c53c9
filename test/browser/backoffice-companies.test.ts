import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { companies, companyMembers } from '../../src/modules/companies/companies.tables.js';
import { orders } from '../../src/modules/orders/orders.tables.js';
import { newId } from '../../src/platform/ids.js';
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
import { insertCompany, insertCustomerRow, insertLocation, insertMember } from '../support/company-fixtures.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';

let t: TBrowserApp;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('companies in the back office, in a browser', () => {
  it(
    'support creates a company, names its administrator, sets a location’s terms, adds and deletes a location, and merges a duplicate into it',
    async () => {
      const owner = await setUpFirstOwner(t);
      const support = await inviteStaffMember(t, owner, 'support');
      const db = t.ctx.db;
      const administrator = await insertCustomerRow(db);
      const duplicateId = await insertCompany(db, { name: 'Papeterie Lemaire (doublon)' });
      const colleague = await insertCustomerRow(db);
      await insertMember(db, { companyId: duplicateId, customerId: colleague.id, role: 'admin' });
      const duplicateSite = await insertLocation(db, { companyId: duplicateId, name: 'Entrepôt de Lille' });
      await db.insert(orders).values({ marketId: DEFAULT_MARKET_ID,
        id: newId('ord'),
        externalId: newId('ord'),
        number: 'W-42',
        channel: 'online',
        placedAt: new Date(),
        currency: 'EUR',
        customerId: colleague.id,
        companyId: duplicateId,
        locationId: duplicateSite,
        status: 'open',
        total: 4200,
      });

      const { context, page } = await openVisitor(browser, t, { viewport: { width: 1280, height: 800 }, bypassCSP: true });
      const violations: Record<string, TAccessibilityViolation[]> = {};
      const widths: Record<string, number> = {};
      await screenshotOnFailure(page, 'backoffice-companies', async () => {
        await page.goto('/admin/sign-in');
        await submitPasswordForm(page, { email: support.email, password: support.password });
        await page.getByRole('navigation').first().waitFor();

        // Every bad field at once, each next to its input, in French.
        await page.goto('/admin/companies/new');
        await waitForPageHeading(page, 'Nouvelle entreprise');
        await page.getByLabel('Raison sociale').fill('Papeterie Lemaire');
        await page.getByLabel('SIRET').fill('732 829 320 00075');
        await page.getByLabel('Numéro de TVA intracommunautaire').fill('BE0403170701');
        await page.getByRole('button', { name: 'Créer l’entreprise' }).click();
        await page.getByText('Ce SIRET n’est pas valide', { exact: false }).waitFor();
        await page.getByText('Le préfixe du numéro de TVA doit correspondre au pays du siège.').waitFor();
        await checkPage(page, 'new company with errors', violations, widths);
        await page.getByLabel('SIRET').fill('732 829 320 00074');
        await page.getByLabel('Numéro de TVA intracommunautaire').fill('FR44732829320');
        await page.getByRole('button', { name: 'Créer l’entreprise' }).click();

        // No administrator yet: the page says so first and offers to name one.
        await waitForPageHeading(page, 'Papeterie Lemaire');
        const companyId = new URL(page.url()).pathname.split('/').at(-1)!;
        const orphan = page.getByRole('region', { name: 'Nommer un administrateur' });
        await orphan.getByText('Cette entreprise n’a plus d’administrateur', { exact: false }).waitFor();
        await checkPage(page, 'company without administrator', violations, widths);
        await orphan.getByLabel('Adresse e-mail du client').fill(administrator.email);
        await orphan.getByRole('button', { name: 'Nommer un administrateur' }).click();
        await page.getByText(`${administrator.email} est maintenant administrateur.`).waitFor();
        const members = page.getByRole('region', { name: 'Membres' });
        await members.getByRole('link', { name: 'Claire Fontaine' }).waitFor();
        expect(await db.select({ role: companyMembers.role }).from(companyMembers).where(eq(companyMembers.companyId, companyId))).toEqual([{ role: 'admin' }]);

        // The first location's terms: net 45 days, orders to approve.
        const locations = page.getByRole('region', { name: 'Sites' });
        await locations.getByRole('button', { name: 'Modifier le site Papeterie Lemaire' }).click();
        const editor = locations.getByRole('listitem', { name: 'Papeterie Lemaire' });
        await editor.getByLabel('Catalogue ou liste de prix').fill('PRO-2025');
        await editor.getByLabel('Paiement à échéance').check();
        await editor.getByLabel('Délai de paiement').selectOption('45');
        await editor.getByLabel('Les commandes de ce site attendent', { exact: false }).check();
        await checkPage(page, 'location editor', violations, widths);
        await editor.getByRole('button', { name: 'Enregistrer le site' }).click();
        await page.getByText('Site « Papeterie Lemaire » enregistré.').waitFor();
        await locations.getByText('À 45 jours').waitFor();
        await locations.getByText('Commandes soumises à approbation').waitFor();

        // A second location, then deleted after confirmation.
        const adding = locations.locator('details');
        await adding.locator('summary').click();
        await adding.getByLabel('Nom du site').fill('Boutique de Roubaix');
        await adding.getByLabel('Acompte à la commande').check();
        await adding.getByLabel('Acompte (%)').fill('30');
        await adding.getByRole('button', { name: 'Ajouter le site' }).click();
        await page.getByText('Site « Boutique de Roubaix » ajouté.').waitFor();
        await locations.getByText('Acompte de 30 %').waitFor();
        await locations.getByRole('button', { name: 'Supprimer le site Boutique de Roubaix' }).click();
        await locations.getByRole('button', { name: 'Oui, supprimer' }).click();
        await page.getByText('Site « Boutique de Roubaix » supprimé.').waitFor();
        await checkPage(page, 'company', violations, widths);

        // The duplicate goes into it: found by a fragment of its name, what moves shown first.
        await page.goto(`/admin/companies/${duplicateId}`);
        await waitForPageHeading(page, 'Papeterie Lemaire (doublon)');
        const merge = page.getByRole('region', { name: 'Fusionner dans une autre entreprise' });
        await merge.getByLabel('Rechercher l’entreprise à conserver').fill('lemaire');
        await merge.getByRole('button', { name: 'Rechercher' }).click();
        await merge.getByRole('button', { name: 'Choisir Papeterie Lemaire comme entreprise à conserver' }).click();
        await merge.getByText('1 membre, 1 site, 1 commande, 0 document').waitFor();
        await checkPage(page, 'merge confirmation', violations, widths);
        await merge.getByRole('button', { name: 'Oui, fusionner' }).click();
        await page.getByText('Fusion faite', { exact: false }).waitFor();
        await page.getByText('Cette entreprise a été fusionnée dans Papeterie Lemaire.', { exact: false }).waitFor();
        const [duplicate] = await db.select().from(companies).where(eq(companies.id, duplicateId));
        expect(duplicate).toMatchObject({ status: 'merged', mergedIntoId: companyId });

        await page.getByRole('link', { name: 'Ouvrir l’entreprise conservée' }).click();
        await waitForPageHeading(page, 'Papeterie Lemaire');
        await page.getByRole('region', { name: 'Sites' }).getByRole('heading', { name: 'Entrepôt de Lille' }).waitFor();
        await page.getByText('2 membres, 2 sites, 1 commande, 0 document').waitFor();

        // English too.
        await page.getByRole('group', { name: 'Langue' }).getByRole('button', { name: 'English' }).click();
        await page.getByRole('region', { name: 'Locations' }).getByText('Net 45 days').waitFor();
      });
      await context.close();

      expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((name) => [name, []])));
      for (const [name, width] of Object.entries(widths)) expect(width, `scroll width of ${name}`).toBeLessThanOrEqual(1280);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
