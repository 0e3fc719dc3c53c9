import { createApiClient } from '../../ui/api';
import { activeLocale, type Locale } from '../../ui/i18n';

export const api = createApiClient({ getLocale: activeLocale });

export type AccountType = 'individual' | 'professional' | 'company' | 'public_body';

export type Customer = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  emailVerified: boolean;
  accountType: AccountType;
  locale: string;
};

/** The session token also travels as an HttpOnly cookie, which is what this app relies on. */
export type SignInResponse = { token: string; expiresAt: string; customer: Customer };

export type CustomerSession = {
  id: string;
  current: boolean;
  device: string | null;
  browser: string | null;
  os: string | null;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string | null;
  expiresAt: string;
};

export type SentEmail = {
  id: string;
  subject: string;
  template: string;
  status: string;
  createdAt: string;
  sentAt: string | null;
};

export type ListPage<T> = { items: T[]; nextCursor: string | null };

export type RegisterBody = {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  accountType: AccountType;
  locale: Locale;
  marketingEmail: boolean;
};

export const registerCustomer = (body: RegisterBody) =>
  api.post<{ status: 'verification_sent' }>('/api/auth/register', body);

export const signInWithPassword = (body: { email: string; password: string }) =>
  api.post<SignInResponse>('/api/auth/login', body);

export const requestSignInCode = (email: string) => api.post('/api/auth/login-code', { email });

export const signInWithCode = (body: { email: string; code: string }) =>
  api.post<SignInResponse>('/api/auth/login-code/verify', body);

export const verifyEmail = (token: string) => api.post<SignInResponse>('/api/auth/verify-email', { token });

export const requestPasswordReset = (email: string) => api.post('/api/auth/password-reset', { email });

export const resetPassword = (body: { token: string; password: string }) =>
  api.post<unknown>('/api/auth/password-reset/confirm', body);

export const signOut = () => api.post('/api/auth/logout');

export const getMe = () => api.get<Customer>('/api/me');

export const listSessions = () => api.get<ListPage<CustomerSession>>('/api/me/sessions?limit=100');

export const revokeSession = (id: string) => api.delete(`/api/me/sessions/${encodeURIComponent(id)}`);

export const revokeOtherSessions = () => api.delete('/api/me/sessions');

export const listEmails = (cursor: string | null) =>
  api.get<ListPage<SentEmail>>(`/api/me/emails?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);

export type AddressKind = 'billing' | 'delivery';

/** What a customer types; null or "" leave an optional field empty. */
export type AddressFields = {
  label: string | null;
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

export type Address = AddressFields & {
  id: string;
  kind: AddressKind;
  isDefault: boolean;
  phoneNational: string | null;
  billingAddressId: string | null;
  createdAt: string;
  updatedAt: string;
};

export type AddressCountry = {
  code: string;
  postalCodeRequired: boolean;
  postalCodeExample: string | null;
  houseNumberRequired: boolean;
  regionRequired: boolean;
};

const addressPath = (id: string) => `/api/me/addresses/${encodeURIComponent(id)}`;

export const listAddresses = () => api.get<ListPage<Address>>('/api/me/addresses');

export const listAddressCountries = () => api.get<ListPage<AddressCountry>>('/api/addresses/countries');

export const createAddress = (body: AddressFields & { kind: AddressKind }) => api.post<Address>('/api/me/addresses', body);

export const updateAddress = (id: string, body: AddressFields) => api.patch<Address>(addressPath(id), body);

export const deleteAddress = (id: string) => api.delete(addressPath(id));

export const makeDefaultAddress = (id: string) => api.post<Address>(`${addressPath(id)}/default`);

export const copyBillingToDelivery = () => api.post<Address>('/api/me/addresses/delivery-from-billing', {});
