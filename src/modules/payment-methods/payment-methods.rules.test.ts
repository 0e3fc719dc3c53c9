import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isExpired } from './payment-methods.rules.js';

describe('isExpired', () => {
  it.each([
    { month: 3, year: 2026, now: '2026-03-31T23:59:59Z', expired: false },
    { month: 3, year: 2026, now: '2026-04-01T00:00:00Z', expired: true },
    { month: 12, year: 2025, now: '2026-01-01T00:00:00Z', expired: true },
    { month: 12, year: 2026, now: '2026-01-15T00:00:00Z', expired: false },
  ])('a card expiring $month/$year at $now: expired $expired', ({ month, year, now, expired }) => {
    expect(isExpired({ expiryMonth: month, expiryYear: year }, new Date(now))).toBe(expired);
  });

  it('a method without a complete expiry never expires', () => {
    expect(isExpired({ expiryMonth: null, expiryYear: 2000 }, new Date())).toBe(false);
    expect(isExpired({ expiryMonth: 1, expiryYear: null }, new Date())).toBe(false);
  });

  it('is valid during its expiry month and expired in every later month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 0, max: 27 }), (month, year, day) => {
        const during = new Date(Date.UTC(year, month - 1, 1 + day));
        const after = new Date(Date.UTC(year, month, 1 + day));
        expect(isExpired({ expiryMonth: month, expiryYear: year }, during)).toBe(false);
        expect(isExpired({ expiryMonth: month, expiryYear: year }, after)).toBe(true);
      }),
    );
  });
});
