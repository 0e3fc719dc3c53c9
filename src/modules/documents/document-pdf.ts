import { eq } from 'drizzle-orm';
import type PDFDocument from 'pdfkit';
import type { TAppContext } from '../../context.js';
import { legalMentionLines } from '../../platform/mail/brand-legal.js';
import { textColorOn } from '../../platform/mail/brand-style.js';
import type { TBranding } from '../../platform/mail/mail-layout.js';
import { formatDate, formatMoney, formatRate, kindTitle, statusStamp, type TLocale } from './documents.rules.js';
import type { TDocumentDetail } from './documents.schemas.js';
import { documents } from './documents.tables.js';

// The PDF Comptoir draws when the store sent data but no file (F4.5): an A4 page in the colours
// of the document's market, in the customer's language, with the market's legal mentions at the
// foot of every page. Standard PDF fonts (no font files to ship); they write Western European
// text, which is what the shops using Comptoir print.

/** The branding of the market the document belongs to (documents.market_id), not the reader's host. */
export async function brandingOfDocument(ctx: Pick<TAppContext, 'db' | 'markets'>, documentId: string): Promise<TBranding> {
  const [row] = await ctx.db.select({ marketId: documents.marketId }).from(documents).where(eq(documents.id, documentId));
  return (row ? ctx.markets.get(row.marketId) : ctx.markets.defaultMarket()).branding;
}

const labels = {
  fr: {
    number: 'N°',
    issuedAt: 'Date',
    dueAt: 'Échéance',
    validUntil: 'Valable jusqu’au',
    order: 'Commande',
    poNumber: 'Votre référence',
    billTo: 'Facturé à',
    item: 'Désignation',
    quantity: 'Qté',
    unitPrice: 'Prix unitaire',
    taxRate: 'TVA',
    lineTotal: 'Montant',
    subtotal: 'Sous-total',
    taxTotal: 'Total des taxes',
    total: 'Total',
    amountDue: 'Reste à payer',
    payAt: 'Payer en ligne :',
    paid: 'PAYÉ',
    used: 'UTILISÉ',
    page: 'Page',
  },
  en: {
    number: 'No.',
    issuedAt: 'Date',
    dueAt: 'Due',
    validUntil: 'Valid until',
    order: 'Order',
    poNumber: 'Your reference',
    billTo: 'Bill to',
    item: 'Item',
    quantity: 'Qty',
    unitPrice: 'Unit price',
    taxRate: 'Tax',
    lineTotal: 'Amount',
    subtotal: 'Subtotal',
    taxTotal: 'Tax total',
    total: 'Total',
    amountDue: 'Amount due',
    payAt: 'Pay online:',
    paid: 'PAID',
    used: 'USED',
    page: 'Page',
  },
} as const;
type TLabels = (typeof labels)[TLocale];

const MARGIN = 50;
const PAGE_WIDTH = 595.28; // A4 in points
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const PAGE_BOTTOM = 841.89 - 80;
/** Columns of the lines table: x and width. */
const columns = { item: [MARGIN, 230], quantity: [280, 40], unitPrice: [320, 80], taxRate: [400, 45], lineTotal: [445, 100] } as const;

type TPdf = InstanceType<typeof PDFDocument>;
type TDraw = { pdf: TPdf; document: TDocumentDetail; locale: TLocale; text: TLabels; branding: TBranding };

