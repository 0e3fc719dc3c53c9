import { z } from 'zod';
import { ZProductSnapshot } from '../wishlists/wishlists.schemas.js';
import { registryGiftStatuses, registryKinds, registryStatuses, registryVisibilities } from './registries.tables.js';

const ZTitle = z.string().trim().min(1).max(150);
const ZOwnerNames = z.string().trim().min(2).max(150).describe('The names visitors search by, e.g. “Léa et Hugo Martin”.');
const ZMessage = z.string().trim().max(2000);
const ZAccessCode = z
  .string()
  .trim()
  .min(6)
  .max(32)
  .regex(/^[A-Za-z0-9-]+$/, { error: 'Letters, digits and dashes.' })
  .describe('For `code` visibility: what visitors type besides the registry’s code (6–32 letters or digits, case ignored).');

const registryFields = {
  kind: z.enum(registryKinds),
  title: ZTitle,
  ownerNames: ZOwnerNames,
  eventDate: z.iso.date().nullish().describe('The birth, wedding or birthday (YYYY-MM-DD).'),
  message: ZMessage.nullish().describe('Shown to visitors on the registry’s page.'),
  visibility: z.enum(registryVisibilities).optional().describe('public: listed in search; link: only by its code or link (default); code: also needs accessCode.'),
  accessCode: ZAccessCode.nullish(),
  fundEnabled: z.boolean().optional().describe('Visitors may contribute an amount (paid at the store).'),
};

export const ZCreateRegistryBody = z
  .object(registryFields)
  .strict()
  .superRefine((body, context) => {
    if (body.visibility === 'code' && !body.accessCode) {
      context.addIssue({ code: 'custom', path: ['accessCode'], message: 'Needed with visibility code.' });
    }
  });
export type TCreateRegistryBody = z.output<typeof ZCreateRegistryBody>;

export const ZUpdateRegistryBody = z
  .object({ ...registryFields, kind: registryFields.kind.optional(), title: ZTitle.optional(), ownerNames: ZOwnerNames.optional() })
  .strict();
export type TUpdateRegistryBody = z.output<typeof ZUpdateRegistryBody>;

export const ZRegistryParams = z.object({ registryId: z.string().min(1).max(64) });
export const ZRegistryItemParams = ZRegistryParams.extend({ itemId: z.string().min(1).max(64) });
export const ZRegistryGiftParams = ZRegistryParams.extend({ giftId: z.string().min(1).max(64) });
export const ZRegistryContributionParams = ZRegistryParams.extend({ contributionId: z.string().min(1).max(64) });
export const ZRegistryCodeParams = z.object({ code: z.string().min(1).max(40).describe('The registry’s public code, e.g. LN-7KQ2-M4XP (case and dashes ignored).') });

export const ZPutRegistryItemBody = ZProductSnapshot.extend({ wantedQuantity: z.number().int().min(1).max(999) }).strict();
export type TPutRegistryItemBody = z.output<typeof ZPutRegistryItemBody>;
export const ZUpdateRegistryItemBody = z.object({ wantedQuantity: z.number().int().min(1).max(999) }).strict();

export const ZThankBody = z.object({ message: z.string().trim().min(1).max(2000).describe('Emailed to the giver when they left an address.') }).strict();

const ZMoney = z.object({ amount: z.number().int(), currency: z.string() });

export const ZRegistryItem = z.object({
  id: z.string(),
  productId: z.string(),
  variantId: z.string().nullable(),
  name: z.string(),
  imageUrl: z.string().nullable(),
  price: ZMoney.nullable(),
  wantedQuantity: z.number().int(),
  reservedQuantity: z.number().int(),
  purchasedQuantity: z.number().int(),
  remainingQuantity: z.number().int(),
});
export type TRegistryItem = z.infer<typeof ZRegistryItem>;

export const ZRegistry = z.object({
  id: z.string(),
  kind: z.enum(registryKinds),
  title: z.string(),
  ownerNames: z.string(),
  eventDate: z.string().nullable(),
  message: z.string().nullable(),
  publicCode: z.string(),
  url: z.string().describe('The public page, on the portal of the registry’s market.'),
  visibility: z.enum(registryVisibilities),
  status: z.enum(registryStatuses),
  fundEnabled: z.boolean(),
  currency: z.string(),
  hasPhoto: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
});
export type TRegistry = z.infer<typeof ZRegistry>;

export const ZRegistryDetail = ZRegistry.extend({
  items: z.array(ZRegistryItem),
  totals: z.object({ gifts: z.number().int(), contributions: ZMoney, unthanked: z.number().int() }),
});
export type TRegistryDetail = z.infer<typeof ZRegistryDetail>;

