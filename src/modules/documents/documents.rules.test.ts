import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  daysUntilDue,
  dueDateFromTerms,
  effectiveAmountDue,
  formatMoney,
  isCurrencyCode,
  isOverdue,
  kindTitle,
  statusFitsKind,
  statusStamp,
} from './documents.rules.js';

const at = (iso: string) => new Date(iso);

describe('dueDateFromTerms', () => {
  it.each([
    { terms: { paymentTermsKind: 'net' as const, paymentTermsNetDays: 30 }, due: '2026-04-14T10:00:00.000Z' },
    { terms: { paymentTermsKind: 'net' as const, paymentTermsNetDays: 7 }, due: '2026-03-22T10:00:00.000Z' },
    { terms: { paymentTermsKind: 'deposit' as const, paymentTermsNetDays: null }, due: '2026-03-15T10:00:00.000Z' },
    { terms: { paymentTermsKind: 'none' as const, paymentTermsNetDays: null }, due: '2026-03-15T10:00:00.000Z' },
    { terms: null, due: '2026-03-15T10:00:00.000Z' },
  ])('issued 15 March on $terms.paymentTermsKind terms: due $due', ({ terms, due }) => {
    expect(dueDateFromTerms(at('2026-03-15T10:00:00Z'), terms).toISOString()).toBe(due);
  });
});

describe('daysUntilDue and isOverdue', () => {
  const invoice = (dueAt: string) => ({ kind: 'invoice' as const, status: 'open' as const, dueAt: at(dueAt) });

  it('counts calendar days: due today is 0 and not overdue, yesterday is -1 and overdue', () => {
    const now = at('2026-03-15T23:00:00Z');
    expect(daysUntilDue(at('2026-03-15T01:00:00Z'), now)).toBe(0);
    expect(isOverdue(invoice('2026-03-15T01:00:00Z'), now)).toBe(false);
    expect(daysUntilDue(at('2026-03-14T23:59:00Z'), now)).toBe(-1);
    expect(isOverdue(invoice('2026-03-14T23:59:00Z'), now)).toBe(true);
    expect(daysUntilDue(at('2026-04-14T00:00:00Z'), now)).toBe(30);
  });

  it('paid, cancelled and non-invoice documents are never overdue', () => {
    const now = at('2027-01-01T00:00:00Z');
    expect(isOverdue({ ...invoice('2026-01-01T00:00:00Z'), status: 'paid' }, now)).toBe(false);
    expect(isOverdue({ ...invoice('2026-01-01T00:00:00Z'), status: 'cancelled' }, now)).toBe(false);
    expect(isOverdue({ ...invoice('2026-01-01T00:00:00Z'), kind: 'quote' }, now)).toBe(false);
  });

  it('overdue exactly when daysUntilDue is negative', () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), fc.date({ noInvalidDate: true }), (due, now) => {
        expect(isOverdue({ kind: 'invoice', status: 'open', dueAt: due }, now)).toBe(daysUntilDue(due, now) < 0);
      }),
    );
  });
});

describe('statuses', () => {
  it.each([
    ['credit_note', 'used', true],
    ['invoice', 'used', false],
    ['quote', 'paid', false],
    ['quote', 'expired', true],
    ['purchase_order', 'paid', true],
    ['invoice', 'expired', false],
  ] as const)('a %s can be %s: %s', (kind, status, fits) => {
    expect(statusFitsKind(kind, status)).toBe(fits);
  });

  it('stamps paid documents and used credit notes only', () => {
    expect(statusStamp({ kind: 'purchase_order', status: 'paid' })).toBe('paid');
    expect(statusStamp({ kind: 'credit_note', status: 'used' })).toBe('used');
    expect(statusStamp({ kind: 'invoice', status: 'open' })).toBeNull();
  });

  it('what is left to pay: the store’s figure, else the total; nothing once paid', () => {
    expect(effectiveAmountDue({ kind: 'invoice', status: 'open', total: 1000, amountDue: null })).toBe(1000);
    expect(effectiveAmountDue({ kind: 'invoice', status: 'open', total: 1000, amountDue: 400 })).toBe(400);
    expect(effectiveAmountDue({ kind: 'invoice', status: 'paid', total: 1000, amountDue: 400 })).toBe(0);
    expect(effectiveAmountDue({ kind: 'quote', status: 'open', total: 1000, amountDue: null })).toBeNull();
  });
});

describe('formatting', () => {
  it.each([
    [123456, 'EUR', 'fr', '1\u00a0234,56\u00a0€'],
    [123456, 'EUR', 'en', '€1,234.56'],
    [1500, 'JPY', 'en', 'JP¥1,500'],
  ] as const)('%i %s in %s is %s', (amount, currency, locale, text) => {
    expect(formatMoney(amount, currency, locale)).toBe(text);
  });

  it('titles each kind in both languages', () => {
    expect(kindTitle('credit_note', 'fr')).toBe('Avoir');
    expect(kindTitle('receipt', 'en')).toBe('Receipt');
    expect(kindTitle('purchase_order', 'fr')).toBe('Bon de commande');
  });

  it('knows ISO 4217 codes in capitals only', () => {
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('eur')).toBe(false);
    expect(isCurrencyCode('XYZ')).toBe(false);
  });
});
