import { api, type ListPage } from '../backoffice-api';

// One customer in the back office (F6.2, F6.3, F2.5): src/modules/customer-admin/customer-admin.routes.ts.

export const ACCOUNT_TYPES = ['individual', 'professional', 'company', 'public_body', 'association'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];
export const GENDERS = ['female', 'male', 'non_binary', 'prefer_not_to_say'] as const;
export type Gender = (typeof GENDERS)[number];
export type CustomerLocale = 'fr' | 'en';
export type ConsentField = 'newsletterEmail' | 'promotionalEmail' | 'sms';
export const CONSENT_FIELDS: readonly ConsentField[] = ['newsletterEmail', 'promotionalEmail', 'sms'];

export type AddressInput = {
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  attention: string | null;
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

export type CustomerAddress = AddressInput & { id: string; kind: 'billing' | 'delivery'; isDefault: boolean; label: string | null; phoneNational: string | null };

export type ConsentState = { granted: boolean; since: string | null; source: string | null };

export type CustomerDetail = {
  /** The market the account belongs to (F1.8). */
  market: { id: string; code: string; name: string };
  id: string;
  email: string;
  emailVerified: boolean;
  firstName: string;
  initials: string | null;
  lastName: string;
  phone: string | null;
  phoneNational: string | null;
  mobile: string | null;
  mobileNational: string | null;
  locale: CustomerLocale;
  gender: Gender | null;
  birthDate: string | null;
  accountType: AccountType;
  businessName: string | null;
  businessIdentifier: string | null;
  businessRegistrationNumber: string | null;
  businessVatNumber: string | null;
  status: 'active' | 'disabled';
  approvalStatus: 'approved' | 'pending' | 'refused';
  origin: string;
  hasPassword: boolean;
  cardNumber: string | null;
  companies: { id: string; name: string; role: string }[];
  addresses: CustomerAddress[];
  consents: Record<ConsentField, ConsentState>;
  counts: { orders: number; notes: number };
  createdAt: string;
  updatedAt: string;
};

/** What the create and edit forms send; the edit form sends null to clear a field. */
export type CustomerInput = {
  /** At creation only: the market the account belongs to (default: the default market). */
  marketId?: string;
  email: string;
  firstName: string;
  initials: string | null;
  lastName: string;
  phone: string | null;
  mobile: string | null;
  locale: CustomerLocale;
  gender: Gender | null;
  birthDate: string | null;
  accountType: AccountType;
  businessName?: string | null;
  businessIdentifier?: string | null;
  businessRegistrationNumber?: string | null;
  businessVatNumber?: string | null;
  newsletterEmail: boolean;
  promotionalEmail: boolean;
  sms: boolean;
  billingAddress?: AddressInput | null;
  shippingAddress?: AddressInput | null;
  shippingSameAsBilling?: boolean;
  sendPasswordLink?: boolean;
};

export type AddressCountry = { code: string; postalCodeRequired: boolean; postalCodeExample: string | null; houseNumberRequired: boolean; regionRequired: boolean };

export type CustomerNote = { id: string; body: string; author: { id: string; name: string } | null; createdAt: string };
export type CustomerEmail = { id: string; template: string; subject: string; to: string; status: 'pending' | 'sending' | 'sent' | 'failed'; createdAt: string; sentAt: string | null };
export type ConsentRecord = { id: string; purpose: 'newsletter_email' | 'promotional_email' | 'sms'; granted: boolean; source: string; noticeVersion: string; recordedAt: string };
export type CustomerSession = {
  id: string;
  current: boolean;
  device: string | null;
  browser: string | null;
  os: string | null;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  endedAt: string | null;
};
export type SecurityEvent = { id: string; type: string; method: string | null; ip: string | null; userAgent: string | null; occurredAt: string };
export type CustomerOrder = {
  id: string;
  number: string;
  channel: 'online' | 'store';
  placedAt: string;
  status: string;
  total: { amount: number; currency: string };
  itemCount: number;
  company: { id: string; name: string } | null;
};

const base = (customerId: string) => `/api/staff/customers/${encodeURIComponent(customerId)}`;
const page = (cursor: string | null) => `?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;

export const listAddressCountries = () => api.get<ListPage<AddressCountry>>('/api/addresses/countries');

export const createCustomer = (body: CustomerInput) => api.post<CustomerDetail>('/api/staff/customers', body);
export const getCustomer = (customerId: string) => api.get<CustomerDetail>(base(customerId));
export const updateCustomer = (customerId: string, body: Partial<CustomerInput>) => api.patch<CustomerDetail>(base(customerId), body);
export const sendPasswordReset = (customerId: string) => api.post<{ status: 'sent' }>(`${base(customerId)}/password-reset`);
export const disableCustomer = (customerId: string) => api.post<CustomerDetail>(`${base(customerId)}/disable`);
export const enableCustomer = (customerId: string) => api.post<CustomerDetail>(`${base(customerId)}/enable`);

export const listNotes = (customerId: string, cursor: string | null) => api.get<ListPage<CustomerNote>>(`${base(customerId)}/notes${page(cursor)}`);
export const addNote = (customerId: string, body: string) => api.post<CustomerNote>(`${base(customerId)}/notes`, { body });
export const deleteNote = (customerId: string, noteId: string) => api.delete(`${base(customerId)}/notes/${encodeURIComponent(noteId)}`);

export const listCustomerEmails = (customerId: string, cursor: string | null) => api.get<ListPage<CustomerEmail>>(`${base(customerId)}/emails${page(cursor)}`);
export const listCustomerConsents = (customerId: string, cursor: string | null) => api.get<ListPage<ConsentRecord>>(`${base(customerId)}/consents${page(cursor)}`);
export const listCustomerSessions = (customerId: string, cursor: string | null) => api.get<ListPage<CustomerSession>>(`${base(customerId)}/sessions${page(cursor)}`);
export const listCustomerOrders = (customerId: string, cursor: string | null) => api.get<ListPage<CustomerOrder>>(`${base(customerId)}/orders${page(cursor)}`);
export const listCustomerSecurityEvents = (customerId: string, cursor: string | null) =>
  api.get<ListPage<SecurityEvent>>(`${base(customerId)}/security-events${page(cursor)}`);