/** The document as a PDF file. */
export async function renderDocumentPdf(options: { document: TDocumentDetail; locale: TLocale; branding: TBranding }): Promise<Buffer> {
  // pdfkit and its fonts hold some 5 MB of memory: loaded with the first PDF, not at start.
  const { default: PDFKit } = await import('pdfkit');
  const pdf = new PDFKit({
    size: 'A4',
    margin: MARGIN,
    // The stamp goes on the first page once the lines have run over as many pages as they need.
    bufferPages: true,
    info: { Title: `${kindTitle(options.document.kind, options.locale)} ${options.document.number}`, Author: options.branding.shopName },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const draw: TDraw = { pdf, ...options, text: labels[options.locale] };
  drawHeader(draw);
  drawParties(draw);
  drawLines(draw);
  drawTotals(draw);
  drawStamp(draw);
  drawFooters(draw);
  pdf.end();
  return done;
}

function drawHeader({ pdf, document, locale, text, branding }: TDraw): void {
  pdf.rect(0, 0, PAGE_WIDTH, 90).fill(branding.accentColor);
  pdf.fillColor(textColorOn(branding.accentColor)).font('Helvetica-Bold').fontSize(20).text(branding.shopName, MARGIN, 35, { width: CONTENT_WIDTH / 2 });
  pdf.fontSize(16).text(kindTitle(document.kind, locale), PAGE_WIDTH / 2, 30, { width: CONTENT_WIDTH / 2, align: 'right' });
  pdf.font('Helvetica').fontSize(11).text(`${text.number} ${document.number}`, PAGE_WIDTH / 2, 52, { width: CONTENT_WIDTH / 2, align: 'right' });
  pdf.fillColor('#000000');
}

/** Dates and references on the right, the billing address on the left. */
function drawParties({ pdf, document, locale, text }: TDraw): void {
  const facts: [string, string][] = [[text.issuedAt, formatDate(document.issuedAt, locale)]];
  if (document.dueAt) facts.push([text.dueAt, formatDate(document.dueAt, locale)]);
  if (document.validUntil) facts.push([text.validUntil, formatDate(document.validUntil, locale)]);
  if (document.orderNumber) facts.push([text.order, document.orderNumber]);
  if (document.poNumber) facts.push([text.poNumber, document.poNumber]);
  let y = 115;
  for (const [label, value] of facts) {
    pdf.font('Helvetica-Bold').fontSize(9).text(label, 330, y, { width: 100 });
    pdf.font('Helvetica').text(value, 430, y, { width: 115, align: 'right' });
    y += 14;
  }
  const address = document.billingAddress;
  if (address) {
    const lines = [address.name, address.company, address.line1, address.line2, [address.postalCode, address.city].filter(Boolean).join(' '), address.country];
    pdf.font('Helvetica-Bold').fontSize(9).text(text.billTo, MARGIN, 115);
    pdf.font('Helvetica').text(lines.filter((line) => line).join('\n'), MARGIN, 129, { width: 240 });
  }
  pdf.y = Math.max(y, pdf.y) + 25;
}

function drawRow(pdf: TPdf, cells: Record<keyof typeof columns, string>, options: { bold?: boolean } = {}): void {
  const top = pdf.y;
  pdf.font(options.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
  let bottom = top;
  for (const [key, [x, width]] of Object.entries(columns) as [keyof typeof columns, readonly [number, number]][]) {
    pdf.text(cells[key], x, top, { width, align: key === 'item' ? 'left' : 'right' });
    bottom = Math.max(bottom, pdf.y);
  }
  pdf.y = bottom + 6;
}

function drawLines({ pdf, document, locale, text }: TDraw): void {
  const money = (value: { amount: number; currency: string }) => formatMoney(value.amount, value.currency, locale);
  const header = { item: text.item, quantity: text.quantity, unitPrice: text.unitPrice, taxRate: text.taxRate, lineTotal: text.lineTotal };
  drawRow(pdf, header, { bold: true });
  pdf.moveTo(MARGIN, pdf.y - 3).lineTo(PAGE_WIDTH - MARGIN, pdf.y - 3).strokeColor('#999999').stroke();
  for (const line of document.lines) {
    if (pdf.y > PAGE_BOTTOM) {
      pdf.addPage();
      drawRow(pdf, header, { bold: true });
    }
    drawRow(pdf, {
      item: line.sku ? `${line.name}\n${line.sku}` : line.name,
      quantity: String(line.quantity),
      unitPrice: money(line.unitPrice),
      taxRate: line.taxRateBasisPoints === null ? '' : formatRate(line.taxRateBasisPoints, locale),
      lineTotal: money(line.lineTotal),
    });
  }
  pdf.moveTo(MARGIN, pdf.y).lineTo(PAGE_WIDTH - MARGIN, pdf.y).strokeColor('#999999').stroke();
  pdf.y += 10;
}

function drawTotals({ pdf, document, locale, text }: TDraw): void {
  const money = (value: { amount: number; currency: string }) => formatMoney(value.amount, value.currency, locale);
  const rows: [string, string, boolean][] = [];
  if (document.subtotal) rows.push([text.subtotal, money(document.subtotal), false]);
  for (const tax of document.taxes) {
    const rate = tax.rateBasisPoints === null ? '' : ` ${formatRate(tax.rateBasisPoints, locale)}`;
    rows.push([`${tax.label}${rate}`, money(tax.amount), false]);
  }
  if (document.taxes.length === 0 && document.taxTotal.amount > 0) rows.push([text.taxTotal, money(document.taxTotal), false]);
  rows.push([text.total, money(document.total), true]);
  if (document.kind === 'invoice' && document.amountDue && document.amountDue.amount !== document.total.amount) {
    rows.push([text.amountDue, money(document.amountDue), true]);
  }
  if (pdf.y + rows.length * 16 > PAGE_BOTTOM) pdf.addPage();
  for (const [label, value, bold] of rows) {
    const y = pdf.y;
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(bold ? 11 : 9);
    pdf.text(label, 300, y, { width: 140, align: 'right' });
    pdf.text(value, 445, y, { width: 100, align: 'right' });
    pdf.y = Math.max(pdf.y, y + 14) + 2;
  }
  if (document.payUrl && document.status === 'open') {
    pdf.moveDown().font('Helvetica').fontSize(9).text(`${text.payAt} ${document.payUrl}`, MARGIN, pdf.y, { link: document.payUrl, underline: true });
  }
}

/** PAYÉ / UTILISÉ across the first page, in the shop's colour, so a printed copy says it too. */
function drawStamp({ pdf, document, text, branding }: TDraw): void {
  const stamp = statusStamp(document);
  if (!stamp) return;
  pdf.switchToPage(0);
  pdf.save();
  pdf.rotate(-20, { origin: [PAGE_WIDTH / 2, 300] });
  pdf.opacity(0.5).font('Helvetica-Bold').fontSize(48).fillColor(branding.primaryColor);
  pdf.text(text[stamp], MARGIN, 275, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });
  pdf.restore();
}

/**
 * At the foot of every page: the market's legal mentions, which French law requires on an
 * invoice (Code de commerce L441-9 and R123-237: name, legal form and capital, registered office,
 * SIREN, RCS, VAT number), then the shop, the number and the page.
 */
function drawFooters({ pdf, document, locale, text, branding }: TDraw): void {
  const range = pdf.bufferedPageRange();
  const legal = legalMentionLines(branding.legal, locale);
  const top = 800 - legal.length * 10;
  for (let index = range.start; index < range.start + range.count; index += 1) {
    pdf.switchToPage(index);
    // Writing below the bottom margin would make pdfkit open a new page: lift it for the footer.
    pdf.page.margins.bottom = 0;
    pdf.font('Helvetica').fontSize(7).fillColor('#666666');
    legal.forEach((line, row) => pdf.text(line, MARGIN, top + row * 10, { width: CONTENT_WIDTH, align: 'center', lineBreak: false }));
    const footer = `${branding.shopName} · ${branding.links.storeUrl ?? branding.publicUrl} · ${document.number} · ${text.page} ${index + 1}/${range.count}`;
    pdf.fontSize(8).text(footer, MARGIN, 805, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });
  }
}
