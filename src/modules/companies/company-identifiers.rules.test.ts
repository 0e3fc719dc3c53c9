import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCompanyIdentifiers,
  checkEnterpriseNumber,
  checkSiren,
  checkSiret,
  checkVatNumber,
  frenchVatKey,
  LA_POSTE_SIREN,
  luhnValid,
  VAT_FORMATS,
  VAT_PREFIXES,
  type TIdentifierCheck,
} from './company-identifiers.rules.js';

const digits = (length: number) => fc.stringMatching(new RegExp(`^\\d{${length}}$`));

/** The digit that makes `body` + digit pass Luhn. */
function luhnCompletion(body: string): string {
  const digit = [...'0123456789'].find((candidate) => luhnValid(body + candidate));
  if (digit === undefined) throw new Error('no Luhn digit');
  return digit;
}

const withLuhn = (body: string) => body + luhnCompletion(body);
const sirenArb = digits(8).map(withLuhn);
const siretArb = fc.tuple(sirenArb, digits(4)).map(([siren, establishment]) => withLuhn(siren + establishment));
const enterpriseArb = fc
  .tuple(fc.constantFrom('0', '1'), digits(7))
  .map(([first, rest]) => first + rest)
  .map((base) => base + String(97 - (Number(base) % 97)).padStart(2, '0'));

/** Writes digits the way people type them: groups separated by spaces, dots or nothing. */
const spaced = (value: string, separator: string) => value.replace(/(.{3})(?=.)/g, `$1${separator}`);

/** The same number with one digit changed. */
const oneDigitChanged = (value: string) =>
  fc
    .tuple(fc.nat({ max: value.length - 1 }), fc.integer({ min: 1, max: 9 }))
    .map(([index, delta]) => value.slice(0, index) + String((Number(value[index]) + delta) % 10) + value.slice(index + 1));

const codeOf = (result: TIdentifierCheck) => (result.ok ? 'ok' : result.code);

describe('SIREN and SIRET', () => {
  it.each([
    ['732 829 320', '732829320'],
    ['732.829.320', '732829320'],
    [LA_POSTE_SIREN, LA_POSTE_SIREN],
  ])('checkSiren(%s) is valid, stored as %s', (input, stored) => {
    expect(checkSiren(input)).toEqual({ ok: true, value: stored });
  });

  it.each(['732829321', '73282932', '7328293200', 'ABC829320', ''])('checkSiren(%s) is invalid_siren', (input) => {
    expect(codeOf(checkSiren(input))).toBe('invalid_siren');
  });

  it.each([
    ['732 829 320 00074', '73282932000074'],
    ['732.829.320.00074', '73282932000074'],
    ['35600000000048', '35600000000048'],
    ['356 000 000 49837', '35600000049837'],
  ])('checkSiret(%s) is valid, stored as %s', (input, stored) => {
    expect(checkSiret(input)).toEqual({ ok: true, value: stored });
  });

  it.each([
    ['73282932000075', 'invalid_siret'],
    ['7328293200007', 'invalid_siret'],
    ['732829320000740', 'invalid_siret'],
    ['7328293200007A', 'invalid_siret'],
    // Passes Luhn as a whole, but its first nine digits are no SIREN.
    ['73282932100007', 'invalid_siren'],
    ['35600000049838', 'invalid_siret'],
  ])('checkSiret(%s) is %s', (input, code) => {
    if (code === 'invalid_siren') expect(luhnValid(input)).toBe(true);
    expect(codeOf(checkSiret(input))).toBe(code);
  });

  it('property: a SIREN with its Luhn digit is valid however it is spaced, and any one digit changed makes it invalid', () => {
    fc.assert(
      fc.property(sirenArb, fc.constantFrom('', ' ', '.', '\u00a0'), (siren, separator) => {
        expect(checkSiren(spaced(siren, separator))).toEqual({ ok: true, value: siren });
      }),
    );
    fc.assert(fc.property(sirenArb.chain(oneDigitChanged), (changed) => {
      expect(codeOf(checkSiren(changed))).toBe('invalid_siren');
    }));
  });

  it('property: a SIRET of a valid SIREN with its Luhn digit is valid and stored digits-only; one digit changed is refused', () => {
    fc.assert(
      fc.property(siretArb, fc.constantFrom('', ' ', '.'), (siret, separator) => {
        expect(checkSiret(spaced(siret, separator))).toEqual({ ok: true, value: siret });
      }),
    );
    fc.assert(
      fc.property(
        siretArb.chain(oneDigitChanged).filter((siret) => !siret.startsWith(LA_POSTE_SIREN)),
        (changed) => {
          expect(['invalid_siret', 'invalid_siren']).toContain(codeOf(checkSiret(changed)));
        },
      ),
    );
  });

  it('property: La Poste — every SIRET of SIREN 356000000 whose digits sum to a multiple of 5 is valid, Luhn or not', () => {
    fc.assert(
      fc.property(digits(5), (establishment) => {
        const siret = LA_POSTE_SIREN + establishment;
        const sum = [...siret].reduce((total, digit) => total + Number(digit), 0);
        const valid = sum % 5 === 0 || luhnValid(siret);
        expect(checkSiret(siret).ok).toBe(valid);
      }),
    );
  });
});

