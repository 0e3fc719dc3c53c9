import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkAddress,
  COUNTRY_CODES,
  COUNTRY_RULES,
  formatPhoneForDisplay,
  isCountryCode,
  normalizeAddressDraft,
  normalizePhone,
  normalizePostalCode,
  type TAddressDraft,
} from './addresses.rules.js';

const codesOf = (draft: TAddressDraft) => checkAddress(draft).map((issue) => `${issue.path}:${issue.code}`);
const valid = (country: string, extra: Partial<TAddressDraft> = {}): TAddressDraft => ({
  country,
  lastName: 'Durand',
  line1: 'Rue de la Paix 3',
  postalCode: COUNTRY_RULES[country]?.postalCode.example ?? null,
  region: country === 'IT' ? 'RM' : null,
  ...extra,
});

describe('countries', () => {
  it('knows the 249 ISO 3166-1 alpha-2 codes, the nine with their own rules among them', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    for (const code of Object.keys(COUNTRY_RULES)) expect(isCountryCode(code)).toBe(true);
    expect(Object.keys(COUNTRY_RULES).sort()).toEqual(['BE', 'CH', 'DE', 'ES', 'FR', 'GB', 'IT', 'LU', 'NL']);
    for (const code of ['UK', 'XK', 'EU', 'fr', 'F', 'FRA', '']) expect(isCountryCode(code)).toBe(false);
  });
});

