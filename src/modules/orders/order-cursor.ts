import { commonErrors } from '../../platform/errors/app-error.js';

/**
 * The position in a history sorted newest first on `(at, id)`: the timestamp alone is not
 * unique (a till pushes many receipts in one second), the id breaks ties. Opaque to clients
 * (base64url JSON) so the key can change without breaking them.
 */
export type TKeysetPosition = { at: Date; id: string };

const ID_PATTERN = /^[a-z]{3}_[0-9a-z]{26}$/;

export function encodeKeysetCursor(position: TKeysetPosition): string {
  return Buffer.from(JSON.stringify({ t: position.at.toISOString(), i: position.id })).toString('base64url');
}

/** The position a cursor from `encodeKeysetCursor` holds; 400 invalid_cursor for anything else. */
export function decodeKeysetCursor(cursor: string | undefined): TKeysetPosition | null {
  if (cursor === undefined || cursor === '') return null;
  const position = parsePosition(cursor);
  if (!position) {
    throw commonErrors.validationFailed([{ path: 'query.cursor', code: 'invalid_cursor', message: 'This cursor is not one the API gave.' }]);
  }
  return position;
}

function parsePosition(cursor: string): TKeysetPosition | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t?: unknown; i?: unknown };
    if (typeof parsed.t !== 'string' || typeof parsed.i !== 'string' || !ID_PATTERN.test(parsed.i)) return null;
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(parsed.t)) return null;
    const at = new Date(parsed.t);
    return Number.isNaN(at.getTime()) ? null : { at, id: parsed.i };
  } catch {
    return null;
  }
}

/** Fetch `limit + 1` rows; this trims the extra one and makes the cursor of the last row kept. */
export function keysetPage<T>(rows: T[], limit: number, positionOf: (row: T) => TKeysetPosition): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeKeysetCursor(positionOf(last)) : null };
}
