import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from '../../platform/crypto/tokens.js';

/**
 * TOTP (RFC 6238) over HOTP (RFC 4226) with node:crypto: what authenticator apps expect by
 * default (HMAC-SHA1, 30-second steps, six digits). SHA-256/512 and eight digits exist for the
 * RFC's own test vectors.
 */
export type TTotpAlgorithm = 'sha1' | 'sha256' | 'sha512';
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding: the form of `secret=` in otpauth URLs. */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Tolerates what people type: lower case, spaces, padding. Throws on other characters. */
export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = BASE32_ALPHABET.indexOf(char);
    if (index < 0) throw new Error('not base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(bytes);
}

/** A new 160-bit secret (RFC 4226 recommends the HMAC-SHA1 output length), base32. */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** HOTP: HMAC of the 8-byte counter, dynamic truncation, modulo 10^digits. */
export function hotp(key: Buffer, counter: number, options: { digits?: number; algorithm?: TTotpAlgorithm } = {}): string {
  const digits = options.digits ?? TOTP_DIGITS;
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac(options.algorithm ?? 'sha1', key).update(message).digest();
  const offset = digest[digest.length - 1]! & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return (binary % 10 ** digits).toString().padStart(digits, '0');
}

export function totpStep(unixSeconds: number): number {
  return Math.floor(unixSeconds / TOTP_PERIOD_SECONDS);
}

export function totpAt(key: Buffer, unixSeconds: number, options: { digits?: number; algorithm?: TTotpAlgorithm } = {}): string {
  return hotp(key, totpStep(unixSeconds), options);
}

/**
 * The step a six-digit code matches, within one step either side of now (clock drift), and
 * only if later than `lastUsedStep`: a code seen once, or an older one, is refused (replay).
 */
export function matchTotp(options: { secret: string; code: string; unixSeconds: number; lastUsedStep: number | null }): number | null {
  if (!/^\d{6}$/.test(options.code)) return null;
  const key = base32Decode(options.secret);
  const now = totpStep(options.unixSeconds);
  for (const step of [now - 1, now, now + 1]) {
    if (options.lastUsedStep !== null && step <= options.lastUsedStep) continue;
    if (constantTimeEqual(hotp(key, step), options.code)) return step;
  }
  return null;
}

/** `otpauth://totp/Issuer:account?…`, the URI authenticator apps read from the QR code. */
export function otpauthUrl(options: { issuer: string; account: string; secret: string }): string {
  const label = `${encodeURIComponent(options.issuer)}:${encodeURIComponent(options.account)}`;
  const query = new URLSearchParams({
    secret: options.secret,
    issuer: options.issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD_SECONDS),
  });
  return `otpauth://totp/${label}?${query.toString().replace(/\+/g, '%20')}`;
}