export const ZRegistryGift = z.object({
  id: z.string(),
  item: z.object({ id: z.string(), name: z.string() }),
  quantity: z.number().int(),
  status: z.enum(registryGiftStatuses),
  giverName: z.string(),
  hasEmail: z.boolean().describe('The giver left an address: a thank-you is emailed to it (the address itself is not shown).'),
  message: z.string().nullable(),
  createdAt: z.string(),
  purchasedAt: z.string().nullable(),
  thankedAt: z.string().nullable(),
});
export type TRegistryGift = z.infer<typeof ZRegistryGift>;

export const ZRegistryContribution = z.object({
  id: z.string(),
  amount: ZMoney,
  giverName: z.string(),
  hasEmail: z.boolean(),
  message: z.string().nullable(),
  createdAt: z.string(),
  thankedAt: z.string().nullable(),
});
export type TRegistryContribution = z.infer<typeof ZRegistryContribution>;

// Visitors.

export const ZPublicRegistryQuery = z.object({ accessCode: z.string().max(32).optional() });

export const ZRegistrySearchQuery = z.object({
  q: z.string().trim().min(3).max(100).describe('Three characters or more of the owners’ names (accents and case ignored), or a registry code.'),
});

export const ZPublicRegistrySummary = z.object({
  publicCode: z.string(),
  kind: z.enum(registryKinds),
  title: z.string(),
  ownerNames: z.string(),
  eventDate: z.string().nullable(),
});

export const ZPublicRegistry = ZPublicRegistrySummary.extend({
  message: z.string().nullable(),
  status: z.enum(registryStatuses),
  fundEnabled: z.boolean(),
  currency: z.string(),
  photoUrl: z.string().nullable(),
  items: z.array(ZRegistryItem.omit({ reservedQuantity: true, purchasedQuantity: true })),
});
export type TPublicRegistry = z.infer<typeof ZPublicRegistry>;

const ZGiverName = z.string().trim().min(1).max(100);
const ZGiverEmail = z.email().max(254);

export const ZReservationBody = z
  .object({
    itemId: z.string().min(1).max(64),
    quantity: z.number().int().min(1).max(999).default(1),
    name: ZGiverName.describe('Shown to the owners.'),
    email: ZGiverEmail.nullish().describe('Only for the owners’ thank-you, which Comptoir emails; never shown to them.'),
    message: ZMessage.nullish(),
    accessCode: z.string().max(32).optional(),
  })
  .strict();
export type TReservationBody = z.output<typeof ZReservationBody>;

export const ZReservation = z.object({
  id: z.string(),
  itemId: z.string(),
  quantity: z.number().int(),
  remainingQuantity: z.number().int().describe('What is left of the item after this reservation.'),
  status: z.literal('reserved'),
});

export const ZVisitorMessageBody = z
  .object({ name: ZGiverName, email: ZGiverEmail.nullish(), message: ZMessage.min(1), accessCode: z.string().max(32).optional() })
  .strict();
export type TVisitorMessageBody = z.output<typeof ZVisitorMessageBody>;

// The store.

export const ZIntegrationPurchaseBody = z
  .object({
    itemId: z.string().min(1).max(64),
    quantity: z.number().int().min(1).max(999),
    externalOrderId: z.string().trim().min(1).max(200).describe('The store’s order: the same order reported twice counts once.'),
    reservationId: z.string().min(1).max(64).nullish().describe('The visitor’s reservation this order pays for; omit for a purchase made without one.'),
    giverName: ZGiverName.nullish().describe('Needed without reservationId.'),
    giverEmail: ZGiverEmail.nullish(),
    message: ZMessage.nullish(),
  })
  .strict()
  .superRefine((body, context) => {
    if (!body.reservationId && !body.giverName) context.addIssue({ code: 'custom', path: ['giverName'], message: 'Needed for a purchase without a reservation.' });
  });
export type TIntegrationPurchaseBody = z.output<typeof ZIntegrationPurchaseBody>;

export const ZIntegrationGift = ZRegistryGift.omit({ hasEmail: true }).extend({ externalOrderId: z.string().nullable(), registryCode: z.string() });

export const ZIntegrationContributionBody = z
  .object({
    amount: z.number().int().min(1).max(100_000_000).describe('Minor units.'),
    currency: z.string().regex(/^[A-Z]{3}$/, { error: 'An ISO 4217 code in capitals, e.g. EUR.' }),
    externalPaymentId: z.string().trim().min(1).max(200).describe('The store’s payment: the same payment reported twice counts once.'),
    giverName: ZGiverName,
    giverEmail: ZGiverEmail.nullish(),
    message: ZMessage.nullish(),
  })
  .strict();
export type TIntegrationContributionBody = z.output<typeof ZIntegrationContributionBody>;

export const ZIntegrationContribution = ZRegistryContribution.omit({ hasEmail: true }).extend({ externalPaymentId: z.string().nullable(), registryCode: z.string() });
