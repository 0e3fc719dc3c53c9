import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMarketingEmail } from '../../src/modules/marketing/marketing-mail.js';
import { renderMarketingEmail } from '../../src/modules/marketing/marketing.emails.js';
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
import { registerCustomerWithConsent } from '../support/marketing.js';

let t: TBrowserApp;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** What a shop's campaign would send: a promotional email through enqueueMarketingEmail. */
async function sendPromotion(customerId: string): Promise<boolean> {
  const sent = await t.ctx.db.transaction((tx) =>
    enqueueMarketingEmail(t.ctx, tx, {
      customerId,
      purpose: 'promotional_email',
      template: 'newsletter_welcome',
      render: (recipient, links) =>
        renderMarketingEmail({
          locale: recipient.locale,
          branding: t.ctx.markets.defaultMarket().branding,
          purpose: 'promotional_email',
          links,
          firstName: recipient.firstName,
          subject: 'Les soldes commencent',
          preheader: 'Jusqu’à -30 %',
          title: 'Les soldes commencent',
          paragraphs: ['Jusqu’à -30 % sur les carnets.'],
        }),
    }),
  );
  t.ctx.notifyMail();
  return sent;
}

describe('Mes préférences de communication in a browser', () => {
  it(
    'at 360 px a customer who subscribed at sign-up withdraws the newsletter, accepts offers, sees the history, then unsubscribes from offers with an email’s link',
    async () => {
      const customer = await registerCustomerWithConsent(t, { marketingEmail: true, firstName: 'Léa' });
      const { context, page } = await openVisitor(browser, t, { viewport: { width: 360, height: 740 }, bypassCSP: true });
      const scrollWidths: number[] = [];
      const violations: unknown[] = [];
      await screenshotOnFailure(page, 'preferences-journey', async () => {
        await page.goto('/sign-in');
        await submitPasswordForm(page, customer);
        await page.getByRole('heading', { name: 'Bonjour Léa' }).waitFor();
        await page.getByRole('link', { name: 'Mes préférences de communication' }).click();
        await waitForPageHeading(page, 'Mes préférences de communication');

        const newsletter = page.getByRole('checkbox', { name: 'Newsletter par e-mail' });
        const offers = page.getByRole('checkbox', { name: 'Offres et promotions par e-mail' });
        const sms = page.getByRole('checkbox', { name: 'Offres par SMS' });
        expect(await newsletter.isChecked()).toBe(true);
        expect(await offers.isChecked()).toBe(false);
        await page.getByText(/^Accepté le .*, à l’inscription\.$/).waitFor();
        await page.getByText('Ajoutez un numéro de mobile à votre profil pour pouvoir recevoir des SMS.').waitFor();
        const history = page.getByRole('region', { name: 'Historique de mes choix' });
        expect(await history.getByRole('listitem').count()).toBe(1);
        scrollWidths.push(await pageScrollWidth(page));
        violations.push(...(await findSeriousAccessibilityViolations(page)));

        // Text messages need a mobile number, which this profile lacks.
        await sms.check();
        await page.getByRole('button', { name: 'Enregistrer mes préférences' }).click();
        await page.getByText('Ajoutez d’abord un numéro de mobile à votre profil.').waitFor();
        violations.push(...(await findSeriousAccessibilityViolations(page)));
        await sms.uncheck();

        await newsletter.uncheck();
        await offers.check();
        await page.getByRole('button', { name: 'Enregistrer mes préférences' }).click();
        await page.getByText('Vos préférences ont été enregistrées.').waitFor();
        expect(await newsletter.isChecked()).toBe(false);
        expect(await offers.isChecked()).toBe(true);
        await page.getByText(/^Retiré le .*, depuis votre compte\.$/).waitFor();
        await page.getByText(/^Accepté le .*, depuis votre compte\.$/).waitFor();
        await history.getByText('Newsletter par e-mail\u00a0: Retiré').waitFor();
        await history.getByText('Offres et promotions par e-mail\u00a0: Accepté').waitFor();
        expect(await history.getByRole('listitem').count()).toBe(3);
        expect(await history.getByRole('listitem').last().textContent()).toContain("Newsletter par e-mail\u00a0: Accepté");
        scrollWidths.push(await pageScrollWidth(page));
        violations.push(...(await findSeriousAccessibilityViolations(page)));
      });

      // The newsletter is withdrawn: nothing goes out for it; offers go out with their link.
      const since = t.mail.mark();
      expect(await sendPromotion(customer.customerId)).toBe(true);
      const email = await t.mail.waitForEmail({ to: customer.email, subject: /Les soldes commencent/, after: since });

      // The link works without a session: a fresh visitor, as if opened from a webmail.
      const visitor = await openVisitor(browser, t, { viewport: { width: 360, height: 740 }, bypassCSP: true });
      await screenshotOnFailure(visitor.page, 'unsubscribe-journey', async () => {
        await visitor.page.goto(t.localUrl(linkInEmail(email.text, '/unsubscribe')));
        await waitForPageHeading(visitor.page, 'Désabonnement');
        await visitor.page.getByText(/^Vous ne souhaitez plus recevoir les offres et promotions de .* par e-mail à l’adresse c•••@example\.fr\s\?$/).waitFor();
        scrollWidths.push(await pageScrollWidth(visitor.page));
        violations.push(...(await findSeriousAccessibilityViolations(visitor.page)));
        await visitor.page.getByRole('button', { name: 'Me désabonner' }).click();
        await visitor.page.getByText(/^C’est fait\s: vous ne recevrez plus les offres et promotions de .* par e-mail\.$/).waitFor();
        await visitor.page.getByRole('link', { name: 'Gérer mes préférences de communication' }).waitFor();
        violations.push(...(await findSeriousAccessibilityViolations(visitor.page)));
      });
      await visitor.context.close();

      await screenshotOnFailure(page, 'preferences-after-unsubscribe', async () => {
        await page.reload();
        await waitForPageHeading(page, 'Mes préférences de communication');
        expect(await page.getByRole('checkbox', { name: 'Offres et promotions par e-mail' }).isChecked()).toBe(false);
        await page.getByText(/^Retiré le .*, par le lien de désabonnement d’un e-mail\.$/).waitFor();
        const history = page.getByRole('region', { name: 'Historique de mes choix' });
        expect(await history.getByRole('listitem').count()).toBe(4);
        await page.getByRole('button', { name: 'English' }).click();
        await waitForPageHeading(page, 'My communication preferences');
        await page.getByRole('region', { name: 'History of my choices' }).getByText('Offers and promotions by email: Withdrawn').waitFor();
      });
      await context.close();

      for (const width of scrollWidths) expect(width).toBeLessThanOrEqual(360);
      expect(violations).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
