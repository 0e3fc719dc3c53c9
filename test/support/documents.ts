import { randomBytes } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { orders } from '../../src/modules/orders/orders.tables.js';
import { newId } from '../../src/platform/ids.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';
import type { TTestApp } from './test-app.js';

// Documents as a store pushes them, an order row to attach them to, and reading a PDF's text.

export const uniqueNumber = (prefix = 'FA') => `${prefix}-${randomBytes(4).toString('hex').toUpperCase()}`;

/** A French invoice of 4 reams of paper: 100,00 € + 20 % VAT, with a billing address. */
export function invoiceBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'invoice',
    number: uniqueNumber(),
    issuedAt: '2026-03-15T10:00:00Z',
    currency: 'EUR',
    subtotal: 10000,
    taxTotal: 2000,
    total: 12000,
    lines: [{ sku: 'PAP-A4', name: 'Ramette A4 80 g', quantity: 4, unitPrice: 2500, taxRateBasisPoints: 2000, lineTotal: 10000 }],
    taxes: [{ label: 'TVA', rateBasisPoints: 2000, amount: 2000 }],
    billingAddress: { name: 'Claire Fontaine', company: 'Papeterie Durand', line1: '3 place du Marché', postalCode: '69002', city: 'Lyon', country: 'FR' },
    ...overrides,
  };
}

/** An order row written directly (the orders module's ingestion is tested on its own), of the default market unless told. */
export async function insertOrder(
  t: TTestApp,
  options: { customerId: string; companyId?: string | null; locationId?: string | null; marketId?: string },
): Promise<{ id: string; number: string }> {
  const id = newId('ord');
  const number = uniqueNumber('CMD');
  await t.ctx.db.insert(orders).values({
    id,
    marketId: options.marketId ?? DEFAULT_MARKET_ID,
    externalId: id,
    number,
    channel: 'online',
    placedAt: new Date('2026-03-14T09:00:00Z'),
    currency: 'EUR',
    customerId: options.customerId,
    companyId: options.companyId ?? null,
    locationId: options.locationId ?? null,
    status: 'open',
    total: 12000,
  });
  return { id, number };
}

/**
 * The text a PDF shows, well enough for a test: every stream is inflated when compressed, and
 * the hex strings of its TJ/Tj operators (pdfkit writes text that way, split by kerning) decoded
 * as WinAnsi and joined. Lines of text are separated by newlines.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const texts: string[] = [];
  for (const match of raw.matchAll(/stream\r?\n/g)) {
    const start = (match.index ?? 0) + match[0].length;
    const end = raw.indexOf('endstream', start);
    const bytes = pdf.subarray(start, end);
    let content: string;
    try {
      content = inflateSync(bytes).toString('latin1');
    } catch {
      content = bytes.toString('latin1');
    }
    for (const operator of content.matchAll(/\[([^\]]*)\]\s*TJ|(<[0-9a-fA-F]*>)\s*Tj/g)) {
      const hexes = [...(operator[1] ?? operator[2] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((hex) => fromWinAnsi(Buffer.from(hex[1] ?? '', 'hex')));
      texts.push(hexes.join(''));
    }
  }
  return texts.join('\n');
}

/** WinAnsi is Latin-1 but for 0x80–0x9F, where it has €, curly quotes, dashes… */
const WIN_ANSI_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
function fromWinAnsi(bytes: Buffer): string {
  return [...bytes].map((byte) => (byte >= 0x80 && byte <= 0x9f ? WIN_ANSI_80_9F[byte - 0x80] : String.fromCharCode(byte))).join('');
}

/** The smallest file that passes for a PDF here: the header, some bytes, the trailer. */
export function samplePdf(): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), randomBytes(2048), Buffer.from('\n%%EOF\n')]);
}
