import { z } from 'zod';
import { ZAddress, ZAddressFields } from '../addresses/addresses.schemas.js';
import { ZEmail } from '../auth/auth.schemas.js';
import { accountTypes, approvalStatuses, consentPurposes, consentSources, customerGenders, customerLocales, customerOrigins, customerStatuses } from '../customers/customers.tables.js';
import { checkProfileChanges, latestDateOnEarth, PROFILE_TEXT_LIMITS, type TProfileDraft } from '../customers/profile.rules.js';
import { ZOrderSummary } from '../orders/orders.schemas.js';
import { BUSINESS_TEXT_LIMITS, businessFieldsOnIndividual, checkBusinessDetails, type TBusinessDraft } from './customer-admin.rules.js';

const text = (max: number) => z.string().max(max, { error: `At most ${max} characters.` });
const optionalText = (max: number) => text(max).nullish();

const profileShapes = {
  firstName: text(PROFILE_TEXT_LIMITS.firstName),
  lastName: text(PROFILE_TEXT_LIMITS.lastName),
  initials: optionalText(PROFILE_TEXT_LIMITS.initials).describe('e.g. "J.-P.".'),
  phone: optionalText(PROFILE_TEXT_LIMITS.phone).describe('National for the shop’s country (SHOP_COUNTRY), or international with +; stored in E.164.'),
  mobile: optionalText(PROFILE_TEXT_LIMITS.mobile).describe('Like phone, and it must be a mobile number (not_a_mobile_number).'),
  locale: z.enum(customerLocales).describe('Language of emails and pages.'),
  gender: z.enum(customerGenders).nullish().describe('null: not answered.'),
  birthDate: z.string().max(10).nullish().describe('YYYY-MM-DD, from 1900-01-01 up to today.'),
};

const businessShapes = {
  businessName: optionalText(BUSINESS_TEXT_LIMITS.businessName).describe('Business types only.'),
  businessIdentifier: optionalText(BUSINESS_TEXT_LIMITS.businessIdentifier).describe(
    'Identification number: a SIRET (14 digits), SIREN (9) or Belgian enterprise number (10) is checked and stored digits-only; another country’s number is kept as typed.',
  ),
  businessRegistrationNumber: optionalText(BUSINESS_TEXT_LIMITS.businessRegistrationNumber).describe('Chamber of commerce / trade register number, as written.'),
  businessVatNumber: optionalText(BUSINESS_TEXT_LIMITS.businessVatNumber).describe(
    'EU VAT number; digits alone take the shop country’s prefix. Checked like a company’s, stored upper case without separators.',
  ),
};

const consentShapes = {
  newsletterEmail: z.boolean().optional().describe('Newsletter by email; recorded with source staff.'),
  promotionalEmail: z.boolean().optional().describe('Promotional emails; recorded with source staff.'),
  sms: z.boolean().optional().describe('Text messages; needs a mobile number.'),
};

const addressShapes = {
  billingAddress: ZAddressFields.nullish().describe('The billing address (one per account).'),
  shippingAddress: ZAddressFields.nullish().describe('The default delivery address.'),
  shippingSameAsBilling: z.boolean().optional().describe('Deliver to the billing address: the default delivery address becomes a copy of it.'),
};

type TRefinementContext = z.RefinementCtx;
const always = { when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null };
const textOf = (value: unknown): string | null | undefined => (typeof value === 'string' || value === null ? value : undefined);
const isBlank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

/**
 * The profile, business and consent rules inside the schema, so that every bad field is listed
 * in one answer with the type and length errors; a field already reported is not judged twice.
 */
