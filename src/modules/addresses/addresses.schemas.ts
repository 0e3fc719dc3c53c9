import { z } from 'zod';
import type { TFieldError } from '../../platform/errors/app-error.js';
import { checkAddress, COUNTRY_CODES, COUNTRY_RULES, isCountryCode, type TAddressField } from './addresses.rules.js';
import { addressKinds } from './addresses.tables.js';

const requiredText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `At most ${max} characters.` })
    .refine((value) => value.length > 0, { error: 'Required.', params: { code: 'required' } });

const optionalText = (max: number) => z.string().trim().max(max, { error: `At most ${max} characters.` }).nullish();

const ZCountry = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCountryCode, { error: 'Use an ISO 3166-1 alpha-2 country code, e.g. FR.', params: { code: 'invalid_country' } })
  .describe('ISO 3166-1 alpha-2, e.g. FR, BE, GB.');

/** Every field of an address as a request gives it; empty strings and null both mean "none". */
const addressFieldShapes = {
  label: optionalText(50).describe('The customer’s own name for it: "Maison", "Bureau".'),
  firstName: optionalText(100),
  lastName: optionalText(100).describe('Required unless `company` is given.'),
  company: optionalText(100),
  attention: optionalText(100).describe('"À l’attention de": the person or department it is for.'),
  line1: requiredText(200).describe('Street, with the house number unless `houseNumber` is given.'),
  line2: optionalText(200).describe('Building, staircase, floor, PO box.'),
  houseNumber: optionalText(10).describe('Required in NL and DE unless line1 holds it; digits only in NL.'),
  houseNumberExtension: optionalText(10).describe('Letters or suffix after the number ("A", "bis"; NL toevoeging).'),
  postalCode: optionalText(16).describe(
    'Required and checked in FR, BE, LU, NL, DE, CH, ES, IT and GB; answered as the country’s post writes it (NL "1234 AB", GB "SW1A 1AA", LU "1234").',
  ),
  city: requiredText(100),
  region: optionalText(100).describe('Province, county or state; in IT the two-letter province code, required.'),
  country: ZCountry,
  phone: optionalText(32).describe('National for the address’s country, or international with +; answered in E.164.'),
};

export const ADDRESS_FIELDS = Object.keys(addressFieldShapes) as (keyof typeof addressFieldShapes)[];

const textOf = (value: unknown): string | null | undefined => (typeof value === 'string' || value === null ? value : undefined);

/**
 * The country's own rules, inside the schema so that their issues are listed with the other
 * field errors. Runs even when a field failed (`when`), skipping fields already reported.
 */
function checkCountryRules(value: Record<string, unknown>, context: z.RefinementCtx): void {
  const reported = new Set(context.issues.map((issue) => issue.path?.[0]));
  const draft = Object.fromEntries(
    (['lastName', 'company', 'line1', 'houseNumber', 'houseNumberExtension', 'postalCode', 'region', 'phone'] satisfies TAddressField[]).map(
      (field) => [field, textOf(value[field])],
    ),
  );
  const country = typeof value.country === 'string' ? value.country : '';
  for (const issue of checkAddress({ ...draft, country })) {
    if (reported.has(issue.path)) continue;
    context.addIssue({ code: 'custom', path: [issue.path], message: issue.message, params: { code: issue.code } });
  }
}

const always = { when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null };

/** A whole address: what a PATCH is checked against once merged with the stored one. */
export const ZAddressFields = z.object(addressFieldShapes).superRefine(checkCountryRules, always);
export type TAddressFields = z.output<typeof ZAddressFields>;

export const ZCreateAddressBody = z
  .object({
    kind: z.enum(addressKinds),
    isDefault: z
      .boolean()
      .optional()
      .describe('Delivery addresses only: make this one the default. The first delivery address is the default anyway.'),
    ...addressFieldShapes,
  })
  .superRefine((value, context) => {
    checkCountryRules(value, context);
    if (value.kind === 'billing' && value.isDefault === true) {
      context.addIssue({ code: 'custom', path: ['isDefault'], message: 'Only a delivery address can be the default.', params: { code: 'only_for_delivery' } });
    }
  }, always);
export type TCreateAddressBody = z.output<typeof ZCreateAddressBody>;

export const ZUpdateAddressBody = z.object(addressFieldShapes).partial().describe('Only the fields given change; null clears an optional field. The kind never changes.');
export type TUpdateAddressBody = z.output<typeof ZUpdateAddressBody>;

export const ZCopyBillingBody = z
  .object({
    label: optionalText(50),
    isDefault: z.boolean().optional().describe('Make the copy the default delivery address.'),
  })
  .nullish()
  .describe('Optional: without a body the copy has no label and is the default only if it is the first.');

export const ZAddressIdParams = z.object({ id: z.string().min(1).max(64) });

export const ZAddress = z.object({
  id: z.string(),
  kind: z.enum(addressKinds),
  isDefault: z.boolean().describe('The default delivery address; an account with delivery addresses always has exactly one.'),
  label: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  company: z.string().nullable(),
  attention: z.string().nullable(),
  line1: z.string(),
  line2: z.string().nullable(),
  houseNumber: z.string().nullable(),
  houseNumberExtension: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string(),
  region: z.string().nullable(),
  country: z.string().length(2),
  phone: z.string().nullable().describe('E.164, e.g. +33612345678.'),
  phoneNational: z.string().nullable().describe('For display: national form in the address’s country, international otherwise.'),
  billingAddressId: z
    .string()
    .nullable()
    .describe('With ADDRESSES_SHARED_BILLING: on a delivery address, the billing address it is invoiced to. Otherwise null.'),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const ZAddressCountry = z.object({
  code: z.string().length(2),
  postalCodeRequired: z.boolean(),
  postalCodeExample: z.string().nullable(),
  houseNumberRequired: z.boolean(),
  regionRequired: z.boolean(),
});

/** What a form needs to know per country before the server judges it. */
export function listAddressCountries(): z.output<typeof ZAddressCountry>[] {
  return COUNTRY_CODES.map((code) => {
    const rules = COUNTRY_RULES[code];
    return {
      code,
      postalCodeRequired: Boolean(rules),
      postalCodeExample: rules?.postalCode.example ?? null,
      houseNumberRequired: rules?.houseNumberRequired ?? false,
      regionRequired: Boolean(rules?.region),
    };
  });
}

/** Zod issues as a problem document's `errors`, with the stable codes the refinements gave. */
export function fieldErrorsOf(error: z.ZodError): TFieldError[] {
  return error.issues.map((issue) => {
    const custom = issue.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
    return { path: issue.path.join('.') || 'body', code: typeof custom === 'string' ? custom : issue.code, message: issue.message };
  });
}
