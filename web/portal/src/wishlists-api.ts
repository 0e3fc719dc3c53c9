import { api, type ListPage } from './portal-api';

// Wishlists (F5.5) as the portal calls them; the storefront fills them through the same API.

export type Money = { amount: number; currency: string };

export type WishlistItem = {
  id: string;
  productId: string;
  variantId: string | null;
  name: string;
  imageUrl: string | null;
  price: Money | null;
  quantity: number;
  addedAt: string;
};

export type Wishlist = {
  id: string;
  name: string;
  location: { companyId: string; companyName: string; locationId: string; locationName: string } | null;
  shared: boolean;
  sharedAt: string | null;
  itemCount: number;
  createdAt: string;
  updatedAt: string;
};

export type WishlistDetail = Wishlist & { items: WishlistItem[] };
export type SharedWishlist = { name: string; ownerFirstName: string; items: WishlistItem[] };
export type LocationRef = { companyId: string; locationId: string };
export type ReorderRequest = { eventId: string; lines: { productId: string; variantId: string | null; name: string; quantity: number }[]; cartUrl: string | null };

export const listWishlists = (cursor: string | null) =>
  api.get<ListPage<Wishlist>>(`/api/me/wishlists?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
export const createWishlist = (body: { name: string; location?: LocationRef | null }) => api.post<WishlistDetail>('/api/me/wishlists', body);
export const getWishlist = (id: string) => api.get<WishlistDetail>(`/api/me/wishlists/${encodeURIComponent(id)}`);
export const updateWishlist = (id: string, body: { name?: string; location?: LocationRef | null }) =>
  api.patch<WishlistDetail>(`/api/me/wishlists/${encodeURIComponent(id)}`, body);
export const deleteWishlist = (id: string) => api.delete(`/api/me/wishlists/${encodeURIComponent(id)}`);
export const removeWishlistItem = (id: string, itemId: string) => api.delete(`/api/me/wishlists/${encodeURIComponent(id)}/items/${encodeURIComponent(itemId)}`);
export const emptyWishlist = (id: string) => api.delete(`/api/me/wishlists/${encodeURIComponent(id)}/items`);
export const shareWishlist = (id: string) => api.post<{ token: string; url: string }>(`/api/me/wishlists/${encodeURIComponent(id)}/share`);
export const revokeWishlistShare = (id: string) => api.delete(`/api/me/wishlists/${encodeURIComponent(id)}/share`);
export const requestWishlistReorder = (id: string) => api.post<ReorderRequest>(`/api/me/wishlists/${encodeURIComponent(id)}/reorder-request`);
export const getSharedWishlist = (token: string) => api.get<SharedWishlist>(`/api/shared-wishlists/${encodeURIComponent(token)}`);

export function formatMoney(locale: string, money: Money): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { style: 'currency', currency: money.currency }).format(money.amount / 100);
}
