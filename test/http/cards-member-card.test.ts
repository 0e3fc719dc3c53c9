import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidCardNumber } from '../../src/modules/cards/card-number.rules.js';
import { memberCards } from '../../src/modules/cards/cards.tables.js';
import { apiClient, createTestApp, type TTestApp, uniqueEmail } from '../support/test-app.js';
import { registerVerifiedCustomer } from '../support/factories.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { SHOP_NAME: 'La Belle Épicerie' } });
});
afterAll(async () => {
  await t.close();
});

type TCard = { number: string; formattedNumber: string; issuedAt: string; holderName: string; points: number; barcodeSvgUrl: string; qrSvgUrl: string; imagePngUrl: string };

async function myCard(customer: Awaited<ReturnType<typeof registerVerifiedCustomer>>): Promise<TCard> {
  const response = await customer.client.get('/api/me/card', { token: customer.token });
  expect(response.status).toBe(200);
  expect(response.headers['cache-control']).toBe('private, no-store');
  return response.body as TCard;
}

describe('GET /api/me/card', () => {
  it('GET /api/me/card: the verified customer’s card, issued when the address was proven, the same on every call', async () => {
    const customer = await registerVerifiedCustomer(t, { firstName: 'Hélène' });
    const [stored] = await t.ctx.db.select().from(memberCards).where(eq(memberCards.customerId, customer.customerId));
    const card = await myCard(customer);
    expect(card).toEqual({
      number: stored!.number,
      formattedNumber: stored!.number.replace(/^(\d{4})(\d{4})(\d{4})(\d)$/, '$1 $2 $3 $4'),
      issuedAt: stored!.issuedAt.toISOString(),
      holderName: 'Hélène Durand',
      points: 0,
      barcodeSvgUrl: '/api/me/card/barcode.svg',
      qrSvgUrl: '/api/me/card/qr.svg',
      imagePngUrl: '/api/me/card/card.png',
      // No wallet credentials in this shop: the page shows no wallet button.
      wallet: { apple: { available: false, reason: 'not_configured' }, google: { available: false, reason: 'not_configured' } },
    });
    expect(isValidCardNumber(card.number)).toBe(true);
    expect((await myCard(customer)).number).toBe(card.number);
  });

  it('GET /api/me/card: a verified customer without a card (verified before cards existed) gets one now', async () => {
    const customer = await registerVerifiedCustomer(t);
    await t.ctx.db.delete(memberCards).where(eq(memberCards.customerId, customer.customerId));
    const card = await myCard(customer);
    expect(isValidCardNumber(card.number)).toBe(true);
    expect((await myCard(customer)).number).toBe(card.number);
  });

  it('GET /api/me/card/barcode.svg and qr.svg: SVG images, never cached', async () => {
    const customer = await registerVerifiedCustomer(t);
    for (const url of ['/api/me/card/barcode.svg', '/api/me/card/qr.svg']) {
      const response = await customer.client.get(url, { token: customer.token });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
      expect(response.headers['cache-control']).toBe('private, no-store');
      expect(response.raw.body).toMatch(/^<svg[\s\S]*<path[\s\S]*<\/svg>\s*$/);
    }
  });

  it('GET /api/me/card/card.png: a PNG to download as carte-membre.png', async () => {
    const customer = await registerVerifiedCustomer(t);
    const response = await customer.client.get('/api/me/card/card.png', { token: customer.token });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['content-disposition']).toBe('attachment; filename="carte-membre.png"');
    expect(response.headers['cache-control']).toBe('private, no-store');
    expect(response.raw.rawPayload.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('signed out: 401 on every card route', async () => {
    const client = apiClient(t.app);
    for (const url of ['/api/me/card', '/api/me/card/barcode.svg', '/api/me/card/qr.svg', '/api/me/card/card.png']) {
      const response = await client.get(url);
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ code: 'unauthenticated' });
    }
  });
});

describe('the card number in the footer of every email', () => {
  it('POST /api/auth/password-reset: the email to a member shows their card number, in the HTML and the text', async () => {
    const customer = await registerVerifiedCustomer(t);
    const card = await myCard(customer);
    const since = t.mail.mark();
    expect((await apiClient(t.app).post('/api/auth/password-reset', { email: customer.email })).status).toBe(202);
    const email = await t.mail.waitForEmail({ to: customer.email, subject: /mot de passe/i, after: since });
    expect(email.text).toContain(`Carte membre n° ${card.formattedNumber}`);
    expect(email.html).toContain(`Carte membre n° ${card.formattedNumber}`);
    expect(email.text).not.toContain('comptoir:recipient');
  });

  it('in English for an English-speaking member', async () => {
    const customer = await registerVerifiedCustomer(t, { locale: 'en' });
    const card = await myCard(customer);
    const since = t.mail.mark();
    await apiClient(t.app).post('/api/auth/password-reset', { email: customer.email });
    const email = await t.mail.waitForEmail({ to: customer.email, subject: /password/i, after: since });
    expect(email.text).toContain(`Member card no. ${card.formattedNumber}`);
  });

  it('an email to an address with no card (a sign-up not yet confirmed, no account at all) has no card line', async () => {
    const client = apiClient(t.app);
    const newcomer = uniqueEmail('newcomer');
    const since = t.mail.mark();
    await client.post('/api/auth/register', { email: newcomer, password: 'violet tambour pelouse 1987 grenier', firstName: 'Zoé', lastName: 'Roux' });
    const stranger = uniqueEmail('stranger');
    await client.post('/api/auth/login-code', { email: stranger });
    for (const to of [newcomer, stranger]) {
      const email = await t.mail.waitForEmail({ to, after: since });
      for (const part of [email.text, email.html]) {
        expect(part).not.toMatch(/Carte membre|Member card/);
        expect(part).not.toContain('comptoir:recipient');
      }
    }
  });
});
