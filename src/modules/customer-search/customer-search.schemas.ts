import { z } from 'zod';
import { companyKinds, companyStatuses } from '../companies/companies.tables.js';
import { accountTypes, approvalStatuses, consentPurposes, customerLocales, customerStatuses } from '../customers/customers.tables.js';
import { decodeCreatedCursor } from './search-cursor.js';
import { MAX_SEARCH_TERMS } from './search-terms.js';

/**
 * A bound of a creation-date filter: a day (`YYYY-MM-DD`, the whole day in UTC) or an ISO 8601
 * instant (used as is). Both bounds are inclusive.
 */
export type TCreatedBound = { day: string } | { instant: Date };

export function parseCreatedBound(value: string): TCreatedBound | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const date = new Date(`${value}T00:00:00Z`);
    return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? null : { day: value };
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? null : { instant };
}

const ZSearchText = z
  .string()
  .trim()
  .max(200, { error: 'At most 200 characters.' })
  .optional()
  .describe(
    'Words to find, each anywhere in the record (case, accents and spacing of digit groups ignored). ' +
      `At most ${MAX_SEARCH_TERMS} words are used; words of 3 characters or more are served by a trigram index.`,
  );

const ZCreatedBoundText = z
  .string()
  .trim()
  .refine((value) => parseCreatedBound(value) !== null, { error: 'A date (YYYY-MM-DD) or an ISO 8601 instant.', params: { code: 'invalid_date' } })
  .optional();

/** A market's id or code (F1.8); members limited to some markets see theirs only, whatever they ask. */
const ZMarketFilter = z.string().trim().min(1).max(64).optional().describe('A market’s id or code: only its customers (or companies).');

const ZMarketRef = z.object({ id: z.string(), code: z.string(), name: z.string() });

const paging = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .refine((value) => decodeCreatedCursor(value) !== null, { error: 'This cursor is not one the API gave.', params: { code: 'invalid_cursor' } })
    .optional()
    .describe('The `nextCursor` of the previous page, with the same q and filters.'),
};

const created = {
  createdFrom: ZCreatedBoundText.describe('Created on or after: a day (YYYY-MM-DD, UTC) or an ISO 8601 instant.'),
  createdTo: ZCreatedBoundText.describe('Created on or before: a day (the whole day, UTC) or an ISO 8601 instant.'),
};

export const ZCustomerSearchQuery = z
  .object({
    q: ZSearchText,
    type: z.enum(['personal', 'business']).optional().describe('personal: accountType individual; business: any other account type.'),
    accountType: z.enum(accountTypes).optional(),
    status: z.enum(customerStatuses).optional(),
    approval: z.enum(approvalStatuses).optional(),
    locale: z.enum(customerLocales).optional(),
    consent: z.enum(consentPurposes).optional().describe('Customers whose latest consent record for this purpose grants it.'),
    market: ZMarketFilter,
    ...created,
    ...paging,
  })
  .strict();
export type TCustomerSearchQuery = z.infer<typeof ZCustomerSearchQuery>;

export const ZCustomerSearchItem = z.object({
  id: z.string(),
  market: ZMarketRef,
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  accountType: z.enum(accountTypes),
  status: z.enum(customerStatuses),
  approvalStatus: z.enum(approvalStatuses),
  locale: z.enum(customerLocales),
  phone: z.string().nullable().describe('E.164.'),
  mobile: z.string().nullable().describe('E.164.'),
  businessName: z.string().nullable(),
  companies: z.array(z.object({ id: z.string(), name: z.string() })).describe('The companies the customer is a member of, by name.'),
  cardNumber: z.string().nullable(),
  createdAt: z.date(),
});
export type TCustomerSearchItem = z.infer<typeof ZCustomerSearchItem>;
export const ZCustomerSearchPage = z.object({ items: z.array(ZCustomerSearchItem), nextCursor: z.string().nullable() });

export const ZCompanySearchQuery = z
  .object({
    q: ZSearchText,
    kind: z.enum(companyKinds).optional(),
    status: z.enum(companyStatuses).optional(),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, { error: 'An ISO 3166-1 alpha-2 country code, e.g. FR.' })
      .optional(),
    market: ZMarketFilter,
    ...created,
    ...paging,
  })
  .strict();
export type TCompanySearchQuery = z.infer<typeof ZCompanySearchQuery>;

export const ZCompanySearchItem = z.object({
  id: z.string(),
  market: ZMarketRef,
  name: z.string(),
  kind: z.enum(companyKinds),
  country: z.string(),
  siret: z.string().nullable(),
  vatNumber: z.string().nullable(),
  status: z.enum(companyStatuses),
  memberCount: z.number().int(),
  locationCount: z.number().int(),
  createdAt: z.date(),
});
export type TCompanySearchItem = z.infer<typeof ZCompanySearchItem>;
export const ZCompanySearchPage = z.object({ items: z.array(ZCompanySearchItem), nextCursor: z.string().nullable() });

/** What the audit keeps of a search: the words and the filters given, never the paging. */
export function searchFiltersOf<T extends { q?: string | undefined; limit: number; cursor?: string | undefined }>(query: T): Record<string, unknown> {
  const { q: _q, limit: _limit, cursor: _cursor, ...filters } = query;
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined && value !== ''));
}
