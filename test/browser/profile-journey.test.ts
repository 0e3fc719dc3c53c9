import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_TEST_TIMEOUT_MS,
  findSeriousAccessibilityViolations,
  launchChromium,
  linkInEmail,
  openVisitor,
  pageScrollWidth,
  screenshotOnFailure,
  startBrowserApp,
  submitPasswordForm,
  type TBrowserApp,
  waitForPageHeading,
} from '../support/browser.js';
import { registerVerifiedCustomer } from '../support/factories.js';
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

describe('Mon profil in a browser', () => {
  it(
    'at 360 px a customer fixes a field error, saves name, phone and birth date, then changes the sign-in address through the emailed link',
    async () => {
      const customer = await registerVerifiedCustomer(t, { firstName: 'Léa' });
      const newEmail = uniqueEmail('lea.nouvelle');
      const { context, page } = await openVisitor(browser, t, { viewport: { width: 360, height: 740 }, bypassCSP: true });
      const scrollWidths: number[] = [];
      const violations: unknown[] = [];
      await screenshotOnFailure(page, 'profile-journey', async () => {
        await page.goto('/sign-in');
        await submitPasswordForm(page, customer);
        await page.getByRole('heading', { name: 'Bonjour Léa' }).waitFor();
        await page.getByRole('link', { name: 'Mon profil' }).click();
        await waitForPageHeading(page, 'Mon profil');
        await expect.poll(() => page.getByLabel('Prénom').inputValue()).toBe('Léa');
        violations.push(...(await findSeriousAccessibilityViolations(page)));

        await page.getByLabel('Prénom').fill('Léonie');
        await page.getByLabel('Téléphone (facultatif)').fill('0123456789');
        await page.getByLabel('Mobile (facultatif)').fill('01 98 76 54 32');
        await page.getByLabel('Date de naissance (facultatif)').fill('1988-07-14');
        await page.getByLabel('Genre (facultatif)').selectOption({ label: 'Je préfère ne pas le dire' });
        await page.getByRole('button', { name: 'Enregistrer' }).click();
        await page.getByText('Ce numéro est un fixe : indiquez-le comme téléphone, et un numéro de mobile ici.').waitFor();
        scrollWidths.push(await pageScrollWidth(page));
        violations.push(...(await findSeriousAccessibilityViolations(page)));

        await page.getByLabel('Mobile (facultatif)').fill('');
        await page.getByRole('button', { name: 'Enregistrer' }).click();
        await page.getByText('Vos informations ont été enregistrées.').waitFor();

        await page.reload();
        await waitForPageHeading(page, 'Mon profil');
        await expect.poll(() => page.getByLabel('Prénom').inputValue()).toBe('Léonie');
        expect(await page.getByLabel('Téléphone (facultatif)').inputValue()).toBe('01 23 45 67 89');
        expect(await page.getByLabel('Date de naissance (facultatif)').inputValue()).toBe('1988-07-14');
        expect(await page.getByLabel('Genre (facultatif)').inputValue()).toBe('prefer_not_to_say');

        const emailSection = page.getByRole('region', { name: 'Adresse e-mail de connexion' });
        const since = t.mail.mark();
        await emailSection.getByLabel('Nouvelle adresse e-mail').fill(newEmail);
        await emailSection.getByLabel('Mot de passe actuel').fill(customer.password);
        await emailSection.getByRole('button', { name: 'Changer d’adresse' }).click();
        await emailSection.getByText(`ouvrez le lien envoyé à ${newEmail}`, { exact: false }).waitFor();
        scrollWidths.push(await pageScrollWidth(page));
        violations.push(...(await findSeriousAccessibilityViolations(page)));
        await t.mail.waitForEmail({ to: customer.email, subject: /Changement de votre adresse e-mail/, after: since });

        const email = await t.mail.waitForEmail({ to: newEmail, subject: /Confirmez votre nouvelle adresse/, after: since });
        await page.goto(t.localUrl(linkInEmail(email.text, '/email-change/confirm')));
        await waitForPageHeading(page, 'Confirmer votre nouvelle adresse e-mail');
        violations.push(...(await findSeriousAccessibilityViolations(page)));
        await page.getByRole('button', { name: 'Confirmer ma nouvelle adresse' }).click();
        await page.getByText(`vous vous connectez désormais avec ${newEmail}`, { exact: false }).waitFor();
        scrollWidths.push(await pageScrollWidth(page));
      });
      await context.close();

      // A fresh visitor signs in with the new address.
      const visitor = await openVisitor(browser, t, { viewport: { width: 360, height: 740 }, bypassCSP: true });
      await screenshotOnFailure(visitor.page, 'profile-journey-new-address', async () => {
        await visitor.page.goto('/sign-in');
        await submitPasswordForm(visitor.page, { email: newEmail, password: customer.password });
        await visitor.page.getByRole('heading', { name: 'Bonjour Léonie' }).waitFor();
        await visitor.page.getByText(newEmail).first().waitFor();
      });
      await visitor.context.close();

      for (const width of scrollWidths) expect(width).toBeLessThanOrEqual(360);
      expect(violations).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'the "it wasn’t me" page acts only on a button press',
    async () => {
      const customer = await registerVerifiedCustomer(t);
      const since = t.mail.mark();
      const requested = await customer.client.post(
        '/api/me/email-change',
        { newEmail: uniqueEmail('intrus'), password: customer.password },
        { token: customer.token },
      );
      expect(requested.status).toBe(202);
      const notice = await t.mail.waitForEmail({ to: customer.email, subject: /Changement de votre adresse e-mail/, after: since });
      const { context, page } = await openVisitor(browser, t, { viewport: { width: 360, height: 740 }, bypassCSP: true });
      const violations: unknown[] = [];
      await screenshotOnFailure(page, 'email-change-report', async () => {
        await page.goto(t.localUrl(linkInEmail(notice.text, '/email-change/report')));
        await waitForPageHeading(page, 'Vous n’avez pas demandé ce changement ?');
        // Opening the link changed nothing: the session is still alive.
        expect((await customer.client.get('/api/me', { token: customer.token })).status).toBe(200);
        violations.push(...(await findSeriousAccessibilityViolations(page)));
        await page.getByRole('button', { name: 'Signaler et sécuriser mon compte' }).click();
        await page.getByText('Toutes les sessions de votre compte ont été fermées', { exact: false }).waitFor();
        expect(await pageScrollWidth(page)).toBeLessThanOrEqual(360);
      });
      await context.close();
      expect((await customer.client.get('/api/me', { token: customer.token })).status).toBe(401);
      await t.mail.waitForEmail({ to: customer.email, subject: /Réinitialisez votre mot de passe/, after: since });
      expect(violations).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
