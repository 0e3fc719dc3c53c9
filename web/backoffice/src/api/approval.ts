import { api, type ListPage } from '../backoffice-api';

// Account approval and the shop settings (F1.7): src/modules/account-approval/account-approval.routes.ts.

export type ApprovalStatus = 'approved' | 'pending' | 'refused';
export const ACCOUNT_APPROVAL_MODES = ['none', 'business', 'all'] as const;
export type AccountApprovalMode = (typeof ACCOUNT_APPROVAL_MODES)[number];

export type ShopSettings = {
  accountApproval: AccountApprovalMode;
  updatedAt: string | null;
  updatedBy: { id: string; name: string } | null;
};

export type PendingApproval = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  accountType: 'individual' | 'professional' | 'company' | 'public_body' | 'association';
  businessName: string | null;
  businessIdentifier: string | null;
  businessVatNumber: string | null;
  emailVerified: boolean;
  createdAt: string;
};

export type ApprovalState = { id: string; approvalStatus: ApprovalStatus; approvalDecidedAt: string | null };

export const getShopSettings = () => api.get<ShopSettings>('/api/staff/settings');

export const saveShopSettings = (body: { accountApproval: AccountApprovalMode }) => api.put<ShopSettings>('/api/staff/settings', body);

export const listPendingApprovals = (cursor: string | null, limit = 25) => {
  const params = new URLSearchParams({ limit: String(limit) });
  if (cursor) params.set('cursor', cursor);
  return api.get<ListPage<PendingApproval>>(`/api/staff/approvals?${params.toString()}`);
};

/** `reconsider`: approving an account that was refused (otherwise 409 already_decided). */
export const approveCustomer = (customerId: string, options: { reconsider?: boolean } = {}) =>
  api.post<ApprovalState>(`/api/staff/customers/${encodeURIComponent(customerId)}/approve`, options.reconsider ? { reconsider: true } : {});

export const refuseCustomer = (customerId: string, reason: string) =>
  api.post<ApprovalState>(`/api/staff/customers/${encodeURIComponent(customerId)}/refuse`, reason ? { reason } : {});
