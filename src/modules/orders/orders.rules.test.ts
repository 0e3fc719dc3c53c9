import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approvalStatusOf, isIsoCurrency, isPlausiblePlacedAt, lineTotalOf, returnableQuantity } from './orders.rules.js';
import { buildCartUrl, mergeCartLines } from './reorder.rules.js';
import { canStoreMoveReturn } from './returns.rules.js';

describe('order rules', () => {
  it.each([
    ['EUR', true],
    ['CHF', true],
    ['GBP', true],
    ['eur', false],
    ['EURO', false],
    ['XYZ', false],
    ['', false],
  ])('isIsoCurrency(%j) is %s', (code, expected) => {
    expect(isIsoCurrency(code)).toBe(expected);
  });

  it('placedAt may be a little ahead of our clock, not days', () => {
    const now = new Date('2025-06-01T12:00:00Z');
    expect(isPlausiblePlacedAt(new Date('2025-06-02T11:00:00Z'), now)).toBe(true);
    expect(isPlausiblePlacedAt(new Date('2025-06-03T12:00:00Z'), now)).toBe(false);
    expect(isPlausiblePlacedAt(new Date('1969-12-31T00:00:00Z'), now)).toBe(false);
  });

  it('returnable quantity is bought minus returned, never negative, zero unless open or completed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 2000 }), (quantity, returnedQuantity) => {
        const open = returnableQuantity({ orderStatus: 'open', quantity, returnedQuantity });
        expect(open).toBe(Math.max(0, quantity - returnedQuantity));
        expect(returnableQuantity({ orderStatus: 'pending_approval', quantity, returnedQuantity })).toBe(0);
        expect(returnableQuantity({ orderStatus: 'cancelled', quantity, returnedQuantity })).toBe(0);
      }),
    );
  });

  it('approval status follows the order status and the decision', () => {
    const decided = new Date();
    expect(approvalStatusOf({ status: 'pending_approval', approvalDecidedAt: null })).toBe('pending');
    expect(approvalStatusOf({ status: 'open', approvalDecidedAt: null })).toBe('not_required');
    expect(approvalStatusOf({ status: 'open', approvalDecidedAt: decided })).toBe('approved');
    expect(approvalStatusOf({ status: 'completed', approvalDecidedAt: decided })).toBe('approved');
    expect(approvalStatusOf({ status: 'refused', approvalDecidedAt: decided })).toBe('refused');
  });

  it('a line total defaults to quantity × unit price', () => {
    expect(lineTotalOf({ quantity: 3, unitPrice: 250 })).toBe(750);
    expect(lineTotalOf({ quantity: 3, unitPrice: 250, lineTotal: 700 })).toBe(700);
  });
});

describe('return transitions pushed by the store', () => {
  it.each([
    ['requested', 'approved', true],
    ['requested', 'refused', true],
    ['approved', 'received', true],
    ['received', 'refunded', true],
    ['requested', 'refunded', false],
    ['refunded', 'requested', false],
    ['cancelled', 'approved', false],
    ['refused', 'approved', false],
    ['approved', 'requested', false],
  ] as const)('%s → %s: %s', (from, to, allowed) => {
    expect(canStoreMoveReturn(from, to)).toBe(allowed);
  });
});

describe('reorder cart link', () => {
  it('joins ref:qty with the productRef when there is one, each part encoded', () => {
    const url = buildCartUrl('https://shop.example/cart/{items}', [
      { sku: 'PAP-A4', productRef: null, quantity: 2 },
      { sku: 'STY,BLEU', productRef: null, quantity: 1 },
      { sku: 'CLA-01', productRef: 'gid://variant/42', quantity: 5 },
    ]);
    expect(url).toBe('https://shop.example/cart/PAP-A4:2,STY%2CBLEU:1,gid%3A%2F%2Fvariant%2F42:5');
  });

  it('is null without a template or without lines', () => {
    expect(buildCartUrl(null, [{ sku: 'A', productRef: null, quantity: 1 }])).toBeNull();
    expect(buildCartUrl('https://shop.example/cart/{items}', [])).toBeNull();
  });

  it('merges lines of the same SKU, keeping first-seen order', () => {
    expect(
      mergeCartLines([
        { sku: 'A', productRef: null, quantity: 1 },
        { sku: 'B', productRef: null, quantity: 2 },
        { sku: 'A', productRef: null, quantity: 3 },
      ]),
    ).toEqual([
      { sku: 'A', productRef: null, quantity: 4 },
      { sku: 'B', productRef: null, quantity: 2 },
    ]);
  });
});
