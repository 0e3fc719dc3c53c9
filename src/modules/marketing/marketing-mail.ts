import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import { hashToken, newSecretToken } from '../../platform/crypto/tokens.js';
import type { TBranding, TLocale, TRenderedEmail } from '../../platform/mail/mail-layout.js';
import type { TMarket } from '../markets/market-directory.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { findCustomerById } from '../customers/customers.service.js';
import { renderNewsletterWelcomeEmail, type TMarketingEmailTemplate, type TMarketingLinks } from './marketing.emails.js';
import * as repository from './marketing.repository.js';
import type { TEmailConsentPurpose } from './marketing.rules.js';

type TContext = Pick<TAppContext, 'config' | 'markets'>;

/** The links marketing emails carry (API.md paths): the one-click endpoint and the portal pages. */
export function marketingLinks(market: Pick<TMarket, 'publicUrl'>, token: string): TMarketingLinks & { oneClickUrl: string } {
  const base = market.publicUrl;
  const query = `token=${encodeURIComponent(token)}`;
  return {
    oneClickUrl: `${base}/api/unsubscribe?${query}`,
    unsubscribeUrl: `${base}/unsubscribe?${query}`,
    preferencesUrl: `${base}/preferences`,
  };
}

/** `branding`: the recipient's market's, which the email is drawn with. */
export type TMarketingRecipient = { locale: TLocale; firstName: string | null; branding: TBranding };

export type TMarketingEmail = {
  customerId: string;
  purpose: TEmailConsentPurpose;
  template: TMarketingEmailTemplate;
  /** Renders in the recipient's language; the result must show `links.unsubscribeUrl` (see renderMarketingEmail). */
  render: (recipient: TMarketingRecipient, links: TMarketingLinks) => TRenderedEmail;
};

/**
 * Puts a marketing email in the outbox, inside the caller's transaction, only if the person's
 * current consent for the purpose is granted, their address is proven and the account active.
 * Returns whether it did; the caller calls `ctx.notifyMail()` after commit.
 *
 * Every such email carries a one-click unsubscribe (RFC 8058): `List-Unsubscribe` with the
 * HTTPS URL of `POST /api/unsubscribe` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`,
 * and a visible link to the portal's unsubscribe page in its footer.
 *
 * Tokens: each email gets its own random token, of which only the SHA-256 digest is stored (one
 * unsubscribe_tokens row per email). The link of every email ever sent keeps working, any number
 * of times, with nothing readable in the database; the rows go with the account.
 */
export async function enqueueMarketingEmail(ctx: TContext, db: Database, email: TMarketingEmail): Promise<boolean> {
  const customer = await findCustomerById(db, email.customerId);
  if (!customer || customer.status !== 'active' || customer.emailVerifiedAt === null) return false;
  const latest = await repository.findLatestConsentRecord(db, { customerId: customer.id, purpose: email.purpose });
  if (!latest?.granted) return false;

  const token = newSecretToken();
  await repository.saveUnsubscribeTokenHash(db, { customerId: customer.id, purpose: email.purpose, tokenHash: hashToken(token) });
  const market = ctx.markets.get(customer.marketId);
  const links = marketingLinks(market, token);
  const rendered = email.render({ locale: customer.locale, firstName: customer.firstName, branding: market.branding }, links);
  // The visible link is a legal requirement (CAN-SPAM, LCEN art. L34-5): a template without it is a bug.
  const escapedUrl = links.unsubscribeUrl.replace(/&/g, '&amp;');
  if (!rendered.text.includes(links.unsubscribeUrl) || !rendered.html.includes(escapedUrl)) {
    throw new Error(`marketing email ${email.template} does not show its unsubscribe link`);
  }
  await enqueueEmail(db, {
    customerId: customer.id,
    to: customer.email,
    template: email.template,
    locale: customer.locale,
    rendered,
    headers: {
      'List-Unsubscribe': `<${links.oneClickUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  });
  return true;
}

/**
 * The "welcome to the newsletter" email, if the newsletter consent is currently granted.
 * Sent when someone subscribes on the preferences page, and meant to be called, in the same
 * transaction, when an address whose sign-up consent was granted is verified: before that, no
 * marketing email goes to an address nobody has proven.
 */
export function sendNewsletterWelcomeEmail(ctx: TContext, db: Database, options: { customerId: string }): Promise<boolean> {
  return enqueueMarketingEmail(ctx, db, {
    customerId: options.customerId,
    purpose: 'newsletter_email',
    template: 'newsletter_welcome',
    render: (recipient, links) =>
      renderNewsletterWelcomeEmail({ locale: recipient.locale, firstName: recipient.firstName, branding: recipient.branding, links }),
  });
}
