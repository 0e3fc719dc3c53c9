import { createHash, randomInt } from 'node:crypto';
import type { registryKinds } from './registries.tables.js';

// Public codes and access codes of gift registries, pure.
//
// The public code is the registry's link and what a birth announcement prints: `LN-7KQ2-M4XP`.
// Its eight characters carry 40 random bits (about 10^12 codes) and every unknown code a visitor
// tries counts against their IP, so a registry shown "by link only" cannot be found by trying
// codes. No separate link token is needed (the schema has none): the link is the code.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const PREFIXES: Record<(typeof registryKinds)[number], string> = { birth: 'LN', wedding: 'LM', birthday: 'LA', other: 'LC' };

export function newPublicCode(kind: (typeof registryKinds)[number]): string {
  let body = '';
  for (let i = 0; i < 8; i += 1) body += ALPHABET[randomInt(0, ALPHABET.length)];
  return `${PREFIXES[kind]}-${body.slice(0, 4)}-${body.slice(4)}`;
}

/**
 * What a visitor typed, as stored: capitals, the dashes put back, and the letters Crockford's
 * alphabet leaves out read as the digits they look like (O → 0, I and L → 1). Null when it
 * cannot be a code, so nothing is looked up.
 */
export function normalizePublicCode(typed: string): string | null {
  const compact = typed.toUpperCase().replace(/[\s-]/g, '');
  if (!/^L[NMAC][0-9A-Z]{8}$/.test(compact)) return null;
  const body = compact.slice(2).replace(/O/g, '0').replace(/[IL]/g, '1');
  if (/[U]/.test(body)) return null;
  return `${compact.slice(0, 2)}-${body.slice(0, 4)}-${body.slice(4)}`;
}

/**
 * The access code of a `code` registry, salted with the registry's id: codes are short, and a
 * leaked table must not be reversed with one precomputed list for every registry.
 */
export function hashAccessCode(registryId: string, accessCode: string): string {
  return createHash('sha256').update(`${registryId}:${accessCode.trim().toUpperCase()}`).digest('hex');
}

/** What is left to give of an item. */
export function remainingQuantity(item: { wantedQuantity: number; reservedQuantity: number; purchasedQuantity: number }): number {
  return Math.max(0, item.wantedQuantity - item.reservedQuantity - item.purchasedQuantity);
}
