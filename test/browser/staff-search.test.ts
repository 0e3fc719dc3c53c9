import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { companies, companyMembers } from '../../src/modules/companies/companies.tables.js';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { createStaffSession } from '../../src/modules/staff/staff-sessions.service.js';
import { staffUsers } from '../../src/modules/staff/staff.tables.js';
import { newId } from '../../src/platform/ids.js';
import {
  BROWSER_TEST_TIMEOUT_MS,
  findSeriousAccessibilityViolations,
  launchChromium,
  openVisitor,
  pageScrollWidth,
  screenshotOnFailure,
  startBrowserApp,
  type TBrowserApp,
  waitForPageHeading,
} from '../support/browser.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';

// The /customers and /companies pages of the back office (F6.2) in a browser: the search box,
// the filters kept in the address bar (Back returns to the previous search), the results
// table, "Charger plus", at laptop width and without serious axe findings.

let t: TBrowserApp;
let browser: Browser;
let visitor: { context: BrowserContext; page: Page };
const elodieId = newId('cus');
const companyId = newId('cmp');

beforeAll(async () => {
  [t, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
  const { db } = t.ctx;
  await db.insert(customers).values({ marketId: DEFAULT_MARKET_ID,
    id: elodieId,
    email: 'elodie.martin@exemple.fr',
    emailNormalized: 'elodie.martin@exemple.fr',
    firstName: 'Élodie',
    lastName: 'Martin',
    phone: '+33612345678',
    createdAt: new Date('2024-01-01T10:00:00Z'),
  });
  await db.execute(sql`insert into customers (id, market_id, email, email_normalized, first_name, last_name, account_type, created_at)
    select 'cus_' || lpad(g::text, 26, '0'), ${DEFAULT_MARKET_ID}, 'client' || g || '@exemple.fr', 'client' || g || '@exemple.fr', 'Client', 'Numéro ' || g,
      case when g % 2 = 0 then 'company' else 'individual' end, timestamptz '2024-02-01T00:00:00Z' + make_interval(hours => g)
    from generate_series(1, 30) g`);
  await db.insert(companies).values({ marketId: DEFAULT_MARKET_ID, id: companyId, name: 'Boulangerie Dupré', kind: 'company', country: 'FR', siret: '73282932000074' });
  await db.insert(companyMembers).values({ companyId, customerId: elodieId, role: 'admin' });
  // A support member signed in: their session cookie, as the sign-in answer sets it.
  const staffId = newId('stf');
  await db.insert(staffUsers).values({ id: staffId, email: 'support@boutique.fr', emailNormalized: 'support@boutique.fr', name: 'Sam Support', role: 'support', status: 'active' });
  const { token } = await createStaffSession(db, { staffId, meta: { ip: '127.0.0.1', userAgent: 'browser test' } });
  visitor = await openVisitor(browser, t, { bypassCSP: true, viewport: { width: 1280, height: 900 } });
  await visitor.context.addCookies([{ name: 'comptoir_staff_session', value: token, url: `${t.baseUrl}/api/staff/` }]);
}, BROWSER_TEST_TIMEOUT_MS);
afterAll(async () => {
  await visitor?.context.close();
  await browser?.close();
  await t?.close();
});

describe('the back-office search pages', () => {
  it(
    '/customers: a fragment of a company’s name finds the customer; filters live in the address bar and Back returns to them',
    async () => {
      const { page } = visitor;
      await screenshotOnFailure(page, 'staff-search-customers', async () => {
        await page.goto('/admin/customers');
        await waitForPageHeading(page, 'Clients');
        await expect.poll(() => page.getByRole('status').filter({ hasText: 'clients affichés, d’autres suivent' }).count()).toBe(1);
        await expect.poll(() => page.getByRole('row').count()).toBe(26);
        await page.getByRole('button', { name: 'Charger plus' }).click();
        await expect.poll(() => page.getByRole('row').count()).toBe(32);
        expect(await page.getByRole('link', { name: 'Nouveau client' }).getAttribute('href')).toBe('/admin/customers/new');

        const box = page.getByRole('searchbox', { name: 'Rechercher un client' });
        await box.fill('DUPRE');
        await box.press('Enter');
        await page.waitForURL(/\/admin\/customers\?q=DUPRE$/);
        await page.getByRole('status').filter({ hasText: '1 client affiché.' }).waitFor();
        const row = page.getByRole('row').filter({ hasText: 'Boulangerie Dupré' });
        expect(await row.getByRole('link', { name: 'Élodie Martin' }).getAttribute('href')).toBe(`/admin/customers/${elodieId}`);
        expect(await row.textContent()).toContain('06 12 34 56 78');
        expect(await findSeriousAccessibilityViolations(page)).toEqual([]);
        expect(await pageScrollWidth(page)).toBeLessThanOrEqual(1280);

        await page.getByText('Filtres', { exact: true }).click();
        await page.getByLabel('Type de compte').selectOption('business');
        await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
        await page.waitForURL(/type=business/);
        await page.getByRole('status').filter({ hasText: 'Aucun client ne correspond.' }).waitFor();

        await page.goBack();
        await page.waitForURL(/\/admin\/customers\?q=DUPRE$/);
        await page.getByRole('status').filter({ hasText: '1 client affiché.' }).waitFor();
        expect(await page.getByRole('searchbox', { name: 'Rechercher un client' }).inputValue()).toBe('DUPRE');
        expect(await page.getByLabel('Type de compte').inputValue()).toBe('');
      });
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    '/companies: finds a company by a SIRET typed in groups and links to it',
    async () => {
      const { page } = visitor;
      await screenshotOnFailure(page, 'staff-search-companies', async () => {
        await page.goto('/admin/companies');
        await waitForPageHeading(page, 'Entreprises');
        expect(await page.getByRole('link', { name: 'Nouvelle entreprise' }).getAttribute('href')).toBe('/admin/companies/new');
        const box = page.getByRole('searchbox', { name: 'Rechercher une entreprise' });
        await box.fill('732 829 320');
        await box.press('Enter');
        await page.getByRole('status').filter({ hasText: '1 entreprise affichée.' }).waitFor();
        expect(await page.getByRole('link', { name: 'Boulangerie Dupré' }).getAttribute('href')).toBe(`/admin/companies/${companyId}`);
        expect(await findSeriousAccessibilityViolations(page)).toEqual([]);
        expect(await pageScrollWidth(page)).toBeLessThanOrEqual(1280);
      });
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
