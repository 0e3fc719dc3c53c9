import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { preparedQuery } from '../../db/prepared.js';
import { newId } from '../../platform/ids.js';
import { consentRecords, customers, type TCustomerRow } from './customers.tables.js';

/** Prepared: every sign-in starts with it. An address has one account per market (F1.8). */
export async function findCustomerByEmail(db: Database, marketId: string, emailNormalized: string): Promise<TCustomerRow | undefined> {
  const query = preparedQuery(db, 'find_customer_by_email', (database) =>
    database
      .select()
      .from(customers)
      .where(and(eq(customers.marketId, sql.placeholder('marketId')), eq(customers.emailNormalized, sql.placeholder('email'))))
      .prepare('find_customer_by_email'),
  );
  const [row] = await query.execute({ marketId, email: emailNormalized });
  return row;
}

export async function findCustomerById(db: Database, id: string): Promise<TCustomerRow | undefined> {
  const [row] = await db.select().from(customers).where(eq(customers.id, id));
  return row;
}

export async function insertCustomer(
  db: Database,
  values: Omit<typeof customers.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>,
): Promise<TCustomerRow> {
  const [row] = await db.insert(customers).values({ id: newId('cus'), ...values }).returning();
  if (!row) throw new Error('insert returned no customer');
  return row;
}

/** Inserts unless the address already has an account (then undefined): safe under concurrency. */
export async function insertCustomerIfAbsent(
  db: Database,
  values: Omit<typeof customers.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>,
): Promise<TCustomerRow | undefined> {
  const [row] = await db
    .insert(customers)
    .values({ id: newId('cus'), ...values })
    .onConflictDoNothing({ target: [customers.marketId, customers.emailNormalized] })
    .returning();
  return row;
}

export async function updateCustomer(
  db: Database,
  id: string,
  values: Partial<Omit<TCustomerRow, 'id' | 'createdAt' | 'updatedAt'>>,
): Promise<TCustomerRow | undefined> {
  const [row] = await db
    .update(customers)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(customers.id, id))
    .returning();
  return row;
}

export async function insertConsentRecord(
  db: Database,
  values: Omit<typeof consentRecords.$inferInsert, 'id' | 'recordedAt'>,
): Promise<void> {
  await db.insert(consentRecords).values({ id: newId('cns'), ...values });
}
