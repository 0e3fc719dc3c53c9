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
import { setUpFirstOwner } from '../http/staff-fixtures.js';

// Messages from the shop (F5.2) in a browser: staff write from the customer's page; the customer
// sees the unread count in the header, reads the message (the count drops), archives it; staff
// see when it was read. French then English, at 360 px, without serious axe findings.

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
const LAPTOP = { width: 1280, height: 900 };

describe('messages from the shop in a browser', () => {
  it(
    'staff send a message; the customer sees it counted, reads it, the count drops, archives it; staff see it read',
    async () => {
      const customer = await insertVerifiedCustomer(t, { accountType: 'individual' });
      const owner = await setUpFirstOwner(t);
      const staff = await openVisitor(browser, t, { viewport: LAPTOP, bypassCSP: true });
      await staff.context.addCookies([
        { name: 'comptoir_staff_session', value: owner.token, url: `${t.baseUrl}/api/staff/` },
        { name: 'comptoir_staff_csrf', value: staffCsrfTokenFor(owner.token), url: `${t.baseUrl}/` },
      ]);
      const { page } = await openVisitor(browser, t, { viewport: PHONE, bypassCSP: true });
      const violations: Record<string, TAccessibilityViolation[]> = {};
      const widths: Record<string, number> = {};
      const staffWidths: Record<string, number> = {};

      await screenshotOnFailure(staff.page, 'messages-journey-staff', async () => {
        await staff.page.goto(`/admin/customers/${customer.id}`);
        const section = staff.page.getByRole('region', { name: 'Messages' });
        await section.getByLabel('Objet').fill('Votre commande est prête');
        await section.getByLabel('Message').fill('Bonjour,\n\nVotre commande vous attend au magasin de Lyon.');
        await section.getByRole('button', { name: 'Envoyer le message' }).click();
        await section.getByText('Message envoyé.').waitFor();
        await section.getByRole('cell', { name: 'Pas encore lu' }).waitFor();
        await checkPage(staff.page, 'back office: message sent', violations, staffWidths);
      });

      await screenshotOnFailure(page, 'messages-journey', async () => {
        await page.goto('/sign-in');
        await submitPasswordForm(page, customer);
        await waitForPageHeading(page, 'Mon compte');
        const header = page.getByRole('banner');
        await header.getByText('1 message non lu').waitFor();
        await header.getByRole('link', { name: /Messagerie/ }).click();
        await waitForPageHeading(page, 'Messagerie');
        await page.getByText('1 message non lu.').waitFor();
        await page.getByText('Non lu', { exact: true }).waitFor();
        await checkPage(page, 'inbox', violations, widths);

        await page.getByRole('link', { name: 'Votre commande est prête' }).click();
        await waitForPageHeading(page, 'Votre commande est prête');
        await page.getByText('Votre commande vous attend au magasin de Lyon.').waitFor();
        // Reading it drops the count in the header.
        await expect.poll(() => header.getByText(/message.* non lu/).count()).toBe(0);
        await checkPage(page, 'message', violations, widths);

        await page.getByRole('button', { name: 'Archiver' }).click();
        await page.getByText('Message archivé.').waitFor();
        await page.getByRole('link', { name: 'Retour à la messagerie' }).click();
        await waitForPageHeading(page, 'Messagerie');
        await page.getByText('Aucun message pour l’instant.').waitFor();
        await page.getByRole('link', { name: 'Archivés' }).click();
        await page.getByRole('link', { name: 'Votre commande est prête' }).waitFor();

        // The customer asks for notices without the text.
        await page.getByRole('radio', { name: 'M’envoyer un e-mail sans le contenu du message' }).check();
        await page.getByRole('button', { name: 'Enregistrer' }).click();
        await page.getByText('Votre choix est enregistré.').waitFor();
        await checkPage(page, 'archived and preferences', violations, widths);

        await page.getByRole('group', { name: 'Langue' }).getByRole('button', { name: 'English' }).click();
        await page.getByRole('heading', { level: 2, name: 'Archived' }).waitFor();
        await page.getByRole('radio', { name: 'Email me without the message’s content' }).waitFor();
        await page.getByRole('link', { name: 'Inbox' }).click();
        await page.getByText('No message yet.').waitFor();
        await checkPage(page, 'inbox in English', violations, widths);
      });

      await screenshotOnFailure(staff.page, 'messages-journey-staff-read', async () => {
        await staff.page.reload();
        await staff.page.getByRole('region', { name: 'Messages' }).getByRole('cell', { name: /^Lu le .*\(archivé\)$/ }).waitFor();
      });

      for (const [name, found] of Object.entries(violations)) expect(found, name).toEqual([]);
      for (const [name, width] of Object.entries(widths)) expect(width, `${name} scroll width`).toBeLessThanOrEqual(PHONE.width);
      for (const [name, width] of Object.entries(staffWidths)) expect(width, `${name} scroll width`).toBeLessThanOrEqual(LAPTOP.width);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
