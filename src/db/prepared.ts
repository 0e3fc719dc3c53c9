import { is } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Database } from './client.js';

const preparedByDatabase = new WeakMap<Database, Map<string, unknown>>();

/**
 * A Drizzle prepared query, built once per database and reused. Building a query costs more
 * CPU than running it; the hot paths (session look-up, sign-in) prepare theirs. Within a
 * transaction the query is built on it afresh, so that it runs inside the transaction.
 */
export function preparedQuery<T>(db: Database, name: string, build: (db: Database) => T): T {
  if (is(db, PgTransaction)) return build(db);
  let prepared = preparedByDatabase.get(db);
  if (!prepared) {
    prepared = new Map();
    preparedByDatabase.set(db, prepared);
  }
  let query = prepared.get(name) as T | undefined;
  if (!query) {
    query = build(db);
    prepared.set(name, query);
  }
  return query;
}