describe('Belgian enterprise number', () => {
  it.each([
    ['0403.170.701', '0403170701'],
    ['0403 170 701', '0403170701'],
    ['BE 0403.170.701', '0403170701'],
  ])('checkEnterpriseNumber(%s) is valid, stored as %s', (input, stored) => {
    expect(checkEnterpriseNumber(input)).toEqual({ ok: true, value: stored });
  });

  it.each(['0403170702', '2403170701', '403170701', '04031707011'])('checkEnterpriseNumber(%s) is invalid_enterprise_number', (input) => {
    expect(codeOf(checkEnterpriseNumber(input))).toBe('invalid_enterprise_number');
  });

  it('property: 97 − (first 8 mod 97) as the last two digits is valid; one digit changed is refused', () => {
    fc.assert(fc.property(enterpriseArb, (number) => {
      expect(checkEnterpriseNumber(number)).toEqual({ ok: true, value: number });
    }));
    fc.assert(
      fc.property(
        enterpriseArb.chain(oneDigitChanged).filter((number) => /^[01]/.test(number)),
        (changed) => {
          expect(codeOf(checkEnterpriseNumber(changed))).toBe('invalid_enterprise_number');
        },
      ),
    );
  });
});

describe('EU VAT numbers', () => {
  it('knows the 27 member states and Northern Ireland, with EL for Greece', () => {
    expect(VAT_PREFIXES).toHaveLength(28);
    expect(VAT_PREFIXES).toContain('EL');
    expect(VAT_PREFIXES).toContain('XI');
    expect(VAT_PREFIXES).not.toContain('GR');
    expect(VAT_PREFIXES).not.toContain('GB');
  });

  it('accepts each format’s example for a company of that country, normalised', () => {
    const countryOf = (prefix: string) => (prefix === 'EL' ? 'GR' : prefix === 'XI' ? 'GB' : prefix);
    for (const [prefix, format] of Object.entries(VAT_FORMATS)) {
      const typed = `${format.example.slice(0, 2).toLowerCase()} ${format.example.slice(2)}`;
      expect(checkVatNumber(typed, { country: countryOf(prefix) }), prefix).toEqual({ ok: true, value: format.example });
    }
  });

  it.each([
    ['FR 40 303 265 045', 'FR', 'FR40303265045'],
    ['fr44732829320', 'FR', 'FR44732829320'],
    ['44 732 829 320', 'FR', 'FR44732829320'],
    ['BE 0403.170.701', 'BE', 'BE0403170701'],
    ['0403.170.701', 'BE', 'BE0403170701'],
    ['EL123456789', 'GR', 'EL123456789'],
    ['XI123456789', 'GB', 'XI123456789'],
    ['NL123456789B01', 'NL', 'NL123456789B01'],
    ['DE 123 456 789', 'DE', 'DE123456789'],
  ])('checkVatNumber(%s) for a company in %s is %s', (input, country, stored) => {
    expect(checkVatNumber(input, { country })).toEqual({ ok: true, value: stored });
  });

  it.each([
    ['FR41303265045', 'FR', 'invalid_vat_number'],
    ['FR4030326504', 'FR', 'invalid_vat_number'],
    ['FRIO303265045', 'FR', 'invalid_vat_number'],
    ['BE0403170702', 'BE', 'invalid_vat_number'],
    ['BE2403170701', 'BE', 'invalid_vat_number'],
    ['DE12345678', 'DE', 'invalid_vat_number'],
    ['NL123456789C01', 'NL', 'invalid_vat_number'],
    ['ES123456789', 'ES', 'invalid_vat_number'],
    ['GR123456789', 'GR', 'invalid_vat_number'],
    ['CHE123456789', 'CH', 'invalid_vat_number'],
    ['GB123456789', 'GB', 'invalid_vat_number'],
    ['DE123456789', 'FR', 'vat_country_mismatch'],
    ['FR40303265045', 'BE', 'vat_country_mismatch'],
    ['EL123456789', 'CY', 'vat_country_mismatch'],
    ['XI123456789', 'IE', 'vat_country_mismatch'],
    ['DE123456789', 'CH', 'vat_country_mismatch'],
  ])('checkVatNumber(%s) for a company in %s is %s', (input, country, code) => {
    expect(codeOf(checkVatNumber(input, { country }))).toBe(code);
  });

  it('property: FR + the key of any SIREN is valid and any other numeric key is refused', () => {
    fc.assert(
      fc.property(digits(9), fc.integer({ min: 0, max: 99 }), (siren, other) => {
        const key = frenchVatKey(siren);
        expect(checkVatNumber(`FR ${key} ${siren}`, { country: 'FR' })).toEqual({ ok: true, value: `FR${key}${siren}` });
        const wrong = String(other).padStart(2, '0');
        if (wrong !== key) expect(codeOf(checkVatNumber(`FR${wrong}${siren}`, { country: 'FR' }))).toBe('invalid_vat_number');
      }),
    );
  });

  it('property: a Belgian VAT number is BE + a valid enterprise number', () => {
    fc.assert(
      fc.property(fc.tuple(fc.constantFrom('0', '1'), digits(9)), ([first, rest]) => {
        const number = first + rest;
        expect(checkVatNumber(`BE${number}`, { country: 'BE' }).ok).toBe(checkEnterpriseNumber(number).ok);
      }),
    );
  });

  it('property: a valid number is stored in a form that checks again to itself', () => {
    const examples = Object.entries(VAT_FORMATS).map(([prefix, format]) => [prefix, format.example] as const);
    fc.assert(
      fc.property(fc.constantFrom(...examples), fc.constantFrom(' ', '.', '-', ''), ([, example], separator) => {
        const first = checkVatNumber(spaced(example, separator));
        expect(first).toEqual({ ok: true, value: example });
        expect(checkVatNumber(example)).toEqual(first);
      }),
    );
  });
});

