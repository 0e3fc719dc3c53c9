/**
 * The two customer CSV formats the import reads (F6.5): Shopify's customer export, in both the
 * header sets Shopify has used, and Comptoir's own, which the customers export writes. Columns
 * are recognised by their header, case-insensitively; unknown columns are ignored.
 */

export const importFormats = ['shopify', 'comptoir'] as const;
export type TImportFormat = (typeof importFormats)[number];

/** What a column means, whichever format named it. */
export const importFields = [
  'email',
  'firstName',
  'lastName',
  'initials',
  'phone',
  'mobile',
  'locale',
  'gender',
  'birthDate',
  'accountType',
  'businessName',
  'businessIdentifier',
  'businessRegistrationNumber',
  'businessVatNumber',
  'newsletterEmail',
  'promotionalEmail',
  'sms',
  'addressCompany',
  'addressLine1',
  'addressLine2',
  'addressHouseNumber',
  'addressHouseNumberExtension',
  'addressPostalCode',
  'addressCity',
  'addressRegion',
  'addressCountry',
  /** Shopify's classic export names the country ("France") beside its code. */
  'addressCountryName',
  'addressPhone',
  'note',
] as const;
export type TImportField = (typeof importFields)[number];

/**
 * Comptoir's own format, in the order the export writes it. `customer_id` and `created_at`
 * close the export's lines for reference; the import ignores them.
 */
export const comptoirColumns = [
  ['email', 'email'],
  ['first_name', 'firstName'],
  ['last_name', 'lastName'],
  ['initials', 'initials'],
  ['phone', 'phone'],
  ['mobile', 'mobile'],
  ['locale', 'locale'],
  ['gender', 'gender'],
  ['birth_date', 'birthDate'],
  ['account_type', 'accountType'],
  ['business_name', 'businessName'],
  ['business_identifier', 'businessIdentifier'],
  ['business_registration_number', 'businessRegistrationNumber'],
  ['business_vat_number', 'businessVatNumber'],
  ['newsletter_email', 'newsletterEmail'],
  ['promotional_email', 'promotionalEmail'],
  ['sms', 'sms'],
  ['address_company', 'addressCompany'],
  ['address_line1', 'addressLine1'],
  ['address_line2', 'addressLine2'],
  ['address_house_number', 'addressHouseNumber'],
  ['address_house_number_extension', 'addressHouseNumberExtension'],
  ['address_postal_code', 'addressPostalCode'],
  ['address_city', 'addressCity'],
  ['address_region', 'addressRegion'],
  ['address_country', 'addressCountry'],
  ['address_phone', 'addressPhone'],
] as const satisfies readonly (readonly [string, TImportField])[];

/** Read-only columns the export adds after the format's own; the import skips them. */
export const comptoirExportExtraColumns = ['customer_id', 'created_at', 'market'] as const;

const comptoirHeaders: Record<string, TImportField> = {
  ...Object.fromEntries(comptoirColumns),
  // Accepted on import (a note carried over from elsewhere); the export writes no notes.
  note: 'note',
};

/**
 * Shopify, both generations: the classic export (`Company`, `Address1`, `Zip`, `Phone`…) and
 * the newer one (`Customer ID`, `Default Address Address1`, `Default Address Phone`…).
 * `Total Spent`, `Total Orders`, `Tags`, `Tax Exempt`, `Province` (the name) and
 * `Customer ID` are recognised and ignored.
 */
const shopifyHeaders: Record<string, TImportField> = {
  email: 'email',
  'first name': 'firstName',
  'last name': 'lastName',
  'accepts email marketing': 'newsletterEmail',
  'accepts sms marketing': 'sms',
  company: 'addressCompany',
  'default address company': 'addressCompany',
  address1: 'addressLine1',
  'default address address1': 'addressLine1',
  address2: 'addressLine2',
  'default address address2': 'addressLine2',
  city: 'addressCity',
  'default address city': 'addressCity',
  'province code': 'addressRegion',
  'default address province code': 'addressRegion',
  country: 'addressCountryName',
  'country code': 'addressCountry',
  'default address country code': 'addressCountry',
  zip: 'addressPostalCode',
  'default address zip': 'addressPostalCode',
  phone: 'phone',
  'default address phone': 'addressPhone',
  note: 'note',
};

export type TColumnMap = {
  /** For each recognised field, the index of its column and the header as the file spells it. */
  columns: Partial<Record<TImportField, { index: number; header: string }>>;
};

/** Which column holds which field; the first of two columns with one meaning wins. */
export function mapColumns(format: TImportFormat, header: readonly string[]): TColumnMap {
  const names = format === 'shopify' ? shopifyHeaders : comptoirHeaders;
  const columns: TColumnMap['columns'] = {};
  header.forEach((raw, index) => {
    const field = names[raw.trim().toLowerCase().replace(/\s+/g, ' ')];
    if (field && !columns[field]) columns[field] = { index, header: raw.trim() };
  });
  return { columns };
}

/** The header naming the email, as the format expects it: for the missing-column message. */
export const emailHeaderOf = (format: TImportFormat): string => (format === 'shopify' ? 'Email' : 'email');
