import { z } from 'zod';
import { customerGenders, customerLocales } from './customers.tables.js';
import { checkProfileChanges, latestDateOnEarth, PROFILE_TEXT_LIMITS, type TProfileDraft } from './profile.rules.js';

const text = (max: number) => z.string().max(max, { error: `At most ${max} characters.` }).nullish();

const profileFieldShapes = {
  firstName: text(PROFILE_TEXT_LIMITS.firstName).describe('Required: cannot be cleared.'),
  lastName: text(PROFILE_TEXT_LIMITS.lastName).describe('Required: cannot be cleared.'),
  initials: text(PROFILE_TEXT_LIMITS.initials).describe('e.g. "J.-P."; null or "" clears it.'),
  phone: text(PROFILE_TEXT_LIMITS.phone).describe('National for the shop’s country (SHOP_COUNTRY), or international with +; answered in E.164.'),
  mobile: text(PROFILE_TEXT_LIMITS.mobile).describe('Like phone, and it must be a mobile number (not_a_mobile_number).'),
  locale: z.string().max(10).optional().describe(`Language of emails and pages: ${customerLocales.join(', ')}.`),
  gender: z.string().max(20).nullish().describe(`${customerGenders.join(', ')}; null or "" clears it.`),
  birthDate: z.string().max(10).nullish().describe('YYYY-MM-DD, from 1900-01-01 up to today; null or "" clears it.'),
};

type TRefinementContext = Parameters<Parameters<z.ZodType['superRefine']>[0]>[1];

/**
 * The profile rules inside the schema, so their issues are listed with the type and length
 * errors. Runs even when a field failed (`when`), skipping fields already reported.
 */
function checkRules(shopCountry: string) {
  return (value: Record<string, unknown>, context: TRefinementContext): void => {
    const reported = new Set(context.issues.map((issue) => issue.path?.[0]));
    const draft = Object.fromEntries(
      Object.keys(profileFieldShapes)
        .filter((field) => typeof value[field] === 'string' || value[field] === null)
        .map((field) => [field, value[field]]),
    ) as TProfileDraft;
    for (const issue of checkProfileChanges(draft, { shopCountry, today: latestDateOnEarth(new Date()) })) {
      if (reported.has(issue.path)) continue;
      context.addIssue({ code: 'custom', path: [issue.path], message: issue.message, params: { code: issue.code } });
    }
    if ('email' in value) {
      context.addIssue({
        code: 'custom',
        path: ['email'],
        message: 'The sign-in address changes with POST /api/me/email-change, which verifies the new one.',
        params: { code: 'email_change_requires_verification' },
      });
    }
  };
}

const always = { when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null };

/** PATCH /api/me: built with the shop's country, which reads national phone numbers. */
export function updateProfileBodySchema(shopCountry: string) {
  return z
    .looseObject(profileFieldShapes)
    .superRefine(checkRules(shopCountry), always)
    .transform((value): TProfileDraft => {
      const draft: TProfileDraft = {};
      for (const field of Object.keys(profileFieldShapes) as (keyof typeof profileFieldShapes)[]) {
        if (value[field] !== undefined) draft[field] = value[field];
      }
      return draft;
    })
    .describe('Only the fields given change; null or "" clears an optional one. Every invalid field is listed at once.');
}
