import { tokenFromLink } from './factories.js';
import { apiClient, STRONG_PASSWORD, uniqueEmail, type TTestApp } from './test-app.js';

export type TConsentState = { granted: boolean; since: string | null; source: string | null };
export type TPreferences = {
  newsletterEmail: TConsentState;
  promotionalEmail: TConsentState;
  sms: TConsentState;
  mobileOnFile: boolean;
  noticeVersion: string;
  history: { purpose: string; granted: boolean; source: string; recordedAt: string; noticeVersion: string }[];
};

/**
 * Registers through the API with the sign-up newsletter box ticked or not, and opens the
 * verification link, like registerVerifiedCustomer.
 */
export async function registerCustomerWithConsent(
  testApp: TTestApp,
  options: { marketingEmail: boolean; firstName?: string; locale?: 'fr' | 'en' },
) {
  const client = apiClient(testApp.app);
  const email = uniqueEmail();
  const since = testApp.mail.mark();
  const registered = await client.post('/api/auth/register', {
    email,
    password: STRONG_PASSWORD,
    firstName: options.firstName ?? 'Camille',
    lastName: 'Durand',
    marketingEmail: options.marketingEmail,
    ...(options.locale ? { locale: options.locale } : {}),
  });
  if (registered.status !== 202) throw new Error(`register answered ${registered.status}`);
  const message = await testApp.mail.waitForEmail({ to: email, subject: /confirm/i, after: since });
  const verified = await client.post('/api/auth/verify-email', { token: tokenFromLink(message.text, '/verify-email') });
  if (verified.status !== 200) throw new Error(`verify answered ${verified.status}`);
  const body = verified.body as { token: string; customer: { id: string } };
  return { email, password: STRONG_PASSWORD, token: body.token, customerId: body.customer.id, client };
}

/** The token of the `/unsubscribe?token=…` portal link in a marketing email's text. */
export function unsubscribeTokenFromEmail(text: string): string {
  const match = /\/unsubscribe\?token=([A-Za-z0-9_%-]+)/.exec(text);
  if (!match?.[1]) throw new Error('no /unsubscribe link in the email');
  return decodeURIComponent(match[1]);
}
