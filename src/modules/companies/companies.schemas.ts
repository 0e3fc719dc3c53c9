import { z } from 'zod';
import { isCountryCode } from '../addresses/addresses.rules.js';
import { companyKinds, companyRoles, companyStatuses, locationRoles, paymentTermsKinds, type TCompanyKind } from './companies.tables.js';
import { checkCompanyIdentifiers, IDENTITY_TEXT_MAX } from './company-identifiers.rules.js';
import { companyPermissions } from './permissions.js';

const requiredText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `At most ${max} characters.` })
    .refine((value) => value.length > 0, { error: 'Required.', params: { code: 'required' } });

/** Empty strings and null both mean "none". */
const optionalText = (max: number) => z.string().trim().max(max, { error: `At most ${max} characters.` }).nullish();

/** Numbers are typed with spaces, dots or hyphens; 32 leaves room for them. */
const IDENTIFIER_INPUT_MAX = 32;

const ZCountry = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCountryCode, { error: 'Use an ISO 3166-1 alpha-2 country code, e.g. FR.', params: { code: 'invalid_country' } })
  .describe('Country of the registered office, ISO 3166-1 alpha-2, e.g. FR, BE.');

/** The fields of a company's identity as a request gives them (POST, PATCH, registration). */
const identityShapes = {
  name: requiredText(IDENTITY_TEXT_MAX.name).describe('Legal name.'),
  kind: z.enum(companyKinds).describe('professional (sole trader), company, public_body or association.'),
  country: ZCountry,
  siret: optionalText(IDENTIFIER_INPUT_MAX).describe(
    'French establishment number, 14 digits, Luhn checked (La Poste’s exception handled); spaces and dots accepted, stored digits-only. Required for a French public body (Chorus Pro).',
  ),
  vatNumber: optionalText(IDENTIFIER_INPUT_MAX).describe(
    'EU VAT number with its prefix (EL for Greece, XI for Northern Ireland), checked against the member state’s format, the French key and the Belgian mod 97; its prefix must be the company’s country’s. Stored upper case without separators.',
  ),
  enterpriseNumber: optionalText(IDENTIFIER_INPUT_MAX).describe('Belgian enterprise number (BCE/KBO), 10 digits, mod 97 checked; stored digits-only.'),
  registrationNumber: optionalText(IDENTITY_TEXT_MAX.registrationNumber).describe('Chamber of commerce / trade register number (RCS, KvK, HRB…), as written.'),
  otherTaxId: optionalText(IDENTITY_TEXT_MAX.otherTaxId).describe('Another tax id, e.g. outside the EU.'),
  chorusServiceCode: optionalText(IDENTITY_TEXT_MAX.chorusServiceCode).describe('Public bodies only: the Chorus Pro service code to put on invoices.'),
};

const always = { when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null };

const textOf = (value: unknown): string | null | undefined => (typeof value === 'string' || value === null ? value : undefined);

/**
 * Adds the identifier rules' issues to a zod context, under `prefix` (e.g. `company` inside a
 * registration), skipping fields already reported (too long) so each field has one reason.
 */
export function addIdentityIssues(
  value: Record<string, unknown>,
  context: z.RefinementCtx,
  options: { kind: unknown; prefix?: string[] } = { kind: undefined },
): void {
  const prefix = options.prefix ?? [];
  const reported = new Set(
    context.issues
      .map((issue) => issue.path ?? [])
      .filter((path) => prefix.every((part, index) => path[index] === part))
      .map((path) => path.slice(prefix.length).join('.')),
  );
  const kind = (companyKinds as readonly unknown[]).includes(options.kind) ? (options.kind as TCompanyKind) : 'company';
  const country = typeof value.country === 'string' ? value.country.trim().toUpperCase() : '';
  const { issues } = checkCompanyIdentifiers({
    kind,
    country: isCountryCode(country) ? country : '',
    siret: textOf(value.siret),
    vatNumber: textOf(value.vatNumber),
    enterpriseNumber: textOf(value.enterpriseNumber),
    chorusServiceCode: textOf(value.chorusServiceCode),
  });
  for (const issue of issues) {
    if (reported.has(issue.path)) continue;
    context.addIssue({ code: 'custom', path: [...prefix, issue.path], message: issue.message, params: { code: issue.code } });
  }
}

