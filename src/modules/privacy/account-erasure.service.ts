import { randomBytes } from 'node:crypto';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { deleteEmailsOfPerson, enqueueEmail } from '../../platform/mail/outbox.js';
import { requireFreshProof, type TFreshProof } from '../auth/fresh-proof.service.js';
import { privacyErrors } from './privacy.errors.js';
import { ACCOUNT_DELETED_TEMPLATE, renderAccountDeletedEmail } from './privacy.emails.js';
import { erasureChecks, erasureCleanups, pseudonymisers } from './privacy.registry.js';
import { deleteCustomerRow, insertAccountErasure, lockCustomerForErasure } from './privacy.repository.js';
import { recordEvent } from '../webhooks/webhook-events.js';

/** What records kept by law carry instead of the person, e.g. `client-3f9a0c7d51e2b846`. */
export function newPseudonym(): string {
  return `client-${randomBytes(8).toString('hex')}`;
}

/** The customer row as the erasure locked it. */
export type TLockedCustomer = NonNullable<Awaited<ReturnType<typeof lockCustomerForErasure>>>;

/**
 * Deletes the account (GDPR art. 17) after a fresh proof, in one transaction: checks that may
 * refuse (last company administrator…), pseudonymisation of records kept by law, the erasure
 * record, the goodbye email (forgotten once sent), the email history, then the customer row,
 * whose sessions and other rows cascade. Every session ends with it; the database trigger on
 * `customers` evicts the session cache on every instance, and this one evicts at once.
 */
export async function eraseAccount(
  ctx: TAppContext,
  options: { customerId: string; proof: TFreshProof; meta: TRequestMeta; requestedBy?: 'customer' | 'staff' },
): Promise<{ pseudonym: string }> {
  const requestedAt = new Date();
  await requireFreshProof(ctx, { customerId: options.customerId, proof: options.proof, meta: options.meta });

  const pseudonym = await ctx.db.transaction(async (tx) => {
    const customer = await lockCustomerForErasure(tx, options.customerId);
    if (!customer) throw privacyErrors.accountGone();
    return eraseLockedCustomer(ctx, tx, { customer, requestedBy: options.requestedBy ?? 'customer', requestedAt });
  });
  afterErasure(ctx, options.customerId);
  return { pseudonym };
}

/**
 * The erasure itself, shared by the customer's own deletion and the staff's (back office): in
 * the caller's transaction, with the customer row already locked by `lockCustomerForErasure`.
 * Answers the pseudonym; the caller runs `afterErasure` once the transaction has committed.
 */
export async function eraseLockedCustomer(
  ctx: Pick<TAppContext, 'config' | 'markets'>,
  tx: Database,
  options: { customer: TLockedCustomer; requestedBy: 'customer' | 'staff'; requestedAt: Date },
): Promise<string> {
  const { customer, requestedAt } = options;
  for (const check of erasureChecks) {
    const refusal = await check.refuse(tx, { customerId: customer.id });
    if (refusal) throw refusal;
  }
  const pseudonym = newPseudonym();
  for (const pseudonymiser of pseudonymisers) await pseudonymiser.pseudonymise(tx, { customerId: customer.id, pseudonym });
  for (const cleanup of erasureCleanups) await cleanup.erase(tx, { customerId: customer.id, emailNormalized: customer.emailNormalized });
  await insertAccountErasure(tx, { customerId: customer.id, pseudonym, requestedBy: options.requestedBy, requestedAt });
  // The history first, then the goodbye: it must not be swept away with the rest.
  await deleteEmailsOfPerson(tx, { customerId: customer.id, emailNormalized: customer.emailNormalized });
  await enqueueEmail(tx, {
    customerId: null,
    to: customer.email,
    template: ACCOUNT_DELETED_TEMPLATE,
    locale: customer.locale,
    rendered: renderAccountDeletedEmail({ locale: customer.locale, branding: ctx.markets.get(customer.marketId).branding, deletedAt: requestedAt }),
    forgetAfterSending: true,
  });
  await deleteCustomerRow(tx, customer.id);
  // The id only (and its market, so that market's store hears of it), tied to no one: the
  // person's earlier events went with the row (cascade).
  await recordEvent(tx, { type: 'customer.deleted', payload: { id: customer.id }, marketId: customer.marketId });
  return pseudonym;
}

/** After the erasure committed: this instance's session cache at once, and the mail worker for the goodbye. */
export function afterErasure(ctx: Pick<TAppContext, 'sessionCache' | 'notifyMail'>, customerId: string): void {
  ctx.sessionCache.evictCustomer(customerId);
  ctx.notifyMail();
}
