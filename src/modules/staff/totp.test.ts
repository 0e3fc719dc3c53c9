import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, newTotpSecret, otpauthUrl, totpAt, type TTotpAlgorithm } from './totp.js';

/** RFC 6238 appendix B: the seeds are ASCII "1234567890" repeated to the hash's length. */
const seeds: Record<TTotpAlgorithm, Buffer> = {
  sha1: Buffer.from('12345678901234567890', 'ascii'),
  sha256: Buffer.from('12345678901234567890123456789012', 'ascii'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234', 'ascii'),
};

const vectors: [number, TTotpAlgorithm, string][] = [
  [59, 'sha1', '94287082'],
  [59, 'sha256', '46119246'],
  [59, 'sha512', '90693936'],
  [1111111109, 'sha1', '07081804'],
  [1111111109, 'sha256', '68084774'],
  [1111111109, 'sha512', '25091201'],
  [1111111111, 'sha1', '14050471'],
  [1111111111, 'sha256', '67062674'],
  [1111111111, 'sha512', '99943326'],
  [1234567890, 'sha1', '89005924'],
  [1234567890, 'sha256', '91819424'],
  [1234567890, 'sha512', '93441116'],
  [2000000000, 'sha1', '69279037'],
  [2000000000, 'sha256', '90698825'],
  [2000000000, 'sha512', '38618901'],
  [20000000000, 'sha1', '65353130'],
  [20000000000, 'sha256', '77737706'],
  [20000000000, 'sha512', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(vectors)('at %i s with %s gives %s (appendix B)', (time, algorithm, expected) => {
    expect(totpAt(seeds[algorithm], time, { digits: 8, algorithm })).toBe(expected);
  });

  it('HOTP gives the RFC 4226 appendix D values', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, counter) => hotp(seeds.sha1, counter))).toEqual(expected);
  });

  it('base32 round-trips any bytes and reads the RFC 4648 test vectors', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      expect([...base32Decode(base32Encode(bytes))]).toEqual([...bytes]);
    }));
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar');
    expect(() => base32Decode('MZXW1')).toThrow();
  });

  it('accepts the code of the step before, now and after, and nothing further', () => {
    const secret = newTotpSecret();
    const key = base32Decode(secret);
    const now = 1_700_000_000;
    for (const offset of [-30, 0, 30]) {
      expect(matchTotp({ secret, code: totpAt(key, now + offset), unixSeconds: now, lastUsedStep: null })).toBe(Math.floor((now + offset) / 30));
    }
    for (const offset of [-60, 60]) {
      expect(matchTotp({ secret, code: totpAt(key, now + offset), unixSeconds: now, lastUsedStep: null })).toBeNull();
    }
  });

  it('refuses a step already used, and any earlier one', () => {
    const secret = newTotpSecret();
    const key = base32Decode(secret);
    const now = 1_700_000_000;
    const step = Math.floor(now / 30);
    expect(matchTotp({ secret, code: totpAt(key, now), unixSeconds: now, lastUsedStep: step })).toBeNull();
    expect(matchTotp({ secret, code: totpAt(key, now - 30), unixSeconds: now, lastUsedStep: step })).toBeNull();
    expect(matchTotp({ secret, code: totpAt(key, now + 30), unixSeconds: now, lastUsedStep: step })).toBe(step + 1);
  });

  it('refuses anything but six digits', () => {
    const secret = newTotpSecret();
    for (const code of ['', '12345', '1234567', 'abcdef', ' 123456']) {
      expect(matchTotp({ secret, code, unixSeconds: 1_700_000_000, lastUsedStep: null })).toBeNull();
    }
  });

  it('makes 160-bit secrets and an otpauth URL authenticator apps read', () => {
    const secret = newTotpSecret();
    expect(base32Decode(secret)).toHaveLength(20);
    const url = new URL(otpauthUrl({ issuer: 'Boutique Étoile', account: 'ana@example.fr', secret }));
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/Boutique Étoile:ana@example.fr');
    expect(Object.fromEntries(url.searchParams)).toEqual({ secret, issuer: 'Boutique Étoile', algorithm: 'SHA1', digits: '6', period: '30' });
  });
});
