import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

export type TIdPrefix = 'cus' | 'ses' | 'tok' | 'eml' | 'sev' | 'cns' | 'lgc' | 'adr' | 'uns' | 'era' | 'cmp' | 'loc' | 'ladr' | 'lar' | 'inv'
  | 'key' | 'ord' | 'oli' | 'ret' | 'doc' | 'pm' | 'whe' | 'evt' | 'whd' | 'wha'
  // Back office: staff users, their sessions, setup links, recovery codes and audit events.
  | 'stf' | 'sts' | 'stk' | 'stc' | 'aud'
  // Staff notes on customers, privacy requests.
  | 'cno' | 'prq'
  // Markets (F1.8).
  | 'mkt'
  // Passkeys and their single-use WebAuthn challenges (F1.10).
  | 'psk' | 'wch'
  // Messages from the shop (one batch per send) and contact threads, their messages and files (F5.2, F5.4).
  | 'msg' | 'mbt' | 'cth' | 'ctm' | 'cta'
  // Wishlists and their items; gift registries, their items, gifts and contributions (F5.5, F5.6).
  | 'wsl' | 'wli' | 'reg' | 'rgi' | 'rgf' | 'rgc';

/**
 * A time-ordered random id with a type prefix, e.g. `cus_01jd3k…`: 48 bits of milliseconds
 * then 80 random bits in Crockford base32, so ids sort by creation and index well.
 */
export function newId(prefix: TIdPrefix, now: number = Date.now()): string {
  let time = '';
  let remaining = now;
  for (let i = 0; i < 10; i += 1) {
    time = CROCKFORD[remaining % 32] + time;
    remaining = Math.floor(remaining / 32);
  }
  const random = randomBytes(10);
  let bits = 0;
  let value = 0;
  let tail = '';
  for (const byte of random) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      tail += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return `${prefix}_${time}${tail}`;
}
