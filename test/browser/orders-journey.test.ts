import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders, returnRequests } from '../../src/modules/orders/orders.tables.js';
import {
  BROWSER_TEST_TIMEOUT_MS,
  findSeriousAccessibilityViolations,
  launchChromium,
  openVisitor,
  pageScrollWidth,
  screenshotOnFailure,
  startBrowserApp,
  submitPasswordForm,
  type TBrowserApp,
  waitForPageHeading,
} from '../support/browser.js';
import { insertCompany, insertMember } from '../support/companies.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { newApiKey, storeClient } from '../support/integration.js';

let t: TBrowserApp;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startBrowserApp({ env: { CART_URL_TEMPLATE: 'https://shop.example/cart/{items}' } }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** The card number the till scans, as the customer's card page shows it. */
async function cardNumberOf(customer: Awaited<ReturnType<typeof registerVerifiedCustomer>>): Promise<string> {
  const response = await customer.client.get('/api/me/card', { token: customer.token });
  expect(response.status).toBe(200);
  return (response.body as { number: string }).number;
}

/** Fetches a link of the page with the page's own cookies, as a click would, and reads what came back. */
function fetchInPage(page: Page, href: string) {
  return page.evaluate(async (url) => {
    const response = await fetch(url, { credentials: 'same-origin' });
    const bytes = new Uint8Array(await response.arrayBuffer());
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      disposition: response.headers.get('content-disposition') ?? '',
      head: String.fromCharCode(...bytes.slice(0, 5)),
      size: bytes.length,
    };
  }, href);
}

async function signIn(page: Page, customer: { email: string; password: string }, firstName: string) {
  await page.goto('/sign-in');
  await submitPasswordForm(page, customer);
  await page.getByRole('heading', { name: `Bonjour ${firstName}` }).waitFor();
}

