import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newId } from './ids.js';

describe('newId', () => {
  it('is the prefix, an underscore and 26 Crockford base32 characters', () => {
    expect(newId('cus')).toMatch(/^cus_[0-9abcdefghjkmnpqrstvwxyz]{26}$/);
  });

  it('sorts ids by creation time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 47 }), fc.integer({ min: 1, max: 2 ** 20 }), (earlier, gap) => {
        expect(newId('ses', earlier) < newId('ses', earlier + gap)).toBe(true);
      }),
    );
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId('tok')));
    expect(ids.size).toBe(10_000);
  });
});
