import { api, type ListPage } from '../backoffice-api';

// The back-office search (F6.2): src/modules/customer-search/customer-search.routes.ts.

import type { MarketRef } from './markets';

export const CUSTOMER_FILTER_NAMES = ['type', 'status', 'approval', 'locale', 'consent', 'market', 'createdFrom', 'createdTo'] as const;
export type CustomerFilterName = (typeof CUSTOMER_FILTER_NAMES)[number];
/** The words and filters as the address bar holds them; dates are days (YYYY-MM-DD). */
export type CustomerSearchValues = Partial<Record<'q' | CustomerFilterName, string>>;

export const COMPANY_FILTER_NAMES = ['kind', 'status', 'country', 'market', 'createdFrom', 'createdTo'] as const;
export type CompanyFilterName = (typeof COMPANY_FILTER_NAMES)[number];
export type CompanySearchValues = Partial<Record<'q' | CompanyFilterName, string>>;

export type CustomerSearchItem = {
  id: string;
  market: MarketRef;
  email: string;
  firstName: string;
  lastName: string;
  accountType: 'individual' | 'professional' | 'company' | 'public_body' | 'association';
  status: 'active' | 'disabled';
  approvalStatus: 'approved' | 'pending' | 'refused';
  locale: 'fr' | 'en';
  phone: string | null;
  mobile: string | null;
  businessName: string | null;
  companies: { id: string; name: string }[];
  cardNumber: string | null;
  createdAt: string;
};

export type CompanyListItem = {
  id: string;
  market: MarketRef;
  name: string;
  kind: 'professional' | 'company' | 'public_body' | 'association';
  country: string;
  siret: string | null;
  vatNumber: string | null;
  status: 'active' | 'merged';
  memberCount: number;
  locationCount: number;
  createdAt: string;
};

/** A day of a filter is the reader's local day: from its first to its last millisecond. */
function dayBound(day: string | undefined, end: boolean): string | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00`);
  if (end) {
    date.setDate(date.getDate() + 1);
    date.setMilliseconds(-1);
  }
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function queryOf(values: Record<string, string | undefined>, cursor: string | null): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (!value) continue;
    if (key === 'createdFrom' || key === 'createdTo') {
      const bound = dayBound(value, key === 'createdTo');
      if (bound) params.set(key, bound);
    } else params.set(key, value);
  }
  params.set('limit', '25');
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

export const searchCustomers = (values: CustomerSearchValues, cursor: string | null) =>
  api.get<ListPage<CustomerSearchItem>>(`/api/staff/customers?${queryOf(values, cursor)}`);

export const searchCompanyList = (values: CompanySearchValues, cursor: string | null) =>
  api.get<ListPage<CompanyListItem>>(`/api/staff/companies?${queryOf(values, cursor)}`);

/** "+33612345678" as a French reader writes it, "06 12 34 56 78"; other numbers as stored. */
export function displayPhone(e164: string | null): string | null {
  if (!e164) return null;
  const french = /^\+33(\d{9})$/.exec(e164);
  if (french) return `0${french[1]}`.replace(/(\d\d)(?=\d)/g, '$1 ');
  return e164;
}
