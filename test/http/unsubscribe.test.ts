import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentRecords, unsubscribeTokens } from '../../src/modules/customers/customers.tables.js';
import { enqueueMarketingEmail, sendNewsletterWelcomeEmail } from '../../src/modules/marketing/marketing-mail.js';
import { renderMarketingEmail } from '../../src/modules/marketing/marketing.emails.js';
import { hashToken } from '../../src/platform/crypto/tokens.js';
import { outboundEmails } from '../../src/platform/mail/mail.tables.js';
import type { TReceivedEmail } from '../support/smtp-sink.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { registerCustomerWithConsent, unsubscribeTokenFromEmail, type TPreferences } from '../support/marketing.js';
import { apiClient, createTestApp, TEST_PUBLIC_URL, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type TCustomer = Awaited<ReturnType<typeof registerVerifiedCustomer>>;

const WELCOME_SUBJECT = /newsletter/i;

async function subscribeToNewsletter(customer: TCustomer): Promise<TReceivedEmail> {
  const since = t.mail.mark();
  const response = await customer.client.patch('/api/me/preferences', { newsletterEmail: true }, { token: customer.token });
  expect(response.status).toBe(200);
  return t.mail.waitForEmail({ to: customer.email, subject: WELCOME_SUBJECT, after: since });
}

function headerLine(email: TReceivedEmail, name: string): string | undefined {
  return email.headerLines.find((header) => header.key === name.toLowerCase())?.line;
}

/** The List-Unsubscribe URL of an email, parsed from its raw header. */
function oneClickUrl(email: TReceivedEmail): URL {
  const match = /^List-Unsubscribe:\s*<([^>]+)>\s*$/i.exec(headerLine(email, 'List-Unsubscribe') ?? '');
  if (!match?.[1]) throw new Error('no List-Unsubscribe header');
  return new URL(match[1]);
}

/** What a mail provider sends on one click (RFC 8058 §3.2): a form POST, no cookie, no session. */
function oneClickPost(url: URL, ip = '203.0.113.7') {
  return t.app.inject({
    method: 'POST',
    url: `${url.pathname}${url.search}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
    payload: 'List-Unsubscribe=One-Click',
  });
}

const recordsOf = (customerId: string, purpose: 'newsletter_email' | 'promotional_email' = 'newsletter_email') =>
  t.ctx.db
    .select()
    .from(consentRecords)
    .where(and(eq(consentRecords.customerId, customerId), eq(consentRecords.purpose, purpose)))
    .orderBy(consentRecords.recordedAt, consentRecords.id);

async function preferencesOf(customer: TCustomer): Promise<TPreferences> {
  return (await customer.client.get('/api/me/preferences', { token: customer.token })).body as TPreferences;
}

describe('marketing email headers', () => {
  it('subscribing on the preferences page sends the welcome email, with RFC 8058 List-Unsubscribe headers and a visible unsubscribe link', async () => {
    const customer = await registerVerifiedCustomer(t, { firstName: 'Inès' });
    const email = await subscribeToNewsletter(customer);
    expect(email.subject).toMatch(/^Bienvenue dans la newsletter – /);
    expect(email.text).toContain('Bonjour Inès,');

    const url = oneClickUrl(email);
    expect(`${url.origin}${url.pathname}`).toBe(`${TEST_PUBLIC_URL}/api/unsubscribe`);
    const token = url.searchParams.get('token')!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(headerLine(email, 'List-Unsubscribe-Post')).toMatch(/^List-Unsubscribe-Post:\s*List-Unsubscribe=One-Click$/i);
    // mailparser's own reading of them, as a mail client would see them.
    expect(email.headers.get('list')).toMatchObject({ unsubscribe: { url: url.toString() } });

    // The footer shows the portal page for the same token, in the text and in the HTML.
    expect(unsubscribeTokenFromEmail(email.text)).toBe(token);
    expect(email.html).toContain(`href="${TEST_PUBLIC_URL}/unsubscribe?token=${token}"`);
    expect(email.html).toContain('Me désabonner de la newsletter');

    // Only the digest is stored.
    const [row] = await t.ctx.db.select().from(unsubscribeTokens).where(eq(unsubscribeTokens.customerId, customer.customerId));
    expect(row).toMatchObject({ purpose: 'newsletter_email', tokenHash: hashToken(token) });
  });

  it('the welcome email is in the customer’s language', async () => {
    const customer = await registerVerifiedCustomer(t, { locale: 'en', firstName: 'Sam' });
    const email = await subscribeToNewsletter(customer);
    expect(email.subject).toMatch(/^Welcome to the newsletter – /);
    expect(email.text).toContain('Hello Sam,');
    expect(email.text).toContain('Unsubscribe from the newsletter');
  });

  it('verifying a sign-up whose newsletter box was ticked sends the welcome email; without the box, none', async () => {
    const since = t.mail.mark();
    const subscribed = await registerCustomerWithConsent(t, { marketingEmail: true });
    const notSubscribed = await registerCustomerWithConsent(t, { marketingEmail: false });
    const email = await t.mail.waitForEmail({ to: subscribed.email, subject: WELCOME_SUBJECT, after: since });
    expect(headerLine(email, 'List-Unsubscribe-Post')).toBeDefined();
    const queued = await t.ctx.db.select().from(outboundEmails).where(eq(outboundEmails.customerId, notSubscribed.customerId));
    expect(queued.map((row) => row.template)).toEqual(['verify_email']);
    // Called again by hand: still only for a granted purpose.
    const sent = await t.ctx.db.transaction(async (tx) => ({
      subscribed: await sendNewsletterWelcomeEmail(t.ctx, tx, { customerId: subscribed.customerId }),
      notSubscribed: await sendNewsletterWelcomeEmail(t.ctx, tx, { customerId: notSubscribed.customerId }),
    }));
    expect(sent).toEqual({ subscribed: true, notSubscribed: false });
  });
});

describe('POST /api/unsubscribe', () => {
  it('POST /api/unsubscribe: the RFC 8058 one-click POST, without any cookie, records a withdrawal from unsubscribe_link; a repeat is harmless', async () => {
    const customer = await registerVerifiedCustomer(t);
    const url = oneClickUrl(await subscribeToNewsletter(customer));

    const first = await oneClickPost(url, '198.51.100.23');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ purpose: 'newsletter_email', subscribed: false, alreadyWithdrawn: false });
    const records = await recordsOf(customer.customerId);
    expect(records.at(-1)).toMatchObject({ granted: false, source: 'unsubscribe_link', ip: '198.51.100.23' });
    expect((await preferencesOf(customer)).newsletterEmail).toMatchObject({ granted: false, source: 'unsubscribe_link' });

    const repeat = await oneClickPost(url);
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json()).toEqual({ purpose: 'newsletter_email', subscribed: false, alreadyWithdrawn: true });
    expect(await recordsOf(customer.customerId)).toHaveLength(records.length);
  });

  it('POST /api/unsubscribe: the portal page’s JSON or empty POST works too', async () => {
    const customer = await registerVerifiedCustomer(t);
    const token = unsubscribeTokenFromEmail((await subscribeToNewsletter(customer)).text);
    const visitor = apiClient(t.app);
    const json = await visitor.post(`/api/unsubscribe?token=${encodeURIComponent(token)}`, {});
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ alreadyWithdrawn: false });
    // Subscribing again sends a new email with a new token: the newest link works, with no body at all.
    const newToken = unsubscribeTokenFromEmail((await subscribeToNewsletter(customer)).text);
    expect(newToken).not.toBe(token);
    const empty = await visitor.post(`/api/unsubscribe?token=${encodeURIComponent(newToken)}`);
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ alreadyWithdrawn: false });
    // The older email's link still works: people unsubscribe from old emails too. Already withdrawn, nothing is added.
    expect((await visitor.post(`/api/unsubscribe?token=${encodeURIComponent(token)}`)).body).toMatchObject({ alreadyWithdrawn: true });
    expect((await recordsOf(customer.customerId)).map((row) => `${row.granted}:${row.source}`)).toEqual([
      'true:account_page',
      'false:unsubscribe_link',
      'true:account_page',
      'false:unsubscribe_link',
    ]);
  });

  it('GET /api/unsubscribe: tells the page the purpose, the shop and a masked address, and unsubscribes nobody', async () => {
    const customer = await registerVerifiedCustomer(t);
    const token = unsubscribeTokenFromEmail((await subscribeToNewsletter(customer)).text);
    const before = await recordsOf(customer.customerId);
    const visitor = apiClient(t.app);
    for (let i = 0; i < 3; i += 1) {
      const response = await visitor.get(`/api/unsubscribe?token=${encodeURIComponent(token)}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        purpose: 'newsletter_email',
        shopName: t.config.branding.shopName,
        email: `${customer.email[0]}•••@example.fr`,
        subscribed: true,
      });
    }
    expect(await recordsOf(customer.customerId)).toEqual(before);
    expect((await preferencesOf(customer)).newsletterEmail.granted).toBe(true);
  });

  it('POST and GET /api/unsubscribe: an unknown token is 400 invalid_token; repeated failures from one IP are 429 with Retry-After', async () => {
    const visitor = apiClient(t.app);
    const bad = await visitor.post('/api/unsubscribe?token=not-a-real-token', {});
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'invalid_token' });
    expect((await visitor.get('/api/unsubscribe?token=not-a-real-token')).body).toMatchObject({ code: 'invalid_token' });
    const missing = await visitor.post('/api/unsubscribe', {});
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'query.token' }] });

    let last = bad;
    for (let i = 0; i < 30 && last.status !== 429; i += 1) last = await visitor.post(`/api/unsubscribe?token=guess-${i}`, {});
    expect(last.status).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    // Another IP is not slowed down.
    expect((await apiClient(t.app).get('/api/unsubscribe?token=guess')).status).toBe(400);
  });

  it('POST /api/unsubscribe: the form body is accepted on this route only; the rest of the API still refuses forms (415)', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=a%40b.fr&password=x',
    });
    expect(response.statusCode).toBe(415);
  });
});

