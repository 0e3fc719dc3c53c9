import type { Database } from '../../db/client.js';
import type { TRequestMeta } from '../../context.js';
import { newId } from '../../platform/ids.js';
import { securityEvents, type TSecurityEventType } from './auth.tables.js';

/** Appends to the sign-in audit; no address or secret is ever written, only who, how and whence. */
export async function recordSecurityEvent(
  db: Database,
  event: { type: TSecurityEventType; customerId: string | null; method?: string; meta: TRequestMeta },
): Promise<void> {
  await db.insert(securityEvents).values({
    id: newId('sev'),
    type: event.type,
    customerId: event.customerId,
    method: event.method ?? null,
    ip: event.meta.ip,
    userAgent: event.meta.userAgent?.slice(0, 512) ?? null,
  });
}
