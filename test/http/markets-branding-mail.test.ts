import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { documents } from '../../src/modules/documents/documents.tables.js';
import { marketAssets } from '../../src/modules/markets/markets.tables.js';
import { newId } from '../../src/platform/ids.js';
import { pdfText, uniqueNumber } from '../support/documents.js';
import { createTestMarket } from '../support/markets.js';
import type { TReceivedEmail } from '../support/smtp-sink.js';
import { apiClient, createTestApp, STRONG_PASSWORD, uniqueEmail, type TTestApp } from '../support/test-app.js';

// F7.5 end to end: what a customer of each market receives (through SMTP) and downloads.

vi.setConfig({ testTimeout: 90_000, hookTimeout: 180_000 });

let t: TTestApp;
let marketB: Awaited<ReturnType<typeof createTestMarket>>;
beforeAll(async () => {
  t = await createTestApp({ env: { SHOP_NAME: 'Comptoir France', MAIL_FROM: 'Comptoir <envoi@comptoir.example>' } });
  marketB = await createTestMarket(t, {
    code: 'mail-be',
    branding: {
      shopName: 'Comptoir Belgique',
      primaryColor: '#0b5d3b',
      senderName: 'Service Comptoir BE',
      replyTo: 'service@comptoir.be',
      legal: {
        companyName: 'Comptoir Benelux',
        legalForm: 'SRL',
        shareCapital: '18 600 €',
        address: '12 rue de la Loi, 1000 Bruxelles',
        siren: '552100554',
        rcs: 'RCS Paris 552 100 554',
        vatNumber: 'BE0403170701',
      },
      links: { termsUrl: 'https://www.comptoir.be/cgv', privacyUrl: 'https://www.comptoir.be/vie-privee' },
    },
  });
  // An uploaded logo for B: its URL must be in B's emails.
  await t.ctx.db.insert(marketAssets).values({ marketId: marketB.id, kind: 'logo', contentType: 'image/png', data: Buffer.from('89504e470d0a1a0a', 'hex'), byteSize: 8, sha256: 'ab'.repeat(32) });
  await t.ctx.markets.reload();
});
afterAll(async () => {
  await t.close();
});

async function customerIn(marketId: string): Promise<{ id: string; email: string }> {
  const id = newId('cus');
  const email = uniqueEmail('client');
  await t.ctx.db.insert(customers).values({
    id,
    marketId,
    email,
    emailNormalized: email,
    emailVerifiedAt: new Date(),
    passwordHash: await t.ctx.passwordHasher.hash(STRONG_PASSWORD),
    firstName: 'Claire',
    lastName: 'Fontaine',
    accountType: 'individual',
  });
  return { id, email };
}

const header = (message: TReceivedEmail, name: string) => message.headerLines.find((line) => line.key === name)?.line ?? '';

describe('emails of two markets', () => {
  it('each customer’s email carries their market’s shop name, logo, legal mentions, links, sender and Reply-To', async () => {
    const [inA, inB] = [await customerIn('mkt_default'), await customerIn(marketB.id)];
    const since = t.mail.mark();
    expect((await apiClient(t.app).post('/api/auth/login-code', { email: inA.email })).status).toBe(202);
    expect((await apiClient(t.app).post('/api/auth/login-code', { email: inB.email }, { headers: marketB.hostHeader })).status).toBe(202);
    const [toA, toB] = [await t.mail.waitForEmail({ to: inA.email, after: since }), await t.mail.waitForEmail({ to: inB.email, after: since })];

    expect(toB.subject).toContain('Comptoir Belgique');
    expect(header(toB, 'from')).toBe('From: Service Comptoir BE <envoi@comptoir.example>');
    expect(header(toB, 'reply-to')).toBe('Reply-To: service@comptoir.be');
    expect(toB.html).toContain(`http://${marketB.hostHeader.host}/branding/${marketB.id}/logo?v=${'ab'.repeat(8)}`);
    expect(toB.html).toContain('#0b5d3b');
    expect(toB.html).toContain('https://www.comptoir.be/cgv');
    expect(toB.text).toContain('Comptoir Benelux, SRL au capital de 18 600 €');
    expect(toB.text).toContain('SIREN 552 100 554 · RCS Paris 552 100 554 · TVA intracommunautaire BE0403170701');
    expect(toB.text).not.toContain('Comptoir France');

    expect(toA.subject).toContain('Comptoir France');
    expect(header(toA, 'from')).toBe('From: Comptoir <envoi@comptoir.example>');
    expect(header(toA, 'reply-to')).toBe('');
    expect(toA.text).not.toContain('Comptoir Belgique');
    expect(toA.text).not.toContain('SIREN');
  });

  it('an address without an account hears from the market of the host it asked on', async () => {
    const stranger = uniqueEmail('inconnu');
    const since = t.mail.mark();
    expect((await apiClient(t.app).post('/api/auth/login-code', { email: stranger }, { headers: marketB.hostHeader })).status).toBe(202);
    const message = await t.mail.waitForEmail({ to: stranger, after: since });
    expect(message.subject).toContain('Comptoir Belgique');
    expect(header(message, 'from')).toBe('From: Service Comptoir BE <envoi@comptoir.example>');
    expect(message.text).toContain(`http://${marketB.hostHeader.host}/sign-up`);
    expect(message.text).toContain('Comptoir Benelux');
  });
});

describe('PDF of a market’s document', () => {
  it('is drawn with the document’s market: its shop name and every legal mention in the footer', async () => {
    const customer = await customerIn(marketB.id);
    const login = await apiClient(t.app).post('/api/auth/login', { email: customer.email, password: STRONG_PASSWORD }, { headers: marketB.hostHeader });
    expect(login.status).toBe(200);
    const token = (login.body as { token: string }).token;
    const id = newId('doc');
    await t.ctx.db.insert(documents).values({
      id,
      marketId: marketB.id,
      kind: 'invoice',
      number: uniqueNumber(),
      customerId: customer.id,
      issuedAt: new Date('2026-03-15T10:00:00Z'),
      currency: 'EUR',
      subtotal: 10000,
      taxTotal: 2100,
      total: 12100,
      lines: [{ sku: 'CAF-1', name: 'Café en grains', quantity: 4, unitPrice: 2500, taxRateBasisPoints: 2100, lineTotal: 10000 }],
      taxes: [{ label: 'TVA', rateBasisPoints: 2100, amount: 2100 }],
    });
    const response = await t.app.inject({ method: 'GET', url: `/api/me/documents/${id}/pdf`, headers: { authorization: `Bearer ${token}`, ...marketB.hostHeader } });
    expect(response.statusCode).toBe(200);
    const text = pdfText(response.rawPayload);
    expect(text).toContain('Comptoir Belgique');
    expect(text).toContain('Comptoir Benelux, SRL au capital de 18 600 €');
    expect(text).toContain('12 rue de la Loi, 1000 Bruxelles');
    expect(text).toContain('SIREN 552 100 554 · RCS Paris 552 100 554 · TVA intracommunautaire BE0403170701');
    expect(text).not.toContain('Comptoir France');
  });
});
