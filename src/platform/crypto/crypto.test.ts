import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPasswordStrength } from './password-strength.js';
import { createPasswordHasher } from './passwords.js';
import { constantTimeEqual, hashCode, hashToken, newSecretToken, newSixDigitCode } from './tokens.js';

describe('secret tokens and codes', () => {
  it('makes 256-bit base64url tokens, stored as a SHA-256 hex digest', () => {
    const token = newSecretToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token);
  });

  it('makes six-digit codes, leading zeros kept', () => {
    for (let draw = 0; draw < 2000; draw += 1) expect(newSixDigitCode()).toMatch(/^\d{6}$/);
  });

  it('hashes a code differently under different salts', () => {
    expect(hashCode('123456', 'a')).not.toBe(hashCode('123456', 'b'));
  });

  it('compares in constant time and exactly', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(a === b);
      }),
    );
  });
});

describe('password hashing', () => {
  it('uses argon2id at OWASP parameters (19 MiB, 2 passes, 1 lane) by default', async () => {
    const hasher = await createPasswordHasher();
    const stored = await hasher.hash('violet tambour pelouse 1987 grenier');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hasher.verify(stored, 'violet tambour pelouse 1987 grenier')).toBe(true);
    expect(await hasher.verify(stored, 'violet tambour pelouse 1987 grenieR')).toBe(false);
    expect(await hasher.verify('not a hash', 'anything')).toBe(false);
  });
});

describe('checkPasswordStrength', () => {
  it('refuses fewer than 12 and more than 256 characters, whatever they are', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 11 }), (short) => {
        expect(checkPasswordStrength(short, { locale: 'fr' }).ok).toBe(false);
      }),
      { numRuns: 50 },
    );
    expect(checkPasswordStrength('x'.repeat(257), { locale: 'en' })).toMatchObject({ ok: false, reason: 'At most 256 characters.' });
  });

  it('needs no composition rule: a long uncommon phrase in lower case passes', () => {
    expect(checkPasswordStrength('violet tambour pelouse grenier', { locale: 'fr' }).ok).toBe(true);
  });

  it('refuses common passwords with a reason in the customer’s language', () => {
    const french = checkPasswordStrength('motdepasse123', { locale: 'fr' });
    const english = checkPasswordStrength('password12345', { locale: 'en' });
    expect(french).toMatchObject({ ok: false, reason: expect.stringContaining('trop facile à deviner') });
    expect(english).toMatchObject({ ok: false, reason: expect.stringContaining('too easy to guess') });
  });

  it('counts the person’s own name and address as known words', () => {
    expect(checkPasswordStrength('Delacroixmontfort1', { locale: 'fr' }).ok).toBe(true);
    expect(checkPasswordStrength('Delacroixmontfort1', { locale: 'fr', userInputs: ['Delacroixmontfort'] }).ok).toBe(false);
  });
});
