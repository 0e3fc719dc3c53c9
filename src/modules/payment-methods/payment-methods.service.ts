import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import { newId } from '../../platform/ids.js';
import { findCustomerInMarket } from '../integration/integration-customers.service.js';
import { isExpired } from './payment-methods.rules.js';
import type { TPaymentMethod, TPutPaymentMethodBody } from './payment-methods.schemas.js';
import { paymentMethods, type TPaymentMethodRow } from './payment-methods.tables.js';

// Saved payment methods as the store's payment provider describes them (F4.7). Comptoir only
// shows them: brand, last four digits, expiry; the provider keeps the means of paying.

type TContext = Pick<TAppContext, 'db'>;

export function toPaymentMethod(row: TPaymentMethodRow, now: Date): TPaymentMethod {
  const { id, kind, brand, last4, expiryMonth, expiryYear, isDefault } = row;
  return { id, kind, brand, last4, expiryMonth, expiryYear, expired: isExpired(row, now), isDefault };
}

/**
 * Serialises the writes of one customer's methods: two methods made default at once would
 * otherwise both clear the other and collide on the one-default index. (Advisory lock keys:
 * 4101 addresses, 4102 consents, 4103 location addresses, 4105 payment methods.)
 */
async function lockCustomerMethods(db: Database, customerId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(4105, hashtext(${customerId}))`);
}

const byExternalId = (customerId: string, externalId: string) =>
  and(eq(paymentMethods.customerId, customerId), eq(paymentMethods.externalId, externalId))!;

/**
 * PUT: creates or replaces the method of a customer of the key's market (another market's is
 * 404, as an unknown id); `isDefault: true` takes the default from the previous one in the same
 * transaction.
 */
export async function putPaymentMethod(
  ctx: TContext,
  options: { marketId: string; customerId: string; externalId: string; body: TPutPaymentMethodBody },
): Promise<{ method: TPaymentMethodRow; created: boolean }> {
  return ctx.db.transaction(async (tx) => {
    if (!(await findCustomerInMarket(tx, options))) throw commonErrors.notFound();
    await lockCustomerMethods(tx, options.customerId);
    const [existing] = await tx.select().from(paymentMethods).where(byExternalId(options.customerId, options.externalId));
    const { body } = options;
    const isDefault = body.isDefault ?? existing?.isDefault ?? false;
    if (isDefault) {
      await tx
        .update(paymentMethods)
        .set({ isDefault: false, updatedAt: new Date() })
        .where(and(eq(paymentMethods.customerId, options.customerId), eq(paymentMethods.isDefault, true), ne(paymentMethods.externalId, options.externalId)));
    }
    const values = {
      kind: body.kind,
      brand: body.brand ?? null,
      last4: body.last4 ?? null,
      expiryMonth: body.expiryMonth ?? null,
      expiryYear: body.expiryYear ?? null,
      isDefault,
    };
    if (existing) {
      const [row] = await tx.update(paymentMethods).set({ ...values, updatedAt: new Date() }).where(eq(paymentMethods.id, existing.id)).returning();
      return { method: row!, created: false };
    }
    const [row] = await tx
      .insert(paymentMethods)
      .values({ id: newId('pm'), customerId: options.customerId, externalId: options.externalId, ...values })
      .returning();
    return { method: row!, created: true };
  });
}

export async function deletePaymentMethod(ctx: TContext, options: { marketId: string; customerId: string; externalId: string }): Promise<void> {
  if (!(await findCustomerInMarket(ctx.db, options))) throw commonErrors.notFound();
  const deleted = await ctx.db.delete(paymentMethods).where(byExternalId(options.customerId, options.externalId)).returning({ id: paymentMethods.id });
  if (deleted.length === 0) throw commonErrors.notFound();
}

export function listPaymentMethodRows(db: Database, customerId: string): Promise<TPaymentMethodRow[]> {
  return db
    .select()
    .from(paymentMethods)
    .where(eq(paymentMethods.customerId, customerId))
    .orderBy(desc(paymentMethods.isDefault), desc(paymentMethods.createdAt), asc(paymentMethods.id));
}

/** GET /api/me/payment-methods: the default first, then the newest. */
export async function listMyPaymentMethods(ctx: TContext, options: { customerId: string }): Promise<{ items: TPaymentMethod[] }> {
  const now = new Date();
  const rows = await listPaymentMethodRows(ctx.db, options.customerId);
  return { items: rows.map((row) => toPaymentMethod(row, now)) };
}
