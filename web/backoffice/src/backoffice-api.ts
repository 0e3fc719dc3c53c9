import { createApiClient } from '../../ui/api';
import { activeLocale } from '../../ui/i18n';

/**
 * Staff sessions are not customers' sessions: their own cookies, so a person signed in to both
 * apps in one browser keeps them apart. The CSRF cookie is the staff one.
 */
export const STAFF_CSRF_COOKIE = 'comptoir_staff_csrf';

export const api = createApiClient({ getLocale: activeLocale, csrfCookie: STAFF_CSRF_COOKIE });

export const STAFF_ROLES = ['owner', 'administrator', 'support', 'read_only'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
/** invited: has a set-up link, no password yet. Only active and disabled can be set. */
export type StaffStatus = 'invited' | 'active' | 'disabled';

/** Where a sign-in step leads: the second factor, its first set-up, or the back office itself. */
export type NextStep = 'totp' | 'totp_setup' | 'signed_in';

export type StaffSummary = { id: string; email: string; name: string; role: StaffRole };

export type StaffMe = StaffSummary & {
  locale: string;
  totpEnabled: boolean;
  permissions: string[];
  secondFactorVerified: boolean;
  /** The markets this member works in (F1.8); null: every market. */
  marketIds: string[] | null;
};

export type StaffUser = StaffSummary & {
  status: StaffStatus;
  totpEnabled: boolean;
  marketIds: string[] | null;
  lastSignInAt: string | null;
  createdAt: string;
};

export type SignInAnswer = { token: string; csrfToken: string; staff: StaffSummary; next: NextStep };

/** email and name are null on the first-run link: the owner types them on the set-up page. */
export type SetupLink = { email: string | null; name: string | null; role: StaffRole; expiresAt: string };

export type TotpEnrolment = { secret: string; otpauthUrl: string; qrSvg: string };

export type AuditEvent = {
  id: string;
  at: string;
  staff: { id: string; name: string; email: string } | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: unknown;
};

export type ListPage<T> = { items: T[]; nextCursor: string | null };

export type AuditFilters = {
  staffId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** ISO instants; the filter form turns its dates into the start and end of those days. */
  from?: string;
  to?: string;
};

const query = (values: Record<string, string | undefined>) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
};

export const getSetupLink = (token: string) => api.get<SetupLink>(`/api/staff/setup${query({ token })}`);

export const completeSetup = (body: { token: string; name: string; password: string; email?: string }) =>
  api.post<SignInAnswer>('/api/staff/setup', body);

export const signIn = (body: { email: string; password: string }) => api.post<SignInAnswer>('/api/staff/auth/login', body);

export const startTotpSetup = () => api.post<TotpEnrolment>('/api/staff/auth/totp/setup');

export const confirmTotp = (code: string) => api.post<{ recoveryCodes: string[] }>('/api/staff/auth/totp/confirm', { code });

export const verifySecondFactor = (body: { code: string } | { recoveryCode: string }) =>
  api.post<{ staff: StaffSummary; next: 'signed_in' }>('/api/staff/auth/totp/verify', body);

export const signOut = () => api.post('/api/staff/auth/logout');

export const getMe = () => api.get<StaffMe>('/api/staff/me');

export const listStaff = () => api.get<ListPage<StaffUser>>('/api/staff/users');

export const inviteStaff = (body: { email: string; name: string; role: StaffRole }) =>
  api.post<StaffUser>('/api/staff/users', body);

export const updateStaff = (staffId: string, body: { role?: StaffRole; status?: 'active' | 'disabled'; marketIds?: string[] | null }) =>
  api.patch<StaffUser>(`/api/staff/users/${encodeURIComponent(staffId)}`, body);

export const listAudit = (filters: AuditFilters, cursor: string | null) =>
  api.get<ListPage<AuditEvent>>(`/api/staff/audit${query({ ...filters, limit: '50', cursor: cursor ?? undefined })}`);
