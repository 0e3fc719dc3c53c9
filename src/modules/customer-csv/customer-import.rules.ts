import { z } from 'zod';
import { checkAddress, COUNTRY_CODES, isCountryCode, normalizeAddressDraft, type TAddressField } from '../addresses/addresses.rules.js';
import { BUSINESS_FIELDS, BUSINESS_TEXT_LIMITS, businessFieldsOnIndividual, checkBusinessDetails, normalizeBusinessChanges } from '../customer-admin/customer-admin.rules.js';
import { accountTypes, type TCustomerRow } from '../customers/customers.tables.js';
import { normalizeEmail } from '../customers/customers.service.js';
import { checkProfileChanges, normalizeProfileChanges, PROFILE_TEXT_LIMITS, type TProfileDraft } from '../customers/profile.rules.js';
import type { TConsentPurpose } from '../marketing/marketing.rules.js';
import type { TColumnMap, TImportField } from './customer-csv.formats.js';
import { unguardCell, type TCsvRecord } from './csv.rules.js';

/**
 * Pure rules of one line of a customer import: what each cell must be, every bad cell named at
 * once, and the stored form of a good line. The profile, address and business rules are the
 * ones the API applies (profile.rules, addresses.rules, customer-admin.rules).
 */

/** The profile fields a line may set; an empty cell never clears a stored value. */
export type TImportProfile = Partial<
  Pick<
    TCustomerRow,
    | 'firstName'
    | 'lastName'
    | 'initials'
    | 'phone'
    | 'mobile'
    | 'locale'
    | 'gender'
    | 'birthDate'
    | 'accountType'
    | 'businessName'
    | 'businessIdentifier'
    | 'businessRegistrationNumber'
    | 'businessVatNumber'
  >
>;
export const importProfileKeys = [
  'firstName',
  'lastName',
  'initials',
  'phone',
  'mobile',
  'locale',
  'gender',
  'birthDate',
  'accountType',
  ...BUSINESS_FIELDS,
] as const satisfies readonly (keyof TImportProfile)[];

export type TImportAddress = {
  company: string | null;
  line1: string;
  line2: string | null;
  houseNumber: string | null;
  houseNumberExtension: string | null;
  postalCode: string | null;
  city: string;
  region: string | null;
  country: string;
  phone: string | null;
};

export type TImportRow = {
  line: number;
  /** As typed, trimmed. */
  email: string;
  emailNormalized: string;
  profile: TImportProfile;
  consents: Partial<Record<TConsentPurpose, boolean>>;
  /** The default address when the line holds a complete one (street, city, country). */
  address: TImportAddress | null;
  note: string | null;
};

export type TLineError = { field: string; code: string; message: string };

export const NOTE_MAX_LENGTH = 5000;
const EMAIL_MAX_LENGTH = 254;
const ADDRESS_TEXT_LIMITS = { addressCompany: 100, addressLine1: 200, addressLine2: 200, addressHouseNumber: 10, addressHouseNumberExtension: 10, addressPostalCode: 16, addressCity: 100, addressRegion: 100, addressPhone: 32 } as const;

const ZEmailCell = z.email();

/** yes/no as Shopify writes it, true/false, 1/0, and oui/non for files edited by hand. */
const CONSENT_VALUES: Record<string, boolean> = { yes: true, y: true, true: true, '1': true, oui: true, no: false, n: false, false: false, '0': false, non: false };

const consentColumns = [
  ['newsletterEmail', 'newsletter_email'],
  ['promotionalEmail', 'promotional_email'],
  ['sms', 'sms'],
] as const satisfies readonly (readonly [TImportField, TConsentPurpose])[];

let countryNames: Map<string, string> | null = null;

/** "France", "Belgique", "United Kingdom" → the ISO code, from the runtime's own country names (fr and en). */
export function countryCodeFromName(name: string): string | null {
  if (!countryNames) {
    countryNames = new Map();
    for (const locale of ['en', 'fr']) {
      const names = new Intl.DisplayNames([locale], { type: 'region' });
      for (const code of COUNTRY_CODES) {
        const label = names.of(code);
        if (label) countryNames.set(foldName(label), code);
      }
    }
  }
  return countryNames.get(foldName(name)) ?? null;
}

