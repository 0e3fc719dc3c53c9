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
  initials: string | null;
  /** E.164; `phoneNational` is the form to show and edit. */
  phone: string | null;
  phoneNational: string | null;
  mobile: string | null;
  mobileNational: string | null;
  gender: Gender | null;
  /** YYYY-MM-DD. */
  birthDate: string | null;
};

export type Gender = 'female' | 'male' | 'non_binary' | 'prefer_not_to_say';

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

/** null or "" clears an optional field; absent fields do not change. */
export type ProfileChanges = {
  firstName?: string;
  lastName?: string;
  initials?: string | null;
  phone?: string | null;
  mobile?: string | null;
  locale?: string;
  gender?: Gender | null;
  birthDate?: string | null;
};

export const updateProfile = (body: ProfileChanges) => api.patch<Customer>('/api/me', body);

export const getPendingEmailChange = () =>
  api.get<{ pendingEmail: string | null; expiresAt: string | null }>('/api/me/email-change');

export const requestEmailChange = (body: { newEmail: string; password?: string; code?: string }) =>
  api.post<{ status: 'verification_sent' }>('/api/me/email-change', body);

export const confirmEmailChange = (token: string) => api.post<Customer>('/api/me/email-change/confirm', { token });

export const reportEmailChange = (token: string) =>
  api.post<{ status: 'reported'; emailRestored: boolean }>('/api/auth/email-change/report', { token });

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

export type ConsentPurpose = 'newsletter_email' | 'promotional_email' | 'sms';
export type ConsentSource = 'sign_up' | 'account_page' | 'unsubscribe_link' | 'staff' | 'import';
export type ConsentState = { granted: boolean; since: string | null; source: ConsentSource | null };
export type ConsentRecord = { purpose: ConsentPurpose; granted: boolean; source: ConsentSource; recordedAt: string; noticeVersion: string };

export type Preferences = {
  newsletterEmail: ConsentState;
  promotionalEmail: ConsentState;
  sms: ConsentState;
  mobileOnFile: boolean;
  noticeVersion: string;
  history: ConsentRecord[];
};

export type PreferencesChanges = { newsletterEmail?: boolean; promotionalEmail?: boolean; sms?: boolean };

export const getPreferences = () => api.get<Preferences>('/api/me/preferences');

export const updatePreferences = (body: PreferencesChanges) => api.patch<Preferences>('/api/me/preferences', body);

export type UnsubscribeLink = { purpose: ConsentPurpose; shopName: string; email: string; subscribed: boolean };

const unsubscribePath = (token: string) => `/api/unsubscribe?token=${encodeURIComponent(token)}`;

/** Reads what the link is about; unsubscribes nobody. */
export const describeUnsubscribeLink = (token: string) => api.get<UnsubscribeLink>(unsubscribePath(token));

export const unsubscribe = (token: string) =>
  api.post<{ purpose: ConsentPurpose; subscribed: false; alreadyWithdrawn: boolean }>(unsubscribePath(token));

/** GET /api/me/export: everything held about the customer (see docs/PRIVACY.md). */
export type PersonalDataExport = {
  format: string;
  version: number;
  generatedAt: string;
  customerId: string;
  sections: Record<string, unknown>;
  processing: unknown;
};

export const exportMyData = () => api.get<PersonalDataExport>('/api/me/export');

/** A fresh proof: the current password, or a code from POST /api/auth/login-code. */
export type DeletionProof = { password: string } | { code: string };

export const deleteMyAccount = (proof: DeletionProof) => api.delete('/api/me', proof);
