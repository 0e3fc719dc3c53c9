import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { preparedQuery } from '../../db/prepared.js';
import type { TRequestMeta } from '../../context.js';
import { newId } from '../../platform/ids.js';
import { securityEvents, type TSecurityEventType } from './auth.tables.js';

export type TSecurityEvent = {
  type: TSecurityEventType;
  customerId: string | null;
  method?: string;
  /** Null when the shop acted (back office): the staff member's address is not the customer's. */
  meta: TRequestMeta | null;
};

/** Appends to the sign-in audit; no address or secret is ever written, only who, how and whence. */
export async function recordSecurityEvent(db: Database, event: TSecurityEvent): Promise<void> {
  await preparedQuery(db, 'insert_security_event', prepareEventInsert).execute(securityEventRow(event));
}

/** The row an event is written as, also for a statement that writes it with the change it records. */
export function securityEventRow(event: TSecurityEvent) {
  return {
    id: newId('sev'),
    type: event.type,
    customerId: event.customerId,
    method: event.method ?? null,
    ip: event.meta?.ip ?? null,
    userAgent: event.meta?.userAgent?.slice(0, 512) ?? null,
  };
}

function prepareEventInsert(db: Database) {
  return db
    .insert(securityEvents)
    .values({
      id: sql.placeholder('id'),
      type: sql.placeholder('type'),
      customerId: sql.placeholder('customerId'),
      method: sql.placeholder('method'),
      ip: sql.placeholder('ip'),
      userAgent: sql.placeholder('userAgent'),
    })
    .prepare('insert_security_event');
}