describe('Orders, receipts and documents in a browser', () => {
  it(
    'at 360 px: a till posts a receipt by card number; the customer finds it among their orders, opens its invoice PDF, reorders and requests a return',
    async () => {
      const customer = await registerVerifiedCustomer(t, { firstName: 'Camille' });
      const cardNumber = await cardNumberOf(customer);
      const store = storeClient(t, await newApiKey(t, ['orders:write', 'documents:write']));

      const receipt = await store.post('/api/integration/orders', {
        externalId: 'till-3-000187',
        number: 'T-2025-000187',
        channel: 'store',
        placedAt: hoursAgo(2),
        currency: 'EUR',
        customer: { cardNumber },
        status: 'completed',
        paymentStatus: 'paid',
        fulfillmentStatus: 'fulfilled',
        storeName: 'Comptoir Lyon Part-Dieu',
        lines: [
          { sku: 'MUG-01', name: 'Mug en grès', quantity: 2, unitPrice: 1250, taxRateBasisPoints: 2000 },
          { sku: 'THE-07', name: 'Thé vert sencha 100 g', quantity: 1, unitPrice: 890, taxRateBasisPoints: 550 },
        ],
        subtotal: 3390,
        taxTotal: 463,
        taxes: [
          { label: 'TVA', rateBasisPoints: 2000, amount: 417 },
          { label: 'TVA', rateBasisPoints: 550, amount: 46 },
        ],
        total: 3390,
      });
      expect(receipt.status, JSON.stringify(receipt.body)).toBe(201);
      const receiptId = (receipt.body as { id: string }).id;
      const online = await store.post('/api/integration/orders', {
        externalId: 'web-42',
        number: 'CMD-2025-0042',
        channel: 'online',
        placedAt: hoursAgo(72),
        currency: 'EUR',
        customer: { email: customer.email },
        status: 'open',
        lines: [{ sku: 'PLAID-02', name: 'Plaid en laine', quantity: 1, unitPrice: 5900 }],
        total: 5900,
      });
      expect(online.status, JSON.stringify(online.body)).toBe(201);
      const invoice = await store.post('/api/integration/documents', {
        kind: 'invoice',
        number: 'F-2025-000187',
        orderId: receiptId,
        status: 'paid',
        issuedAt: hoursAgo(2),
        currency: 'EUR',
        subtotal: 3390,
        taxTotal: 463,
        total: 3390,
        lines: [
          { sku: 'MUG-01', name: 'Mug en grès', quantity: 2, unitPrice: 1250, taxRateBasisPoints: 2000, lineTotal: 2500 },
          { sku: 'THE-07', name: 'Thé vert sencha 100 g', quantity: 1, unitPrice: 890, taxRateBasisPoints: 550, lineTotal: 890 },
        ],
      });
      expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);

      const { context, page } = await openVisitor(browser, t, { viewport: { width: 360, height: 740 }, bypassCSP: true });
      const scrollWidths: number[] = [];
      const violations: unknown[] = [];
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        // The portal has no favicon: the browser's own request for one is not the page's doing.
        if (message.location().url.endsWith('/favicon.ico')) return;
        if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(`${message.text()} ${message.location().url}`);
      });
      const check = async () => {
        scrollWidths.push(await pageScrollWidth(page));
        violations.push(...(await findSeriousAccessibilityViolations(page)));
      };

      await screenshotOnFailure(page, 'orders-journey', async () => {
        await signIn(page, customer, 'Camille');
        await page.getByRole('link', { name: 'Mes commandes' }).click();
        await waitForPageHeading(page, 'Mes commandes');
        const orders = page.getByRole('list', { name: 'Commandes et tickets' });
        const receiptItem = orders.getByRole('listitem').filter({ hasText: 'T-2025-000187' });
        await receiptItem.getByText('En magasin').waitFor();
        await receiptItem.getByText('Magasin : Comptoir Lyon Part-Dieu').waitFor();
        await receiptItem.getByText('33,90 €').waitFor();
        await orders.getByRole('link', { name: 'Commande n° CMD-2025-0042' }).waitFor();
        await check();

        await page.getByText('Filtrer', { exact: true }).click();
        await page.getByLabel('Canal').selectOption({ label: 'En magasin' });
        await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
        await orders.getByRole('link', { name: 'Commande n° CMD-2025-0042' }).waitFor({ state: 'detached' });
        expect(page.url()).toContain('channel=store');

        await orders.getByRole('link', { name: 'Ticket n° T-2025-000187' }).click();
        await waitForPageHeading(page, 'Ticket n° T-2025-000187');
        const lines = page.getByRole('table', { name: 'Articles' });
        await lines.getByRole('row', { name: /Mug en grès/ }).getByText('25,00 €').waitFor();
        await page.getByText('Comptoir Lyon Part-Dieu').waitFor();
        await check();

        const pdfLink = page.getByRole('link', { name: 'PDF Facture n° F-2025-000187' });
        const pdf = await fetchInPage(page, (await pdfLink.getAttribute('href'))!);
        expect(pdf).toMatchObject({ status: 200, head: '%PDF-' });
        expect(pdf.type).toContain('application/pdf');

        await page.getByRole('link', { name: 'Voir Facture n° F-2025-000187' }).click();
        await waitForPageHeading(page, 'Facture n° F-2025-000187');
        await page.getByText('Payé', { exact: true }).waitFor();
        await page.getByRole('button', { name: 'Imprimer' }).waitFor();
        const download = await fetchInPage(page, (await page.getByRole('link', { name: 'Télécharger le PDF' }).getAttribute('href'))!);
        expect(download).toMatchObject({ status: 200, head: '%PDF-' });
        expect(download.disposition).toContain('attachment');
        await page.emulateMedia({ media: 'print' });
        expect(await page.getByRole('button', { name: 'Imprimer' }).isVisible()).toBe(false);
        expect(await page.locator('header').isVisible()).toBe(false);
        await page.emulateMedia({ media: 'screen' });
        await check();
        await page.goBack();
        await waitForPageHeading(page, 'Ticket n° T-2025-000187');

        await page.getByRole('button', { name: 'Commander à nouveau' }).click();
        const inCart = page.getByRole('list', { name: 'Articles ajoutés au panier' });
        await inCart.getByText('2 × Mug en grès').waitFor();
        await inCart.getByText('1 × Thé vert sencha 100 g').waitFor();
        const cartHref = await page.getByRole('link', { name: 'Voir mon panier sur la boutique' }).getAttribute('href');
        expect(cartHref).toBe('https://shop.example/cart/MUG-01:2,THE-07:1');

        await page.getByRole('button', { name: 'Retourner des articles' }).click();
        await page.getByRole('button', { name: 'Envoyer la demande de retour' }).click();
        await page.getByText('Choisissez la raison du retour.').waitFor();
        await page.getByLabel('Quantité à retourner – Mug en grès (au plus 2)').fill('1');
        await page.getByLabel('Raison du retour').selectOption({ label: 'Article endommagé' });
        await page.getByLabel('Commentaire (facultatif)').fill('Anse fêlée à la livraison.');
        await check();
        await page.getByRole('button', { name: 'Envoyer la demande de retour' }).click();
        await page.getByText('Votre demande de retour est enregistrée. Statut : Demandé.').waitFor();
        await page.getByRole('row', { name: /Mug en grès/ }).getByText('1 retourné').waitFor();

        await page.getByRole('link', { name: 'Toutes mes demandes de retour' }).first().click();
        await waitForPageHeading(page, 'Mes retours');
        const request = page.getByRole('list', { name: 'Demandes de retour' }).getByRole('listitem').filter({ hasText: 'T-2025-000187' });
        await request.getByText('Demandé', { exact: true }).waitFor();
        await request.getByText('1 × Mug en grès').waitFor();
        await request.getByText(/Article endommagé/).waitFor();
        await check();

        await page.goto('/documents');
        await waitForPageHeading(page, 'Mes documents');
        const documents = page.getByRole('list', { name: 'Documents' });
        const invoiceItem = documents.getByRole('listitem').filter({ hasText: 'F-2025-000187' });
        await invoiceItem.getByText('Payé', { exact: true }).waitFor();
        await invoiceItem.getByRole('link', { name: 'Commande n° T-2025-000187' }).waitFor();
        await page.getByLabel('Type de document').selectOption({ label: 'Devis' });
        await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
        await page.getByText('Aucun document ne correspond à ces filtres.').waitFor();
        await check();
      });
      expect(consoleErrors).toEqual([]);

      const rows = await t.ctx.db.select().from(returnRequests).where(eq(returnRequests.orderId, receiptId));
      expect(rows.map((row) => [row.status, row.reason, row.comment])).toEqual([['requested', 'damaged', 'Anse fêlée à la livraison.']]);
      expect(scrollWidths.every((width) => width <= 360), `page widths ${scrollWidths.join(', ')}`).toBe(true);
      expect(violations).toEqual([]);
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'at 360 px the member card shows its number, barcode and QR code, and its image downloads',
    async () => {
      const customer = await registerVerifiedCustomer(t, { firstName: 'Léa' });
      const cardNumber = await cardNumberOf(customer);
      const { context, page } = await openVisitor(browser, t, { viewport: { width: 360, height: 740 }, bypassCSP: true });
      await screenshotOnFailure(page, 'orders-journey-card', async () => {
        await signIn(page, customer, 'Léa');
        await page.getByRole('link', { name: 'Ma carte' }).click();
        await waitForPageHeading(page, 'Ma carte de fidélité');
        const shown = await page.locator('.member-card__number').textContent();
        expect(shown?.replace(/\D/g, '')).toBe(cardNumber);
        const barcode = page.getByRole('img', { name: /^Code-barres de la carte/ });
        const qr = page.getByRole('img', { name: /^QR code de la carte/ });
        await barcode.waitFor();
        // Both images decoded: the till needs a barcode that really renders.
        await page.waitForFunction(() => {
          type TImage = { complete: boolean; naturalWidth: number };
          const images = (globalThis as unknown as { document: { querySelectorAll(selector: string): ArrayLike<TImage> } }).document.querySelectorAll('img');
          return Array.from(images).length === 2 && Array.from(images).every((image) => image.complete && image.naturalWidth > 0);
        });
        expect(await qr.isVisible()).toBe(true);
        await page.getByText('la caisse le scanne', { exact: false }).waitFor();
        const image = await fetchInPage(page, (await page.getByRole('link', { name: 'Télécharger l’image' }).getAttribute('href'))!);
        expect(image.status).toBe(200);
        expect(image.type).toContain('image/png');
        expect(image.disposition).toContain('attachment');
        expect(await pageScrollWidth(page)).toBeLessThanOrEqual(360);
        expect(await findSeriousAccessibilityViolations(page)).toEqual([]);
      });
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'in English, outstanding invoices show their due dates, the overdue one highlighted, with “Pay now” links, and saved cards show only their last four digits',
    async () => {
      const customer = await registerVerifiedCustomer(t, { firstName: 'Sam' });
      const store = storeClient(t, await newApiKey(t, ['documents:write', 'payment_methods:write']));
      const invoices = [
        { number: 'F-EN-1', issuedAt: hoursAgo(24 * 40), dueAt: hoursAgo(24 * 10), total: 12000 },
        { number: 'F-EN-2', issuedAt: hoursAgo(24), dueAt: daysFromNow(20), total: 4550 },
      ];
      for (const item of invoices) {
        const response = await store.post('/api/integration/documents', {
          kind: 'invoice',
          customer: { customerId: customer.customerId },
          currency: 'EUR',
          lines: [{ name: 'Atelier céramique', quantity: 1, unitPrice: item.total, lineTotal: item.total }],
          payUrl: `https://shop.example/pay/${item.number}`,
          ...item,
        });
        expect(response.status, JSON.stringify(response.body)).toBe(201);
      }
      const card = await store.put(`/api/integration/customers/${customer.customerId}/payment-methods/pm_1`, {
        kind: 'card',
        brand: 'visa',
        last4: '4242',
        expiryMonth: 4,
        expiryYear: 2031,
        isDefault: true,
      });
      expect(card.status, JSON.stringify(card.body)).toBe(201);

      const { context, page } = await openVisitor(browser, t, { viewport: { width: 360, height: 740 }, bypassCSP: true });
      const violations: unknown[] = [];
      await screenshotOnFailure(page, 'orders-journey-en', async () => {
        await page.goto('/sign-in');
        await page.getByRole('button', { name: 'English' }).click();
        await page.getByLabel('Email address').fill(customer.email);
        await page.getByLabel('Password', { exact: true }).fill(customer.password);
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await page.getByRole('heading', { name: 'Hello Sam' }).waitFor();
        await page.getByRole('link', { name: 'Invoices to pay' }).click();
        await waitForPageHeading(page, 'Invoices to pay');
        const list = page.getByRole('list', { name: 'Outstanding invoices' });
        const overdue = list.getByRole('listitem').filter({ hasText: 'F-EN-1' });
        await overdue.getByText('Overdue', { exact: true }).waitFor();
        await overdue.getByText('€120.00').waitFor();
        expect(await overdue.getAttribute('class')).toContain('item--overdue');
        const pay = overdue.getByRole('link', { name: /^Pay now/ });
        expect(await pay.getAttribute('href')).toBe('https://shop.example/pay/F-EN-1');
        expect(await pay.getAttribute('rel')).toContain('noopener');
        expect((await list.getByRole('listitem').filter({ hasText: 'F-EN-2' }).getAttribute('class')) ?? '').not.toContain('item--overdue');
        await page.getByRole('region', { name: 'Total to pay' }).getByText('€165.50').waitFor();
        violations.push(...(await findSeriousAccessibilityViolations(page)));
        expect(await pageScrollWidth(page)).toBeLessThanOrEqual(360);

        await page.goto('/payment-methods');
        await waitForPageHeading(page, 'My payment methods');
        const saved = page.getByRole('list', { name: 'Saved payment methods' }).getByRole('listitem');
        await saved.getByText('Visa').waitFor();
        await saved.getByText('•••• 4242').waitFor();
        await saved.getByText('Expires end of 04/2031').waitFor();
        await saved.getByText('Default', { exact: true }).waitFor();
        violations.push(...(await findSeriousAccessibilityViolations(page)));
      });
      expect(violations).toEqual([]);
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'at 360 px a company administrator sees a colleague’s drafts with who placed them, approves one and refuses the other with a reason',
    async () => {
      const admin = await registerVerifiedCustomer(t, { firstName: 'Alice' });
      const buyer = await registerVerifiedCustomer(t, { firstName: 'Jean' });
      const { companyId, locationIds } = await insertCompany(t, { adminId: admin.customerId, name: 'Menuiserie Lefèvre', locations: 2 });
      const [headOffice] = locationIds;
      await insertMember(t, { companyId, customerId: buyer.customerId, role: 'member', locations: [{ locationId: headOffice!, role: 'buyer' }] });
      const store = storeClient(t, await newApiKey(t, ['orders:write']));
      const draftIds: string[] = [];
      for (const [index, number] of ['B-0001', 'B-0002'].entries()) {
        const response = await store.post('/api/integration/orders', {
          externalId: `b2b-${number}`,
          number,
          channel: 'online',
          placedAt: hoursAgo(index + 1),
          currency: 'EUR',
          customer: { customerId: buyer.customerId },
          companyId,
          locationId: headOffice,
          poNumber: `PO-${index + 1}`,
          status: 'pending_approval',
          lines: [{ sku: 'VIS-100', name: 'Vis à bois 4×40 (boîte de 100)', quantity: 10, unitPrice: 690 }],
          total: 6900,
        });
        expect(response.status, JSON.stringify(response.body)).toBe(201);
        draftIds.push((response.body as { id: string }).id);
      }

      const { context, page } = await openVisitor(browser, t, { viewport: { width: 360, height: 740 }, bypassCSP: true });
      const violations: unknown[] = [];
      const scrollWidths: number[] = [];
      await screenshotOnFailure(page, 'orders-journey-company', async () => {
        await signIn(page, admin, 'Alice');
        await page.goto(`/companies/${companyId}`);
        await waitForPageHeading(page, 'Menuiserie Lefèvre');
        await page.getByRole('link', { name: 'Commandes de l’entreprise' }).click();
        await waitForPageHeading(page, 'Commandes – Menuiserie Lefèvre');
        const list = page.getByRole('list', { name: 'Commandes et tickets' });
        const first = list.getByRole('listitem').filter({ hasText: 'B-0001' });
        const second = list.getByRole('listitem').filter({ hasText: 'B-0002' });
        await first.getByText('Passée par Jean Durand').waitFor();
        await first.getByText('En attente de validation').waitFor();
        await first.getByText('Bon de commande : PO-1').waitFor();
        scrollWidths.push(await pageScrollWidth(page));
        violations.push(...(await findSeriousAccessibilityViolations(page)));

        await first.getByRole('button', { name: 'Approuver' }).click();
        await page.getByText('Commande n° B-0001 : En cours.').waitFor();
        await second.getByRole('button', { name: 'Refuser' }).click();
        await second.getByRole('button', { name: 'Confirmer le refus' }).click();
        await second.getByText('Indiquez le motif du refus.').waitFor();
        await second.getByLabel('Motif du refus').fill('Budget du trimestre épuisé.');
        await second.getByRole('button', { name: 'Confirmer le refus' }).click();
        await page.getByText('Commande n° B-0002 : Refusée.').waitFor();
        expect(await list.getByRole('button', { name: 'Approuver' }).count()).toBe(0);
        scrollWidths.push(await pageScrollWidth(page));
        violations.push(...(await findSeriousAccessibilityViolations(page)));

        await page.getByText('Filtrer', { exact: true }).click();
        await page.getByLabel('Site').selectOption({ label: 'Site 2' });
        await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
        await page.getByText('Aucune commande ne correspond à ces filtres.').waitFor();
        await page.getByRole('button', { name: 'Effacer les filtres' }).click();
        await list.getByRole('link', { name: 'Commande n° B-0002' }).click();
        await waitForPageHeading(page, 'Commande n° B-0002');
        await page.getByText('Motif : Budget du trimestre épuisé.').waitFor();
        await page.getByText('Jean Durand').waitFor();
        expect(await page.getByRole('button', { name: 'Commander à nouveau' }).count()).toBe(0);
        scrollWidths.push(await pageScrollWidth(page));
        violations.push(...(await findSeriousAccessibilityViolations(page)));
      });
      const rows = await t.ctx.db.select().from(orders).where(eq(orders.companyId, companyId));
      const statusOf = (id: string) => rows.find((row) => row.id === id)?.status;
      expect(draftIds.map(statusOf)).toEqual(['open', 'refused']);
      expect(scrollWidths.every((width) => width <= 360), `page widths ${scrollWidths.join(', ')}`).toBe(true);
      expect(violations).toEqual([]);
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
