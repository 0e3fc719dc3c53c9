import { z } from 'zod';

// Products as the store describes them: Comptoir keeps no catalogue, so a list shows what the
// storefront sent (its ids, name, image and price at the time).

const ZProductId = z.string().trim().min(1).max(200);
const ZHttpUrl = z
  .url({ protocol: /^https?$/, error: 'An absolute http(s) URL.' })
  .max(2000);
const ZCurrency = z.string().regex(/^[A-Z]{3}$/, { error: 'An ISO 4217 code in capitals, e.g. EUR.' });

export const ZMoneyInput = z
  .object({ amount: z.number().int().min(0).max(100_000_000), currency: ZCurrency })
  .describe('Integer minor units of an ISO 4217 currency.');

/** The product part shared by wishlist and registry items. */
export const ZProductSnapshot = z.object({
  productId: ZProductId.describe('The store’s product id.'),
  variantId: z.string().trim().max(200).nullish().describe('The store’s variant id; omit for a product without variants.'),
  name: z.string().trim().min(1).max(300),
  imageUrl: ZHttpUrl.nullish(),
  price: ZMoneyInput.nullish(),
});
export type TProductSnapshot = z.output<typeof ZProductSnapshot>;

const ZName = z.string().trim().min(1).max(100);
const ZLocationRef = z
  .object({ companyId: z.string().min(1).max(64), locationId: z.string().min(1).max(64) })
  .describe('A location of one of your companies where you may buy: the list is kept for it.');

export const ZCreateWishlistBody = z.object({ name: ZName, location: ZLocationRef.nullish() }).strict();
export type TCreateWishlistBody = z.output<typeof ZCreateWishlistBody>;

export const ZUpdateWishlistBody = z
  .object({ name: ZName.optional(), location: ZLocationRef.nullable().optional().describe('null: no longer kept for a location.') })
  .strict();
export type TUpdateWishlistBody = z.output<typeof ZUpdateWishlistBody>;

export const ZPutWishlistItemBody = ZProductSnapshot.extend({ quantity: z.number().int().min(1).max(9999).optional().describe('Default 1.') }).strict();
export type TPutWishlistItemBody = z.output<typeof ZPutWishlistItemBody>;

export const ZWishlistParams = z.object({ wishlistId: z.string().min(1).max(64) });
export const ZWishlistItemParams = ZWishlistParams.extend({ itemId: z.string().min(1).max(64) });
export const ZShareTokenParams = z.object({ token: z.string().min(20).max(100) });

const ZMoney = z.object({ amount: z.number().int(), currency: z.string() });

export const ZWishlistItem = z.object({
  id: z.string(),
  productId: z.string(),
  variantId: z.string().nullable(),
  name: z.string(),
  imageUrl: z.string().nullable(),
  price: ZMoney.nullable(),
  quantity: z.number().int(),
  addedAt: z.string(),
});
export type TWishlistItem = z.infer<typeof ZWishlistItem>;

export const ZWishlistLocation = z.object({ companyId: z.string(), companyName: z.string(), locationId: z.string(), locationName: z.string() });

export const ZWishlist = z.object({
  id: z.string(),
  name: z.string(),
  location: ZWishlistLocation.nullable(),
  shared: z.boolean().describe('A share link is live; the link itself was shown once, when made.'),
  sharedAt: z.string().nullable(),
  itemCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TWishlist = z.infer<typeof ZWishlist>;

export const ZWishlistDetail = ZWishlist.extend({ items: z.array(ZWishlistItem) });
export type TWishlistDetail = z.infer<typeof ZWishlistDetail>;

export const ZWishlistShare = z.object({
  token: z.string().describe('Shown once: only its SHA-256 is kept. A new share replaces the previous link.'),
  url: z.string().describe('The read-only page on the portal of the list’s market.'),
});

export const ZSharedWishlist = z.object({
  name: z.string(),
  ownerFirstName: z.string(),
  items: z.array(ZWishlistItem),
});

export const ZReorderRequest = z.object({
  eventId: z.string().describe('The `wishlist.reorder_requested` webhook event sent to the store’s systems.'),
  lines: z.array(z.object({ productId: z.string(), variantId: z.string().nullable(), name: z.string(), quantity: z.number().int() })),
  cartUrl: z.string().nullable().describe('The storefront link that fills a cart with the lines (CART_URL_TEMPLATE); null when unset.'),
});
export type TReorderRequest = z.infer<typeof ZReorderRequest>;
