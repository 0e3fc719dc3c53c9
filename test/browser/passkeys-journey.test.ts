import { createServer, type AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityEvents } from '../../src/modules/auth/auth.tables.js';
import { passkeys } from '../../src/modules/passkeys/passkeys.tables.js';
import {
  BROWSER_TEST_TIMEOUT_MS,
  checkPage,
  launchChromium,
  openVisitor,
  screenshotOnFailure,
  submitPasswordForm,
  type TAccessibilityViolation,
  type TBrowserApp,
  waitForPageHeading,
} from '../support/browser.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { createTestApp, TEST_PUBLIC_URL } from '../support/test-app.js';

/** A free port, known before the app starts: the market's public URL must name it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * WebAuthn needs a secure context and a domain for its RP ID: http://localhost is both (a
 * custom host over http is neither), so the default market lives at http://localhost:<port>.
 */
async function startLocalhostApp(): Promise<TBrowserApp> {
  const port = await freePort();
  const testApp = await createTestApp({ env: { PUBLIC_URL: `http://localhost:${port}` } });
  await testApp.app.listen({ port, host: '127.0.0.1' });
  const baseUrl = `http://localhost:${port}`;
  return {
    ...testApp,
    baseUrl,
    localUrl(link) {
      const url = new URL(link, TEST_PUBLIC_URL);
      return `${baseUrl}${url.pathname}${url.search}`;
    },
  };
}

async function passkeySignIns(customerId: string): Promise<number> {
  const events = await t.ctx.db.select().from(securityEvents).where(eq(securityEvents.customerId, customerId));
  return events.filter((event) => event.type === 'sign_in_succeeded' && event.method === 'passkey').length;
}

let t: TBrowserApp;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startLocalhostApp(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('Clés d’accès in a browser', () => {
  it(
    'at 360 px a customer adds a passkey from the portal page, signs out, signs in with it from the sign-in page (suggested in the address field, then with the button), then removes it',
    async () => {
      const customer = await registerVerifiedCustomer(t, { firstName: 'Inès' });
      const { context, page } = await openVisitor(browser, t, { viewport: { width: 360, height: 740 }, bypassCSP: true });
      // Chromium's virtual authenticator, as a phone's platform authenticator would answer.
      const cdp = await context.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
          automaticPresenceSimulation: true,
        },
      });
      const violations: Record<string, TAccessibilityViolation[]> = {};
      const widths: Record<string, number> = {};
      await screenshotOnFailure(page, 'passkeys-journey', async () => {
        await page.goto('/sign-in');
        await expect.poll(() => page.getByLabel('Adresse e-mail').getAttribute('autocomplete')).toBe('username webauthn');
        await checkPage(page, 'sign-in', violations, widths);
        await submitPasswordForm(page, customer);
        await page.getByRole('heading', { name: 'Bonjour Inès' }).waitFor();
        await page.getByRole('link', { name: 'Clés d’accès' }).click();
        await waitForPageHeading(page, 'Clés d’accès');
        await page.getByText('Vous n’avez pas encore de clé d’accès.').waitFor();
        await checkPage(page, 'passkeys, none yet', violations, widths);

        // No proof typed: the form says so before anything starts.
        await page.getByLabel('Nom de la clé').fill('Téléphone d’Inès');
        await page.getByRole('button', { name: 'Créer la clé d’accès' }).click();
        await page.getByText('Indiquez votre mot de passe.').first().waitFor();
        await checkPage(page, 'passkeys, proof missing', violations, widths);
        await page.getByLabel('Mot de passe actuel').fill(customer.password);
        await page.getByRole('button', { name: 'Créer la clé d’accès' }).click();
        await page.getByText('La clé d’accès « Téléphone d’Inès » a été ajoutée. Un e-mail vous le confirme.').waitFor();
        await page.getByText('Sur un seul appareil').waitFor();
        await checkPage(page, 'passkeys, one added', violations, widths);

        // Signed out, the sign-in page offers the passkey in the address field's suggestions
        // (conditional UI), which the virtual authenticator, always present, takes at once.
        await page.getByRole('link', { name: 'Retour à mon compte' }).click();
        await page.getByRole('button', { name: 'Se déconnecter' }).click();
        await expect.poll(() => passkeySignIns(customer.customerId)).toBe(1);
        await page.getByRole('heading', { name: 'Bonjour Inès' }).waitFor();

        // A browser without that autofill: the button.
        await page.addInitScript(() => {
          // Runs in the page, where PublicKeyCredential exists (Node's typings do not know it).
          (globalThis as unknown as { PublicKeyCredential: { isConditionalMediationAvailable: () => Promise<boolean> } }).PublicKeyCredential.isConditionalMediationAvailable =
            async () => false;
        });
        await page.reload();
        await page.getByRole('button', { name: 'Se déconnecter' }).click();
        await waitForPageHeading(page, 'Se connecter');
        await page.getByRole('button', { name: 'Se connecter avec une clé d’accès' }).click();
        await page.getByRole('heading', { name: 'Bonjour Inès' }).waitFor();
        expect(await passkeySignIns(customer.customerId)).toBe(2);

        await page.getByRole('link', { name: 'Clés d’accès' }).click();
        await waitForPageHeading(page, 'Clés d’accès');
        await page.getByText(/dernière utilisation le/).waitFor();
        await page.getByRole('button', { name: 'Retirer' }).click();
        await page.getByText('Retirer la clé d’accès « Téléphone d’Inès » ? Elle ne permettra plus de vous connecter.').waitFor();
        await checkPage(page, 'passkeys, confirming removal', violations, widths);
        await page.getByRole('button', { name: 'Oui, retirer' }).click();
        await page.getByText('La clé d’accès a été retirée. Un e-mail vous le confirme.').waitFor();
        await page.getByText('Vous n’avez pas encore de clé d’accès.').waitFor();
      });
      await context.close();

      const events = await t.ctx.db.select().from(securityEvents).where(eq(securityEvents.customerId, customer.customerId));
      expect(events.map((event) => event.type)).toEqual(expect.arrayContaining(['passkey_added', 'passkey_removed']));
      expect(await t.ctx.db.select().from(passkeys).where(eq(passkeys.customerId, customer.customerId))).toEqual([]);
      expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((name) => [name, []])));
      for (const [name, width] of Object.entries(widths)) expect(width, `${name} fits 360 px`).toBeLessThanOrEqual(360);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
