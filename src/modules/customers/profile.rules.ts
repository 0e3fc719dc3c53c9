import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { customerGenders, customerLocales, type TCustomerRow } from './customers.tables.js';

/**
 * Pure profile rules (F2.1): names, phone numbers in E.164, birth dates, language and gender.
 * No I/O, so the request schema, the service and the unit tests share one definition.
 */

/** The earliest birth date accepted: anything before is a typing mistake, not a customer. */
export const EARLIEST_BIRTH_DATE = '1900-01-01';

export const PROFILE_TEXT_LIMITS = { firstName: 100, lastName: 100, initials: 20, phone: 32, mobile: 32 } as const;

/** The fields a PATCH may change, as the request gave them; null or "" clears an optional one. */
export type TProfileDraft = {
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  initials?: string | null | undefined;
  phone?: string | null | undefined;
  mobile?: string | null | undefined;
  locale?: string | null | undefined;
  gender?: string | null | undefined;
  birthDate?: string | null | undefined;
};

export type TProfileField = keyof TProfileDraft;
export type TProfileIssue = { path: TProfileField; code: string; message: string };

/** What is stored: only the fields given, blanks as null, phones in E.164. */
export type TProfileChanges = Partial<
  Pick<TCustomerRow, 'firstName' | 'lastName' | 'initials' | 'phone' | 'mobile' | 'locale' | 'gender' | 'birthDate'>
>;

const isBlank = (value: string | null | undefined): boolean => !value?.trim();

/**
 * What a number parses to, remembered: parsing with the full metadata costs tens of
 * microseconds, and a save reads each number several times (the rules, the stored form, the
 * answer), as every profile answer formats the stored ones. Pure, so a bounded memory is safe.
 */
function remembered<T>(compute: (text: string, shopCountry: string) => T): (text: string, shopCountry: string) => T {
  const known = new Map<string, T>();
  return (text, shopCountry) => {
    const key = `${shopCountry}|${text}`;
    if (known.has(key)) return known.get(key) as T;
    const value = compute(text, shopCountry);
    if (known.size >= 1000) known.clear();
    known.set(key, value);
    return value;
  };
}

function parsePhone(raw: string, shopCountry: string) {
  const region = isSupportedCountry(shopCountry) ? (shopCountry as CountryCode) : undefined;
  const phone = parsePhoneNumberFromString(raw.trim(), region ? { defaultCountry: region } : {});
  return phone?.isValid() ? phone : undefined;
}

