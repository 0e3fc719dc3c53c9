import type { TCompanyKind } from './companies.tables.js';

/**
 * Pure rules of a company's identifiers (F3.1): French SIREN/SIRET, EU VAT numbers, the Belgian
 * enterprise number, and the free-text ones. No I/O: the schemas, the service and the property
 * tests share one definition. Each check answers the stored form or a machine code and a reason.
 */

export type TIdentifierCode =
  | 'invalid_siren'
  | 'invalid_siret'
  | 'invalid_vat_number'
  | 'vat_country_mismatch'
  | 'invalid_enterprise_number'
  | 'siret_required'
  | 'only_for_public_body';

export type TIdentifierCheck = { ok: true; value: string } | { ok: false; code: TIdentifierCode; message: string };

/** What people type between groups of digits: spaces (also non-breaking), dots and hyphens. */
const SEPARATORS = /[\s.\u00a0\u202f-]/g;

export function compactIdentifier(input: string): string {
  return input.replace(SEPARATORS, '').toUpperCase();
}

/** Luhn (mod 10) over a string of digits, as INSEE computes it for SIREN and SIRET. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let total = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    total += digit;
  }
  return total % 10 === 0;
}

const digitSum = (digits: string): number => [...digits].reduce((total, digit) => total + Number(digit), 0);

/** La Poste's SIREN: its thousands of establishments outgrew the Luhn key of their SIRETs. */
export const LA_POSTE_SIREN = '356000000';

export function checkSiren(input: string): TIdentifierCheck {
  const siren = compactIdentifier(input);
  if (!/^\d{9}$/.test(siren)) return { ok: false, code: 'invalid_siren', message: 'A SIREN has 9 digits, e.g. 732 829 320.' };
  if (!luhnValid(siren)) {
    return { ok: false, code: 'invalid_siren', message: 'This SIREN does not exist: its check digit is wrong. Check for a typing mistake.' };
  }
  return { ok: true, value: siren };
}

/**
 * A SIRET: 14 digits, the SIREN then the establishment's 5 digits, Luhn checked. La Poste's
 * establishments are numbered differently: a SIRET of SIREN 356000000 is also valid when the
 * sum of its digits is a multiple of 5 (its head office, 356 000 000 00048, passes Luhn).
 */
export function checkSiret(input: string): TIdentifierCheck {
  const siret = compactIdentifier(input);
  if (!/^\d{14}$/.test(siret)) {
    return { ok: false, code: 'invalid_siret', message: 'A SIRET has 14 digits: the SIREN (9) and the establishment number (5), e.g. 732 829 320 00074.' };
  }
  const siren = sirenOfSiret(siret);
  if (!checkSiren(siren).ok) {
    return { ok: false, code: 'invalid_siren', message: 'The first 9 digits of this SIRET are not a valid SIREN. Check for a typing mistake.' };
  }
  const laPoste = siren === LA_POSTE_SIREN && digitSum(siret) % 5 === 0;
  if (!luhnValid(siret) && !laPoste) {
    return { ok: false, code: 'invalid_siret', message: 'This SIRET does not exist: its check digit is wrong. Check for a typing mistake.' };
  }
  return { ok: true, value: siret };
}

export function sirenOfSiret(siret: string): string {
  return siret.slice(0, 9);
}

/** Belgian enterprise number (BCE/KBO): 10 digits starting with 0 or 1; the last two are 97 − (first 8 mod 97). */
export function enterpriseNumberValid(digits: string): boolean {
  if (!/^[01]\d{9}$/.test(digits)) return false;
  return 97 - (Number(digits.slice(0, 8)) % 97) === Number(digits.slice(8));
}

export function checkEnterpriseNumber(input: string): TIdentifierCheck {
  let number = compactIdentifier(input);
  if (number.startsWith('BE')) number = number.slice(2);
  if (!/^[01]\d{9}$/.test(number)) {
    return { ok: false, code: 'invalid_enterprise_number', message: 'A Belgian enterprise number has 10 digits starting with 0 or 1, e.g. 0403.170.701.' };
  }
  if (!enterpriseNumberValid(number)) {
    return { ok: false, code: 'invalid_enterprise_number', message: 'This enterprise number does not exist: its check digits are wrong. Check for a typing mistake.' };
  }
  return { ok: true, value: number };
}

/** French VAT key of a SIREN: (12 + 3 × (SIREN mod 97)) mod 97, on two digits. */
export function frenchVatKey(siren: string): string {
  return String((12 + 3 * (Number(siren) % 97)) % 97).padStart(2, '0');
}