const foldName = (value: string) =>
  value.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/[^a-z]/g, '');

/** Reads, checks and normalises one line. `row` is set only when `errors` is empty. */
export function readImportLine(
  record: TCsvRecord,
  map: TColumnMap,
  options: { shopCountry: string; today: string },
): { row: TImportRow | null; errors: TLineError[] } {
  const errors: TLineError[] = [];
  const headerOf = (field: TImportField) => map.columns[field]?.header ?? field;
  const cell = (field: TImportField): string | undefined => {
    const column = map.columns[field];
    if (!column) return undefined;
    const value = unguardCell((record.cells[column.index] ?? '').trim()).trim();
    return value === '' ? undefined : value;
  };
  const fail = (field: TImportField, code: string, message: string) => errors.push({ field: headerOf(field), code, message });
  const tooLong = (field: TImportField, value: string | undefined, max: number) => {
    if (value !== undefined && value.length > max) fail(field, 'too_long', `At most ${max} characters.`);
  };

  const email = cell('email');
  if (email === undefined) fail('email', 'required', 'Every line needs an email address.');
  else if (email.length > EMAIL_MAX_LENGTH || !ZEmailCell.safeParse(email).success) fail('email', 'invalid_email', 'This is not a valid email address.');

  // Profile: the API's rules, on the cells that are not empty.
  const draft: TProfileDraft = {};
  const profileCells = [
    ['firstName', 'firstName'],
    ['lastName', 'lastName'],
    ['initials', 'initials'],
    ['phone', 'phone'],
    ['mobile', 'mobile'],
    ['birthDate', 'birthDate'],
  ] as const;
  for (const [field, key] of profileCells) draft[key] = cell(field);
  const locale = cell('locale')?.toLowerCase();
  if (locale !== undefined) draft.locale = /^(fr|en)(?:[-_][a-z]{2})?$/.test(locale) ? locale.slice(0, 2) : locale;
  const gender = cell('gender')?.toLowerCase();
  if (gender !== undefined) draft.gender = gender;
  for (const key of ['firstName', 'lastName', 'initials', 'phone', 'mobile'] as const) tooLong(key, draft[key] ?? undefined, PROFILE_TEXT_LIMITS[key]);
  const profileFieldOf: Record<keyof TProfileDraft, TImportField> = {
    firstName: 'firstName', lastName: 'lastName', initials: 'initials', phone: 'phone', mobile: 'mobile', locale: 'locale', gender: 'gender', birthDate: 'birthDate',
  };
  for (const issue of checkProfileChanges(draft, options)) fail(profileFieldOf[issue.path], issue.code, issue.message);

  const accountType = cell('accountType')?.toLowerCase();
  if (accountType !== undefined && !(accountTypes as readonly string[]).includes(accountType)) {
    fail('accountType', 'invalid_account_type', `Choose one of ${accountTypes.join(', ')}.`);
  }
  const business = Object.fromEntries(BUSINESS_FIELDS.map((field) => [field, cell(field)]));
  for (const field of BUSINESS_FIELDS) tooLong(field, business[field], BUSINESS_TEXT_LIMITS[field]);
  for (const issue of checkBusinessDetails(business, options)) fail(issue.path, issue.code, issue.message);
  if (accountType === 'individual') for (const issue of businessFieldsOnIndividual(business)) fail(issue.path, issue.code, issue.message);

  const consents: TImportRow['consents'] = {};
  for (const [field, purpose] of consentColumns) {
    const value = cell(field);
    if (value === undefined) continue;
    const granted = CONSENT_VALUES[value.toLowerCase()];
    if (granted === undefined) fail(field, 'invalid_consent', 'Write yes or no (or true / false).');
    else consents[purpose] = granted;
  }

  const address = readAddress(cell, fail, tooLong);

  const note = cell('note');
  tooLong('note', note, NOTE_MAX_LENGTH);

  if (errors.length > 0 || email === undefined) return { row: null, errors };
  const profile: TImportProfile = {
    ...withoutUndefined(normalizeProfileChanges(draft, options.shopCountry)),
    ...(accountType ? { accountType: accountType as TCustomerRow['accountType'] } : {}),
    ...withoutUndefined(normalizeBusinessChanges(business, options.shopCountry)),
  };
  for (const key of Object.keys(profile) as (keyof TImportProfile)[]) if (profile[key] === null) delete profile[key];
  return {
    row: { line: record.line, email, emailNormalized: normalizeEmail(email), profile, consents, address, note: note ?? null },
    errors,
  };
}

