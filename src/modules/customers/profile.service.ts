import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { preparedQuery } from '../../db/prepared.js';
import { newId } from '../../platform/ids.js';
import { securityEventRow } from '../auth/security-events.repository.js';
import { securityEvents } from '../auth/auth.tables.js';
import { customerEventInsert } from '../webhooks/webhook-payloads.js';
import { touchedWalletPassTime } from '../wallet/wallet-passes.service.js';
import { walletPasses } from '../wallet/wallet.tables.js';
import { findCustomerById, toPublicCustomer, type TPublicCustomer } from './customers.service.js';
import { customers, signedInCustomerColumns, type TSignedInCustomer } from './customers.tables.js';
import { normalizeProfileChanges, type TProfileChanges, type TProfileDraft } from './profile.rules.js';

const PROFILE_FIELDS = ['firstName', 'lastName', 'initials', 'phone', 'mobile', 'locale', 'gender', 'birthDate'] as const satisfies readonly (keyof TProfileChanges)[];

const placeholder = (name: string) => sql.placeholder(name);
/** `set_firstName` and so on: whether the request gives the field. */
const given = (field: (typeof PROFILE_FIELDS)[number]) => placeholder(`set_${field}`);

/**
 * The whole save as ONE prepared statement, so it commits on its own (no BEGIN, no COMMIT) and
 * the customer's row is locked only while it runs and commits. Saves of one customer queue on
 * that lock, so its length is what bounds their rate; written as a transaction of separate
 * statements it was six round trips long. The statement:
 *
 *   with updated as (update customers set <each field given, others kept>, updated_at = $now
 *                    where id = $customer and (<some field given differs>) returning *),
 *        event   as (insert into webhook_events …customer.updated… select … from updated),
 *        pass    as (update wallet_passes set updated_at = <touched> where $names_given
 *                    and customer_id = (select id from updated)),
 *        audit   as (insert into security_events … select … from updated)
 *   select <the row after the save>, updated.id is not null as changed
 *   from customers left join updated on true where customers.id = $customer
 *
 * A save that changes nothing updates no row, so the other parts write nothing either: no row
 * version (nor its index entries and change notice), no events, nothing to commit. Every part
 * sees the row as it was before the statement, hence the main query takes each column from
 * `updated` when there is one.
 */
function prepareProfileSave(db: Database) {
  const fields = Object.fromEntries(PROFILE_FIELDS.map((field) => [field, sql`case when ${given(field)} then ${placeholder(field)} else ${customers[field]} end`]));
  const differs = PROFILE_FIELDS.map((field) => sql`(${given(field)} and ${customers[field]} is distinct from ${placeholder(field)})`);
  const updated = db
    .$with('updated')
    .as(
      db
        .update(customers)
        .set({ ...fields, updatedAt: sql`${placeholder('now')}` })
        .where(and(eq(customers.id, placeholder('customerId')), or(...differs)))
        .returning(signedInCustomerColumns),
    );
  const event = db.$with('event', {}).as(customerEventInsert(updated, updated, { id: placeholder('eventId'), type: 'customer.updated' }));
  // The pass shows the holder's name: devices fetch it again. No pass, no row: nothing written.
  const pass = db
    .$with('pass', {})
    .as(sql`update ${walletPasses} set updated_at = ${touchedWalletPassTime} where ${placeholder('touchPass')} and customer_id = (select id from ${updated})`);
  // Which fields were given, never their values.
  const audit = db.$with('audit', {}).as(
    sql`insert into ${securityEvents} (id, type, customer_id, method, ip, user_agent)
      select ${placeholder('securityEventId')}::text, 'profile_updated', id, ${placeholder('method')}::text, ${placeholder('ip')}::text, ${placeholder('userAgent')}::text from ${updated}`,
  );
  const after = Object.fromEntries(
    Object.entries(signedInCustomerColumns).map(([key, column]) => [
      key,
      sql`case when ${updated.id} is null then ${column} else ${updated[key as keyof typeof signedInCustomerColumns]} end`.mapWith(column),
    ]),
  ) as { [K in keyof typeof signedInCustomerColumns]: SQL<TSignedInCustomer[K]> };
  return db
    .with(updated, event, pass, audit)
    .select({ ...after, changed: sql<boolean>`${updated.id} is not null` })
    .from(customers)
    .leftJoin(updated, sql`true`)
    .where(eq(customers.id, placeholder('customerId')))
    .prepare('save_profile');
}

/**
 * Changes what the request gives, nothing else (F2.1). The draft has passed the profile rules in
 * the request schema; here it takes its stored form (E.164 phones, blanks as null). The row, the
 * customer.updated event, the wallet pass's time and the profile_updated event are written by
 * one statement: all of them or none.
 */
export async function updateProfile(
  ctx: Pick<TAppContext, 'db' | 'config' | 'sessionCache'>,
  options: { customerId: string; draft: TProfileDraft; meta: TRequestMeta },
): Promise<TPublicCustomer> {
  const changes = normalizeProfileChanges(options.draft, ctx.config.shopCountry);
  const values: Record<string, unknown> = {};
  for (const field of PROFILE_FIELDS) {
    values[`set_${field}`] = field in changes;
    values[field] = changes[field] ?? null;
  }
  const audit = securityEventRow({ type: 'profile_updated', customerId: options.customerId, method: Object.keys(changes).join(','), meta: options.meta });
  const [row] = await preparedQuery(ctx.db, 'save_profile', prepareProfileSave).execute({
    ...values,
    customerId: options.customerId,
    now: new Date().toISOString(),
    eventId: newId('evt'),
    touchPass: 'firstName' in changes || 'lastName' in changes,
    securityEventId: audit.id,
    method: audit.method,
    ip: audit.ip,
    userAgent: audit.userAgent,
  });
  if (!row) throw new Error('the signed-in customer has no row');
  const { changed, ...customer } = row;
  // Sessions carry the profile: the next request must see the change. Saved as it was, the
  // session cache keeps its entry.
  if (changed) ctx.sessionCache.evictCustomer(options.customerId);
  // A save of the same values that committed while this one waited for the row leaves nothing
  // to write, and the statement's row is from before it: the answer reads the row afresh.
  if (!changed && Object.entries(changes).some(([field, value]) => customer[field as keyof TProfileChanges] !== value)) {
    const current = await findCustomerById(ctx.db, options.customerId);
    if (current) return toPublicCustomer(current, ctx.config);
  }
  return toPublicCustomer(customer, ctx.config);
}
