import { api, type ListPage } from '../backoffice-api';

export const PRIVACY_REQUEST_KINDS = ['export', 'erasure'] as const;
export type PrivacyRequestKind = (typeof PRIVACY_REQUEST_KINDS)[number];
export const PRIVACY_REQUEST_STATUSES = ['open', 'answered', 'declined'] as const;
export type PrivacyRequestStatus = (typeof PRIVACY_REQUEST_STATUSES)[number];
export const PRIVACY_REQUEST_CHANNELS = ['email', 'letter', 'phone', 'in_store', 'other'] as const;
export type PrivacyRequestChannel = (typeof PRIVACY_REQUEST_CHANNELS)[number];

export type PrivacyRequest = {
  id: string;
  kind: PrivacyRequestKind;
  status: PrivacyRequestStatus;
  channel: PrivacyRequestChannel;
  /** null once the customer is erased: `erasurePseudonym` then names them in the kept records. */
  customer: { id: string; email: string; name: string } | null;
  erasurePseudonym: string | null;
  receivedAt: string;
  dueAt: string;
  overdue: boolean;
  /** Open requests only: whole days left, 0 or less when overdue. */
  daysLeft: number | null;
  answeredAt: string | null;
  recordedBy: { id: string; name: string } | null;
  answeredBy: { id: string; name: string } | null;
};

export type PrivacyRequestFilters = { status?: PrivacyRequestStatus; kind?: PrivacyRequestKind; customerId?: string };

const query = (values: Record<string, string | undefined>) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
};

export const listPrivacyRequests = (filters: PrivacyRequestFilters, cursor: string | null, limit = 50) =>
  api.get<ListPage<PrivacyRequest>>(`/api/staff/privacy-requests${query({ ...filters, limit: String(limit), cursor: cursor ?? undefined })}`);

export const recordPrivacyRequest = (body: { customerId: string; kind: PrivacyRequestKind; channel: PrivacyRequestChannel; receivedAt?: string }) =>
  api.post<PrivacyRequest>('/api/staff/privacy-requests', body);

export const closePrivacyRequest = (requestId: string, status: 'answered' | 'declined') =>
  api.patch<PrivacyRequest>(`/api/staff/privacy-requests/${encodeURIComponent(requestId)}`, { status });

/** The customer's export document, as the API sends it (GET with the staff session cookie). */
export const exportCustomerData = (customerId: string, requestId?: string) =>
  api.get<{ generatedAt: string; customerId: string }>(`/api/staff/customers/${encodeURIComponent(customerId)}/export${query({ requestId })}`);

export const eraseCustomer = (customerId: string, body: { confirmEmail: string; requestId?: string }) =>
  api.post<{ pseudonym: string }>(`/api/staff/customers/${encodeURIComponent(customerId)}/erase`, body);