describe('checkCompanyIdentifiers', () => {
  it('lists every bad identifier at once, and stores the good ones normalised', () => {
    const result = checkCompanyIdentifiers({
      kind: 'company',
      country: 'FR',
      siret: '73282932000075',
      vatNumber: 'DE123456789',
      enterpriseNumber: '0403170702',
      registrationNumber: '  RCS Paris 732 829 320 ',
      otherTaxId: ' ',
      chorusServiceCode: 'SERVICE-1',
    });
    expect(result.issues.map((issue) => `${issue.path}:${issue.code}`)).toEqual([
      'siret:invalid_siret',
      'vatNumber:vat_country_mismatch',
      'enterpriseNumber:invalid_enterprise_number',
      'chorusServiceCode:only_for_public_body',
    ]);
    for (const issue of result.issues) expect(issue.message.length).toBeGreaterThan(10);
    expect(result.value).toMatchObject({ registrationNumber: 'RCS Paris 732 829 320', otherTaxId: null });
  });

  it('stores a French company’s SIRET digits-only with its SIREN derived, and a Belgian one’s numbers', () => {
    expect(
      checkCompanyIdentifiers({ kind: 'company', country: 'FR', siret: '732 829 320 00074', vatNumber: 'fr 44 732829320' }),
    ).toEqual({
      issues: [],
      value: {
        siret: '73282932000074',
        siren: '732829320',
        vatNumber: 'FR44732829320',
        enterpriseNumber: null,
        registrationNumber: null,
        otherTaxId: null,
        chorusServiceCode: null,
      },
    });
    expect(
      checkCompanyIdentifiers({ kind: 'company', country: 'BE', vatNumber: 'BE 0403.170.701', enterpriseNumber: '0403.170.701' }).value,
    ).toMatchObject({ vatNumber: 'BE0403170701', enterpriseNumber: '0403170701', siret: null, siren: null });
  });

  it('requires the SIRET of a French public body (Chorus Pro), which may give a service code', () => {
    expect(checkCompanyIdentifiers({ kind: 'public_body', country: 'FR', chorusServiceCode: 'FACTURES' }).issues).toEqual([
      expect.objectContaining({ path: 'siret', code: 'siret_required' }),
    ]);
    expect(checkCompanyIdentifiers({ kind: 'public_body', country: 'FR', siret: '73282932000074', chorusServiceCode: 'FACTURES' }).issues).toEqual([]);
    expect(checkCompanyIdentifiers({ kind: 'public_body', country: 'BE' }).issues).toEqual([]);
    expect(checkCompanyIdentifiers({ kind: 'public_body', country: 'FR', siret: '1' }).issues.map((issue) => issue.code)).toEqual(['invalid_siret']);
  });
});
