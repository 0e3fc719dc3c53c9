import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { issueFirstOwnerLink } from '../../src/modules/staff/staff-setup.service.js';
import { createStaffWithLink } from '../../src/modules/staff/staff-users.service.js';
import {
  BROWSER_TEST_TIMEOUT_MS,
  checkPage,
  launchChromium,
  linkInEmail,
  openVisitor,
  screenshotOnFailure,
  startBrowserApp,
  type TAccessibilityViolation,
  type TBrowserApp,
  waitForPageHeading,
} from '../support/browser.js';
import { STRONG_PASSWORD, uniqueEmail } from '../support/test-app.js';

/**
 * RFC 6238 written again here, from the RFC and not from src/: if the server's TOTP drifted from
 * the standard, an authenticator app would fail and so would this test.
 */
function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.replace(/[\s=]/g, '').toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((byte) => parseInt(byte, 2)));
}

function totpAt(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const hmac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = hmac[hmac.length - 1]! & 0x0f;
  const binary = hmac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

const currentStep = () => Math.floor(Date.now() / 1000 / 30);

/** The server refuses a step twice: after `lastStep`, the next code is the one of the step after. */
function nextCode(secret: string, lastStep: number | null): { code: string; step: number } {
  const step = lastStep === null ? currentStep() : Math.max(currentStep(), lastStep + 1);
  return { code: totpAt(secret, step), step };
}

/** The little of the DOM this file reads inside the page (its types are not Node's). */
type FocusedDocument = { document: { activeElement: { getAttribute(name: string): string | null } | null } };

let t: TBrowserApp;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the back office in a browser: first owner, second factor, staff and audit', () => {
  it(
    'the owner comes in by the first-run link, sets up the second factor, signs out, signs back in with it and reads the audit log',
    async () => {
      const link = await issueFirstOwnerLink(t.ctx);
      expect(link).toMatch(/^http:\/\/comptoir\.test\/admin\/setup\?token=/);
      const email = uniqueEmail('proprietaire');
      const { context, page } = await openVisitor(browser, t, { viewport: { width: 1280, height: 800 }, bypassCSP: true });
      const violations: Record<string, TAccessibilityViolation[]> = {};
      const widths: Record<string, number> = {};
      await screenshotOnFailure(page, 'backoffice-journey', async () => {
        await page.goto(t.localUrl(link!));
        await waitForPageHeading(page, 'Créer votre accès au back-office');
        await page.getByText('Premier démarrage', { exact: false }).waitFor();
        await checkPage(page, 'setup', violations, widths);
        await page.getByLabel('Adresse e-mail').fill(email);
        await page.getByLabel('Nom', { exact: true }).fill('Camille Martin');
        await page.getByLabel('Mot de passe', { exact: true }).fill(STRONG_PASSWORD);
        await page.getByRole('button', { name: 'Créer mon accès' }).click();

        // An owner goes nowhere but the second-factor set-up until it is done.
        await waitForPageHeading(page, 'Mettre en place la double authentification');
        expect(new URL(page.url()).pathname).toBe('/admin/second-factor/setup');
        await page.goto('/admin/staff');
        await waitForPageHeading(page, 'Mettre en place la double authentification');
        // Each visit draws a new secret: read the one this page shows now.
        await page.getByRole('img', { name: 'QR code à scanner avec votre application d’authentification' }).waitFor();
        const secret = (await page.getByRole('region', { name: 'Ou saisissez la clé à la main' }).locator('code').textContent()) ?? '';
        expect(secret.replace(/\s/g, '')).toMatch(/^[A-Z2-7]{16,}$/);
        await checkPage(page, 'second-factor/setup', violations, widths);

        const enrolment = nextCode(secret, null);
        await page.getByLabel('Code de l’application').fill(enrolment.code);
        await page.getByRole('button', { name: 'Activer la double authentification' }).click();

        await waitForPageHeading(page, 'Vos codes de secours');
        const codes = page.getByRole('list', { name: 'Codes de secours' }).getByRole('listitem');
        expect(await codes.count()).toBe(10);
        await checkPage(page, 'recovery codes', violations, widths);
        await page.getByRole('button', { name: 'Continuer vers le back-office' }).click();
        // Not without saying the codes are kept: the keyboard is sent to the checkbox.
        await page.getByText('Confirmez que vous avez mis les codes en lieu sûr.').waitFor();
        expect(await page.evaluate(() => (globalThis as unknown as FocusedDocument).document.activeElement?.getAttribute('name'))).toBe('saved');
        await page.keyboard.press('Space');
        await page.getByRole('button', { name: 'Continuer vers le back-office' }).click();

        await waitForPageHeading(page, 'Bonjour Camille Martin');
        expect(new URL(page.url()).pathname).toBe('/admin');
        await checkPage(page, 'home', violations, widths);

        const nav = page.getByRole('navigation', { name: 'Sections du back-office' });
        await nav.getByRole('link', { name: 'Équipe' }).click();
        await waitForPageHeading(page, 'Équipe');
        const owner = page.getByRole('row', { name: /Camille Martin/ });
        await owner.getByText(email).waitFor();
        await owner.getByText('Propriétaire').waitFor();
        await owner.getByText('Activée').waitFor();
        await checkPage(page, 'staff', violations, widths);

        await page.getByRole('button', { name: 'Se déconnecter' }).click();
        await waitForPageHeading(page, 'Se connecter au back-office');
        await page.getByText('Vous êtes déconnecté du back-office.').waitFor();
        await checkPage(page, 'sign-in', violations, widths);

        // Back in with the keyboard alone: type, Tab to the password, Enter to send.
        await page.getByLabel('Adresse e-mail').focus();
        await page.keyboard.type(email);
        await page.keyboard.press('Tab');
        await page.keyboard.type(STRONG_PASSWORD);
        await page.keyboard.press('Enter');
        await waitForPageHeading(page, 'Double authentification');
        expect(new URL(page.url()).pathname).toBe('/admin/second-factor');
        await checkPage(page, 'second-factor', violations, widths);
        await page.getByLabel('Code de l’application').focus();
        await page.keyboard.type(nextCode(secret, enrolment.step).code);
        await page.keyboard.press('Enter');
        await waitForPageHeading(page, 'Bonjour Camille Martin');

        await nav.getByRole('link', { name: 'Journal d’audit' }).click();
        await waitForPageHeading(page, 'Journal d’audit');
        const events = page.getByRole('region', { name: 'Événements' });
        // Newest first: everything this journey did, nothing else but the link's issue. The rows
        // arrive after the heading, so the check waits for them rather than reading at once.
        await expect.poll(() => events.locator('tbody th').allTextContents(), { timeout: 20_000 }).toEqual([
          'Double authentification validée',
          'Connexion',
          'Déconnexion',
          'Double authentification mise en place',
          'Accès créé',
          'Lien de création d’accès émis',
        ]);
        await events.getByRole('row', { name: /Déconnexion/ }).getByText('127.0.0.1').waitFor();
        await checkPage(page, 'audit', violations, widths);

        await page.getByLabel('Action').selectOption({ label: 'Connexion' });
        await page.getByRole('button', { name: 'Filtrer', exact: true }).click();
        await events.getByText('1 événement affiché.').waitFor();
        expect(await events.locator('tbody th').allTextContents()).toEqual(['Connexion']);
        expect(new URL(page.url()).searchParams.get('action')).toBe('staff.signed_in');

        // The second language: the same page, then kept after a reload.
        await page.getByRole('group', { name: 'Langue' }).getByRole('button', { name: 'English' }).click();
        await waitForPageHeading(page, 'Audit log');
        await page.getByRole('region', { name: 'Events' }).getByText('1 event shown.').waitFor();
        await page.reload();
        await waitForPageHeading(page, 'Audit log');
        expect(await page.locator('html').getAttribute('lang')).toBe('en');
        await page.getByRole('navigation', { name: 'Back office sections' }).getByRole('link', { name: 'Staff' }).waitFor();
      });
      await context.close();

      expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((name) => [name, []])));
      expect(Object.keys(violations)).toHaveLength(8);
      for (const [name, width] of Object.entries(widths)) expect(width, `scroll width of ${name}`).toBeLessThanOrEqual(1280);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'an administrator invites a colleague by email, changes their role and disables them, which ends their session',
    async () => {
      // As `npx comptoir staff create --role administrator` does.
      const adminEmail = uniqueEmail('admin');
      const { link } = await t.ctx.db.transaction((tx) =>
        createStaffWithLink(t.ctx, tx, { email: adminEmail, name: 'Lou Bernard', role: 'administrator', actorId: null, meta: null }),
      );
      const admin = await openVisitor(browser, t, { viewport: { width: 1280, height: 800 } });
      const colleague = await openVisitor(browser, t, { viewport: { width: 1280, height: 800 } });
      const colleagueEmail = uniqueEmail('support');
      await screenshotOnFailure(admin.page, 'backoffice-staff', async () => {
        const page = admin.page;
        await page.goto(t.localUrl(link));
        await waitForPageHeading(page, 'Créer votre accès au back-office');
        await page.getByText(adminEmail).waitFor();
        await page.getByLabel('Mot de passe', { exact: true }).fill(STRONG_PASSWORD);
        await page.getByRole('button', { name: 'Créer mon accès' }).click();
        await waitForPageHeading(page, 'Mettre en place la double authentification');
        const secret = (await page.getByRole('region', { name: 'Ou saisissez la clé à la main' }).locator('code').textContent()) ?? '';
        await page.getByLabel('Code de l’application').fill(nextCode(secret, null).code);
        await page.getByRole('button', { name: 'Activer la double authentification' }).click();
        await page.getByLabel('J’ai mis ces codes en lieu sûr').check();
        await page.getByRole('button', { name: 'Continuer vers le back-office' }).click();
        await waitForPageHeading(page, 'Bonjour Lou Bernard');

        await page.getByRole('region', { name: 'Sections' }).getByRole('link', { name: 'Équipe' }).click();
        await waitForPageHeading(page, 'Équipe');
        const invite = page.getByRole('region', { name: 'Inviter une personne' });
        // An administrator cannot make an owner: the choice is not even offered.
        expect(await invite.getByLabel('Rôle').locator('option').allTextContents()).toEqual(['Administrateur', 'Support', 'Lecture seule']);
        await invite.getByLabel('Adresse e-mail').fill(colleagueEmail);
        await invite.getByLabel('Nom').fill('Sam Petit');
        await invite.getByRole('button', { name: 'Envoyer l’invitation' }).click();
        await invite.getByText(`Invitation envoyée à ${colleagueEmail}.`).waitFor();
        await page.getByRole('row', { name: /Sam Petit/ }).getByText('Invité').waitFor();

        const email = await t.mail.waitForEmail({ to: colleagueEmail, subject: /Votre accès au back-office/ });
        await colleague.page.goto(t.localUrl(linkInEmail(email.text, '/admin/setup')));
        await waitForPageHeading(colleague.page, 'Créer votre accès au back-office');
        await colleague.page.getByLabel('Mot de passe', { exact: true }).fill(STRONG_PASSWORD);
        await colleague.page.getByRole('button', { name: 'Créer mon accès' }).click();
        // Support may enrol a second factor but need not: straight in, to customers, approvals,
        // companies, the staff list and the markets (read-only) — not privacy requests, imports,
        // the audit log or settings. Other sections open to every role may come beside them.
        await waitForPageHeading(colleague.page, 'Bonjour Sam Petit');
        const sections = colleague.page.getByRole('navigation', { name: 'Sections du back-office' });
        const shown = await sections.getByRole('link').allTextContents();
        expect(shown).toEqual(expect.arrayContaining(['Accueil', 'Clients', 'Approbations', 'Entreprises', 'Équipe', 'Marchés']));
        for (const hidden of ['RGPD', 'Import / export', 'Journal d’audit', 'Réglages']) expect(shown).not.toContain(hidden);

        await page.reload();
        await waitForPageHeading(page, 'Équipe');
        const row = page.getByRole('row', { name: /Sam Petit/ });
        await row.getByText('Actif').waitFor();
        await row.getByLabel('Rôle de Sam Petit', { exact: true }).selectOption({ label: 'Lecture seule' });
        await row.getByRole('button', { name: 'Changer le rôle de Sam Petit' }).click();
        await page.getByText('Sam Petit a maintenant le rôle Lecture seule.').waitFor();

        await row.getByRole('button', { name: 'Désactiver l’accès de Sam Petit' }).click();
        await row.getByText('Désactiver l’accès de Sam Petit ? Ses sessions en cours prennent fin aussitôt.').waitFor();
        await row.getByRole('button', { name: 'Oui, désactiver' }).click();
        await page.getByText('L’accès de Sam Petit est désactivé et ses sessions ont pris fin.').waitFor();
        await row.getByText('Désactivé').waitFor();

        await colleague.page.reload();
        await waitForPageHeading(colleague.page, 'Se connecter au back-office');
      });
      await admin.context.close();
      await colleague.context.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
