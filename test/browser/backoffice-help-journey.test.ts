import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerNotes } from '../../src/modules/customer-admin/customer-admin.tables.js';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { staffAuditEvents } from '../../src/modules/staff/staff.tables.js';
import { issueFirstOwnerLink } from '../../src/modules/staff/staff-setup.service.js';
import {
  BROWSER_TEST_TIMEOUT_MS,
  checkPage,
  launchChromium,
  openVisitor,
  screenshotOnFailure,
  startBrowserApp,
  type TAccessibilityViolation,
  type TBrowserApp,
  waitForPageHeading,
} from '../support/browser.js';
import { tokenFromLink } from '../support/factories.js';
import { apiClient, STRONG_PASSWORD, uniqueEmail } from '../support/test-app.js';

/** RFC 6238 from the RFC, not from src/ (see backoffice-journey.test.ts for why). */
function totpAt(secret: string, step: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secret.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = hmac[hmac.length - 1]! & 0x0f;
  return String((hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

let t: TBrowserApp;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A bakery signs up as a business while the shop asks to approve business accounts. */
async function businessSignsUp(email: string): Promise<string> {
  const client = apiClient(t.app);
  const since = t.mail.mark();
  const registered = await client.post('/api/auth/register', {
    email,
    password: STRONG_PASSWORD,
    firstName: 'Aurélie',
    lastName: 'Dupré',
    accountType: 'company',
    company: { name: 'Boulangerie Dupré & Fils', kind: 'company', country: 'FR' },
  });
  expect(registered.status).toBe(202);
  const message = await t.mail.waitForEmail({ to: email, subject: /confirm/i, after: since });
  const verified = await client.post('/api/auth/verify-email', { token: tokenFromLink(message.text, '/verify-email') });
  expect(verified.status).toBe(200);
  const body = verified.body as { customer: { id: string; approvalStatus: string } };
  expect(body.customer.approvalStatus).toBe('pending');
  return body.customer.id;
}

describe('the back office in a browser: helping a customer (issue 6)', () => {
  it(
    'the owner comes in by the first-run link with a second factor, asks for business approval, finds a pending customer by a fragment of the company name, approves the account, adds a note and sends a reset link',
    async () => {
      const link = await issueFirstOwnerLink(t.ctx);
      const ownerEmail = uniqueEmail('gerante');
      const customerEmail = uniqueEmail('aurelie');
      const { page } = await openVisitor(browser, t, { viewport: { width: 1280, height: 800 }, bypassCSP: true });
      const violations: Record<string, TAccessibilityViolation[]> = {};
      const widths: Record<string, number> = {};
      await screenshotOnFailure(page, 'backoffice-help-journey', async () => {
        // 1. The owner, from the link `npm start` printed, then the second factor.
        await page.goto(t.localUrl(link!));
        await waitForPageHeading(page, 'Créer votre accès au back-office');
        await page.getByLabel('Adresse e-mail').fill(ownerEmail);
        await page.getByLabel('Nom', { exact: true }).fill('Sophie Laurent');
        await page.getByLabel('Mot de passe', { exact: true }).fill(STRONG_PASSWORD);
        await page.getByRole('button', { name: 'Créer mon accès' }).click();
        await waitForPageHeading(page, 'Mettre en place la double authentification');
        await page.getByRole('img', { name: 'QR code à scanner avec votre application d’authentification' }).waitFor();
        const secret = (await page.getByRole('region', { name: 'Ou saisissez la clé à la main' }).locator('code').textContent()) ?? '';
        await page.getByLabel('Code de l’application').fill(totpAt(secret, Math.floor(Date.now() / 30_000)));
        await page.getByRole('button', { name: 'Activer la double authentification' }).click();
        await waitForPageHeading(page, 'Vos codes de secours');
        await page.getByLabel('J’ai mis ces codes en lieu sûr').check();
        await page.getByRole('button', { name: 'Continuer vers le back-office' }).click();
        await waitForPageHeading(page, 'Bonjour Sophie Laurent');
        await checkPage(page, 'home', violations, widths);

        // 2. Business accounts now wait for approval; a bakery signs up.
        const nav = page.getByRole('navigation', { name: 'Sections du back-office' });
        await nav.getByRole('link', { name: 'Réglages' }).click();
        await waitForPageHeading(page, 'Réglages');
        await page.getByRole('radio', { name: 'Les comptes professionnels' }).check();
        await page.getByRole('button', { name: 'Enregistrer' }).click();
        await page.getByText('Réglage enregistré.').waitFor();
        const customerId = await businessSignsUp(customerEmail);

        // 3. Found by a fragment of the company's name, without its accent.
        await nav.getByRole('link', { name: 'Clients' }).click();
        await waitForPageHeading(page, 'Clients');
        await page.getByLabel('Rechercher un client').fill('boulangerie dupr');
        await page.keyboard.press('Enter');
        const row = page.getByRole('row', { name: /Aurélie Dupré/ });
        await row.waitFor();
        await row.getByText('Boulangerie Dupré & Fils').waitFor();
        await checkPage(page, 'customers', violations, widths);
        await row.getByRole('link', { name: /Aurélie Dupré/ }).click();
        await waitForPageHeading(page, 'Aurélie Dupré');
        await page.getByRole('heading', { name: 'Validation du compte' }).waitFor();
        await checkPage(page, 'customer', violations, widths);

        // 4. Approved from the queue; the customer is told by email.
        await nav.getByRole('link', { name: 'Approbations' }).click();
        await waitForPageHeading(page, 'Comptes à approuver');
        const since = t.mail.mark();
        await page.getByRole('button', { name: 'Valider le compte de Aurélie Dupré' }).click();
        await page.getByText('Le compte de Aurélie Dupré est validé. Un e-mail l’en informe.').waitFor();
        await checkPage(page, 'approvals', violations, widths);
        const approvedEmail = await t.mail.waitForEmail({ to: customerEmail, after: since });
        expect(approvedEmail.subject).toMatch(/validé/i);
        const [approved] = await t.ctx.db.select({ approvalStatus: customers.approvalStatus }).from(customers).where(eq(customers.id, customerId));
        expect(approved?.approvalStatus).toBe('approved');

        // 5. Back to the customer: a staff note, then a password link.
        await page.goBack();
        await waitForPageHeading(page, 'Aurélie Dupré');
        const note = 'A appelé le 24/11 : souhaite des factures au nom de la société.';
        await page.getByLabel('Nouvelle note').fill(note);
        await page.getByRole('button', { name: 'Ajouter la note' }).click();
        await page.getByText('Note ajoutée.').waitFor();
        await page.getByRole('region', { name: 'Notes internes' }).getByText(note).waitFor();
        const notes = await t.ctx.db.select({ body: customerNotes.body }).from(customerNotes).where(eq(customerNotes.customerId, customerId));
        expect(notes.map((row) => row.body)).toEqual([note]);

        const beforeReset = t.mail.mark();
        await page.getByRole('button', { name: 'Envoyer un lien de mot de passe' }).click();
        const dialog = page.getByRole('dialog', { name: 'Envoyer un lien de mot de passe ?' });
        await dialog.waitFor();
        await checkPage(page, 'reset dialog', violations, widths);
        await dialog.getByRole('button', { name: 'Envoyer le lien' }).click();
        await page.getByText(`Lien envoyé à ${customerEmail}.`).waitFor();
        const reset = await t.mail.waitForEmail({ to: customerEmail, after: beforeReset });
        expect(reset.text).toContain('http://comptoir.test/reset-password?token=');

        // Every step is in the audit log, under the owner's name.
        const audited = await t.ctx.db
          .select({ action: staffAuditEvents.action })
          .from(staffAuditEvents)
          .where(eq(staffAuditEvents.targetId, customerId));
        expect(audited.map((event) => event.action)).toEqual(
          expect.arrayContaining(['customer.viewed', 'customer.approved', 'customer.note_added', 'customer.password_reset_sent']),
        );
      });
      expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((name) => [name, []])));
      for (const [name, width] of Object.entries(widths)) expect(width, name).toBeLessThanOrEqual(1280);
    },
    BROWSER_TEST_TIMEOUT_MS * 2,
  );
});
