import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskEmail } from './email-change.rules.js';
import {
  checkProfileChanges,
  formatProfilePhone,
  isCalendarDate,
  isMobileNumber,
  latestDateOnEarth,
  normalizeProfileChanges,
  normalizeProfilePhone,
} from './profile.rules.js';

const FR = { shopCountry: 'FR', today: '2026-06-15' };
const codesOf = (draft: Parameters<typeof checkProfileChanges>[0], options = FR) =>
  Object.fromEntries(checkProfileChanges(draft, options).map((issue) => [issue.path, issue.code]));

describe('profile phone numbers', () => {
  it('reads national numbers in the shop’s country and international ones as written', () => {
    expect(normalizeProfilePhone('01 23 45 67 89', 'FR')).toBe('+33123456789');
    expect(normalizeProfilePhone('0470 12 34 56', 'BE')).toBe('+32470123456');
    expect(normalizeProfilePhone('+32 470 12 34 56', 'FR')).toBe('+32470123456');
    expect(normalizeProfilePhone('0033 6 12 34 56 78', 'FR')).toBe('+33612345678');
    expect(normalizeProfilePhone('12', 'FR')).toBeNull();
    expect(normalizeProfilePhone('not a number', 'FR')).toBeNull();
  });

  it('tells mobiles from landlines, and accepts numbers whose plan does not tell them apart', () => {
    expect(isMobileNumber('06 12 34 56 78', 'FR')).toBe(true);
    expect(isMobileNumber('01 23 45 67 89', 'FR')).toBe(false);
    expect(isMobileNumber('+1 212 555 0123', 'FR')).toBe(true);
  });

  it('shows the shop’s numbers nationally and others internationally', () => {
    expect(formatProfilePhone('+33612345678', 'FR')).toBe('06 12 34 56 78');
    expect(formatProfilePhone('+32470123456', 'FR')).toBe('+32 470 12 34 56');
    expect(formatProfilePhone('+32470123456', 'BE')).toBe('0470 12 34 56');
    expect(formatProfilePhone(null, 'FR')).toBeNull();
  });

  it('a valid number survives a round trip through its national display form', () => {
    const mobiles = fc.integer({ min: 0, max: 99_999_999 }).map((n) => `+336${String(n).padStart(8, '0')}`);
    fc.assert(
      fc.property(mobiles, (e164) => {
        fc.pre(normalizeProfilePhone(e164, 'FR') === e164);
        const shown = formatProfilePhone(e164, 'FR')!;
        expect(normalizeProfilePhone(shown, 'FR')).toBe(e164);
      }),
    );
  });
});

describe('profile birth dates', () => {
  it('accepts only real calendar dates written YYYY-MM-DD', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('1985-4-23')).toBe(false);
    expect(isCalendarDate('23/04/1985')).toBe(false);
  });

  it('refuses the future and dates before 1900-01-01; today is fine', () => {
    expect(codesOf({ birthDate: '2026-06-16' })).toEqual({ birthDate: 'birth_date_in_future' });
    expect(codesOf({ birthDate: '2026-06-15' })).toEqual({});
    expect(codesOf({ birthDate: '1899-12-31' })).toEqual({ birthDate: 'birth_date_implausible' });
    expect(codesOf({ birthDate: '1900-01-01' })).toEqual({});
    expect(codesOf({ birthDate: '2026-02-30' })).toEqual({ birthDate: 'invalid_date' });
  });

  it('"today" is the latest date anywhere on Earth', () => {
    expect(latestDateOnEarth(new Date('2026-06-15T09:59:00Z'))).toBe('2026-06-15');
    expect(latestDateOnEarth(new Date('2026-06-15T10:00:00Z'))).toBe('2026-06-16');
  });
});

describe('checkProfileChanges', () => {
  it('judges only the fields given, and lists every broken rule at once', () => {
    expect(codesOf({})).toEqual({});
    expect(
      codesOf({ firstName: '', lastName: null, phone: '12', mobile: '0123456789', locale: 'de', gender: 'other', birthDate: 'x' }),
    ).toEqual({
      firstName: 'required',
      lastName: 'required',
      phone: 'invalid_phone',
      mobile: 'not_a_mobile_number',
      locale: 'invalid_locale',
      gender: 'invalid_gender',
      birthDate: 'invalid_date',
    });
  });

  it('lets optional fields be cleared with null or ""', () => {
    expect(codesOf({ initials: '', phone: null, mobile: '', gender: null, birthDate: '' })).toEqual({});
  });
});

describe('normalizeProfileChanges', () => {
  it('keeps only the fields given, trims, stores blanks as null and phones in E.164', () => {
    expect(normalizeProfileChanges({ firstName: ' Léa ', phone: '01 23 45 67 89', initials: '', gender: 'female' }, 'FR')).toEqual({
      firstName: 'Léa',
      phone: '+33123456789',
      initials: null,
      gender: 'female',
    });
    expect(normalizeProfileChanges({ mobile: null, birthDate: ' 1985-04-23 ', locale: 'en' }, 'FR')).toEqual({
      mobile: null,
      birthDate: '1985-04-23',
      locale: 'en',
    });
  });
});

describe('maskEmail', () => {
  it('keeps the first and last letters of the name, the first of the domain, and its ending', () => {
    expect(maskEmail('camille.durand@example.fr')).toBe('c••••••••••••d@e••••••.fr');
    expect(maskEmail('jo@mail.co.uk')).toBe('j•@m••••••.uk');
    expect(maskEmail('a@b.fr')).toBe('a•@b•.fr');
  });

  it('never shows the address whole', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        expect(maskEmail(email)).not.toBe(email);
        expect(maskEmail(email)).toContain('•');
      }),
    );
  });
});
