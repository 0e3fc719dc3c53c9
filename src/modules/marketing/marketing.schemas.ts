import { z } from 'zod';
import { consentPurposes, consentSources } from '../customers/customers.tables.js';

const ZConsentState = z.object({
  granted: z.boolean().describe('Derived from the latest record of the purpose; false when there is none.'),
  since: z.date().nullable().describe('When the latest record was written; null when there is none.'),
  source: z.enum(consentSources).nullable().describe('Where the latest record came from; null when there is none.'),
});

export const ZConsentRecord = z.object({
  purpose: z.enum(consentPurposes),
  granted: z.boolean(),
  source: z.enum(consentSources),
  recordedAt: z.date(),
  noticeVersion: z.string().describe('The version of the privacy notice the person was shown.'),
});

export const ZPreferences = z.object({
  newsletterEmail: ZConsentState,
  promotionalEmail: ZConsentState,
  sms: ZConsentState,
  mobileOnFile: z.boolean().describe('Whether the profile has a mobile number; text messages need one.'),
  noticeVersion: z.string().describe('The version of the privacy notice a consent given now refers to.'),
  history: z.array(ZConsentRecord).describe('Every consent record, newest first. Records are never changed, only added.'),
});
export type TPreferences = z.output<typeof ZPreferences>;

export const ZUpdatePreferencesBody = z
  .object({
    newsletterEmail: z.boolean().optional().describe('The newsletter by email.'),
    promotionalEmail: z.boolean().optional().describe('Offers and promotions by email.'),
    sms: z.boolean().optional().describe('Offers by text message; granting needs a mobile number on the profile (400 mobile_required).'),
  })
  .describe('Only the purposes given are considered, and only those whose state changes are recorded.');
export type TUpdatePreferencesBody = z.output<typeof ZUpdatePreferencesBody>;

export const ZUnsubscribeQuery = z.object({
  token: z.string().min(1).max(256).describe('From the link in the email.'),
});

/**
 * Mail providers send the RFC 8058 form body `List-Unsubscribe=One-Click`; the portal page sends
 * JSON or nothing. The body carries no information the token does not, so any of these will do.
 */
export const ZUnsubscribeBody = z
  .object({ 'List-Unsubscribe': z.string().max(64).optional() })
  .nullish()
  .describe('`List-Unsubscribe=One-Click` (application/x-www-form-urlencoded, RFC 8058), `{}` or no body.');

export const ZUnsubscribeLink = z.object({
  purpose: z.enum(consentPurposes),
  shopName: z.string(),
  email: z.string().describe('The address the link was sent to, masked: c•••@example.fr.'),
  subscribed: z.boolean().describe('Whether the consent is currently granted.'),
});

export const ZUnsubscribeResult = z.object({
  purpose: z.enum(consentPurposes),
  subscribed: z.literal(false),
  alreadyWithdrawn: z.boolean().describe('True when the consent was already withdrawn: nothing was recorded.'),
});