type TVatFormat = { pattern: RegExp; example: string; check?: (body: string) => boolean };

/**
 * The number after the prefix, per member state (VIES formats), plus XI for Northern Ireland.
 * Greece's prefix is EL, not its ISO code GR.
 */
export const VAT_FORMATS: Readonly<Record<string, TVatFormat>> = {
  AT: { pattern: /^U\d{8}$/, example: 'ATU12345678' },
  BE: { pattern: /^[01]\d{9}$/, example: 'BE0403170701', check: enterpriseNumberValid },
  BG: { pattern: /^\d{9,10}$/, example: 'BG123456789' },
  CY: { pattern: /^\d{8}[A-Z]$/, example: 'CY12345678X' },
  CZ: { pattern: /^\d{8,10}$/, example: 'CZ12345678' },
  DE: { pattern: /^\d{9}$/, example: 'DE123456789' },
  DK: { pattern: /^\d{8}$/, example: 'DK12345678' },
  EE: { pattern: /^\d{9}$/, example: 'EE123456789' },
  EL: { pattern: /^\d{9}$/, example: 'EL123456789' },
  // First and last characters may be letters or digits, but not both digits.
  ES: { pattern: /^(?:[A-Z]\d{7}[A-Z0-9]|\d{8}[A-Z])$/, example: 'ESX1234567X' },
  FI: { pattern: /^\d{8}$/, example: 'FI12345678' },
  // Two key characters (digits, or letters other than I and O) then the SIREN.
  FR: { pattern: /^[0-9A-HJ-NP-Z]{2}\d{9}$/, example: 'FR40303265045', check: frenchVatKeyValid },
  HR: { pattern: /^\d{11}$/, example: 'HR12345678901' },
  HU: { pattern: /^\d{8}$/, example: 'HU12345678' },
  IE: { pattern: /^(?:\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/, example: 'IE1234567WA' },
  IT: { pattern: /^\d{11}$/, example: 'IT12345678901' },
  LT: { pattern: /^(?:\d{9}|\d{12})$/, example: 'LT123456789' },
  LU: { pattern: /^\d{8}$/, example: 'LU12345678' },
  LV: { pattern: /^\d{11}$/, example: 'LV12345678901' },
  MT: { pattern: /^\d{8}$/, example: 'MT12345678' },
  NL: { pattern: /^\d{9}B\d{2}$/, example: 'NL123456789B01' },
  PL: { pattern: /^\d{10}$/, example: 'PL1234567890' },
  PT: { pattern: /^\d{9}$/, example: 'PT123456789' },
  RO: { pattern: /^[1-9]\d{1,9}$/, example: 'RO1234567890' },
  SE: { pattern: /^\d{10}01$/, example: 'SE123456789001' },
  SI: { pattern: /^[1-9]\d{7}$/, example: 'SI12345678' },
  SK: { pattern: /^\d{10}$/, example: 'SK1234567890' },
  XI: { pattern: /^(?:\d{9}|\d{12}|GD\d{3}|HA\d{3})$/, example: 'XI123456789' },
};

export const VAT_PREFIXES: readonly string[] = Object.keys(VAT_FORMATS);

/** The French key is checked when numeric; letter keys (given to some new entities) follow another rule. */
function frenchVatKeyValid(body: string): boolean {
  const key = body.slice(0, 2);
  if (!/^\d{2}$/.test(key)) return true;
  return key === frenchVatKey(body.slice(2));
}

/** The VAT prefix a company registered in `country` uses: EL for Greece, XI for Northern Ireland (GB). */
export function vatPrefixesForCountry(country: string): string[] {
  if (country === 'GR') return ['EL'];
  if (country === 'GB') return ['XI'];
  return VAT_FORMATS[country] ? [country] : [];
}

/**
 * An EU VAT number, normalised upper case without spaces or dots. Without a prefix, the company
 * country's is assumed. The prefix must be the company's country's (EL for GR, XI for GB).
 */
export function checkVatNumber(input: string, options: { country?: string | undefined } = {}): TIdentifierCheck {
  let number = compactIdentifier(input);
  const countryPrefixes = options.country ? vatPrefixesForCountry(options.country) : [];
  if (/^\d/.test(number) && countryPrefixes[0]) number = countryPrefixes[0] + number;
  const prefix = number.slice(0, 2);
  if (prefix === 'GR') {
    return { ok: false, code: 'invalid_vat_number', message: 'Greek VAT numbers start with EL, not GR, e.g. EL123456789.' };
  }
  const format = VAT_FORMATS[prefix];
  if (!format) {
    return {
      ok: false,
      code: 'invalid_vat_number',
      message: 'An EU VAT number starts with its country prefix, e.g. FR40303265045. Give another tax id in otherTaxId.',
    };
  }
  const body = number.slice(2);
  if (!format.pattern.test(body)) {
    return { ok: false, code: 'invalid_vat_number', message: `This is not the format of a VAT number of ${prefix}, e.g. ${format.example}.` };
  }
  if (format.check && !format.check(body)) {
    return { ok: false, code: 'invalid_vat_number', message: 'This VAT number does not exist: its check digits are wrong. Check for a typing mistake.' };
  }
  if (options.country && !countryPrefixes.includes(prefix)) {
    const expected = countryPrefixes[0];
    return {
      ok: false,
      code: 'vat_country_mismatch',
      message: expected
        ? `The VAT number of a company registered in ${options.country} starts with ${expected}.`
        : `A company registered in ${options.country} has no EU VAT number; give its tax id in otherTaxId.`,
    };
  }
  return { ok: true, value: number };
}

/** Maximum lengths of the free-text identity fields, once trimmed. */
export const IDENTITY_TEXT_MAX = {
  name: 200,
  registrationNumber: 50,
  otherTaxId: 50,
  chorusServiceCode: 100,
} as const;

export type TCompanyIdentityDraft = {
  kind: TCompanyKind;
  country: string;
  siret?: string | null | undefined;
  vatNumber?: string | null | undefined;
  enterpriseNumber?: string | null | undefined;
  registrationNumber?: string | null | undefined;
  otherTaxId?: string | null | undefined;
  chorusServiceCode?: string | null | undefined;
};

export type TIdentityField = 'siret' | 'vatNumber' | 'enterpriseNumber' | 'registrationNumber' | 'otherTaxId' | 'chorusServiceCode';

/** The identifiers as stored: digits only, VAT upper case without separators, text trimmed, blanks null. */
export type TNormalizedIdentifiers = {
  siret: string | null;
  siren: string | null;
  vatNumber: string | null;
  enterpriseNumber: string | null;
  registrationNumber: string | null;
  otherTaxId: string | null;
  chorusServiceCode: string | null;
};

export type TIdentityIssue = { path: TIdentityField; code: TIdentifierCode; message: string };

const blankToNull = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** A public body in France is invoiced through Chorus Pro, which routes invoices by SIRET. */
export function requiresSiret(draft: Pick<TCompanyIdentityDraft, 'kind' | 'country'>): boolean {
  return draft.kind === 'public_body' && draft.country === 'FR';
}

/**
 * Every identifier of a company checked at once: the issues, field by field, and the stored
 * form of what is valid. Lengths of free text are the schema's business.
 */
export function checkCompanyIdentifiers(draft: TCompanyIdentityDraft): { issues: TIdentityIssue[]; value: TNormalizedIdentifiers } {
  const issues: TIdentityIssue[] = [];
  const value: TNormalizedIdentifiers = {
    siret: null,
    siren: null,
    vatNumber: null,
    enterpriseNumber: null,
    registrationNumber: blankToNull(draft.registrationNumber),
    otherTaxId: blankToNull(draft.otherTaxId),
    chorusServiceCode: blankToNull(draft.chorusServiceCode),
  };
  const take = (path: TIdentityField, raw: string | null | undefined, check: (input: string) => TIdentifierCheck): string | null => {
    const given = blankToNull(raw);
    if (given === null) return null;
    const result = check(given);
    if (result.ok) return result.value;
    issues.push({ path, code: result.code, message: result.message });
    return null;
  };
  value.siret = take('siret', draft.siret, checkSiret);
  value.siren = value.siret ? sirenOfSiret(value.siret) : null;
  value.vatNumber = take('vatNumber', draft.vatNumber, (input) => checkVatNumber(input, { country: draft.country }));
  value.enterpriseNumber = take('enterpriseNumber', draft.enterpriseNumber, checkEnterpriseNumber);
  if (requiresSiret(draft) && blankToNull(draft.siret) === null) {
    issues.push({
      path: 'siret',
      code: 'siret_required',
      message: 'A French public body is invoiced through Chorus Pro, which needs its SIRET.',
    });
  }
  if (value.chorusServiceCode !== null && draft.kind !== 'public_body') {
    issues.push({ path: 'chorusServiceCode', code: 'only_for_public_body', message: 'Only a public body has a Chorus Pro service code.' });
  }
  return { issues, value };
}
