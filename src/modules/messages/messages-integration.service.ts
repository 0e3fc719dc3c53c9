import { eq } from 'drizzle-orm';
import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import { findCardByNumber } from '../cards/cards.service.js';
import { companies } from '../companies/companies.tables.js';
import { findCustomerByEmail } from '../customers/customers.service.js';
import type { TCustomerRow } from '../customers/customers.tables.js';
import { findCustomerInMarket } from '../integration/integration-customers.service.js';
import { toStaffMessages } from './message-views.js';
import { writeMessages, type TMessageTarget } from './message-sending.service.js';
import { messageErrors } from './messages.errors.js';
import type { TIntegrationMessageBody, TSentBatch } from './messages.schemas.js';

type TContext = Pick<TAppContext, 'db' | 'markets' | 'notifyMail'>;

/**
 * The customer the store names, in its key's market; unlike an order, a message never makes a
 * guest account: an address without an account there is 422 recipient_not_found.
 */
async function customerOfReference(db: Database, marketId: string, reference: NonNullable<TIntegrationMessageBody['customer']>): Promise<TCustomerRow> {
  if (reference.customerId !== undefined) {
    const customer = await findCustomerInMarket(db, { marketId, customerId: reference.customerId });
    if (!customer) throw messageErrors.recipientNotFound('customer.customerId');
    return customer;
  }
  if (reference.cardNumber !== undefined) {
    const card = await findCardByNumber(db, reference.cardNumber);
    const customer = card ? await findCustomerInMarket(db, { marketId, customerId: card.customerId }) : undefined;
    if (!customer) throw messageErrors.recipientNotFound('customer.cardNumber');
    return customer;
  }
  const customer = reference.email !== undefined ? await findCustomerByEmail(db, marketId, reference.email) : undefined;
  if (!customer) throw messageErrors.recipientNotFound('customer.email');
  return customer;
}

async function targetOf(db: Database, marketId: string, body: TIntegrationMessageBody): Promise<TMessageTarget> {
  if (body.customer) return { customer: await customerOfReference(db, marketId, body.customer) };
  const [company] = await db.select({ id: companies.id, marketId: companies.marketId }).from(companies).where(eq(companies.id, body.companyId!));
  if (!company || company.marketId !== marketId) throw messageErrors.recipientNotFound('companyId');
  return { company };
}

/** POST /api/integration/messages: the store writes to a customer or to every member of a company of its market. */
export async function sendMessageFromStore(ctx: TContext, options: { apiKeyId: string; marketId: string; body: TIntegrationMessageBody }): Promise<TSentBatch> {
  const { customer: _customer, companyId: _companyId, ...message } = options.body;
  const batch = await ctx.db.transaction(async (tx) => {
    const target = await targetOf(tx, options.marketId, options.body);
    const sent = await writeMessages(ctx, tx, { target, sender: { kind: 'store', apiKeyId: options.apiKeyId }, body: message });
    return { batchId: sent.batchId, messages: await toStaffMessages(tx, sent.rows) };
  });
  ctx.notifyMail();
  return batch;
}
