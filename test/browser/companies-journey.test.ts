import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyMembers, locationMembers } from '../../src/modules/companies/companies.tables.js';
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
import { insertCompany } from '../support/companies.js';
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

describe('Collègues in a browser', () => {
  it(
    'at 360 px an administrator invites a colleague to one location, who accepts from the emailed link in another browser (creating their account), then is made location administrator there, promoted and removed',
    async () => {
      const admin = await registerVerifiedCustomer(t, { firstName: 'Alice' });
      const { companyId, locationIds } = await insertCompany(t, { adminId: admin.customerId, name: 'Menuiserie Lefèvre', locations: 2 });
      const [headOffice] = locationIds;
      const colleagueEmail = uniqueEmail('jean');
      const viewport = { width: 360, height: 740 };
      const adminVisitor = await openVisitor(browser, t, { viewport, bypassCSP: true });
      const colleagueVisitor = await openVisitor(browser, t, { viewport, bypassCSP: true });
      adminVisitor.page.on('dialog', (dialog) => void dialog.accept());
      const scrollWidths: number[] = [];
      const violations: unknown[] = [];

      const page = adminVisitor.page;
      await screenshotOnFailure(page, 'companies-journey-admin', async () => {
        await page.goto('/sign-in');
        await submitPasswordForm(page, admin);
        await page.getByRole('heading', { name: 'Bonjour Alice' }).waitFor();
        await page.goto(`/companies/${companyId}/colleagues`);
        await waitForPageHeading(page, 'Collègues');
        await page.getByRole('heading', { name: 'Collègues – Menuiserie Lefèvre' }).waitFor();
        await page.getByText('Aucune invitation en attente.').waitFor();
        violations.push(...(await findSeriousAccessibilityViolations(page)));

        const since = t.mail.mark();
        await page.getByLabel('Adresse e-mail du collègue').fill(colleagueEmail);
        await page.getByLabel('Rôle').selectOption('member');
        await page.getByRole('group', { name: 'Sites' }).getByLabel('Siège').check();
        await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
        await page.getByText(`Invitation envoyée à ${colleagueEmail}.`).waitFor();
        const pending = page.getByRole('region', { name: 'Invitations en attente' });
        await pending.getByText(colleagueEmail).waitFor();
        await pending.getByText('Sites : Siège (acheteur)').waitFor();
        scrollWidths.push(await pageScrollWidth(page));
        violations.push(...(await findSeriousAccessibilityViolations(page)));

        const message = await t.mail.waitForEmail({ to: colleagueEmail, subject: /Menuiserie Lefèvre/, after: since });
        const link = linkInEmail(message.text, '/invitations/accept');

        const colleague = colleagueVisitor.page;
        await screenshotOnFailure(colleague, 'companies-journey-colleague', async () => {
          await colleague.goto(t.localUrl(link));
          await waitForPageHeading(colleague, 'Rejoindre une entreprise');
          await colleague.getByText('Alice Durand vous invite à rejoindre Menuiserie Lefèvre.').waitFor();
          scrollWidths.push(await pageScrollWidth(colleague));
          violations.push(...(await findSeriousAccessibilityViolations(colleague)));
          await colleague.getByRole('button', { name: 'Accepter l’invitation' }).click();
          await colleague.getByText('Indiquez votre prénom.').waitFor();
          await colleague.getByLabel('Prénom').fill('Jean');
          await colleague.getByLabel('Nom', { exact: true }).fill('Martin');
          await colleague.getByRole('button', { name: 'Accepter l’invitation' }).click();
          await colleague.getByRole('heading', { name: 'Bonjour Jean' }).waitFor();
        });

        await page.reload();
        const members = page.getByRole('list', { name: 'Membres de l’entreprise' });
        const jean = members.getByRole('listitem').filter({ hasText: colleagueEmail });
        await jean.getByText('Utilisateur').waitFor();
        await jean.getByText('Sites : Siège (acheteur)').waitFor();
        await page.getByText('Aucune invitation en attente.').waitFor();

        await jean.getByText('Rôles sur les sites', { exact: true }).click();
        const jeanRoles = jean.getByRole('group', { name: 'Rôle de Jean Martin sur chaque site' });
        expect(await jeanRoles.getByLabel('Site 2').inputValue()).toBe('');
        await jeanRoles.getByLabel('Siège').selectOption({ label: 'Administrateur du site' });
        await jean.getByRole('button', { name: 'Enregistrer les rôles' }).click();
        await page.getByText('Les rôles de Jean Martin sur les sites ont été enregistrés.').waitFor();
        await jean.getByText('Sites : Siège (administrateur du site)').waitFor();
        scrollWidths.push(await pageScrollWidth(page));
        violations.push(...(await findSeriousAccessibilityViolations(page)));
        const jeanLocationRoles = await t.ctx.db.select().from(locationMembers).where(eq(locationMembers.locationId, headOffice!));
        expect(jeanLocationRoles.map((row) => row.role)).toEqual(['location_admin']);
        await jean.getByRole('button', { name: 'Nommer administrateur' }).click();
        await page.getByText('Jean Martin est maintenant administrateur.').waitFor();
        await jean.getByText('Administrateur', { exact: true }).waitFor();
        scrollWidths.push(await pageScrollWidth(page));
        violations.push(...(await findSeriousAccessibilityViolations(page)));

        await jean.getByRole('button', { name: 'Retirer de l’entreprise' }).click();
        await page.getByText('Jean Martin a été retiré de l’entreprise.').waitFor();
        await members.getByText(colleagueEmail).waitFor({ state: 'detached' });
      });

      const rows = await t.ctx.db.select().from(companyMembers).where(eq(companyMembers.companyId, companyId));
      expect(rows.map((row) => [row.customerId, row.role])).toEqual([[admin.customerId, 'admin']]);
      expect(scrollWidths.every((width) => width <= 360), `page widths ${scrollWidths.join(', ')}`).toBe(true);
      expect(violations).toEqual([]);
      await adminVisitor.context.close();
      await colleagueVisitor.context.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'in English, a signed-in colleague accepts with one button, and a user sees the colleagues read-only',
    async () => {
      const admin = await registerVerifiedCustomer(t, { firstName: 'Alice' });
      const invited = await registerVerifiedCustomer(t, { firstName: 'Sam' });
      const { companyId } = await insertCompany(t, { adminId: admin.customerId, name: 'Blue Workshop' });
      const since = t.mail.mark();
      const invitedResponse = await admin.client.post(`/api/companies/${companyId}/invitations`, { email: invited.email, role: 'member' }, { token: admin.token });
      expect(invitedResponse.status).toBe(201);
      const message = await t.mail.waitForEmail({ to: invited.email, subject: /Blue Workshop/, after: since });
      const { context, page } = await openVisitor(browser, t, { viewport: { width: 360, height: 740 }, bypassCSP: true });
      const violations: unknown[] = [];
      await screenshotOnFailure(page, 'companies-journey-en', async () => {
        await page.goto('/sign-in');
        await page.getByRole('button', { name: 'English' }).click();
        await page.getByLabel('Email address').fill(invited.email);
        await page.getByLabel('Password', { exact: true }).fill(invited.password);
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await page.getByRole('heading', { name: 'Hello Sam' }).waitFor();
        await page.goto(t.localUrl(linkInEmail(message.text, '/invitations/accept')));
        await waitForPageHeading(page, 'Join a company');
        violations.push(...(await findSeriousAccessibilityViolations(page)));
        await page.getByRole('button', { name: 'Join Blue Workshop' }).click();
        await page.getByRole('heading', { name: 'Hello Sam' }).waitFor();
        await page.goto(`/companies/${companyId}/colleagues`);
        await waitForPageHeading(page, 'Colleagues');
        await page.getByText('Only administrators can invite, promote or remove colleagues.').waitFor();
        await page.getByRole('button', { name: 'Leave the company' }).waitFor();
        expect(await page.getByRole('button', { name: 'Make administrator' }).count()).toBe(0);
        expect(await page.getByRole('heading', { name: 'Invite a colleague' }).count()).toBe(0);
        violations.push(...(await findSeriousAccessibilityViolations(page)));
        expect(await pageScrollWidth(page)).toBeLessThanOrEqual(360);
      });
      expect(violations).toEqual([]);
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
