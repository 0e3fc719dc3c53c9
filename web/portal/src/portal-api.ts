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
