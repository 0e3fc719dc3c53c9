import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  BROWSER_TEST_TIMEOUT_MS,
  launchChromium,
  linkInEmail,
  openVisitor,
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

const NEW_PASSWORD = 'girafe lanterne 2031 coquelicot marine';

describe('Mon compte in a browser: forgotten password', () => {
  it(
    'a person asks for a reset link, chooses a new password from the email, and signs in with it',
    async () => {
      const customer = await registerVerifiedCustomer(t, { firstName: 'Bastien' });
      const { context, page } = await openVisitor(browser, t);
      await screenshotOnFailure(page, 'password-reset-journey', async () => {
        await page.goto('/sign-in');
        await waitForPageHeading(page, 'Se connecter');
        await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
        await waitForPageHeading(page, 'Mot de passe oublié');

        const beforeReset = t.mail.mark();
        await page.getByLabel('Adresse e-mail').fill(customer.email);
        await page.getByRole('button', { name: 'Envoyer le lien' }).click();
        await waitForPageHeading(page, 'Vérifiez votre boîte mail');
        await page.getByText(`Si un compte existe pour ${customer.email}`).waitFor();

        const resetEmail = await t.mail.waitForEmail({ to: customer.email, subject: /Réinitialisez votre mot de passe/, after: beforeReset });
        const resetLink = t.localUrl(linkInEmail(resetEmail.text, '/reset-password'));
        await page.goto(resetLink);
        await waitForPageHeading(page, 'Choisir un nouveau mot de passe');
        await page.getByLabel('Nouveau mot de passe').fill(NEW_PASSWORD);
        await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
        await waitForPageHeading(page, 'Mot de passe modifié');
        await page.getByText('Votre mot de passe a été modifié.', { exact: false }).waitFor();
        await t.mail.waitForEmail({ to: customer.email, subject: /Votre mot de passe a été modifié/, after: beforeReset });

        // "Your other devices have been signed out": the session opened at registration is gone.
        expect((await customer.client.get('/api/me', { token: customer.token })).status).toBe(401);

        await page.getByRole('link', { name: 'Se connecter' }).click();
        await waitForPageHeading(page, 'Se connecter');
        await submitPasswordForm(page, { email: customer.email, password: customer.password });
        await page.getByRole('alert').getByText('Adresse e-mail ou mot de passe incorrect.').waitFor();

        await submitPasswordForm(page, { email: customer.email, password: NEW_PASSWORD });
        await page.getByRole('heading', { name: 'Bonjour Bastien' }).waitFor();
        expect(new URL(page.url()).pathname).toBe('/');
        const history = page.getByRole('region', { name: 'Historique des e-mails' });
        await history.getByText('Votre mot de passe a été modifié – Comptoir', { exact: true }).waitFor();
      });
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'a reset link already used says so instead of changing the password again',
    async () => {
      const customer = await registerVerifiedCustomer(t);
      const { context, page } = await openVisitor(browser, t);
      await screenshotOnFailure(page, 'reset-link-used-twice', async () => {
        const beforeReset = t.mail.mark();
        await page.goto('/forgot-password');
        await waitForPageHeading(page, 'Mot de passe oublié');
        await page.getByLabel('Adresse e-mail').fill(customer.email);
        await page.getByRole('button', { name: 'Envoyer le lien' }).click();
        await waitForPageHeading(page, 'Vérifiez votre boîte mail');
        const resetEmail = await t.mail.waitForEmail({ to: customer.email, subject: /Réinitialisez/, after: beforeReset });
        const resetLink = t.localUrl(linkInEmail(resetEmail.text, '/reset-password'));

        await page.goto(resetLink);
        await page.getByLabel('Nouveau mot de passe').fill(NEW_PASSWORD);
        await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
        await waitForPageHeading(page, 'Mot de passe modifié');

        await page.goto(resetLink);
        await page.getByLabel('Nouveau mot de passe').fill('un autre mot de passe bien long 42');
        await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
        await page.getByRole('alert').getByText('Ce lien n’est plus valable', { exact: false }).waitFor();
        await page.getByRole('link', { name: 'Demander un nouveau lien' }).waitFor();
      });
      await context.close();
      expect((await customer.client.post('/api/auth/login', { email: customer.email, password: NEW_PASSWORD })).status).toBe(200);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
