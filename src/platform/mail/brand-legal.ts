import type { TBrandingLegal, TLocale } from './mail-layout.js';

const words = {
  fr: { capital: (amount: string) => `au capital de ${amount}`, vat: 'TVA intracommunautaire' },
  en: { capital: (amount: string) => `with a share capital of ${amount}`, vat: 'VAT' },
} as const;

/** `552100554` → `552 100 554`, as the SIREN is printed. */
function groupSiren(siren: string): string {
  return /^\d{9}$/.test(siren) ? siren.replace(/(\d{3})(\d{3})(\d{3})/, '$1 $2 $3') : siren;
}

/**
 * The company's mentions as French law asks them on commercial emails and invoices (Code de
 * commerce R123-237, CGI 242 nonies A): name, legal form and capital, registered address,
 * SIREN, RCS registration and VAT number. What the market left out is left out, never invented.
 */
export function legalMentionLines(legal: TBrandingLegal, locale: TLocale): string[] {
  const t = words[locale];
  const identity = [
    legal.companyName,
    [legal.legalForm, legal.shareCapital ? t.capital(legal.shareCapital) : null].filter(Boolean).join(' ') || null,
  ].filter(Boolean);
  const registration = [
    legal.siren ? `SIREN ${groupSiren(legal.siren)}` : null,
    legal.rcs,
    legal.vatNumber ? `${t.vat} ${legal.vatNumber}` : null,
  ].filter(Boolean);
  return [identity.join(', '), legal.address ?? '', registration.join(' · ')].filter((line) => line !== '');
}
