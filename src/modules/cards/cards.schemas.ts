import { z } from 'zod';

export const ZMyCard = z.object({
  number: z.string().describe('13 digits: `29`, ten random digits, an EAN-13 check digit.'),
  formattedNumber: z.string().describe('Grouped by four for reading aloud, e.g. `2901 2345 6789 0`.'),
  issuedAt: z.date(),
  holderName: z.string(),
  points: z.number().int().describe('Loyalty points as the store last reported them (0 until it does).'),
  barcodeSvgUrl: z.string().describe('Code 128 of the number (SVG), with the number under the bars.'),
  qrSvgUrl: z.string().describe('QR code of the number (SVG).'),
  imagePngUrl: z.string().describe('The card as a PNG image to download: shop, holder, barcode and number.'),
});

const ZWalletAvailability = z.object({
  available: z.boolean(),
  reason: z.literal('not_configured').optional().describe('Why the wallet is not offered: the shop has not configured it.'),
});
/** Which wallet buttons to show (F5.1): each wallet only when the shop configured its credentials. */
export const ZWalletAvailabilities = z.object({ apple: ZWalletAvailability, google: ZWalletAvailability });

export const ZMyCardPage = ZMyCard.extend({ wallet: ZWalletAvailabilities });

/** The store's figure, replacing the previous one (PUT): an integer, never negative. */
export const ZPutCardPointsBody = z.strictObject({
  points: z.number().int().min(0).max(2_147_483_647).describe('The card’s balance as the store’s loyalty system computes it.'),
});
export const ZCardPoints = z.object({
  number: z.string(),
  points: z.number().int(),
  pointsUpdatedAt: z.date().nullable().describe('When the store last changed the balance; null if it never did.'),
});

/** Documents a route that answers a file (bytes or SVG text) rather than JSON. */
export function fileResponse(contentType: string, description: string) {
  return { description, content: { [contentType]: { schema: z.unknown().meta({ type: 'string', format: 'binary' }) } } };
}
