import { and, isNotNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { webhookEvents } from './webhooks.tables.js';

/** How long the delivery log keeps finished events: long enough to investigate and replay. */
export const WEBHOOK_HISTORY_DAYS = 30;

/**
 * Deletes events fanned out more than 30 days ago whose every delivery is finished (succeeded
 * or given up), with their deliveries and attempts (cascade). Pending ones stay, however old.
 */
export async function pruneWebhookHistory(db: Database, days = WEBHOOK_HISTORY_DAYS): Promise<number> {
  const deleted = await db
    .delete(webhookEvents)
    .where(
      and(
        isNotNull(webhookEvents.fannedOutAt),
        lt(webhookEvents.createdAt, sql`now() - make_interval(days => ${days})`),
        sql`not exists (select 1 from webhook_deliveries d where d.event_id = ${webhookEvents.id} and d.status = 'pending')`,
      ),
    )
    .returning({ id: webhookEvents.id });
  return deleted.length;
}
