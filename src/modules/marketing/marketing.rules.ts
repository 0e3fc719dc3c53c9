import { consentPurposes, type consentSources } from '../customers/customers.tables.js';

export type TConsentPurpose = (typeof consentPurposes)[number];
export type TConsentSource = (typeof consentSources)[number];
/** The purposes a marketing email can be sent for; sms has its own channel. */
export type TEmailConsentPurpose = Exclude<TConsentPurpose, 'sms'>;

export type TConsentRecord = {
  id: string;
  purpose: TConsentPurpose;
  granted: boolean;
  source: TConsentSource;
  noticeVersion: string;
  recordedAt: Date;
};

export type TConsentState = { granted: boolean; since: Date | null; source: TConsentSource | null };
export type TConsentStates = Record<TConsentPurpose, TConsentState>;

/** Newest first: by time, then by id (time-ordered) for records of one transaction. */
export function compareNewestFirst(a: TConsentRecord, b: TConsentRecord): number {
  const byTime = b.recordedAt.getTime() - a.recordedAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * The current state of each purpose, derived from the history: its latest record decides, and
 * a purpose with no record was never granted (consent is opt-in, never presumed).
 */
export function deriveConsentStates(history: readonly TConsentRecord[]): TConsentStates {
  const states = Object.fromEntries(
    consentPurposes.map((purpose) => [purpose, { granted: false, since: null, source: null } satisfies TConsentState]),
  ) as TConsentStates;
  const decided = new Set<TConsentPurpose>();
  for (const record of [...history].sort(compareNewestFirst)) {
    if (decided.has(record.purpose)) continue;
    decided.add(record.purpose);
    states[record.purpose] = { granted: record.granted, since: record.recordedAt, source: record.source };
  }
  return states;
}

/** Only the purposes whose state the request actually changes; asking for the current state records nothing. */
export function consentChanges(
  states: TConsentStates,
  wanted: Partial<Record<TConsentPurpose, boolean | undefined>>,
): { purpose: TConsentPurpose; granted: boolean }[] {
  return consentPurposes.flatMap((purpose) => {
    const granted = wanted[purpose];
    return granted === undefined || granted === states[purpose].granted ? [] : [{ purpose, granted }];
  });
}

/**
 * An address shown to whoever holds an unsubscribe link, recognisable by its owner but not
 * readable by a stranger who found the link: `c•••@example.fr`.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  const local = email.slice(0, at);
  const first = [...local][0] ?? '';
  return `${first}•••${email.slice(at)}`;
}