/** A whole identity: POST /api/companies, and what a PATCH is checked against once merged with the stored one. */
export const ZCompanyIdentity = z
  .object(identityShapes)
  .superRefine((value, context) => addIdentityIssues(value, context, { kind: value.kind }), always);
export type TCompanyIdentity = z.output<typeof ZCompanyIdentity>;

export const ZCreateCompanyBody = ZCompanyIdentity;
export type TCreateCompanyBody = TCompanyIdentity;

export const ZUpdateCompanyBody = z
  .object(identityShapes)
  .partial()
  .describe('Only the fields given change; null or "" clears an optional one. The result is checked whole again.');
export type TUpdateCompanyBody = z.output<typeof ZUpdateCompanyBody>;

/**
 * The company given when registering as a business (POST /api/auth/register): the same fields
 * and checks, its kind taken from the account type. Checked by `checkRegistrationCompany`.
 */
export const ZRegistrationCompany = z
  .object({ ...identityShapes, kind: identityShapes.kind.optional().describe('Defaults to the account type; must match it.') })
  .describe('Required for the account types professional, company, public_body and association; refused for individual.');
export type TRegistrationCompany = z.output<typeof ZRegistrationCompany>;

const businessAccountTypes: readonly string[] = companyKinds;

/** The registration body's rules about its `company`: required for business account types, refused otherwise. */
export function checkRegistrationCompany(value: { accountType?: unknown; company?: unknown }, context: z.RefinementCtx): void {
  const accountType = value.accountType ?? 'individual';
  const business = businessAccountTypes.includes(accountType as string);
  const company = value.company;
  if (company === undefined || company === null) {
    if (business) {
      context.addIssue({
        code: 'custom',
        path: ['company'],
        message: 'Give the company’s name, country and identifiers to register a business account.',
        params: { code: 'company_required' },
      });
    }
    return;
  }
  if (!business) {
    context.addIssue({
      code: 'custom',
      path: ['company'],
      message: 'An individual account has no company; choose a business account type.',
      params: { code: 'company_not_allowed' },
    });
    return;
  }
  if (typeof company !== 'object') return;
  const fields = company as Record<string, unknown>;
  if (fields.kind !== undefined && fields.kind !== accountType) {
    context.addIssue({
      code: 'custom',
      path: ['company', 'kind'],
      message: 'The company’s kind is the account type.',
      params: { code: 'kind_mismatch' },
    });
  }
  addIdentityIssues(fields, context, { kind: accountType, prefix: ['company'] });
}

export const ZCompanyIdParams = z.object({ companyId: z.string().min(1).max(64) });

const identityOutput = {
  id: z.string(),
  name: z.string(),
  kind: z.enum(companyKinds),
  country: z.string().length(2),
  siret: z.string().nullable().describe('14 digits.'),
  siren: z.string().nullable().describe('9 digits, the first 9 of the SIRET.'),
  vatNumber: z.string().nullable(),
  enterpriseNumber: z.string().nullable().describe('10 digits.'),
  registrationNumber: z.string().nullable(),
  otherTaxId: z.string().nullable(),
  chorusServiceCode: z.string().nullable(),
};

export const ZCompanyLocation = z.object({
  id: z.string(),
  name: z.string(),
  catalogRef: z.string().nullable().describe('The shop’s catalog or price list for this location. Set by the shop’s staff.'),
  paymentTerms: z
    .object({
      kind: z.enum(paymentTermsKinds),
      netDays: z.number().int().nullable().describe('For net: 7, 15, 30, 45, 60 or 90.'),
      depositPercent: z.number().int().nullable().describe('For deposit: the share paid when ordering.'),
    })
    .describe('Set by the shop’s staff; read-only for buyers.'),
  requiresApproval: z.boolean().describe('Orders from here wait as drafts until a location administrator approves them.'),
  myRole: z.enum(locationRoles).nullable().describe('The caller’s role at this location; null for none (a company administrator acts everywhere).'),
});

export const ZCompany = z.object({
  ...identityOutput,
  status: z.enum(companyStatuses),
  myRole: z.enum(companyRoles).describe('The caller’s role in the company.'),
  permissions: z.array(z.enum(companyPermissions)).describe('What the caller may do company-wide (location permissions depend on the location).'),
  locations: z.array(ZCompanyLocation),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const ZMyCompany = z.object({
  ...identityOutput,
  role: z.enum(companyRoles).describe('The caller’s role in the company.'),
  joinedAt: z.date(),
});
