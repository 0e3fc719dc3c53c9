import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentRecords, customers } from '../../src/modules/customers/customers.tables.js';
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
import { uniqueEmail } from '../support/test-app.js';
import { inviteStaffMember, nextCode, setUpFirstOwner } from '../http/staff-fixtures.js';

let t: TBrowserApp;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const HEADER = 'First Name,Last Name,Email,Accepts Email Marketing,Company,Address1,Address2,City,Province,Province Code,Country,Country Code,Zip,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Tags,Note,Tax Exempt';

function shopifyFile(rows: string[]): { name: string; mimeType: string; buffer: Buffer } {
  return { name: 'customers_export.csv', mimeType: 'text/csv', buffer: Buffer.from([HEADER, ...rows].join('\r\n') + '\r\n') };
}

describe('import and export in the back office, in a browser', () => {
  it(
    'an administrator checks a Shopify export, sees the bad line by number and reason, imports the corrected file, and finds the download links',
    async () => {
      const owner = await setUpFirstOwner(t);
      const admin = await inviteStaffMember(t, owner, 'administrator');
      const lea = uniqueEmail('lea');
      const marc = uniqueEmail('marc');
      const good = `Léa,Moreau,${lea},yes,,12 rue des Lilas,,Lyon,,,France,FR,69003,06 12 34 56 78,no,120.00,3,,Cliente fidèle,no`;
      const bad = 'Marc,Petit,marc.petit@,no,,,,,,,,,,,no,0.00,0,,,no';
      const fixed = `Marc,Petit,${marc},no,,,,,,,,,,,no,0.00,0,,,no`;

      const { page } = await openVisitor(browser, t, { viewport: { width: 1280, height: 800 }, bypassCSP: true });
      await screenshotOnFailure(page, 'backoffice-imports', async () => {
        await page.goto('/admin/sign-in');
        await submitPasswordForm(page, { email: admin.email, password: admin.password });
        await waitForPageHeading(page, 'Double authentification');
        await page.getByLabel('Code de l’application').fill(await nextCode(t, admin));
        await page.getByRole('button', { name: 'Valider' }).click();
        await page.getByRole('navigation', { name: 'Sections du back-office' }).waitFor();

        await page.getByRole('navigation', { name: 'Sections du back-office' }).getByRole('link', { name: 'Import / export' }).click();
        await waitForPageHeading(page, 'Import et export');
        await page.getByLabel('Format du fichier').selectOption('shopify');
        await page.getByLabel('Fichier CSV').setInputFiles(shopifyFile([good, bad]));
        await page.getByRole('button', { name: 'Vérifier le fichier' }).click();

        // Line 3 (the header is line 1), its column and its reason; nothing can be imported yet.
        await page.getByText('1 ligne est en erreur', { exact: false }).waitFor();
        const badRow = page.getByRole('row', { name: /Adresse e-mail invalide/ });
        await badRow.getByRole('cell', { name: '3', exact: true }).waitFor();
        expect(await page.getByRole('button', { name: /^Importer \d/ }).count()).toBe(0);
        expect(await t.ctx.db.select().from(customers).where(eq(customers.emailNormalized, lea))).toHaveLength(0);
        expect(await findSeriousAccessibilityViolations(page)).toEqual([]);

        await page.getByLabel('Fichier CSV').setInputFiles(shopifyFile([good, fixed]));
        await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
        await page.getByText('Aucune ligne en erreur : le fichier peut être importé.').waitFor();
        await page.getByRole('button', { name: 'Importer 2 clients' }).click();
        await page.getByText('2 clients créés, 0 mis à jour, 0 inchangé.').waitFor();
        expect(await findSeriousAccessibilityViolations(page)).toEqual([]);
        expect(await pageScrollWidth(page)).toBeLessThanOrEqual(1280);

        await page.getByRole('link', { name: 'Télécharger les clients (CSV)' }).waitFor();
        await page.getByRole('link', { name: 'Télécharger les entreprises (CSV)' }).waitFor();
      });

      const [imported] = await t.ctx.db.select().from(customers).where(eq(customers.emailNormalized, lea));
      expect(imported).toMatchObject({ firstName: 'Léa', lastName: 'Moreau', origin: 'import', passwordHash: null });
      expect([imported!.phone, imported!.mobile]).toContain('+33612345678');
      const consents = await t.ctx.db.select().from(consentRecords).where(eq(consentRecords.customerId, imported!.id));
      expect(consents).toEqual(expect.arrayContaining([expect.objectContaining({ purpose: 'newsletter_email', granted: true, source: 'import' })]));
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
