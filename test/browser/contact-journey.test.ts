import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffCsrfTokenFor } from '../../src/modules/staff/staff-authentication.js';
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
import { insertVerifiedCustomer } from '../support/company-fixtures.js';
import { insertOrder } from '../support/documents.js';
import { setUpFirstOwner } from '../http/staff-fixtures.js';

// Contact the shop (F5.4) in a browser: the customer writes about an order with a PDF; staff
// find it unread under Demandes, open the file, answer; the customer is emailed and reads the
// answer. French then English, at 360 px, without serious axe findings.

let t: TBrowserApp;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const PHONE = { width: 360, height: 740 };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

describe('contact the shop in a browser', () => {
  it(
    'a customer writes about an order with a PDF, staff answer in the back office, the customer is emailed and sees the answer',
    async () => {
      const customer = await insertVerifiedCustomer(t, { accountType: 'individual' });
      const order = await insertOrder(t, { customerId: customer.id });
      const owner = await setUpFirstOwner(t);
      const { page } = await openVisitor(browser, t, { viewport: PHONE, bypassCSP: true });
      const staff = await openVisitor(browser, t, { viewport: PHONE, bypassCSP: true });
      await staff.context.addCookies([
        { name: 'comptoir_staff_session', value: owner.token, url: `${t.baseUrl}/api/staff/` },
        { name: 'comptoir_staff_csrf', value: staffCsrfTokenFor(owner.token), url: `${t.baseUrl}/` },
      ]);
      const violations: Record<string, TAccessibilityViolation[]> = {};
      const widths: Record<string, number> = {};

      await screenshotOnFailure(page, 'contact-journey', async () => {
        await page.goto('/sign-in');
        await submitPasswordForm(page, customer);
        await waitForPageHeading(page, 'Mon compte');
        await page.getByRole('banner').getByRole('link', { name: 'Nous contacter' }).click();
        await waitForPageHeading(page, 'Nous contacter');
        await page.getByText('Vous n’avez encore jamais écrit à la boutique.').waitFor();
        // Sent empty: each missing field says so.
        await page.getByRole('button', { name: 'Envoyer' }).click();
        await page.getByText('Indiquez l’objet de votre demande.').waitFor();
        await page.getByText('Écrivez votre message.').waitFor();
        await checkPage(page, 'contact form with errors', violations, widths);

        await page.getByLabel('Sujet').selectOption('order');
        await page.getByLabel('Commande concernée (facultatif)').selectOption({ value: order.id });
        await page.getByLabel('Objet').fill('Colis abîmé');
        await page.getByLabel('Votre message').fill('Le carton est arrivé déchiré. Voici le bon de livraison.');
        await page.getByLabel('Pièces jointes (facultatif)').setInputFiles({ name: 'bon de livraison.pdf', mimeType: 'application/pdf', buffer: PDF });
        await page.getByRole('button', { name: 'Envoyer' }).click();
        await waitForPageHeading(page, 'Colis abîmé');
        await page.getByText('Votre demande est envoyée. Nous vous répondrons au plus vite.').waitFor();
        await page.getByRole('link', { name: 'Télécharger bon de livraison.pdf' }).waitFor();
        await page.getByRole('link', { name: order.number }).waitFor();
        await checkPage(page, 'contact thread', violations, widths);
      });

      const since = t.mail.mark();
      await screenshotOnFailure(staff.page, 'contact-journey-staff', async () => {
        await staff.page.goto('/admin/requests');
        await waitForPageHeading(staff.page, 'Demandes des clients');
        await staff.page.getByText('1 demande non lue.').waitFor();
        await checkPage(staff.page, 'back office: requests', violations, widths);
        await staff.page.getByRole('link', { name: 'Colis abîmé' }).click();
        await waitForPageHeading(staff.page, 'Colis abîmé');
        await staff.page.getByText('Le carton est arrivé déchiré. Voici le bon de livraison.').waitFor();
        const [download] = await Promise.all([staff.page.waitForEvent('download'), staff.page.getByRole('link', { name: 'Télécharger bon de livraison.pdf' }).click()]);
        expect(download.suggestedFilename()).toBe('bon de livraison.pdf');
        await staff.page.getByLabel('Votre réponse').fill('Nous vous envoyons un nouveau colis demain.');
        await staff.page.getByRole('button', { name: 'Répondre' }).click();
        await staff.page.getByText('Réponse envoyée : le client est prévenu par e-mail.').waitFor();
        await checkPage(staff.page, 'back office: request answered', violations, widths);
      });

      const email = await t.mail.waitForEmail({ to: customer.email, subject: /Colis abîmé/, after: since });
      expect(email.text).toContain('Nous vous envoyons un nouveau colis demain.');

      await screenshotOnFailure(page, 'contact-journey-answer', async () => {
        const link = /http:\/\/comptoir\.test\/contact\/cth_[0-9a-z]{26}/.exec(email.text)?.[0];
        expect(link).toBeDefined();
        await page.goto(t.localUrl(link!));
        await waitForPageHeading(page, 'Colis abîmé');
        await page.getByText('Nous vous envoyons un nouveau colis demain.').waitFor();
        await page.getByText('La boutique', { exact: true }).waitFor();
        await checkPage(page, 'contact answer', violations, widths);

        await page.getByRole('group', { name: 'Langue' }).getByRole('button', { name: 'English' }).click();
        await page.getByRole('heading', { level: 2, name: 'Reply' }).waitFor();
        await page.getByText('The shop', { exact: true }).waitFor();
        await page.getByRole('link', { name: 'Back to my requests' }).click();
        await waitForPageHeading(page, 'Contact us');
        await page.getByRole('link', { name: 'Colis abîmé' }).waitFor();
        await page.getByText('Answered', { exact: true }).waitFor();
        await checkPage(page, 'contact in English', violations, widths);
      });

      for (const [name, found] of Object.entries(violations)) expect(found, name).toEqual([]);
      for (const [name, width] of Object.entries(widths)) expect(width, `${name} scroll width`).toBeLessThanOrEqual(PHONE.width);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