function readAddress(
  cell: (field: TImportField) => string | undefined,
  fail: (field: TImportField, code: string, message: string) => void,
  tooLong: (field: TImportField, value: string | undefined, max: number) => void,
): TImportAddress | null {
  for (const [field, max] of Object.entries(ADDRESS_TEXT_LIMITS)) tooLong(field as TImportField, cell(field as TImportField), max);
  let country = cell('addressCountry')?.toUpperCase();
  if (country !== undefined && !isCountryCode(country)) {
    fail('addressCountry', 'unknown_country', 'Use an ISO 3166-1 alpha-2 country code, e.g. FR.');
    return null;
  }
  const countryName = cell('addressCountryName');
  if (country === undefined && countryName !== undefined) {
    const fromName = isCountryCode(countryName.toUpperCase()) ? countryName.toUpperCase() : countryCodeFromName(countryName);
    if (!fromName) {
      fail('addressCountryName', 'unknown_country', 'Unknown country: give its ISO code in the country code column, e.g. FR.');
      return null;
    }
    country = fromName;
  }
  const line1 = cell('addressLine1');
  const city = cell('addressCity');
  // Only a complete address is kept; many exports carry a country and nothing else.
  if (!line1 || !city || !country) return null;
  const draft = {
    country,
    // The recipient is the customer, named at import time; the placeholder keeps that rule out of this check.
    lastName: 'recipient',
    company: cell('addressCompany') ?? null,
    line1,
    houseNumber: cell('addressHouseNumber') ?? null,
    houseNumberExtension: cell('addressHouseNumberExtension') ?? null,
    postalCode: cell('addressPostalCode') ?? null,
    region: cell('addressRegion') ?? null,
    phone: cell('addressPhone') ?? null,
  };
  const fieldOf: Record<TAddressField, TImportField> = {
    lastName: 'lastName',
    company: 'addressCompany',
    line1: 'addressLine1',
    houseNumber: 'addressHouseNumber',
    houseNumberExtension: 'addressHouseNumberExtension',
    postalCode: 'addressPostalCode',
    region: 'addressRegion',
    phone: 'addressPhone',
  };
  const issues = checkAddress(draft);
  for (const issue of issues) fail(fieldOf[issue.path], issue.code, issue.message);
  if (issues.length > 0) return null;
  const normalized = normalizeAddressDraft(draft);
  return {
    company: normalized.company,
    line1,
    line2: cell('addressLine2') ?? null,
    houseNumber: normalized.houseNumber,
    houseNumberExtension: normalized.houseNumberExtension,
    postalCode: normalized.postalCode,
    city,
    region: normalized.region,
    country,
    phone: normalized.phone,
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

/** Two addresses are the same place when every stored part matches (names aside). */
export function sameAddress(a: TImportAddress, b: TImportAddress): boolean {
  return (
    a.line1 === b.line1 &&
    a.city === b.city &&
    a.country === b.country &&
    (a.line2 ?? null) === (b.line2 ?? null) &&
    (a.postalCode ?? null) === (b.postalCode ?? null) &&
    (a.region ?? null) === (b.region ?? null) &&
    (a.company ?? null) === (b.company ?? null) &&
    (a.houseNumber ?? null) === (b.houseNumber ?? null) &&
    (a.houseNumberExtension ?? null) === (b.houseNumberExtension ?? null) &&
    (a.phone ?? null) === (b.phone ?? null)
  );
}