function checkRules(shopCountry: string, mode: 'create' | 'update') {
  return (value: Record<string, unknown>, context: TRefinementContext): void => {
    const reported = new Set(context.issues.map((issue) => issue.path?.join('.')));
    const add = (issue: { path: string; code: string; message: string }) => {
      if (reported.has(issue.path)) return;
      reported.add(issue.path);
      context.addIssue({ code: 'custom', path: issue.path.split('.'), message: issue.message, params: { code: issue.code } });
    };
    const profile = Object.fromEntries(
      (['firstName', 'lastName', 'initials', 'phone', 'mobile', 'birthDate'] as const)
        .filter((field) => textOf(value[field]) !== undefined)
        .map((field) => [field, textOf(value[field])]),
    ) as TProfileDraft;
    for (const issue of checkProfileChanges(profile, { shopCountry, today: latestDateOnEarth(new Date()) })) add(issue);
    const business = Object.fromEntries(Object.keys(businessShapes).map((field) => [field, textOf(value[field])])) as TBusinessDraft;
    for (const issue of checkBusinessDetails(business, { shopCountry })) add(issue);
    // On creation the type is known here; on a change it may be the stored one (checked by the service).
    if (mode === 'create' && (value.accountType ?? 'individual') === 'individual') for (const issue of businessFieldsOnIndividual(business)) add(issue);
    if (mode === 'create' && value.sms === true && isBlank(value.mobile)) {
      add({ path: 'sms', code: 'mobile_required', message: 'Text messages need a mobile number: give one, or leave this unticked.' });
    }
    if (value.shippingSameAsBilling === true) {
      if (value.shippingAddress !== undefined && value.shippingAddress !== null) {
        add({ path: 'shippingAddress', code: 'same_as_billing', message: 'Give a delivery address, or tick “same as billing”, not both.' });
      }
      if (mode === 'create' && (value.billingAddress === undefined || value.billingAddress === null)) {
        add({ path: 'shippingSameAsBilling', code: 'billing_address_required', message: 'Give the billing address to deliver to it.' });
      }
    }
  };
}

/** POST /api/staff/customers: built with the shop's country, which reads national phone numbers. */
export function createCustomerBodySchema(shopCountry: string) {
  return z
    .strictObject({
      email: ZEmail,
      ...profileShapes,
      locale: profileShapes.locale.default('fr'),
      accountType: z.enum(accountTypes).default('individual').describe('individual (personal) or a business type.'),
      ...businessShapes,
      ...consentShapes,
      ...addressShapes,
      sendPasswordLink: z.boolean().optional().describe('Email the customer a link to choose a password (valid one hour).'),
      marketId: z.string().min(1).max(64).optional().describe('The market the account belongs to (F1.8); default: the default market. One the staff member works in.'),
    })
    .superRefine(checkRules(shopCountry, 'create'), always)
    .describe('Every invalid field is listed at once. The account has no password and an unverified address until the person proves it.');
}
export type TCreateCustomerBody = z.output<ReturnType<typeof createCustomerBodySchema>>;

/** PATCH /api/staff/customers/:customerId: only the fields given change. */
export function updateCustomerBodySchema(shopCountry: string) {
  return z
    .strictObject({
      email: ZEmail.optional().describe('A new address is unverified until proven; the old one is told.'),
      firstName: profileShapes.firstName.nullish().describe('Cannot be cleared.'),
      lastName: profileShapes.lastName.nullish().describe('Cannot be cleared.'),
      initials: profileShapes.initials,
      phone: profileShapes.phone,
      mobile: profileShapes.mobile,
      locale: profileShapes.locale.optional(),
      gender: profileShapes.gender,
      birthDate: profileShapes.birthDate,
      accountType: z.enum(accountTypes).optional().describe('Back to individual clears the business details.'),
      ...businessShapes,
      ...consentShapes,
      ...addressShapes,
    })
    .superRefine(checkRules(shopCountry, 'update'), always)
    .describe('Only the fields given change; null or "" clears an optional one (a null address deletes it). Every invalid field is listed at once.');
}
export type TUpdateCustomerBody = z.output<ReturnType<typeof updateCustomerBodySchema>>;

