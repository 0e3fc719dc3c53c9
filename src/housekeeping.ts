import type { Database } from './db/client.js';
import { pruneIdempotencyKeys } from './modules/integration/idempotency.js';
import { pruneWebhookHistory } from './modules/webhooks/webhook-retention.js';
import { pruneExpiredOidcPayloads } from './modules/oidc/oidc-adapter.js';
import { pruneRetiredOidcKeys } from './modules/oidc/oidc-keys.service.js';
import { pruneExpiredChallenges } from './modules/passkeys/webauthn-ceremony.js';
import { removeOrphanAttachmentFiles } from './modules/contact/contact-attachments.service.js';

const HOUR_MS = 3_600_000;
/** The first pass waits a minute, so that starting many instances at once stays quiet. */
const FIRST_PASS_DELAY_MS = 60_000;

/** Each deletes what has outlived its purpose and says how many rows went. */
const tasks: { name: string; run(db: Database): Promise<number> }[] = [
  { name: 'idempotency keys older than 24 hours', run: pruneIdempotencyKeys },
  { name: 'finished webhook events older than 30 days', run: (db) => pruneWebhookHistory(db) },
  { name: 'expired OpenID Connect sessions, codes and tokens', run: pruneExpiredOidcPayloads },
  { name: 'retired OpenID Connect signing keys past their publication', run: pruneRetiredOidcKeys },
  { name: 'expired passkey challenges', run: pruneExpiredChallenges },
];

export type THousekeeping = { runOnce(): Promise<void>; stop(): void };

/**
 * Hourly retention passes. Every instance runs them; they are plain deletes by date, so two
 * instances doing the same pass simply find nothing left to delete.
 */
export function startHousekeeping(options: { db: Database; log: { warn(message: string): void }; contactAttachmentsDir?: string | null }): THousekeeping {
  const directory = options.contactAttachmentsDir ?? null;
  // Files of erased accounts' requests (F5.4): the rows cascade, files on disk do not.
  const fileTasks = directory ? [{ name: 'contact attachment files no row names', run: (db: Database) => removeOrphanAttachmentFiles(db, directory) }] : [];
  const runOnce = async () => {
    for (const task of [...tasks, ...fileTasks]) {
      try {
        await task.run(options.db);
      } catch (error) {
        options.log.warn(`housekeeping (${task.name}) failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  let interval: NodeJS.Timeout | null = null;
  const first = setTimeout(() => {
    void runOnce();
    interval = setInterval(() => void runOnce(), HOUR_MS);
    interval.unref();
  }, FIRST_PASS_DELAY_MS);
  first.unref();
  return {
    runOnce,
    stop() {
      clearTimeout(first);
      if (interval) clearInterval(interval);
    },
  };
}
