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

/** The customer of an address or a card, as a list of zero or one (the shape of a search). */
export async function findCustomers(db: Database, query: { email?: string; cardNumber?: string }): Promise<TCustomerSummary[]> {
  const customer = query.email !== undefined ? await findCustomerByEmail(db, query.email) : await customerOfCard(db, query.cardNumber ?? '', 'query.cardNumber');
  return customer ? [await summarise(db, customer)] : [];
}

export async function getCustomerSummary(db: Database, customerId: string): Promise<TCustomerSummary> {
  const customer = await findCustomerById(db, customerId);
  if (!customer) throw commonErrors.notFound();
  return summarise(db, customer);
}

/** A scanned card: 400 when the check digit says it was misread, 404 when nobody holds it. */
export async function getCardHolder(db: Database, number: string): Promise<{ number: string; customer: TCustomerSummary }> {
  const customer = await customerOfCard(db, number, 'params.number');
  if (!customer) throw commonErrors.notFound();
  const summary = await summarise(db, customer);
  return { number: summary.cardNumber ?? number, customer: summary };
}

async function customerOfCard(db: Database, number: string, path: string): Promise<TCustomerRow | undefined> {
  if (!isValidCardNumber(number)) throw cardErrors.invalidNumber(path);
  const card = await findCardByNumber(db, number);
  return card ? findCustomerById(db, card.customerId) : undefined;
}
