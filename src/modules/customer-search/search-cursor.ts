/**
 * The position in a list sorted newest first on `(created_at, id)`. The time is kept as
 * PostgreSQL prints it, to the microsecond: a JavaScript Date would round it to the
 * millisecond and the next page would skip rows created in the same millisecond.
 */
export type TCreatedPosition = { at: string; id: string };

const ID_PATTERN = /^[a-z]{3}_[0-9a-z]{26}$/;
const AT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCreatedCursor(position: TCreatedPosition): string {
  return Buffer.from(JSON.stringify({ t: position.at, i: position.id })).toString('base64url');
}

/** The position a cursor from `encodeCreatedCursor` holds, or null for anything else. */
export function decodeCreatedCursor(cursor: string): TCreatedPosition | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t?: unknown; i?: unknown };
    if (typeof parsed.t !== 'string' || typeof parsed.i !== 'string') return null;
    if (!AT_PATTERN.test(parsed.t) || !ID_PATTERN.test(parsed.i) || Number.isNaN(Date.parse(parsed.t))) return null;
    return { at: parsed.t, id: parsed.i };
  } catch {
    return null;
  }
}

/** Fetch `limit + 1` rows; this trims the extra one and makes the cursor of the last row kept. */
export function createdPage<T extends { id: string; createdKey: string }>(rows: T[], limit: number): { rows: T[]; nextCursor: string | null } {
  const kept = rows.slice(0, limit);
  const last = kept.at(-1);
  return { rows: kept, nextCursor: rows.length > limit && last ? encodeCreatedCursor({ at: last.createdKey, id: last.id }) : null };
}
