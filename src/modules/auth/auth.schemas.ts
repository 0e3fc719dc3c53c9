import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, checkPasswordStrength } from '../../platform/crypto/password-strength.js';
import { accountTypes, approvalStatuses, customerGenders, customerLocales } from '../customers/customers.tables.js';
import { checkRegistrationCompany, ZRegistrationCompany } from '../companies/companies.schemas.js';

export const ZEmail = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ error: 'Enter a valid email address.' }))
  .describe('Compared trimmed and case-insensitively.');

/** Length and guessability are checked here so that every bad field is listed in one answer. */
export const ZNewPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { error: `At least ${PASSWORD_MIN_LENGTH} characters.` })
  .max(PASSWORD_MAX_LENGTH, { error: `At most ${PASSWORD_MAX_LENGTH} characters.` })
  .superRefine((password, context) => {
    if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) return;
    const strength = checkPasswordStrength(password, { locale: 'en' });
    if (!strength.ok) {
      context.addIssue({ code: 'custom', message: strength.reason, params: { code: 'password_too_weak' } });
    }
  })
  .describe(`${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters, no composition rules; common or easily guessed passwords are refused.`);

const ZName = z.string().trim().min(1, { error: 'Required.' }).max(100);

export const ZRegisterBody = z.object({
  email: ZEmail,
  password: ZNewPassword.optional().describe('Optional: without one, the customer signs in with emailed codes.'),
  firstName: ZName,
  lastName: ZName,
  accountType: z.enum(accountTypes).default('individual'),
  locale: z.enum(customerLocales).optional().describe('Language of emails and pages; default from Accept-Language, else fr.'),
  marketingEmail: z.boolean().default(false).describe('Consent to the newsletter by email.'),
  company: ZRegistrationCompany.optional(),
}).superRefine(checkRegistrationCompany, { when: (payload) => typeof payload.value === 'object' && payload.value !== null });
export type TRegisterBody = z.infer<typeof ZRegisterBody>;

export const ZTokenBody = z.object({ token: z.string().min(16).max(200) });
export const ZLoginBody = z.object({ email: ZEmail, password: z.string().min(1).max(PASSWORD_MAX_LENGTH) });
export const ZEmailBody = z.object({ email: ZEmail });
export const ZLoginCodeVerifyBody = z.object({
  email: ZEmail,
  code: z.string().trim().regex(/^\d{6}$/, { error: 'Six digits.' }),
});
export const ZPasswordResetConfirmBody = z.object({ token: z.string().min(16).max(200), password: ZNewPassword });

export const ZCustomer = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  emailVerified: z.boolean(),
  accountType: z.enum(accountTypes),
  locale: z.enum(customerLocales),
  initials: z.string().nullable(),
  phone: z.string().nullable().describe('E.164, e.g. +33123456789.'),
  phoneNational: z.string().nullable().describe('For display: national form for the shop’s country (SHOP_COUNTRY), international otherwise.'),
  mobile: z.string().nullable().describe('E.164; always a mobile number.'),
  mobileNational: z.string().nullable().describe('For display, like phoneNational.'),
  gender: z.enum(customerGenders).nullable().describe('null: never answered; prefer_not_to_say is an answer.'),
  birthDate: z.string().nullable().describe('YYYY-MM-DD.'),
  approvalStatus: z
    .enum(approvalStatuses)
    .describe('F1.7: `pending` while the shop has not approved the account yet (it may sign in, not order); `refused` when it declined.'),
  createdAt: z.date(),
});

export const ZSignedIn = z.object({
  token: z.string().describe('Session token: send as `Authorization: Bearer …`. Also set as an HttpOnly cookie.'),
  expiresAt: z.date(),
  csrfToken: z.string().describe('For cookie-authenticated requests that change state: send as X-CSRF-Token.'),
  customer: ZCustomer,
});

export const ZAccepted = z.object({ status: z.string() });

export const ZSession = z.object({
  id: z.string(),
  current: z.boolean(),
  device: z.string().nullable(),
  browser: z.string().nullable(),
  os: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  expiresAt: z.date(),
});

export const ZSessionIdParams = z.object({ id: z.string().min(1).max(64) });
