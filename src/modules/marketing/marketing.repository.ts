import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { preparedQuery } from '../../db/prepared.js';
import { newId } from '../../platform/ids.js';
import { consentRecords, unsubscribeTokens } from '../customers/customers.tables.js';
import type { TConsentPurpose, TConsentRecord, TConsentSource } from './marketing.rules.js';

/** The first key of the two-key advisory locks taken on a customer's consent. */
const CONSENT_LOCK_CLASS = 4102;

/**
 * Serialises every consent change of one customer until the transaction ends, so that two
 * requests deciding "this is a change" from the same state cannot both append it.
 */
export async function lockConsentOfCustomer(tx: Database, customerId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(CONSENT_LOCK_CLASS))}, hashtext(${customerId}))`);
}

/** The whole history of one customer, newest first. Prepared: the preferences page reads it on every visit. */
export function listConsentRecords(db: Database, customerId: string): Promise<TConsentRecord[]> {
  return preparedQuery(db, 'list_consent_records', (database) =>
    database
      .select({
        id: consentRecords.id,
        purpose: consentRecords.purpose,
        granted: consentRecords.granted,
        source: consentRecords.source,
        noticeVersion: consentRecords.noticeVersion,
        recordedAt: consentRecords.recordedAt,
      })
      .from(consentRecords)
      .where(eq(consentRecords.customerId, sql.placeholder('customerId')))
      .orderBy(desc(consentRecords.recordedAt), desc(consentRecords.id))
      .prepare('list_consent_records'),
  ).execute({ customerId });
}

/** The latest record of one purpose (what decides its state), if any. */
export async function findLatestConsentRecord(
  db: Database,
  options: { customerId: string; purpose: TConsentPurpose },
): Promise<{ granted: boolean } | undefined> {
  const [row] = await db
    .select({ granted: consentRecords.granted })
    .from(consentRecords)
    .where(and(eq(consentRecords.customerId, options.customerId), eq(consentRecords.purpose, options.purpose)))
    .orderBy(desc(consentRecords.recordedAt), desc(consentRecords.id))
    .limit(1);
  return row;
}

export async function appendConsentRecord(
  db: Database,
  values: { customerId: string; purpose: TConsentPurpose; granted: boolean; source: TConsentSource; ip: string | null; noticeVersion: string },
): Promise<void> {
  await db.insert(consentRecords).values({ id: newId('cns'), ...values });
}

/** Stores the digest of the unsubscribe token of one marketing email. */
export async function saveUnsubscribeTokenHash(
  db: Database,
  options: { customerId: string; purpose: TConsentPurpose; tokenHash: string },
): Promise<void> {
  await db
    .insert(unsubscribeTokens)
    .values({ id: newId('uns'), customerId: options.customerId, purpose: options.purpose, tokenHash: options.tokenHash });
}

export async function findUnsubscribeToken(
  db: Database,
  tokenHash: string,
): Promise<{ id: string; customerId: string; purpose: TConsentPurpose } | undefined> {
  const [row] = await db
    .select({ id: unsubscribeTokens.id, customerId: unsubscribeTokens.customerId, purpose: unsubscribeTokens.purpose })
    .from(unsubscribeTokens)
    .where(eq(unsubscribeTokens.tokenHash, tokenHash));
  return row;
}

export async function markUnsubscribeTokenUsed(db: Database, id: string): Promise<void> {
  await db.update(unsubscribeTokens).set({ lastUsedAt: new Date() }).where(eq(unsubscribeTokens.id, id));
}
