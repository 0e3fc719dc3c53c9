import { z } from 'zod';
import { commonErrors } from '../errors/app-error.js';

/** `?limit=` (default 20, max 100) and an opaque `?cursor=`, as API.md fixes for every list. */
export const ZListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

/** Cursors wrap the last id seen; opaque so the key can change without breaking clients. */
export function encodeCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ after: lastId })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    // Cursors wrap one of our prefixed ids; anything else was not made by the API.
    if (typeof parsed.after === 'string' && /^[a-z]{3}_[0-9a-z]{26}$/.test(parsed.after)) return parsed.after;
  } catch {
    // Falls through to the validation error below.
  }
  throw commonErrors.validationFailed([{ path: 'query.cursor', code: 'invalid_cursor', message: 'This cursor is not one the API gave.' }]);
}

/** Fetch `limit + 1` rows; this trims the extra one and says whether there is a next page. */
export function pageOf<T extends { id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
