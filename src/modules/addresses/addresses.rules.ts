import { parsePhoneNumberFromString, isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';

/**
 * Pure address rules: which countries exist, how each writes its postal codes, which fields
 * it requires, and phone numbers in E.164. No I/O, so the schemas, the service and the
 * property tests share one definition.
 */

/** ISO 3166-1 alpha-2, the officially assigned codes (no user-assigned ones such as XK). */
export const COUNTRY_CODES: readonly string[] = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT ' +
  'JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY ' +
  'MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM ' +
  'PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ ' +
  'TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

const countrySet = new Set(COUNTRY_CODES);

export function isCountryCode(value: string): boolean {
  return countrySet.has(value);
}

type TPostalRule = {
  /** Tested on the compact form: upper-case, without spaces, without the country prefix. */
  pattern: RegExp;
  /** The country prefix people write before the code on international mail (`F-75001`, `L-1234`). */
  prefix: RegExp | null;
  /** The compact form as the post office writes it. */
  format: (compact: string) => string;
  example: string;
};

export type TCountryRules = {
  postalCode: TPostalRule;
  /** A house number is part of every address: in `houseNumber`, or written in line 1. */
  houseNumberRequired: boolean;
  /** NL: the number is digits only; letters and suffixes go in the extension ("toevoeging"). */
  houseNumberDigitsOnly: boolean;
  /** IT: the province's two-letter code (sigla), which Poste Italiane prints after the city. */
  region: { pattern: RegExp; example: string } | null;
};

const prefixOf = (...letters: string[]) => new RegExp(`^(?:${letters.join('|')})-?(?=\\d)`);
const digits = (pattern: RegExp, prefixes: string[], example: string): TPostalRule => ({
  pattern,
  prefix: prefixOf(...prefixes),
  format: (compact) => compact,
  example,
});

/** The nine countries whose own rules are checked; every other country gets the lenient rule below. */
export const COUNTRY_RULES: Readonly<Record<string, TCountryRules>> = {
  FR: rules(digits(/^(?:0[1-9]|[1-8]\d|9[0-8])\d{3}$/, ['F', 'FR'], '75001')),
  BE: rules(digits(/^[1-9]\d{3}$/, ['B', 'BE'], '1000')),
  // Stored without the "L-" people often write: the country field already says Luxembourg.
  LU: rules(digits(/^[1-9]\d{3}$/, ['L', 'LU'], '1611')),
  NL: rules(
    { pattern: /^[1-9]\d{3}(?!SA|SD|SS)[A-Z]{2}$/, prefix: prefixOf('NL'), format: (c) => `${c.slice(0, 4)} ${c.slice(4)}`, example: '1012 AB' },
    { houseNumberRequired: true, houseNumberDigitsOnly: true },
  ),
  DE: rules(digits(/^(?:0[1-9]|[1-9]\d)\d{3}$/, ['D', 'DE'], '10115'), { houseNumberRequired: true }),
  CH: rules(digits(/^[1-9]\d{3}$/, ['CH'], '8001')),
  // The first two digits are the province (01–52).
  ES: rules(digits(/^(?:0[1-9]|[1-4]\d|5[0-2])\d{3}$/, ['E', 'ES'], '28013')),
  IT: rules(digits(/^\d{5}$/, ['I', 'IT'], '00184'), { region: { pattern: /^[A-Z]{2}$/, example: 'RM' } }),
  // Outward code (area, district, optional sub-district letter) then inward code (sector, unit).
  GB: rules({
    pattern: /^(?:GIR0AA|[A-PR-UWYZ](?:\d[\dA-HJKPSTUW]?|[A-HK-Y]\d[\dABEHMNPRV-Y]?)\d[ABD-HJLNP-UW-Z]{2})$/,
    prefix: null,
    format: (c) => `${c.slice(0, -3)} ${c.slice(-3)}`,
    example: 'SW1A 1AA',
  }),
};

function rules(postalCode: TPostalRule, extra: Partial<Omit<TCountryRules, 'postalCode'>> = {}): TCountryRules {
  return { postalCode, houseNumberRequired: false, houseNumberDigitsOnly: false, region: null, ...extra };
}

/** Elsewhere a postal code is optional and only its alphabet and length are checked. */
const LENIENT_POSTAL_CODE = /^[A-Z0-9][A-Z0-9 -]{0,8}[A-Z0-9]$/;

/**
 * The postal code as the country's post office writes it, or null when it is not one:
 * `1234ab` → `1234 AB` (NL), `sw1a1aa` → `SW1A 1AA` (GB), `L-1234` → `1234` (LU).
 */
export function normalizePostalCode(country: string, raw: string): string | null {
  const spaced = raw.trim().toUpperCase().replace(/\s+/g, ' ');
  const rule = COUNTRY_RULES[country]?.postalCode;
  if (!rule) return LENIENT_POSTAL_CODE.test(spaced) ? spaced : null;
  let compact = spaced.replace(/ /g, '');
  if (rule.prefix) compact = compact.replace(rule.prefix, '');
  return rule.pattern.test(compact) ? rule.format(compact) : null;
}

/** E.164 (`+33612345678`) of a number written nationally for `country` or internationally; null when invalid. */
export function normalizePhone(raw: string, country: string): string | null {
  const region = isSupportedCountry(country) ? (country as CountryCode) : undefined;
  const phone = parsePhoneNumberFromString(raw, region ? { defaultCountry: region } : {});
  return phone?.isValid() ? phone.number : null;
}

/** For display: the national form when the number belongs to the address's country, else the international one. */
export function formatPhoneForDisplay(e164: string, country: string): string {
  const phone = parsePhoneNumberFromString(e164);
  if (!phone) return e164;
  return phone.country === country ? phone.formatNational() : phone.formatInternational();
}

/** The fields the rules read, as the request gave them (trimmed; empty means absent). */
export type TAddressDraft = {
  country: string;
  lastName?: string | null | undefined;
  company?: string | null | undefined;
  line1?: string | null | undefined;
  houseNumber?: string | null | undefined;
  houseNumberExtension?: string | null | undefined;
  postalCode?: string | null | undefined;
  region?: string | null | undefined;
  phone?: string | null | undefined;
};

export type TAddressField = Exclude<keyof TAddressDraft, 'country'>;
export type TRuleIssue = { path: TAddressField; code: string; message: string };

const isBlank = (value: string | null | undefined): boolean => !value?.trim();

/**
 * Every rule the address breaks, all at once. With an unknown country only the rules that do
 * not depend on it are checked: the country's own error is reported elsewhere.
 */
export function checkAddress(draft: TAddressDraft): TRuleIssue[] {
  const issues: TRuleIssue[] = [];
  if (isBlank(draft.lastName) && isBlank(draft.company)) {
    issues.push({ path: 'lastName', code: 'required', message: 'Enter a last name or a company name.' });
  }
  const country = COUNTRY_RULES[draft.country];
  issues.push(...checkHouseNumber(draft, country));
  if (!isCountryCode(draft.country)) return issues;
  issues.push(...checkPostalCode(draft, country));
  if (country?.region) {
    const region = draft.region?.trim().toUpperCase() ?? '';
    if (!region) issues.push({ path: 'region', code: 'required', message: `Enter the province code, e.g. ${country.region.example}.` });
    else if (!country.region.pattern.test(region)) {
      issues.push({ path: 'region', code: 'invalid_region', message: `Enter the two-letter province code, e.g. ${country.region.example}.` });
    }
  }
  if (!isBlank(draft.phone) && normalizePhone(draft.phone!, draft.country) === null) {
    issues.push({ path: 'phone', code: 'invalid_phone', message: 'This is not a valid phone number; international numbers start with +.' });
  }
  return issues;
}

function checkPostalCode(draft: TAddressDraft, country: TCountryRules | undefined): TRuleIssue[] {
  if (isBlank(draft.postalCode)) {
    return country ? [{ path: 'postalCode', code: 'required', message: `Enter a postal code, e.g. ${country.postalCode.example}.` }] : [];
  }
  if (normalizePostalCode(draft.country, draft.postalCode!) !== null) return [];
  const message = country
    ? `Enter a postal code of this country, e.g. ${country.postalCode.example}.`
    : 'Use 2 to 10 letters, digits, spaces or hyphens.';
  return [{ path: 'postalCode', code: 'invalid_postal_code', message }];
}

function checkHouseNumber(draft: TAddressDraft, country: TCountryRules | undefined): TRuleIssue[] {
  const issues: TRuleIssue[] = [];
  const hasNumber = !isBlank(draft.houseNumber);
  // A number already written in line 1 ("Keizersgracht 12") is accepted as is.
  if (country?.houseNumberRequired && !hasNumber && !/\d/.test(draft.line1 ?? '')) {
    issues.push({ path: 'houseNumber', code: 'required', message: 'Enter the house number.' });
  }
  if (hasNumber && country?.houseNumberDigitsOnly && !/^[1-9]\d{0,4}$/.test(draft.houseNumber!.trim())) {
    issues.push({ path: 'houseNumber', code: 'invalid_house_number', message: 'Digits only; put letters in the extension.' });
  }
  if (!hasNumber && !isBlank(draft.houseNumberExtension)) {
    issues.push({ path: 'houseNumberExtension', code: 'requires_house_number', message: 'An extension needs a house number.' });
  }
  return issues;
}

/** What the country's rules change in a valid address before it is stored. */
export function normalizeAddressDraft<T extends TAddressDraft>(draft: T): T {
  const normalized = { ...draft };
  if (!isBlank(draft.postalCode)) normalized.postalCode = normalizePostalCode(draft.country, draft.postalCode!) ?? draft.postalCode!;
  if (!isBlank(draft.phone)) normalized.phone = normalizePhone(draft.phone!, draft.country) ?? draft.phone!;
  if (COUNTRY_RULES[draft.country]?.region && draft.region) normalized.region = draft.region.trim().toUpperCase();
  return normalized;
}
