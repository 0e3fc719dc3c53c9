import { z } from 'zod';

export const ZMyCard = z.object({
  number: z.string().describe('13 digits: `29`, ten random digits, an EAN-13 check digit.'),
  formattedNumber: z.string().describe('Grouped by four for reading aloud, e.g. `2901 2345 6789 0`.'),
  issuedAt: z.date(),
  holderName: z.string(),
  barcodeSvgUrl: z.string().describe('Code 128 of the number (SVG), with the number under the bars.'),
  qrSvgUrl: z.string().describe('QR code of the number (SVG).'),
  imagePngUrl: z.string().describe('The card as a PNG image to download: shop, holder, barcode and number.'),
});

/** Documents a route that answers a file (bytes or SVG text) rather than JSON. */
export function fileResponse(contentType: string, description: string) {
  return { description, content: { [contentType]: { schema: z.unknown().meta({ type: 'string', format: 'binary' }) } } };
}