export const ZCustomerIdParams = z.object({ customerId: z.string().min(1).max(64) });
export const ZNoteIdParams = z.object({ customerId: z.string().min(1).max(64), noteId: z.string().min(1).max(64) });

const ZConsentState = z.object({ granted: z.boolean(), since: z.date().nullable(), source: z.enum(consentSources).nullable() });

export const ZMarketRef = z.object({ id: z.string(), code: z.string(), name: z.string() });

export const ZCustomerDetail = z.object({
  id: z.string(),
  market: ZMarketRef.describe('The market the account belongs to (F1.8): it signs in there only.'),
  email: z.string(),
  emailVerified: z.boolean(),
  firstName: z.string(),
  initials: z.string().nullable(),
  lastName: z.string(),
  phone: z.string().nullable().describe('E.164.'),
  phoneNational: z.string().nullable(),
  mobile: z.string().nullable().describe('E.164.'),
  mobileNational: z.string().nullable(),
  locale: z.enum(customerLocales),
  gender: z.enum(customerGenders).nullable(),
  birthDate: z.string().nullable(),
  accountType: z.enum(accountTypes),
  businessName: z.string().nullable(),
  businessIdentifier: z.string().nullable(),
  businessRegistrationNumber: z.string().nullable(),
  businessVatNumber: z.string().nullable(),
  status: z.enum(customerStatuses),
  approvalStatus: z.enum(approvalStatuses),
  origin: z.enum(customerOrigins),
  hasPassword: z.boolean().describe('Whether a password is set (never the password).'),
  cardNumber: z.string().nullable().describe('The member card, issued once the address is proven.'),
  companies: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
  addresses: z.array(ZAddress),
  consents: z.object({ newsletterEmail: ZConsentState, promotionalEmail: ZConsentState, sms: ZConsentState }),
  counts: z.object({ orders: z.number().int(), notes: z.number().int() }),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TCustomerDetail = z.output<typeof ZCustomerDetail>;

export const ZNoteBody = z.strictObject({
  body: z
    .string()
    .trim()
    .min(1, { error: 'Write the note.' })
    .max(5000, { error: 'At most 5000 characters.' })
    .describe('1–5000 characters, trimmed. Never shown to the customer; in their data export.'),
});

export const ZNote = z.object({
  id: z.string(),
  body: z.string(),
  author: z.object({ id: z.string(), name: z.string() }).nullable().describe('null once the author’s staff account is gone.'),
  createdAt: z.date(),
});

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const ZNotePage = page(ZNote);

export const ZCustomerEmail = z.object({
  id: z.string(),
  template: z.string(),
  subject: z.string(),
  to: z.string(),
  status: z.enum(['pending', 'sending', 'sent', 'failed']),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
});
export const ZCustomerEmailPage = page(ZCustomerEmail);

export const ZConsentRecord = z.object({
  id: z.string(),
  purpose: z.enum(consentPurposes),
  granted: z.boolean(),
  source: z.enum(consentSources),
  noticeVersion: z.string(),
  recordedAt: z.date(),
});
export const ZConsentRecordPage = page(ZConsentRecord);

export const ZCustomerSession = z.object({
  id: z.string(),
  current: z.boolean().describe('Still live: not ended, not expired.'),
  device: z.string().nullable(),
  browser: z.string().nullable(),
  os: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  endedAt: z.date().nullable().describe('When it was ended (sign-out, revocation, disabling); null otherwise.'),
});
export const ZCustomerSessionPage = page(ZCustomerSession);

export const ZSecurityEvent = z.object({
  id: z.string(),
  type: z.string(),
  method: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  occurredAt: z.date(),
});
export const ZSecurityEventPage = page(ZSecurityEvent);

export const ZCustomerOrderPage = page(ZOrderSummary);

export const ZMoveCustomerBody = z.strictObject({ marketId: z.string().min(1).max(64) });
