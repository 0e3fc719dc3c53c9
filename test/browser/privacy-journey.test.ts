import { readFile } from 'node:fs/promises';
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
import { codeFromEmail, registerVerifiedCustomer } from '../support/factories.js';

let t: TBrowserApp;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('Mes données personnelles in a browser', () => {
  it(
    'at 360 px a customer downloads the export, deletes the account with the password, lands on sign-in with a notice, and can no longer sign in',
    async () => {
      const customer = await registerVerifiedCustomer(t, { firstName: 'Maëlle' });
      const { context, page } = await openVisitor(browser, t, { viewport: { width: 360, height: 740 }, bypassCSP: true, acceptDownloads: true });
      const scrollWidths: number[] = [];
      const violations: unknown[] = [];
      await screenshotOnFailure(page, 'privacy-journey', async () => {
        await page.goto('/sign-in');
        await submitPasswordForm(page, customer);
        await page.getByRole('heading', { name: 'Bonjour Maëlle' }).waitFor();
        await page.getByRole('link', { name: 'Mes données personnelles' }).click();
        await waitForPageHeading(page, 'Mes données personnelles');
        scrollWidths.push(await pageScrollWidth(page));
        violations.push(...(await findSeriousAccessibilityViolations(page)));

        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Télécharger mes données' }).click(),
        ]);
        expect(download.suggestedFilename()).toMatch(/^comptoir-export-\d{4}-\d{2}-\d{2}\.json$/);
        const file = await download.path();
        const document = JSON.parse(await readFile(file, 'utf8')) as { customerId: string; sections: { profile: { email: string } } };
        expect(document.customerId).toBe(customer.customerId);
        expect(document.sections.profile.email).toBe(customer.email);
        await page.getByText(/Vos données ont été téléchargées/).waitFor();

        const deletion = page.getByRole('region', { name: 'Supprimer mon compte' });
        await deletion.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click();
        await deletion.getByText('Indiquez votre mot de passe.', { exact: true }).waitFor();
        await deletion.getByText('Cochez la case pour confirmer la suppression.', { exact: true }).waitFor();
        scrollWidths.push(await pageScrollWidth(page));
        violations.push(...(await findSeriousAccessibilityViolations(page)));

        await deletion.getByLabel('Mot de passe actuel').fill('ce n’est pas le bon mot de passe');
        await deletion.getByLabel(/Je comprends/).check();
        await deletion.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click();
        await deletion.getByText('Ce mot de passe est incorrect.').first().waitFor();

        await deletion.getByLabel('Mot de passe actuel').fill(customer.password);
        await deletion.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click();
        await waitForPageHeading(page, 'Se connecter');
        await page.getByText('Votre compte a été supprimé. Un dernier e-mail vous le confirme.').waitFor();
        scrollWidths.push(await pageScrollWidth(page));
        violations.push(...(await findSeriousAccessibilityViolations(page)));

        await submitPasswordForm(page, customer);
        await page.getByText('Adresse e-mail ou mot de passe incorrect.').waitFor();
        expect(new URL(page.url()).pathname).toBe('/sign-in');

        await page.goto('/privacy');
        await waitForPageHeading(page, 'Se connecter');
      });
      await context.close();

      for (const width of scrollWidths) expect(width).toBeLessThanOrEqual(360);
      expect(violations).toEqual([]);
      await t.mail.waitForEmail({ to: customer.email, subject: /a été supprimé/ });
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'in English, a customer deletes the account with a code emailed from the page instead of the password',
    async () => {
      const customer = await registerVerifiedCustomer(t, { firstName: 'Noor' });
      const { context, page } = await openVisitor(browser, t, { viewport: { width: 360, height: 740 }, bypassCSP: true });
      const violations: unknown[] = [];
      await screenshotOnFailure(page, 'privacy-code-journey', async () => {
        await page.goto('/sign-in');
        await submitPasswordForm(page, customer);
        await page.getByRole('heading', { name: 'Bonjour Noor' }).waitFor();
        await page.getByRole('button', { name: 'English' }).click();
        await page.getByRole('link', { name: 'My personal data' }).click();
        await waitForPageHeading(page, 'My personal data');

        const deletion = page.getByRole('region', { name: 'Delete my account' });
        const since = t.mail.mark();
        await deletion.getByRole('button', { name: 'Email me a code' }).click();
        await deletion.getByText(`We sent a 6-digit code to ${customer.email}.`, { exact: false }).waitFor();
        const code = codeFromEmail((await t.mail.waitForEmail({ to: customer.email, subject: /code/i, after: since })).text);
        violations.push(...(await findSeriousAccessibilityViolations(page)));
        await deletion.getByLabel('Code from the email').fill(code);
        await deletion.getByLabel(/I understand/).check();
        await deletion.getByRole('button', { name: 'Delete my account for good' }).click();
        await waitForPageHeading(page, 'Sign in');
        await page.getByText('Your account has been deleted. A last email confirms it.').waitFor();
      });
      await context.close();
      expect(violations).toEqual([]);
      // In the account's language (French), whatever language the page was shown in.
      await t.mail.waitForEmail({ to: customer.email, subject: /a été supprimé/ });
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