describe('normalizePostalCode', () => {
  it.each([
    ['FR', '75001', '75001'],
    ['FR', ' 75 001 ', '75001'],
    ['FR', 'F-75001', '75001'],
    ['FR', '20000', '20000'],
    ['BE', '1000', '1000'],
    ['BE', 'B-1050', '1050'],
    ['LU', 'L-1234', '1234'],
    ['LU', 'l1234', '1234'],
    ['LU', '1234', '1234'],
    ['NL', '1234ab', '1234 AB'],
    ['NL', '1234 AB', '1234 AB'],
    ['NL', ' 1234  ab', '1234 AB'],
    ['DE', '10115', '10115'],
    ['DE', 'D-01067', '01067'],
    ['CH', '8001', '8001'],
    ['CH', 'CH-1201', '1201'],
    ['ES', '28013', '28013'],
    ['ES', '01001', '01001'],
    ['ES', '52001', '52001'],
    ['IT', '00184', '00184'],
    ['GB', 'sw1a1aa', 'SW1A 1AA'],
    ['GB', 'SW1A 1AA', 'SW1A 1AA'],
    ['GB', 'M1 1AE', 'M1 1AE'],
    ['GB', 'b338th', 'B33 8TH'],
    ['GB', 'CR2 6XH', 'CR2 6XH'],
    ['GB', 'DN551PT', 'DN55 1PT'],
    ['GB', 'W1A 0AX', 'W1A 0AX'],
    ['GB', 'EC1A 1BB', 'EC1A 1BB'],
    ['GB', 'gir0aa', 'GIR 0AA'],
    ['US', '94105-1234', '94105-1234'],
    ['IE', 'd02 x285', 'D02 X285'],
  ])('%s %j → %j', (country, raw, expected) => {
    expect(normalizePostalCode(country, raw)).toBe(expected);
  });

  it.each([
    ['FR', '7500'],
    ['FR', '750011'],
    ['FR', '00100'],
    ['FR', '99000'],
    ['FR', '7500A'],
    ['BE', '0999'],
    ['BE', '10000'],
    ['LU', '123'],
    ['LU', 'L-12345'],
    ['NL', '0123 AB'],
    ['NL', '1234 A'],
    ['NL', '1234 SS'],
    ['NL', '12345'],
    ['DE', '1011'],
    ['DE', '00123'],
    ['CH', '800'],
    ['CH', '0800'],
    ['ES', '53001'],
    ['ES', '00001'],
    ['ES', '2801'],
    ['IT', '0018'],
    ['IT', '001845'],
    ['GB', 'SW1A'],
    ['GB', 'QA1 1AA'],
    ['GB', 'SW1A 1AC'],
    ['GB', '12345'],
    ['GB', 'SW1A1AAA'],
    ['US', '#'],
    ['US', '12345678901'],
  ])('%s refuses %j', (country, raw) => {
    expect(normalizePostalCode(country, raw)).toBeNull();
  });

  it('is idempotent: a normalized code normalizes to itself', () => {
    const countries = [...Object.keys(COUNTRY_RULES), 'US', 'PT', 'JP'];
    const raw = fc.stringMatching(/^[ a-zA-Z0-9-]{0,12}$/);
    fc.assert(
      fc.property(fc.constantFrom(...countries), raw, (country, input) => {
        const once = normalizePostalCode(country, input);
        if (once !== null) expect(normalizePostalCode(country, once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every well-formed code of the nine, whatever the case and spacing, and writes it one way', () => {
    const shapes: Record<string, fc.Arbitrary<string>> = {
      FR: fc.stringMatching(/^(0[1-9]|[1-8]\d|9[0-8])\d{3}$/),
      BE: fc.stringMatching(/^[1-9]\d{3}$/),
      LU: fc.stringMatching(/^[1-9]\d{3}$/),
      CH: fc.stringMatching(/^[1-9]\d{3}$/),
      DE: fc.stringMatching(/^(0[1-9]|[1-9]\d)\d{3}$/),
      ES: fc.stringMatching(/^(0[1-9]|[1-4]\d|5[0-2])\d{3}$/),
      IT: fc.stringMatching(/^\d{5}$/),
      NL: fc.stringMatching(/^[1-9]\d{3} [A-RT-Z][A-Z]$/),
      GB: fc.stringMatching(/^[A-PR-UWYZ][A-HK-Y]\d\d \d[ABD-HJLNP-UW-Z]{2}$/),
    };
    for (const [country, shape] of Object.entries(shapes)) {
      fc.assert(
        fc.property(shape, fc.boolean(), (canonical, lower) => {
          const typed = (lower ? canonical.toLowerCase() : canonical).replace(/ /g, '');
          expect(normalizePostalCode(country, typed)).toBe(canonical);
          expect(normalizePostalCode(country, ` ${canonical} `)).toBe(canonical);
        }),
        { numRuns: 200 },
      );
    }
  });

  it('never answers a code outside its country’s alphabet', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(COUNTRY_RULES)), fc.string({ maxLength: 14 }), (country, input) => {
        const result = normalizePostalCode(country, input);
        if (result !== null) expect(result).toMatch(/^[A-Z0-9]+(?: [A-Z0-9]+)?$/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('phones', () => {
  it('parses national numbers with the address’s country and international ones as written, into E.164', () => {
    expect(normalizePhone('06 12 34 56 78', 'FR')).toBe('+33612345678');
    expect(normalizePhone('+32 470 12 34 56', 'FR')).toBe('+32470123456');
    expect(normalizePhone('0470 12 34 56', 'BE')).toBe('+32470123456');
    expect(normalizePhone('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(normalizePhone('06 12345678', 'NL')).toBe('+31612345678');
    expect(normalizePhone('12', 'FR')).toBeNull();
    expect(normalizePhone('not a number', 'DE')).toBeNull();
    // Antarctica has no numbering plan: only international numbers are understood there.
    expect(normalizePhone('+33612345678', 'AQ')).toBe('+33612345678');
  });

  it('shows the national form in the address’s country and the international one elsewhere', () => {
    expect(formatPhoneForDisplay('+33612345678', 'FR')).toBe('06 12 34 56 78');
    expect(formatPhoneForDisplay('+33612345678', 'BE')).toBe('+33 6 12 34 56 78');
  });

  it('E.164 answers parse back to themselves in any country', () => {
    fc.assert(
      fc.property(fc.constantFrom('FR', 'BE', 'NL', 'DE', 'GB', 'ES', 'IT', 'CH', 'LU'), fc.stringMatching(/^0[67]\d{8}$/), (country, national) => {
        const e164 = normalizePhone(national, 'FR');
        if (e164 !== null) expect(normalizePhone(e164, country)).toBe(e164);
      }),
      { numRuns: 300 },
    );
  });
});

describe('checkAddress', () => {
  it('accepts a minimal valid address in each of the nine countries', () => {
    for (const country of Object.keys(COUNTRY_RULES)) expect(codesOf(valid(country)), country).toEqual([]);
  });

  it('needs a last name or a company', () => {
    expect(codesOf(valid('FR', { lastName: ' ' }))).toEqual(['lastName:required']);
    expect(codesOf(valid('FR', { lastName: null, company: 'Papeterie Martin' }))).toEqual([]);
  });

  it('requires the postal code in the nine countries only', () => {
    for (const country of Object.keys(COUNTRY_RULES)) expect(codesOf(valid(country, { postalCode: '' }))).toEqual(['postalCode:required']);
    expect(codesOf(valid('HK', { postalCode: null }))).toEqual([]);
  });

  it('requires a house number in NL and DE unless line 1 holds one; digits only in NL', () => {
    for (const country of ['NL', 'DE']) {
      expect(codesOf(valid(country, { line1: 'Keizersgracht' }))).toEqual(['houseNumber:required']);
      expect(codesOf(valid(country, { line1: 'Keizersgracht', houseNumber: '12' }))).toEqual([]);
      expect(codesOf(valid(country, { line1: 'Keizersgracht 12' }))).toEqual([]);
    }
    expect(codesOf(valid('NL', { houseNumber: '12a' }))).toEqual(['houseNumber:invalid_house_number']);
    expect(codesOf(valid('NL', { houseNumber: '12', houseNumberExtension: 'A' }))).toEqual([]);
    expect(codesOf(valid('DE', { houseNumber: '12a' }))).toEqual([]);
    expect(codesOf(valid('FR', { line1: 'Lieu-dit Les Granges' }))).toEqual([]);
  });

  it('refuses an extension without a house number', () => {
    expect(codesOf(valid('FR', { houseNumberExtension: 'bis' }))).toEqual(['houseNumberExtension:requires_house_number']);
  });

  it('requires the two-letter province in IT', () => {
    expect(codesOf(valid('IT', { region: null }))).toEqual(['region:required']);
    expect(codesOf(valid('IT', { region: 'Roma' }))).toEqual(['region:invalid_region']);
    expect(codesOf(valid('IT', { region: 'mi' }))).toEqual([]);
  });

  it('lists every broken rule at once', () => {
    const draft: TAddressDraft = { country: 'NL', lastName: '', line1: 'Damrak', postalCode: '12', houseNumberExtension: 'A', phone: 'abc' };
    expect(codesOf(draft).sort()).toEqual(
      ['houseNumber:required', 'houseNumberExtension:requires_house_number', 'lastName:required', 'phone:invalid_phone', 'postalCode:invalid_postal_code'].sort(),
    );
  });

  it('judges nothing country-specific when the country is unknown', () => {
    expect(codesOf({ country: 'ZZ', lastName: 'Durand', postalCode: '#', phone: 'x' })).toEqual([]);
  });

  it('never throws, whatever the fields hold', () => {
    const text = fc.option(fc.string({ maxLength: 20 }), { nil: undefined });
    fc.assert(
      fc.property(fc.constantFrom(...COUNTRY_CODES, 'ZZ', ''), text, text, text, text, text, (country, lastName, line1, houseNumber, postalCode, phone) => {
        expect(Array.isArray(checkAddress({ country, lastName, line1, houseNumber, postalCode, phone }))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('normalizes what it accepted into something it accepts again', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(COUNTRY_RULES)), fc.constantFrom('0612345678', '+32470123456', null), (country, phone) => {
        const draft = valid(country, { postalCode: COUNTRY_RULES[country]!.postalCode.example.toLowerCase().replace(' ', ''), phone });
        if (checkAddress(draft).length > 0) return;
        const normalized = normalizeAddressDraft(draft);
        expect(checkAddress(normalized)).toEqual([]);
        expect(normalizeAddressDraft(normalized)).toEqual(normalized);
      }),
    );
  });
});
