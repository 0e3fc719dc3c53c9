import { z } from 'zod';
import { defineExportSection } from '../privacy/privacy.extension.js';
import { ZWishlistItem } from './wishlists.schemas.js';
import { listWishlistsForExport } from './wishlists.service.js';

// The wishlists module's part of GET /api/me/export (listed in privacy/privacy.registry.ts).
// Lists and their products cascade with the account at erasure.

const ZExportedWishlist = z.object({
  id: z.string(),
  name: z.string(),
  locationId: z.string().nullable(),
  shared: z.boolean().describe('Whether a read-only share link is live (the link itself is not kept).'),
  sharedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  items: z.array(ZWishlistItem),
});

export const wishlistsExport = defineExportSection({
  key: 'wishlists',
  description: 'Your wishlists and the products on them, as the shop’s site described them.',
  // wishlist_items have no customer_id: they are exported (and erased) with their list.
  tables: ['wishlists'],
  processing: {
    purposes: ['Keeping the products you want to buy later, and sharing a list when you ask to'],
    legalBasis: 'Contract (art. 6(1)(b) GDPR)',
    retention: 'Until you empty or delete the list, or delete your account.',
    recipients: ['The shop', 'People you give a share link to (read-only)', 'Its hosting provider (processor)'],
  },
  schema: z.array(ZExportedWishlist),
  collect: (db, customerId) => listWishlistsForExport(db, customerId),
});
