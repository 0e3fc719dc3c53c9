import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { newId } from '../../platform/ids.js';
import { accountErasures, customers } from '../customers/customers.tables.js';

// Erasure is the one use case that removes a customer row; it lives with the privacy rights.

/** Locks the customer row until the transaction ends: a concurrent change or second erasure waits. */
export async function lockCustomerForErasure(
  tx: Database,
  customerId: string,
): Promise<{ id: string; marketId: string; email: string; emailNormalized: string; locale: 'fr' | 'en' } | undefined> {
  const [row] = await tx
    .select({ id: customers.id, marketId: customers.marketId, email: customers.email, emailNormalized: customers.emailNormalized, locale: customers.locale })
    .from(customers)
    .where(eq(customers.id, customerId))
    .for('update');
  return row;
}

export async function insertAccountErasure(
  tx: Database,
  values: { customerId: string; pseudonym: string; requestedBy: 'customer' | 'staff'; requestedAt: Date },
): Promise<void> {
  await tx.insert(accountErasures).values({ id: newId('era'), ...values });
}

/** Sessions, codes, links, addresses, consents, unsubscribe links and security events cascade. */
export async function deleteCustomerRow(tx: Database, customerId: string): Promise<void> {
  await tx.delete(customers).where(eq(customers.id, customerId));
}

export async function findAccountErasure(db: Database, customerId: string) {
  const [row] = await db.select().from(accountErasures).where(eq(accountErasures.customerId, customerId));
  return row;
}