const readPhone = remembered((raw, shopCountry) => {
  const phone = parsePhone(raw, shopCountry);
  const type = phone?.getType();
  return { e164: phone?.number ?? null, mobile: type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' };
});

/** E.164 (`+33612345678`) of a number written nationally for the shop's country or internationally; null when invalid. */
export function normalizeProfilePhone(raw: string, shopCountry: string): string | null {
  return readPhone(raw, shopCountry).e164;
}

/**
 * A number a text message can reach. Where numbering plans do not tell mobiles from landlines
 * (the US, Canada), libphonenumber answers FIXED_LINE_OR_MOBILE: those are accepted.
 */
export function isMobileNumber(raw: string, shopCountry: string): boolean {
  return readPhone(raw, shopCountry).mobile;
}

const displayPhone = remembered((e164, shopCountry) => {
  const phone = parsePhoneNumberFromString(e164);
  if (!phone) return e164;
  return phone.country === shopCountry ? phone.formatNational() : phone.formatInternational();
});

/** For display: national form (`06 12 34 56 78`) for the shop's own numbers, international (`+32 470 12 34 56`) for others. */
export function formatProfilePhone(e164: string | null, shopCountry: string): string | null {
  return e164 ? displayPhone(e164, shopCountry) : null;
}

/** A real calendar date written YYYY-MM-DD (no 2023-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The latest date it is anywhere on Earth (UTC+14): a birth date is "in the future" only if it is
 * after that, so nobody born today in their own time zone is refused.
 */
export function latestDateOnEarth(now: Date): string {
  return new Date(now.getTime() + 14 * 3600 * 1000).toISOString().slice(0, 10);
}

const isIn = <T extends string>(values: readonly T[], value: string): value is T => (values as readonly string[]).includes(value);

/**
 * Every rule the changes break, all at once. Only fields present in the draft are judged:
 * a PATCH changes only what it gives.
 */
export function checkProfileChanges(draft: TProfileDraft, options: { shopCountry: string; today: string }): TProfileIssue[] {
  const issues: TProfileIssue[] = [];
  for (const field of ['firstName', 'lastName'] as const) {
    if (draft[field] !== undefined && isBlank(draft[field])) {
      issues.push({ path: field, code: 'required', message: 'Required: it cannot be cleared.' });
    }
  }
  if (!isBlank(draft.phone) && normalizeProfilePhone(draft.phone!, options.shopCountry) === null) {
    issues.push({ path: 'phone', code: 'invalid_phone', message: 'This is not a valid phone number; international numbers start with +.' });
  }
  if (!isBlank(draft.mobile)) {
    if (normalizeProfilePhone(draft.mobile!, options.shopCountry) === null) {
      issues.push({ path: 'mobile', code: 'invalid_phone', message: 'This is not a valid phone number; international numbers start with +.' });
    } else if (!isMobileNumber(draft.mobile!, options.shopCountry)) {
      issues.push({ path: 'mobile', code: 'not_a_mobile_number', message: 'This is a landline number: give it as the phone, and a mobile number here.' });
    }
  }
  if (draft.locale !== undefined && !isIn(customerLocales, draft.locale?.trim() ?? '')) {
    issues.push({ path: 'locale', code: 'invalid_locale', message: `Choose one of the shop’s languages: ${customerLocales.join(', ')}.` });
  }
  if (!isBlank(draft.gender) && !isIn(customerGenders, draft.gender!.trim())) {
    issues.push({ path: 'gender', code: 'invalid_gender', message: `Choose one of ${customerGenders.join(', ')}, or null.` });
  }
  if (!isBlank(draft.birthDate)) issues.push(...checkBirthDate(draft.birthDate!.trim(), options.today));
  return issues;
}

function checkBirthDate(value: string, today: string): TProfileIssue[] {
  if (!isCalendarDate(value)) {
    return [{ path: 'birthDate', code: 'invalid_date', message: 'Give a date written YYYY-MM-DD, e.g. 1985-04-23.' }];
  }
  // YYYY-MM-DD strings compare in calendar order.
  if (value > today) return [{ path: 'birthDate', code: 'birth_date_in_future', message: 'A birth date is in the past.' }];
  if (value < EARLIEST_BIRTH_DATE) {
    return [{ path: 'birthDate', code: 'birth_date_implausible', message: `Give a birth date from ${EARLIEST_BIRTH_DATE} on.` }];
  }
  return [];
}

/** The stored form of valid changes: trimmed, blanks as null, phones in E.164; absent fields stay absent. */
export function normalizeProfileChanges(draft: TProfileDraft, shopCountry: string): TProfileChanges {
  const changes: TProfileChanges = {};
  const text = (value: string | null | undefined) => (isBlank(value) ? null : value!.trim());
  if (draft.firstName !== undefined) changes.firstName = text(draft.firstName) ?? '';
  if (draft.lastName !== undefined) changes.lastName = text(draft.lastName) ?? '';
  if (draft.initials !== undefined) changes.initials = text(draft.initials);
  for (const field of ['phone', 'mobile'] as const) {
    if (draft[field] === undefined) continue;
    const raw = text(draft[field]);
    changes[field] = raw === null ? null : normalizeProfilePhone(raw, shopCountry);
  }
  if (draft.locale !== undefined) {
    const locale = text(draft.locale);
    if (locale && isIn(customerLocales, locale)) changes.locale = locale;
  }
  if (draft.gender !== undefined) {
    const gender = text(draft.gender);
    changes.gender = gender && isIn(customerGenders, gender) ? gender : null;
  }
  if (draft.birthDate !== undefined) changes.birthDate = text(draft.birthDate);
  return changes;
}
