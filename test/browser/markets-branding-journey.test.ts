import { createHmac } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng } from '../../src/modules/markets/branding-icons.js';
import { markets } from '../../src/modules/markets/markets.tables.js';
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
import { STRONG_PASSWORD, uniqueEmail } from '../support/test-app.js';

// Markets and branding end to end (F1.8, F7.5), in a browser: the owner creates the market
// "Belgique" at its own address, brands it (its refusals first, each next to its field: a
// colour below 4.5:1 with the measured ratio, a bad SIREN, a file that is not the image it
// claims), uploads a logo; a customer at http://be.comptoir.test:<port> (Chromium maps
// *.comptoir.test to 127.0.0.1) sees that look on sign-up, receives a verification email in it
// through SMTP, follows its link on the market's address and sees the look on the account
// page; the default market keeps its own. Screenshots of the sign-in page, the account page and
// the email (and of the branding page) are left in test/artifacts/markets-branding/ (ignored by git).

const ARTIFACTS = 'test/artifacts/markets-branding';
const PRIMARY = '#7a1f3d';
const ACCENT = '#f2c14e';
/** The image's width once loaded (0 when it does not load). */
const loadedWidth = (img: unknown) => {
  const image = img as { decode(): Promise<void>; naturalWidth: number };
  return image.decode().then(
    () => image.naturalWidth,
    () => 0,
  );
};
/** An element's computed colours (runs in the page, hence no DOM types here). */
const coloursOf = (element: unknown) => {
  const style = (globalThis as unknown as { getComputedStyle(element: unknown): { backgroundColor: string; color: string } }).getComputedStyle(element);
  return { background: style.backgroundColor, text: style.color };
};
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

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

/** A 96×32 logo: a band of the brand colour on white. */
function logoPng(): Buffer {
  const [width, height] = [96, 32];
  const pixels = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const inBand = y >= 8 && y < 24;
      pixels.set(inBand ? [0x7a, 0x1f, 0x3d, 255] : [255, 255, 255, 255], (y * width + x) * 4);
    }
  }
  return encodePng(width, height, pixels);
}

