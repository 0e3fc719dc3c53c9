import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { recordSecurityEvent } from '../auth/security-events.repository.js';
import { findCustomerById, PRIVACY_NOTICE_VERSION } from '../customers/customers.service.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import { marketingErrors } from './marketing.errors.js';
import { sendNewsletterWelcomeEmail } from './marketing-mail.js';
import * as repository from './marketing.repository.js';
import { consentChanges, deriveConsentStates, type TConsentPurpose } from './marketing.rules.js';
import type { TPreferences, TUpdatePreferencesBody } from './marketing.schemas.js';

type TContext = Pick<TAppContext, 'db' | 'config' | 'markets' | 'notifyMail'>;

async function preferencesOf(db: Database, customer: { id: string; mobile: string | null }): Promise<TPreferences> {
  const history = await repository.listConsentRecords(db, customer.id);
  const states = deriveConsentStates(history);
  return {
    newsletterEmail: states.newsletter_email,
    promotionalEmail: states.promotional_email,
    sms: states.sms,
    mobileOnFile: customer.mobile !== null,
    noticeVersion: PRIVACY_NOTICE_VERSION,
    history: history.map(({ purpose, granted, source, recordedAt, noticeVersion }) => ({ purpose, granted, source, recordedAt, noticeVersion })),
  };
}

/** The signed-in customer's row (from the session look-up) already says whether a mobile is on file. */
export async function getPreferences(ctx: TContext, options: { customer: { id: string; mobile: string | null } }): Promise<TPreferences> {
  return preferencesOf(ctx.db, options.customer);
}

/**
 * Records what the person changed on the preferences page, all in one transaction: one record
 * per purpose whose state actually changes, with the request's IP and the notice shown now.
 * Subscribing to the newsletter sends its welcome email.
 */
export async function updatePreferences(
  ctx: TContext,
  options: { customerId: string; body: TUpdatePreferencesBody; meta: TRequestMeta },
): Promise<TPreferences> {
  const wanted: Partial<Record<TConsentPurpose, boolean | undefined>> = {
    newsletter_email: options.body.newsletterEmail,
    promotional_email: options.body.promotionalEmail,
    sms: options.body.sms,
  };
  const { preferences, mailed } = await ctx.db.transaction(async (tx) => {
    await repository.lockConsentOfCustomer(tx, options.customerId);
    // Read under the lock: the mobile number may have just been removed on the profile page.
    const customer = await findCustomerById(tx, options.customerId);
    if (!customer) throw commonErrors.unauthenticated();
    const changes = consentChanges(deriveConsentStates(await repository.listConsentRecords(tx, customer.id)), wanted);
    if (changes.some((change) => change.purpose === 'sms' && change.granted) && !customer.mobile) throw marketingErrors.mobileRequired();
    for (const change of changes) {
      await repository.appendConsentRecord(tx, {
        customerId: customer.id,
        ...change,
        source: 'account_page',
        ip: options.meta.ip,
        noticeVersion: PRIVACY_NOTICE_VERSION,
      });
    }
    let mailed = false;
    if (changes.length > 0) {
      await recordSecurityEvent(tx, { type: 'marketing_preferences_changed', customerId: customer.id, method: 'account_page', meta: options.meta });
      if (changes.some((change) => change.purpose === 'newsletter_email' && change.granted)) {
        mailed = await sendNewsletterWelcomeEmail(ctx, tx, { customerId: customer.id });
      }
    }
    return { preferences: await preferencesOf(tx, customer), mailed };
  });
  if (mailed) ctx.notifyMail();
  return preferences;
}