describe('enqueueMarketingEmail', () => {
  const promotion = (customerId: string) => ({
    customerId,
    purpose: 'promotional_email' as const,
    template: 'newsletter_welcome' as const,
    render: (recipient: { locale: 'fr' | 'en'; firstName: string | null }, links: { unsubscribeUrl: string; preferencesUrl: string }) =>
      renderMarketingEmail({
        locale: recipient.locale,
        branding: t.ctx.markets.defaultMarket().branding,
        purpose: 'promotional_email',
        links,
        firstName: recipient.firstName,
        subject: 'Soldes',
        preheader: 'Soldes',
        title: 'Soldes',
        paragraphs: ['Tout à -20 %.'],
      }),
  });

  it('enqueueMarketingEmail: enqueues nothing without consent, nor after a withdrawal, and sends once granted', async () => {
    const customer = await registerVerifiedCustomer(t);
    const outbox = () => t.ctx.db.select().from(outboundEmails).where(eq(outboundEmails.customerId, customer.customerId));
    const before = (await outbox()).length;
    expect(await enqueueMarketingEmail(t.ctx, t.ctx.db, promotion(customer.customerId))).toBe(false);
    expect(await t.ctx.db.select().from(unsubscribeTokens).where(eq(unsubscribeTokens.customerId, customer.customerId))).toEqual([]);

    await customer.client.patch('/api/me/preferences', { promotionalEmail: true }, { token: customer.token });
    await customer.client.patch('/api/me/preferences', { promotionalEmail: false }, { token: customer.token });
    expect(await enqueueMarketingEmail(t.ctx, t.ctx.db, promotion(customer.customerId))).toBe(false);
    expect(await outbox()).toHaveLength(before);

    await customer.client.patch('/api/me/preferences', { promotionalEmail: true }, { token: customer.token });
    const since = t.mail.mark();
    expect(await enqueueMarketingEmail(t.ctx, t.ctx.db, promotion(customer.customerId))).toBe(true);
    t.ctx.notifyMail();
    const email = await t.mail.waitForEmail({ to: customer.email, subject: /Soldes/, after: since });
    expect(email.text).toContain('Ne plus recevoir les offres par e-mail');

    // The promotional link withdraws the promotional consent only.
    expect((await oneClickPost(oneClickUrl(email))).json()).toMatchObject({ purpose: 'promotional_email', alreadyWithdrawn: false });
    const preferences = await preferencesOf(customer);
    expect(preferences.promotionalEmail).toMatchObject({ granted: false, source: 'unsubscribe_link' });
    expect(await recordsOf(customer.customerId, 'newsletter_email')).toEqual([]);
  });

  it('enqueueMarketingEmail: a template that does not show the unsubscribe link is refused', async () => {
    const customer = await registerVerifiedCustomer(t);
    await customer.client.patch('/api/me/preferences', { promotionalEmail: true }, { token: customer.token });
    const broken = { ...promotion(customer.customerId), render: () => ({ subject: 'x', html: '<p>x</p>', text: 'x' }) };
    await expect(t.ctx.db.transaction((tx) => enqueueMarketingEmail(t.ctx, tx, broken))).rejects.toThrow(/unsubscribe link/);
  });
});