let t: TBrowserApp;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startBrowserApp(), launchChromium({ localHosts: ['*.comptoir.test'] })]);
  await mkdir(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The header's shop name, logo and colour; the primary button's colour, else that of the first link in the page. */
async function lookOf(page: Page) {
  const button = page.locator('main .button--primary');
  const brand = page.locator('.app-header__brand');
  const logo = brand.locator('img.app-header__logo');
  return {
    brand: (await brand.textContent()) ?? '',
    logoSrc: (await logo.count()) > 0 ? await logo.getAttribute('src') : null,
    logoWidth: (await logo.count()) > 0 ? await logo.evaluate(loadedWidth) : 0,
    brandColour: (await button.count()) > 0 ? (await button.first().evaluate(coloursOf)).background : (await page.locator('main a').first().evaluate(coloursOf)).text,
    header: (await page.locator('.app-header').evaluate(coloursOf)).background,
  };
}

/** Every page at laptop width, then at 360 px, with its axe findings. */
async function checkBothWidths(page: Page, name: string, found: Record<string, TAccessibilityViolation[]>, wide: Record<string, number>, narrow: Record<string, number>) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await checkPage(page, name, found, wide);
  await page.setViewportSize({ width: 360, height: 800 });
  await checkPage(page, `${name} at 360 px`, found, narrow);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('a second market with its own branding, from the back office to the customer’s inbox', () => {
  it(
    'the owner creates Belgique and brands it; its customer signs up at its address in that look, by an email in that look, and the default market keeps its own',
    async () => {
      const found: Record<string, TAccessibilityViolation[]> = {};
      const wide: Record<string, number> = {};
      const narrow: Record<string, number> = {};
      const port = new URL(t.baseUrl).port;
      const beUrl = `http://be.comptoir.test:${port}`;
      const customerEmail = uniqueEmail('bruxelles');
      let marketId = '';

      // 1. The owner: first-run link, second factor, then the Marchés page.
      const link = await issueFirstOwnerLink(t.ctx);
      const staff = await openVisitor(browser, t, { viewport: { width: 1280, height: 900 }, bypassCSP: true });
      await screenshotOnFailure(staff.page, 'markets-branding-owner', async () => {
        const page = staff.page;
        await page.goto(t.localUrl(link!));
        await waitForPageHeading(page, 'Créer votre accès au back-office');
        await page.getByLabel('Adresse e-mail').fill(uniqueEmail('gerante'));
        await page.getByLabel('Nom', { exact: true }).fill('Sophie Laurent');
        await page.getByLabel('Mot de passe', { exact: true }).fill(STRONG_PASSWORD);
        await page.getByRole('button', { name: 'Créer mon accès' }).click();
        await waitForPageHeading(page, 'Mettre en place la double authentification');
        const secret = (await page.getByRole('region', { name: 'Ou saisissez la clé à la main' }).locator('code').textContent()) ?? '';
        await page.getByLabel('Code de l’application').fill(totpAt(secret, Math.floor(Date.now() / 30_000)));
        await page.getByRole('button', { name: 'Activer la double authentification' }).click();
        await waitForPageHeading(page, 'Vos codes de secours');
        await page.getByLabel('J’ai mis ces codes en lieu sûr').check();
        await page.getByRole('button', { name: 'Continuer vers le back-office' }).click();
        await waitForPageHeading(page, 'Bonjour Sophie Laurent');

        await page.getByRole('navigation', { name: 'Sections du back-office' }).getByRole('link', { name: 'Marchés' }).click();
        await waitForPageHeading(page, 'Marchés');
        const form = page.getByRole('region', { name: 'Nouveau marché' });
        await form.getByLabel('Code', { exact: true }).fill('be');
        await form.getByLabel('Nom', { exact: true }).fill('Belgique');
        await form.getByLabel('Pays', { exact: true }).fill('BE');
        await form.getByLabel('Adresse du site').fill(beUrl);
        await form.getByLabel('Anglais').check();
        await form.getByRole('button', { name: 'Créer le marché' }).click();
        await page.getByText('Marché Belgique créé.').waitFor();
        const [created] = await t.ctx.db.select().from(markets).where(eq(markets.code, 'be'));
        expect(created).toMatchObject({ host: `be.comptoir.test:${port}`, publicUrl: beUrl });
        marketId = created!.id;

        // 2. Its branding page, from its row.
        await page.getByRole('link', { name: 'Image de marque de Belgique' }).click();
        await waitForPageHeading(page, 'Image de marque : Belgique');
        expect(new URL(page.url()).pathname).toBe(`/admin/markets/${marketId}/branding`);
        await checkBothWidths(page, 'branding page', found, wide, narrow);

        // Refusals first: a pale primary colour (its ratio shown as typed, then the server's
        // refusal with the measured ratio) and a SIREN whose check digit is wrong.
        await page.getByLabel('Nom de la boutique').fill('Comptoir Bruxelles');
        await page.getByLabel('Couleur principale', { exact: true }).fill(ACCENT);
        await page.getByText('Contraste avec le blanc : 1,67:1 — insuffisant (au moins 4,5:1).').waitFor();
        await page.getByLabel('SIREN', { exact: true }).fill('552 100 555');
        await page.getByRole('button', { name: 'Enregistrer l’image de marque' }).click();
        await page.getByText('Certains champs sont à corriger.').waitFor();
        await page.getByText(/^Contraste de 1,67:1 avec le blanc de la page/).waitFor();
        await page.getByText('Un SIREN a 9 chiffres et une clé valide, par exemple 732 829 320.').waitFor();
        expect(await page.getByLabel('Couleur principale', { exact: true }).getAttribute('aria-invalid')).toBe('true');
        expect(await page.getByLabel('SIREN', { exact: true }).getAttribute('aria-invalid')).toBe('true');
        expect(await page.locator('.field--invalid').count()).toBe(2);
        await checkBothWidths(page, 'branding page with errors', found, wide, narrow);
        await page.setViewportSize({ width: 360, height: 800 });
        await page.screenshot({ path: `${ARTIFACTS}/branding-errors-360.png`, fullPage: true });
        await page.setViewportSize({ width: 1280, height: 900 });

        // Then the look of Belgique, saved.
        await page.getByLabel('Couleur principale', { exact: true }).fill(PRIMARY);
        await page.getByText('Contraste avec le blanc : 10,04:1 — suffisant.').waitFor();
        await page.getByLabel('Couleur d’accent', { exact: true }).fill(ACCENT);
        await page.getByText('Contraste du texte noir : 11,25:1 — suffisant.').waitFor();
        await page.getByLabel('Police').selectOption({ label: 'Avec empattements' });
        await page.getByLabel('Nom de l’expéditeur').fill('Service Comptoir Bruxelles');
        await page.getByLabel('Adresse de réponse').fill('service@comptoir.be');
        await page.getByLabel('Raison sociale').fill('Comptoir Benelux');
        await page.getByLabel('Forme juridique').fill('SRL');
        await page.getByLabel('Capital social').fill('18 600 €');
        await page.getByLabel('Adresse du siège').fill('12 rue de la Loi, 1000 Bruxelles');
        await page.getByLabel('SIREN', { exact: true }).fill('552 100 554');
        await page.getByLabel('RCS', { exact: true }).fill('RCS Paris 552 100 554');
        await page.getByLabel('Numéro de TVA intracommunautaire').fill('BE0403170701');
        await page.getByLabel('Conditions générales').fill('https://www.comptoir.be/cgv');
        await page.getByRole('button', { name: 'Enregistrer l’image de marque' }).click();
        await page.getByText('Image de marque enregistrée. Les prochaines pages et e-mails l’utilisent.').waitFor();
        expect(await page.locator('.field--invalid').count()).toBe(0);
        await page.getByText('SIREN 552 100 554 · RCS Paris 552 100 554 · TVA intracommunautaire BE0403170701').waitFor();
        const [branded] = await t.ctx.db.select({ branding: markets.branding }).from(markets).where(eq(markets.id, marketId));
        expect(branded?.branding).toMatchObject({ shopName: 'Comptoir Bruxelles', primaryColor: PRIMARY, accentColor: ACCENT, font: 'serif', legal: { siren: '552100554' } });

        // The logo: a text file claiming to be a PNG is refused in words, then the real one.
        const images = page.getByRole('region', { name: 'Logo et icône' });
        const logoGroup = images.getByRole('group', { name: 'Logo', exact: true });
        await logoGroup.getByLabel('Nouveau fichier pour : Logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('pas une image') });
        await logoGroup.getByRole('button', { name: 'Envoyer' }).click();
        await logoGroup.getByText('Le fichier n’est pas le type d’image que son nom indique : enregistrez-le à nouveau dans son vrai format.').waitFor();
        await logoGroup.getByLabel('Nouveau fichier pour : Logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logoPng() });
        await logoGroup.getByRole('button', { name: 'Envoyer' }).click();
        await images.getByText('Logo enregistré.').waitFor();
        const preview = logoGroup.getByRole('img', { name: 'Logo actuel' });
        await preview.waitFor();
        expect(await preview.getAttribute('src')).toMatch(new RegExp(`^/branding/${marketId}/logo\\?v=[0-9a-f]{16}$`));
        expect(await preview.evaluate(loadedWidth)).toBe(96);
        await logoGroup.getByRole('button', { name: 'Retirer : Logo' }).waitFor();
        await checkBothWidths(page, 'branding page with a logo', found, wide, narrow);
        await page.screenshot({ path: `${ARTIFACTS}/branding.png`, fullPage: true });

        await page.getByRole('group', { name: 'Langue' }).getByRole('button', { name: 'English' }).click();
        await waitForPageHeading(page, 'Branding: Belgique');
        await page.getByRole('region', { name: 'Legal mentions' }).getByLabel('Company name').waitFor();
        await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Français' }).click();
        await waitForPageHeading(page, 'Image de marque : Belgique');
        await page.getByRole('link', { name: 'Voir les e-mails avec cette image de marque' }).click();
        await waitForPageHeading(page, 'Aperçu des e-mails');
        expect(new URL(page.url()).searchParams.get('market')).toBe(marketId);
      });
      await staff.context.close();

      // 3. A customer of Belgique, at its address.
      const logoUrl = new RegExp(`^${beUrl.replace(/[.:]/g, '\\$&')}/branding/${marketId}/logo\\?v=[0-9a-f]{16}$`);
      const customer = await openVisitor(browser, { baseUrl: beUrl }, { viewport: { width: 1280, height: 900 }, bypassCSP: true });
      await screenshotOnFailure(customer.page, 'markets-branding-customer', async () => {
        const page = customer.page;
        await page.goto('/sign-in');
        await waitForPageHeading(page, 'Se connecter');
        await page.locator('.app-header__brand').getByText('Comptoir Bruxelles').waitFor();
        const signInLook = await lookOf(page);
        expect(signInLook.logoSrc).toMatch(logoUrl);
        expect(signInLook.logoWidth).toBe(96);
        expect(signInLook.brandColour).toBe(rgb(PRIMARY));
        expect(signInLook.header).toBe(rgb(ACCENT));
        await page.getByRole('contentinfo', { name: 'Informations légales' }).getByText('Comptoir Benelux, SRL au capital de 18 600 €').waitFor();
        expect(await page.title()).toBe('Se connecter – Comptoir Bruxelles');
        await page.screenshot({ path: `${ARTIFACTS}/sign-in.png`, fullPage: true });
        await checkBothWidths(page, 'Belgian sign-in', found, wide, narrow);

        await page.goto('/sign-up');
        await waitForPageHeading(page, 'Créer mon compte');
        await page.locator('.app-header__brand').getByText('Comptoir Bruxelles').waitFor();
        expect((await lookOf(page)).brandColour).toBe(rgb(PRIMARY));
        await checkBothWidths(page, 'Belgian sign-up', found, wide, narrow);
        await page.getByLabel('Particulier').check();
        await page.getByLabel('Prénom', { exact: true }).fill('Camille');
        await page.getByLabel('Nom', { exact: true }).fill('Peeters');
        await page.getByLabel('Adresse e-mail').fill(customerEmail);
        await page.getByLabel('Mot de passe', { exact: true }).fill(STRONG_PASSWORD);
        await page.getByRole('button', { name: 'Créer mon compte' }).click();
        await waitForPageHeading(page, 'Vérifiez votre boîte mail');

        // 4. The email, in Belgique's look, its link on Belgique's address.
        const verification = await t.mail.waitForEmail({ to: customerEmail, subject: /Confirmez votre adresse/ });
        expect(verification.subject).toContain('Comptoir Bruxelles');
        expect(verification.html).toContain('Comptoir Bruxelles');
        expect(verification.html).toMatch(new RegExp(`${beUrl.replace(/[.:]/g, '\\$&')}/branding/${marketId}/logo\\?v=[0-9a-f]{16}`));
        expect(verification.html).toContain(PRIMARY);
        expect(verification.html).toContain('https://www.comptoir.be/cgv');
        expect(verification.text).toContain('Comptoir Benelux, SRL au capital de 18 600 €');
        expect(verification.text).toContain('SIREN 552 100 554 · RCS Paris 552 100 554 · TVA intracommunautaire BE0403170701');
        expect(verification.headerLines.find((line) => line.key === 'from')?.line).toContain('Service Comptoir Bruxelles');
        expect(verification.headerLines.find((line) => line.key === 'reply-to')?.line).toBe('Reply-To: service@comptoir.be');
        const verifyLink = new RegExp(`${beUrl.replace(/[.:]/g, '\\$&')}/verify-email\\?[^\\s<>"')\\]]+`).exec(verification.text)?.[0];
        expect(verifyLink, 'a verification link on the market’s address').toBeTruthy();

        const mailView = await customer.context.newPage();
        await mailView.setViewportSize({ width: 800, height: 900 });
        await mailView.setContent(verification.html, { waitUntil: 'load' });
        expect(await mailView.locator(`img[src*="/branding/${marketId}/logo"]`).first().evaluate(loadedWidth)).toBe(96);
        await mailView.screenshot({ path: `${ARTIFACTS}/verification-email.png`, fullPage: true });
        await mailView.close();

        // 5. The link opens the account page, on Belgique's address and in its look.
        await page.goto(verifyLink!);
        await page.getByRole('heading', { name: 'Bonjour Camille' }).waitFor();
        expect(new URL(page.url()).origin).toBe(beUrl);
        await page.getByText('Merci, votre adresse e-mail est confirmée.').waitFor();
        const accountLook = await lookOf(page);
        expect(accountLook.brand).toContain('Comptoir Bruxelles');
        expect(accountLook.logoSrc).toMatch(logoUrl);
        expect(accountLook.brandColour).toBe(rgb(PRIMARY));
        expect(accountLook.header).toBe(rgb(ACCENT));
        await page.getByRole('contentinfo', { name: 'Informations légales' }).getByRole('link', { name: 'Conditions générales' }).waitFor();
        await page.screenshot({ path: `${ARTIFACTS}/account.png`, fullPage: true });
        await checkBothWidths(page, 'Belgian account', found, wide, narrow);
      });
      await customer.context.close();

      // 6. The default market, on any other host, keeps the server's look.
      const visitor = await openVisitor(browser, t, { viewport: { width: 1280, height: 900 }, bypassCSP: true });
      await screenshotOnFailure(visitor.page, 'markets-branding-default', async () => {
        const page = visitor.page;
        await page.goto('/sign-in');
        await waitForPageHeading(page, 'Se connecter');
        // The branding has arrived once its colours are set on the page.
        await page.waitForFunction(
          () =>
            (globalThis as unknown as { document: { documentElement: { style: { getPropertyValue(name: string): string } } } }).document.documentElement.style.getPropertyValue(
              '--brand',
            ) !== '',
        );
        const look = await lookOf(page);
        expect(look.brand).toContain(t.config.branding.shopName);
        expect(look.brand).not.toContain('Comptoir Bruxelles');
        expect(look.logoSrc).toBe(t.config.branding.logoUrl);
        expect(look.brandColour).toBe(rgb(t.config.branding.primaryColor));
        expect(await page.title()).toBe(`Se connecter – ${t.config.branding.shopName}`);
        await checkBothWidths(page, 'default sign-in', found, wide, narrow);
      });
      await visitor.context.close();

      expect(found).toEqual(Object.fromEntries(Object.keys(found).map((name) => [name, []])));
      for (const [name, width] of Object.entries(wide)) expect(width, `scroll width of ${name}`).toBeLessThanOrEqual(1280);
      for (const [name, width] of Object.entries(narrow)) expect(width, `scroll width of ${name}`).toBeLessThanOrEqual(360);
    },
    BROWSER_TEST_TIMEOUT_MS * 2,
  );
});
