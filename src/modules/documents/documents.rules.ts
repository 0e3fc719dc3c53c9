import type { TDocumentKind, TDocumentStatus } from './documents.tables.js';

// Pure rules of documents (F4.5, F4.6): which status fits which kind, due dates from payment
// terms, what is left to pay, and how money and titles are written on the PDF.

const DAY_MS = 86_400_000;

/**
 * Statuses each kind can take: only a credit note is spent (`used`), only quotes and credit
 * notes run out (`expired`), and a quote is accepted, never paid.
 */
const statusesOfKind: Record<TDocumentKind, readonly TDocumentStatus[]> = {
  invoice: ['open', 'paid', 'cancelled'],
  quote: ['open', 'expired', 'cancelled'],
  purchase_order: ['open', 'paid', 'cancelled'],
  credit_note: ['open', 'used', 'expired', 'cancelled'],
  receipt: ['open', 'paid', 'cancelled'],
};

export function statusFitsKind(kind: TDocumentKind, status: TDocumentStatus): boolean {
  return statusesOfKind[kind].includes(status);
}

export function statusesFor(kind: TDocumentKind): readonly TDocumentStatus[] {
  return statusesOfKind[kind];
}

export type TLocationTerms = { paymentTermsKind: 'none' | 'net' | 'deposit'; paymentTermsNetDays: number | null };

/**
 * When an invoice is due if the store does not say: net N days after issue on net terms; at
 * issue otherwise (no terms, or a deposit, which is paid when ordering).
 */
export function dueDateFromTerms(issuedAt: Date, terms: TLocationTerms | null): Date {
  if (terms?.paymentTermsKind === 'net' && terms.paymentTermsNetDays !== null) {
    return new Date(issuedAt.getTime() + terms.paymentTermsNetDays * DAY_MS);
  }
  return new Date(issuedAt.getTime());
}

/**
 * Whole calendar days (UTC) from today to the due date: 0 on the day it is due, negative once
 * late. Calendar days, so an invoice due today is not overdue until tomorrow wherever the hour.
 */
export function daysUntilDue(dueAt: Date, now: Date): number {
  const day = (date: Date) => Math.floor(date.getTime() / DAY_MS);
  return day(dueAt) - day(now);
}

/** Overdue: an open invoice past its due day. Paid, cancelled and undated ones never are. */
export function isOverdue(document: { kind: TDocumentKind; status: TDocumentStatus; dueAt: Date | null }, now: Date): boolean {
  if (document.kind !== 'invoice' || document.status !== 'open' || document.dueAt === null) return false;
  return daysUntilDue(document.dueAt, now) < 0;
}

/**
 * What is left to pay: nothing once paid or cancelled; for an open invoice the store's figure,
 * else its total. Other kinds have nothing to pay unless the store says so.
 */
export function effectiveAmountDue(document: { kind: TDocumentKind; status: TDocumentStatus; total: number; amountDue: number | null }): number | null {
  if (document.status === 'paid' || document.status === 'cancelled') return document.kind === 'invoice' ? 0 : document.amountDue;
  if (document.kind === 'invoice') return document.amountDue ?? document.total;
  return document.amountDue;
}

/** The stamp printed across a settled document: used credit notes and paid ones (F4.5). */
export function statusStamp(document: { kind: TDocumentKind; status: TDocumentStatus }): 'paid' | 'used' | null {
  if (document.status === 'used' && document.kind === 'credit_note') return 'used';
  if (document.status === 'paid') return 'paid';
  return null;
}

export type TLocale = 'fr' | 'en';

const kindTitles: Record<TDocumentKind, Record<TLocale, string>> = {
  invoice: { fr: 'Facture', en: 'Invoice' },
  quote: { fr: 'Devis', en: 'Quote' },
  purchase_order: { fr: 'Bon de commande', en: 'Purchase order' },
  credit_note: { fr: 'Avoir', en: 'Credit note' },
  receipt: { fr: 'Ticket de caisse', en: 'Receipt' },
};

export function kindTitle(kind: TDocumentKind, locale: TLocale): string {
  return kindTitles[kind][locale];
}

/** Digits after the decimal point in `currency` (2 for EUR, 0 for JPY, 3 for KWD). */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Whether Intl knows `code` as an ISO 4217 currency. */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && knownCurrencies.has(code);
}
const knownCurrencies: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/**
 * An amount in minor units written for people, e.g. `1 234,56 €` or `€1,234.56`. The PDF's
 * standard fonts have no narrow no-break space (French grouping), so it becomes a no-break space.
 */
export function formatMoney(amountMinor: number, currency: string, locale: TLocale): string {
  const digits = currencyDigits(currency);
  const text = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency }).format(amountMinor / 10 ** digits);
  return text.replaceAll('\u202f', '\u00a0');
}

/** A date as the customer reads it: `15/03/2026` or `15 Mar 2026` (UTC, as stored). */
export function formatDate(date: Date, locale: TLocale): string {
  const options: Intl.DateTimeFormatOptions =
    locale === 'fr' ? { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' } : { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', options).format(date);
}

/** A tax rate in basis points as a percentage: 2000 → `20 %` / `20%`, 550 → `5,5 %`. */
export function formatRate(basisPoints: number, locale: TLocale): string {
  return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 2 })
    .format(basisPoints / 10_000)
    .replaceAll('\u202f', '\u00a0');
}
