import type { Database } from '../../db/client.js';
import { isValidCardNumber } from '../cards/card-number.rules.js';
import { cardErrors } from '../cards/cards.errors.js';
import { findCardByNumber, findCardOfCustomer } from '../cards/cards.service.js';
import { listCompaniesOfCustomer } from '../companies/companies.repository.js';
import { findCustomerByEmail, findCustomerById, isUnclaimedGuest } from '../customers/customers.service.js';
import type { TCustomerRow } from '../customers/customers.tables.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import type { TCustomerSummary } from './integration-customers.schemas.js';

/** What the shop's systems see of a customer: identity, card, companies; no phone, no history. */
async function summarise(db: Database, customer: TCustomerRow): Promise<TCustomerSummary> {
  const [card, memberships] = await Promise.all([findCardOfCustomer(db, customer.id), listCompaniesOfCustomer(db, customer.id)]);
  return {
    id: customer.id,
    email: customer.email,
    firstName: customer.firstName,
    lastName: customer.lastName,
    accountType: customer.accountType,
    locale: customer.locale,
    verified: customer.emailVerifiedAt !== null,
    guest: isUnclaimedGuest(customer),
    cardNumber: card?.number ?? null,
    companies: memberships.map((membership) => ({ id: membership.company.id, name: membership.company.name, role: membership.role })),
    approvalStatus: customer.approvalStatus,
    createdAt: customer.createdAt,
  };
}

/**
 * The customer of an address or a card in the key's market, as a list of zero or one (the
 * shape of a search). Another market's customer is not found, exactly like an unknown one.
 */
export async function findCustomers(db: Database, options: { marketId: string; email?: string | undefined; cardNumber?: string | undefined }): Promise<TCustomerSummary[]> {
  const customer =
    options.email !== undefined
      ? await findCustomerByEmail(db, options.marketId, options.email)
      : await customerOfCard(db, { marketId: options.marketId, number: options.cardNumber ?? '', path: 'query.cardNumber' });
  return customer ? [await summarise(db, customer)] : [];
}

export async function getCustomerSummary(db: Database, options: { marketId: string; customerId: string }): Promise<TCustomerSummary> {
  const customer = await findCustomerInMarket(db, options);
  if (!customer) throw commonErrors.notFound();
  return summarise(db, customer);
}

/** A scanned card: 400 when the check digit says it was misread, 404 when nobody of the market holds it. */
export async function getCardHolder(db: Database, options: { marketId: string; number: string }): Promise<{ number: string; customer: TCustomerSummary }> {
  const customer = await customerOfCard(db, { marketId: options.marketId, number: options.number, path: 'params.number' });
  if (!customer) throw commonErrors.notFound();
  const summary = await summarise(db, customer);
  return { number: summary.cardNumber ?? options.number, customer: summary };
}

/**
 * A customer by id, only in the given market (F1.8): a store's key never learns whether an id
 * belongs to another market's customer.
 */
export async function findCustomerInMarket(db: Database, options: { marketId: string; customerId: string }): Promise<TCustomerRow | undefined> {
  const customer = await findCustomerById(db, options.customerId);
  return customer?.marketId === options.marketId ? customer : undefined;
}

async function customerOfCard(db: Database, options: { marketId: string; number: string; path: string }): Promise<TCustomerRow | undefined> {
  if (!isValidCardNumber(options.number)) throw cardErrors.invalidNumber(options.path);
  const card = await findCardByNumber(db, options.number);
  return card ? findCustomerInMarket(db, { marketId: options.marketId, customerId: card.customerId }) : undefined;
}
