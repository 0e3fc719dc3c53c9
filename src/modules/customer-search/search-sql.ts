import { and, gte, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { parseCreatedBound } from './customer-search.schemas.js';
import type { TCreatedPosition } from './search-cursor.js';
import { escapeLike } from './search-terms.js';

/**
 * `'%' || comptoir_fold(term) || '%'`: the word folded by the same SQL function as the stored
 * `search_text`, so "DUPRÉ", "dupre" and "Dupré" are one word. The trigram index serves
 * `search_text LIKE` this pattern for words of 3 characters or more.
 */
export function containsPattern(term: string): SQL {
  return sql`'%' || comptoir_fold(${escapeLike(term)}) || '%'`;
}

/** Both bounds inclusive; a day bound covers the whole day in UTC. */
export function createdWithin(column: PgColumn, from: string | undefined, to: string | undefined): SQL[] {
  const conditions: SQL[] = [];
  const lower = from ? parseCreatedBound(from) : null;
  if (lower) conditions.push(gte(column, 'day' in lower ? new Date(`${lower.day}T00:00:00Z`) : lower.instant));
  const upper = to ? parseCreatedBound(to) : null;
  if (upper) {
    if ('day' in upper) {
      const next = new Date(`${upper.day}T00:00:00Z`);
      next.setUTCDate(next.getUTCDate() + 1);
      conditions.push(lt(column, next));
    } else conditions.push(lte(column, upper.instant));
  }
  return conditions;
}

/**
 * After the last row of the previous page, newest first on (created_at, id). Written with a
 * plain `created_at <=` so the created_at index bounds the scan.
 */
export function createdBefore(createdAt: PgColumn, id: PgColumn, after: TCreatedPosition): SQL {
  const at = sql`${after.at}::timestamptz`;
  return and(lte(createdAt, at), or(lt(createdAt, at), lt(id, after.id)))!;
}

/** The creation time to the microsecond, as the cursor keeps it. */
export function createdKeyOf(createdAt: PgColumn): SQL<string> {
  return sql<string>`to_char(${createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
