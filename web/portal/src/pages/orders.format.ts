import type { Locale } from '../../../ui/i18n';
import type { Money, OrderAddress } from '../portal-api';

/** How many decimals a currency has (2 for EUR, 0 for JPY): amounts arrive in minor units. */
function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export function formatMoney(locale: Locale, money: Money | null | undefined): string {
  if (!money) return '';
  const digits = fractionDigits(money.currency);
  const value = money.amount / 10 ** digits;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(value);
  } catch {
    // An unknown currency code still shows its amount.
    return `${value.toFixed(digits)} ${money.currency}`;
  }
}

/** 2000 basis points → "20 %" in French, "20%" in English. */
export function formatRate(locale: Locale, basisPoints: number | null | undefined): string {
  if (basisPoints === null || basisPoints === undefined) return '';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10_000);
}

/** A day, without the time: order and due dates are read as days. */
export function formatDay(locale: Locale, iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(date);
}

/** The lines of a postal address, ready for a `white-space: pre-line` block. */
export function formatAddress(locale: Locale, address: OrderAddress): string {
  const country = new Intl.DisplayNames([locale], { type: 'region' }).of(address.country) ?? address.country;
  return [address.name, address.company, address.line1, address.line2, [address.postalCode, address.city].filter(Boolean).join(' '), country]
    .filter(Boolean)
    .join('\n');
}
