import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { defineExportSection } from '../privacy/privacy.extension.js';
import { registries, registryContributions, registryGifts, registryItems } from './registries.tables.js';

// The registries module's part of GET /api/me/export (listed in privacy/privacy.registry.ts).
// Registries cascade with the account at erasure, and with them their items, gifts and
// contributions, visitors' names, addresses and messages included (docs/PRIVACY.md).

const ZGiven = z.object({
  giverName: z.string(),
  message: z.string().nullable(),
  createdAt: z.string(),
  thankedAt: z.string().nullable(),
});

const ZExportedRegistry = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  ownerNames: z.string(),
  eventDate: z.string().nullable(),
  message: z.string().nullable(),
  publicCode: z.string(),
  visibility: z.string(),
  status: z.string(),
  fundEnabled: z.boolean(),
  photo: z.object({ contentType: z.string(), base64: z.string() }).nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  items: z.array(z.object({ productId: z.string(), variantId: z.string(), name: z.string(), wantedQuantity: z.number(), reservedQuantity: z.number(), purchasedQuantity: z.number() })),
  gifts: z.array(ZGiven.extend({ itemId: z.string(), quantity: z.number(), status: z.string(), externalOrderId: z.string().nullable() })),
  contributions: z.array(ZGiven.extend({ amount: z.number(), currency: z.string(), externalPaymentId: z.string().nullable() })),
});

async function collectRegistries(db: Database, customerId: string) {
  const rows = await db.select().from(registries).where(eq(registries.customerId, customerId)).orderBy(asc(registries.id));
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [items, gifts, contributions] = await Promise.all([
    db.select().from(registryItems).where(inArray(registryItems.registryId, ids)).orderBy(asc(registryItems.position)),
    db.select().from(registryGifts).where(inArray(registryGifts.registryId, ids)).orderBy(asc(registryGifts.id)),
    db.select().from(registryContributions).where(inArray(registryContributions.registryId, ids)).orderBy(asc(registryContributions.id)),
  ]);
  // Givers' email addresses are theirs, not the owner's: left out (art. 15(4) GDPR), as in the portal.
  const given = (row: { giverName: string; message: string | null; createdAt: Date; thankedAt: Date | null }) => ({
    giverName: row.giverName,
    message: row.message,
    createdAt: row.createdAt.toISOString(),
    thankedAt: row.thankedAt?.toISOString() ?? null,
  });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    title: row.title,
    ownerNames: row.ownerNames,
    eventDate: row.eventDate,
    message: row.message,
    publicCode: row.publicCode,
    visibility: row.visibility,
    status: row.status,
    fundEnabled: row.fundEnabled,
    photo: row.photo && row.photoContentType ? { contentType: row.photoContentType, base64: row.photo.toString('base64') } : null,
    createdAt: row.createdAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    items: items
      .filter((item) => item.registryId === row.id)
      .map(({ productId, variantId, name, wantedQuantity, reservedQuantity, purchasedQuantity }) => ({ productId, variantId, name, wantedQuantity, reservedQuantity, purchasedQuantity })),
    gifts: gifts
      .filter((gift) => gift.registryId === row.id)
      .map((gift) => ({ ...given(gift), itemId: gift.itemId, quantity: gift.quantity, status: gift.status, externalOrderId: gift.externalOrderId })),
    contributions: contributions
      .filter((contribution) => contribution.registryId === row.id)
      .map((contribution) => ({ ...given(contribution), amount: contribution.amount, currency: contribution.currency, externalPaymentId: contribution.externalPaymentId })),
  }));
}

export const registriesExport = defineExportSection({
  key: 'registries',
  description: 'Your gift and birth registries: their items, photo, and what visitors reserved, bought or contributed, with their names and messages.',
  // Items, gifts and contributions have no customer_id: exported (and erased) with their registry.
  tables: ['registries'],
  processing: {
    purposes: ['Publishing your registry and telling you who gave what, so you can thank them'],
    legalBasis: 'Contract (art. 6(1)(b) GDPR)',
    retention: 'Until you delete the registry or your account; a closed registry stays readable to you until then.',
    recipients: ['The shop', 'Visitors of the registry’s page (what you publish, never who gave)', 'Its hosting provider (processor)'],
  },
  schema: z.array(ZExportedRegistry),
  collect: collectRegistries,
});
