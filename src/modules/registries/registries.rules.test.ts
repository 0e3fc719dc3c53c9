import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashAccessCode, newPublicCode, normalizePublicCode, remainingQuantity } from './registries.rules.js';

describe('registry codes', () => {
  it('a new code reads back as itself, typed in lower case, without dashes or with spaces', () => {
    for (const kind of ['birth', 'wedding', 'birthday', 'other'] as const) {
      const code = newPublicCode(kind);
      expect(code).toMatch(/^L[NMAC]-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(normalizePublicCode(code)).toBe(code);
      expect(normalizePublicCode(code.toLowerCase().replaceAll('-', ''))).toBe(code);
      expect(normalizePublicCode(` ${code.slice(0, 7)} ${code.slice(8)} `)).toBe(code);
    }
  });

  it('letters Crockford leaves out are read as the digits they look like; anything else is no code', () => {
    expect(normalizePublicCode('LN-7KQO-I4LP')).toBe('LN-7KQ0-141P');
    expect(normalizePublicCode('LN-7KQU-0000')).toBeNull();
    expect(normalizePublicCode('LX-0000-0000')).toBeNull();
    expect(normalizePublicCode('LN-000-0000')).toBeNull();
    fc.assert(fc.property(fc.string(), (typed) => {
      const code = normalizePublicCode(typed);
      return code === null || /^L[NMAC]-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(code);
    }));
  });

  it('access codes are compared without case, and salted by the registry', () => {
    expect(hashAccessCode('reg_a', 'Jeanne2027')).toBe(hashAccessCode('reg_a', ' jeanne2027 '));
    expect(hashAccessCode('reg_a', 'jeanne2027')).not.toBe(hashAccessCode('reg_b', 'jeanne2027'));
  });

  it('what is left never goes below zero', () => {
    fc.assert(fc.property(fc.nat(999), fc.nat(999), fc.nat(999), (wanted, reserved, purchased) => {
      const left = remainingQuantity({ wantedQuantity: wanted, reservedQuantity: reserved, purchasedQuantity: purchased });
      return left >= 0 && left <= wanted;
    }));
  });
});
