import type { TMarket } from '../markets/market-directory.js';
import type { Database } from '../../db/client.js';
import type { TRenderedEmail } from '../../platform/mail/mail-layout.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import type { TAuthEmailTemplate } from './auth.emails.js';

/** The links emails carry, on the market's own address (F1.8); API.md fixes their paths. */
export function authLinks(market: Pick<TMarket, 'publicUrl'>) {
  const base = market.publicUrl;
  return {
    verifyEmail: (token: string) => `${base}/verify-email?token=${encodeURIComponent(token)}`,
    resetPassword: (token: string) => `${base}/reset-password?token=${encodeURIComponent(token)}`,
    signIn: `${base}/sign-in`,
    signUp: `${base}/sign-up`,
    forgotPassword: `${base}/forgot-password`,
  };
}

/** Puts an auth email in the outbox inside the caller's transaction. */
export async function enqueueAuthEmail(
  db: Database,
  email: { customerId: string | null; to: string; locale: 'fr' | 'en'; template: TAuthEmailTemplate; rendered: TRenderedEmail },
): Promise<void> {
  await enqueueEmail(db, {
    customerId: email.customerId,
    to: email.to,
    template: email.template,
    locale: email.locale,
    rendered: email.rendered,
  });
}
