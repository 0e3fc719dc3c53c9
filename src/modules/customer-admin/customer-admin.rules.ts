import {
  checkEnterpriseNumber,
  checkSiren,
  checkSiret,
  checkVatNumber,
  compactIdentifier,
  vatPrefixesForCountry,
  type TIdentifierCheck,
} from '../companies/company-identifiers.rules.js';
import type { TCustomerRow } from '../customers/customers.tables.js';

/**
 * Pure rules of the business details a customer of a business type carries (Lightspeed's
 * "Affaires"): which identifiers are checked, and their stored form. No I/O.
 */

export const BUSINESS_FIELDS = ['businessName', 'businessIdentifier', 'businessRegistrationNumber', 'businessVatNumber'] as const;
export type TBusinessField = (typeof BUSINESS_FIELDS)[number];
export type TBusinessDraft = Partial<Record<TBusinessField, string | null | undefined>>;
export type TBusinessChanges = Partial<Pick<TCustomerRow, TBusinessField>>;
export type TBusinessIssue = { path: TBusinessField; code: string; message: string };

export const BUSINESS_TEXT_LIMITS = { businessName: 200, businessIdentifier: 32, businessRegistrationNumber: 50, businessVatNumber: 32 } as const;

const blankToNull = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

export const isBusinessType = (accountType: TCustomerRow['accountType']): boolean => accountType !== 'individual';

/**
 * The identification number, recognised by its shape: 14 digits a SIRET, 9 a SIREN, 10 starting
 * with 0 or 1 (or BE…) a Belgian enterprise number, each with its check digits. Anything else
 * (another country's number) is kept as typed, trimmed.
 */
export function checkBusinessIdentifier(input: string): TIdentifierCheck {
  const compact = compactIdentifier(input);
  if (/^\d{14}$/.test(compact)) return checkSiret(compact);
  if (/^\d{9}$/.test(compact)) return checkSiren(compact);
  if (/^(?:BE)?[01]\d{9}$/.test(compact)) return checkEnterpriseNumber(compact);
  return { ok: true, value: input.trim() };
}

/** An EU VAT number; digits alone take the prefix of the shop's country (FR by default). */
export function checkBusinessVatNumber(input: string, shopCountry: string): TIdentifierCheck {
  const compact = compactIdentifier(input);
  const prefix = vatPrefixesForCountry(shopCountry)[0];
  return checkVatNumber(/^\d/.test(compact) && prefix ? prefix + compact : compact);
}

/** Every rule the given business fields break; absent and blank fields are not judged. */
export function checkBusinessDetails(draft: TBusinessDraft, options: { shopCountry: string }): TBusinessIssue[] {
  const issues: TBusinessIssue[] = [];
  const identifier = blankToNull(draft.businessIdentifier);
  if (identifier) {
    const result = checkBusinessIdentifier(identifier);
    if (!result.ok) issues.push({ path: 'businessIdentifier', code: result.code, message: result.message });
  }
  const vat = blankToNull(draft.businessVatNumber);
  if (vat) {
    const result = checkBusinessVatNumber(vat, options.shopCountry);
    if (!result.ok) issues.push({ path: 'businessVatNumber', code: result.code, message: result.message });
  }
  return issues;
}

/** Business details given for a personal account: each one is named, none is silently dropped. */
export function businessFieldsOnIndividual(draft: TBusinessDraft): TBusinessIssue[] {
  return BUSINESS_FIELDS.filter((field) => blankToNull(draft[field]) !== null).map((path) => ({
    path,
    code: 'only_for_business',
    message: 'Business details belong to a business customer: choose a business type, or leave this empty.',
  }));
}

/** The stored form of valid fields: identifiers compacted, VAT upper case with its prefix, blanks null; absent stay absent. */
export function normalizeBusinessChanges(draft: TBusinessDraft, shopCountry: string): TBusinessChanges {
  const changes: TBusinessChanges = {};
  if (draft.businessName !== undefined) changes.businessName = blankToNull(draft.businessName);
  if (draft.businessRegistrationNumber !== undefined) changes.businessRegistrationNumber = blankToNull(draft.businessRegistrationNumber);
  if (draft.businessIdentifier !== undefined) {
    const given = blankToNull(draft.businessIdentifier);
    const checked = given ? checkBusinessIdentifier(given) : null;
    changes.businessIdentifier = checked?.ok ? checked.value : given;
  }
  if (draft.businessVatNumber !== undefined) {
    const given = blankToNull(draft.businessVatNumber);
    const checked = given ? checkBusinessVatNumber(given, shopCountry) : null;
    changes.businessVatNumber = checked?.ok ? checked.value : given;
  }
  return changes;
}

/** What a change to a personal account does to stored business details: they go. */
export function clearedBusinessDetails(): Required<TBusinessChanges> {
  return { businessName: null, businessIdentifier: null, businessRegistrationNumber: null, businessVatNumber: null };
}
