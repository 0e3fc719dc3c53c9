import type { TTestApp } from './test-app.js';
import { apiClient, STRONG_PASSWORD, uniqueEmail } from './test-app.js';

/** The token of a link in an email's text, e.g. `/verify-email?token=…`. */
export function tokenFromLink(text: string, path: '/verify-email' | '/reset-password'): string {
  const match = new RegExp(`${path}\\?token=([A-Za-z0-9_%-]+)`).exec(text);
  if (!match?.[1]) throw new Error(`no ${path} link in the email`);
  return decodeURIComponent(match[1]);
}

/** The six-digit code standing alone on its line. */
export function codeFromEmail(text: string): string {
  const match = /^\s*(\d{6})\s*$/m.exec(text);
  if (!match?.[1]) throw new Error('no six-digit code in the email');
  return match[1];
}

/** Registers through the API and opens the verification link from the received email. */
export async function registerVerifiedCustomer(
  testApp: TTestApp,
  options: { email?: string; password?: string; firstName?: string; locale?: 'fr' | 'en'; host?: string } = {},
) {
  const client = apiClient(testApp.app);
  // Another market is reached by its host (F1.8).
  const headers = options.host ? { host: options.host } : undefined;
  const email = options.email ?? uniqueEmail();
  const password = options.password ?? STRONG_PASSWORD;
  const since = testApp.mail.mark();
  const registered = await client.post('/api/auth/register', {
    email,
    password,
    firstName: options.firstName ?? 'Camille',
    lastName: 'Durand',
    ...(options.locale ? { locale: options.locale } : {}),
  }, headers ? { headers } : {});
  if (registered.status !== 202) throw new Error(`register answered ${registered.status}: ${JSON.stringify(registered.body)}`);
  const message = await testApp.mail.waitForEmail({ to: email, subject: /confirm/i, after: since });
  const verified = await client.post('/api/auth/verify-email', { token: tokenFromLink(message.text, '/verify-email') }, headers ? { headers } : {});
  if (verified.status !== 200) throw new Error(`verify answered ${verified.status}`);
  const body = verified.body as { token: string; csrfToken: string; customer: { id: string } };
  return { email, password, token: body.token, csrfToken: body.csrfToken, customerId: body.customer.id, client };
}
