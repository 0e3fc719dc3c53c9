import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
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
import { codeFromEmail, registerVerifiedCustomer } from '../support/factories.js';
import { STRONG_PASSWORD, uniqueEmail } from '../support/test-app.js';

let t: TBrowserApp;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('Mon compte in a browser: sign up, confirm, sign out, sign in with a code', () => {
  it(
    'a person creates an account, opens the confirmation link, signs out and comes back with an emailed code',
    async () => {
      const { context, page } = await openVisitor(browser, t);
      const email = uniqueEmail('parcours');
      await screenshotOnFailure(page, 'sign-up-journey', async () => {
        await page.goto('/sign-up');
        await waitForPageHeading(page, 'Créer mon compte');
        await page.getByLabel('Particulier').check();
        await page.getByLabel('Prénom', { exact: true }).fill('Camille');
        await page.getByLabel('Nom', { exact: true }).fill('Durand');
        await page.getByLabel('Adresse e-mail').fill(email);
        await page.getByLabel('Mot de passe', { exact: true }).fill(STRONG_PASSWORD);
        await page.getByRole('button', { name: 'Créer mon compte' }).click();

        await waitForPageHeading(page, 'Vérifiez votre boîte mail');
        await page.getByText(`Nous avons envoyé un e-mail à ${email}.`).waitFor();

        const verification = await t.mail.waitForEmail({ to: email, subject: /Confirmez votre adresse/ });
        await page.goto(t.localUrl(linkInEmail(verification.text, '/verify-email')));
        await page.getByRole('heading', { name: 'Bonjour Camille' }).waitFor();
        expect(new URL(page.url()).pathname).toBe('/');
        await page.getByText('Merci, votre adresse e-mail est confirmée.').waitFor();
        const profile = page.getByRole('region', { name: 'Bonjour Camille' });
        await profile.getByText(email).waitFor();
        await profile.getByText('Adresse confirmée').waitFor();
        await profile.getByText('Particulier').waitFor();

        await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
        await waitForPageHeading(page, 'Se connecter');
        expect(new URL(page.url()).pathname).toBe('/sign-in');

        const beforeCode = t.mail.mark();
        await page.getByLabel('Adresse e-mail').fill(email);
        await page.getByRole('button', { name: 'Recevoir un code par e-mail' }).click();
        await page.getByText(`Saisissez les 6 chiffres envoyés à ${email}.`).waitFor();
        const codeEmail = await t.mail.waitForEmail({ to: email, subject: /code de connexion/, after: beforeCode });
        await page.getByLabel('Code reçu par e-mail').fill(codeFromEmail(codeEmail.text));
        await page.getByRole('button', { name: 'Valider le code' }).click();

        await page.getByRole('heading', { name: 'Bonjour Camille' }).waitFor();
        expect(new URL(page.url()).pathname).toBe('/');

        const sessions = page.getByRole('region', { name: 'Mes appareils / sessions' });
        await sessions.getByText('Cet appareil').waitFor();
        // Signing out ended the first session: only this browser's new one is left.
        expect(await sessions.getByRole('listitem').count()).toBe(1);
        await sessions.getByText('Adresse IP : 127.0.0.1', { exact: false }).waitFor();

        const history = page.getByRole('region', { name: 'Historique des e-mails' });
        const received = t.mail.messages.filter((message) => message.to.includes(email));
        expect(received.map((message) => message.subject)).toEqual([
          'Confirmez votre adresse e-mail – Comptoir',
          'Votre code de connexion – Comptoir',
        ]);
        for (const message of received) await history.getByText(message.subject, { exact: true }).waitFor();
        expect(await history.getByRole('listitem').count()).toBe(received.length);
      });
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'at 360 px wide the pages never scroll sideways, and axe finds nothing serious on them',
    async () => {
      const customer = await registerVerifiedCustomer(t, { firstName: 'Inès' });
      const { context, page } = await openVisitor(browser, t, {
        viewport: { width: 360, height: 740 },
        // The portal's CSP forbids inline scripts, which is how axe gets into the page.
        bypassCSP: true,
      });
      const scrollWidths: Record<string, number> = {};
      const violations: Record<string, unknown[]> = {};
      await screenshotOnFailure(page, 'narrow-and-accessible', async () => {
        await page.goto('/sign-up');
        await waitForPageHeading(page, 'Créer mon compte');
        scrollWidths['/sign-up'] = await pageScrollWidth(page);
        violations['/sign-up'] = await findSeriousAccessibilityViolations(page);

        await page.goto('/forgot-password');
        await waitForPageHeading(page, 'Mot de passe oublié');
        violations['/forgot-password'] = await findSeriousAccessibilityViolations(page);

        await page.goto('/sign-in');
        await waitForPageHeading(page, 'Se connecter');
        scrollWidths['/sign-in'] = await pageScrollWidth(page);
        violations['/sign-in'] = await findSeriousAccessibilityViolations(page);

        await submitPasswordForm(page, customer);
        await page.getByRole('heading', { name: 'Bonjour Inès' }).waitFor();
        // Both sections load on their own: measure the page once they are filled.
        await page.getByRole('region', { name: 'Mes appareils / sessions' }).getByText('Cet appareil').waitFor();
        await page.getByRole('region', { name: 'Historique des e-mails' }).getByRole('listitem').first().waitFor();
        scrollWidths['/ (account)'] = await pageScrollWidth(page);
        violations['/ (account)'] = await findSeriousAccessibilityViolations(page);
      });
      await context.close();

      expect(Object.keys(scrollWidths).sort()).toEqual(['/ (account)', '/sign-in', '/sign-up']);
      for (const [path, width] of Object.entries(scrollWidths)) expect(width, `scroll width of ${path}`).toBeLessThanOrEqual(360);
      expect(violations).toEqual({ '/sign-up': [], '/forgot-password': [], '/sign-in': [], '/ (account)': [] });
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'the language switch shows the portal in English and keeps it after a reload',
    async () => {
      const { context, page } = await openVisitor(browser, t);
      await screenshotOnFailure(page, 'language-switch', async () => {
        await page.goto('/sign-in');
        await waitForPageHeading(page, 'Se connecter');
        expect(await page.locator('html').getAttribute('lang')).toBe('fr');

        const language = page.getByRole('group', { name: 'Langue' });
        await language.getByRole('button', { name: 'English' }).click();
        await waitForPageHeading(page, 'Sign in');
        await page.getByLabel('Email address').waitFor();
        await page.getByRole('button', { name: 'Email me a sign-in code' }).waitFor();
        expect(await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');

        await page.reload();
        await waitForPageHeading(page, 'Sign in');
        expect(await page.locator('html').getAttribute('lang')).toBe('en');
        expect(await page.title()).toBe('Sign in – Comptoir');

        await page.getByRole('link', { name: 'Create an account' }).click();
        await waitForPageHeading(page, 'Create my account');
        await page.getByLabel('First name', { exact: true }).waitFor();
      });
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
