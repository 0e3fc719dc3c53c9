import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consentPurposes, consentSources } from '../customers/customers.tables.js';
import { consentChanges, deriveConsentStates, maskEmail, type TConsentRecord } from './marketing.rules.js';

let sequence = 0;
const record = (purpose: TConsentRecord['purpose'], granted: boolean, at: string, source: TConsentRecord['source'] = 'account_page'): TConsentRecord => ({
  id: `cns_${String((sequence += 1)).padStart(26, '0')}`,
  purpose,
  granted,
  source,
  noticeVersion: '2026-11',
  recordedAt: new Date(at),
});

describe('deriveConsentStates', () => {
  it('without any record nothing is granted', () => {
    expect(deriveConsentStates([])).toEqual({
      newsletter_email: { granted: false, since: null, source: null },
      promotional_email: { granted: false, since: null, source: null },
      sms: { granted: false, since: null, source: null },
    });
  });

  it('the latest record of each purpose decides, whatever the order given', () => {
    const history = [
      record('newsletter_email', false, '2026-03-01T10:00:00Z', 'unsubscribe_link'),
      record('newsletter_email', true, '2026-01-01T10:00:00Z', 'sign_up'),
      record('sms', true, '2026-02-01T10:00:00Z'),
      record('newsletter_email', true, '2026-02-01T10:00:00Z'),
    ];
    const states = deriveConsentStates(history);
    expect(states.newsletter_email).toEqual({ granted: false, since: new Date('2026-03-01T10:00:00Z'), source: 'unsubscribe_link' });
    expect(states.sms).toEqual({ granted: true, since: new Date('2026-02-01T10:00:00Z'), source: 'account_page' });
    expect(states.promotional_email.granted).toBe(false);
  });

  it('records of one instant are ordered by their time-ordered id', () => {
    const first = record('promotional_email', true, '2026-04-01T10:00:00Z');
    const second = record('promotional_email', false, '2026-04-01T10:00:00Z');
    expect(deriveConsentStates([second, first]).promotional_email.granted).toBe(false);
    expect(deriveConsentStates([first, second]).promotional_email.granted).toBe(false);
  });

  it('equals the last record of each purpose of any history written in time order', () => {
    const arbitraryRecord = fc.record({
      purpose: fc.constantFrom(...consentPurposes),
      granted: fc.boolean(),
      source: fc.constantFrom(...consentSources),
    });
    fc.assert(
      fc.property(fc.array(arbitraryRecord, { maxLength: 30 }), (items) => {
        const history = items.map((item, index) => ({
          ...record(item.purpose, item.granted, new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString(), item.source),
        }));
        const shuffled = [...history].reverse();
        const states = deriveConsentStates(shuffled);
        for (const purpose of consentPurposes) {
          const last = history.filter((entry) => entry.purpose === purpose).at(-1);
          expect(states[purpose].granted).toBe(last?.granted ?? false);
          expect(states[purpose].source).toBe(last?.source ?? null);
        }
      }),
    );
  });
});

describe('consentChanges', () => {
  it('keeps only the purposes whose state changes', () => {
    const states = deriveConsentStates([record('newsletter_email', true, '2026-01-01T00:00:00Z')]);
    expect(consentChanges(states, { newsletter_email: true, promotional_email: false, sms: undefined })).toEqual([]);
    expect(consentChanges(states, { newsletter_email: false, sms: true })).toEqual([
      { purpose: 'newsletter_email', granted: false },
      { purpose: 'sms', granted: true },
    ]);
  });
});

describe('maskEmail', () => {
  it.each([
    ['camille.durand@example.fr', 'c•••@example.fr'],
    ['a@b.c', 'a•••@b.c'],
    ['émile@exemple.fr', 'é•••@exemple.fr'],
    ['"odd@local"@example.com', '"•••@example.com'],
    ['no-at-sign', '•••'],
  ])('%s → %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });
});
