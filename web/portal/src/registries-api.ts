import { api, type ListPage } from './portal-api';
import type { Money } from './wishlists-api';

// Gift and birth registries (F5.6): the owners' calls and the public page's.

export type RegistryKind = 'birth' | 'wedding' | 'birthday' | 'other';
export type RegistryVisibility = 'public' | 'link' | 'code';

export type RegistryItem = {
  id: string;
  productId: string;
  variantId: string | null;
  name: string;
  imageUrl: string | null;
  price: Money | null;
  wantedQuantity: number;
  reservedQuantity: number;
  purchasedQuantity: number;
  remainingQuantity: number;
};

export type Registry = {
  id: string;
  kind: RegistryKind;
  title: string;
  ownerNames: string;
  eventDate: string | null;
  message: string | null;
  publicCode: string;
  url: string;
  visibility: RegistryVisibility;
  status: 'open' | 'closed';
  fundEnabled: boolean;
  currency: string;
  hasPhoto: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
};

export type RegistryDetail = Registry & { items: RegistryItem[]; totals: { gifts: number; contributions: Money; unthanked: number } };

export type RegistryGift = {
  id: string;
  item: { id: string; name: string };
  quantity: number;
  status: 'reserved' | 'purchased' | 'cancelled';
  giverName: string;
  hasEmail: boolean;
  message: string | null;
  createdAt: string;
  purchasedAt: string | null;
  thankedAt: string | null;
};

export type RegistryContribution = { id: string; amount: Money; giverName: string; hasEmail: boolean; message: string | null; createdAt: string; thankedAt: string | null };

export type RegistryBody = {
  kind?: RegistryKind;
  title?: string;
  ownerNames?: string;
  eventDate?: string | null;
  message?: string | null;
  visibility?: RegistryVisibility;
  accessCode?: string | null;
  fundEnabled?: boolean;
};

export type PublicRegistrySummary = { publicCode: string; kind: RegistryKind; title: string; ownerNames: string; eventDate: string | null };
export type PublicRegistry = PublicRegistrySummary & {
  message: string | null;
  status: 'open' | 'closed';
  fundEnabled: boolean;
  currency: string;
  photoUrl: string | null;
  items: Omit<RegistryItem, 'reservedQuantity' | 'purchasedQuantity'>[];
};

const base = (id: string) => `/api/me/registries/${encodeURIComponent(id)}`;

export const listRegistries = (cursor: string | null) => api.get<ListPage<Registry>>(`/api/me/registries?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
export const createRegistry = (body: RegistryBody) => api.post<RegistryDetail>('/api/me/registries', body);
export const getRegistry = (id: string) => api.get<RegistryDetail>(base(id));
export const updateRegistry = (id: string, body: RegistryBody) => api.patch<RegistryDetail>(base(id), body);
export const setRegistryOpen = (id: string, open: boolean) => api.post<RegistryDetail>(`${base(id)}/${open ? 'reopen' : 'close'}`);
export const addRegistryItem = (id: string, body: { productId: string; name: string; wantedQuantity: number; imageUrl?: string | null; price?: Money | null }) =>
  api.post<RegistryItem>(`${base(id)}/items`, body);
export const setRegistryItemWanted = (id: string, itemId: string, wantedQuantity: number) =>
  api.patch<RegistryItem>(`${base(id)}/items/${encodeURIComponent(itemId)}`, { wantedQuantity });
export const removeRegistryItem = (id: string, itemId: string) => api.delete(`${base(id)}/items/${encodeURIComponent(itemId)}`);
export const listRegistryGifts = (id: string) => api.get<ListPage<RegistryGift>>(`${base(id)}/gifts?limit=100`);
export const listRegistryContributions = (id: string) => api.get<ListPage<RegistryContribution>>(`${base(id)}/contributions?limit=100`);
export const thankGift = (id: string, giftId: string, message: string) =>
  api.post<RegistryGift & { emailed: boolean }>(`${base(id)}/gifts/${encodeURIComponent(giftId)}/thank`, { message });
export const thankContribution = (id: string, contributionId: string, message: string) =>
  api.post<RegistryContribution & { emailed: boolean }>(`${base(id)}/contributions/${encodeURIComponent(contributionId)}/thank`, { message });
export const cancelReservation = (id: string, giftId: string) => api.post<RegistryGift>(`${base(id)}/gifts/${encodeURIComponent(giftId)}/cancel`);
export const ownerPhotoUrl = (id: string, version: string) => `${base(id)}/photo?v=${encodeURIComponent(version)}`;

/** The photo goes as raw bytes with its own type, not JSON: a plain fetch with the CSRF header. */
export async function uploadRegistryPhoto(id: string, file: File): Promise<{ ok: true } | { ok: false; status: number; code: string; detail: string | null }> {
  const csrf = document.cookie.split(';').map((part) => part.trim()).find((part) => part.startsWith('comptoir_csrf='))?.slice('comptoir_csrf='.length);
  const headers: Record<string, string> = { 'Content-Type': file.type || 'application/octet-stream', Accept: 'application/json' };
  if (csrf) headers['X-CSRF-Token'] = decodeURIComponent(csrf);
  try {
    const response = await fetch(`${base(id)}/photo`, { method: 'PUT', headers, body: file, credentials: 'same-origin' });
    if (response.ok) return { ok: true };
    const problem = (await response.json().catch(() => ({}))) as { code?: string; detail?: string };
    return { ok: false, status: response.status, code: problem.code ?? 'unexpected_response', detail: problem.detail ?? null };
  } catch {
    return { ok: false, status: 0, code: 'network_error', detail: null };
  }
}

export const searchPublicRegistries = (q: string) => api.get<ListPage<PublicRegistrySummary>>(`/api/registries?q=${encodeURIComponent(q)}`);
export const getPublicRegistry = (code: string, accessCode: string | null) =>
  api.get<PublicRegistry>(`/api/registries/${encodeURIComponent(code)}${accessCode ? `?accessCode=${encodeURIComponent(accessCode)}` : ''}`);
export const reserveRegistryItem = (code: string, body: { itemId: string; quantity: number; name: string; email?: string | null; message?: string | null; accessCode?: string }) =>
  api.post<{ id: string; remainingQuantity: number }>(`/api/registries/${encodeURIComponent(code)}/reservations`, body);
export const leaveRegistryMessage = (code: string, body: { name: string; email?: string | null; message: string; accessCode?: string }) =>
  api.post<{ status: 'sent' }>(`/api/registries/${encodeURIComponent(code)}/messages`, body);

/** Codes are typed as printed: LN-7KQ2-M4XP, with or without dashes. */
export const looksLikeRegistryCode = (text: string) => /^L[NMAC]-?[0-9A-Z]{4}-?[0-9A-Z]{4}$/i.test(text.replace(/\s/g, ''));
