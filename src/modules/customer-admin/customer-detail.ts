import { count, eq } from 'drizzle-orm';
import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import { listAddresses } from '../addresses/addresses.service.js';
import { findCardOfCustomer } from '../cards/cards.service.js';
import { listCompaniesOfCustomer } from '../companies/companies.repository.js';
import type { TCustomerRow } from '../customers/customers.tables.js';
import { formatProfilePhone } from '../customers/profile.rules.js';
import { listConsentRecords } from '../marketing/marketing.repository.js';
import { deriveConsentStates } from '../marketing/marketing.rules.js';
import { orders } from '../orders/orders.tables.js';
import { customerNotes } from './customer-admin.tables.js';
import type { TCustomerDetail } from './customer-admin.schemas.js';

type TContext = Pick<TAppContext, 'config' | 'markets'>;

/** Everything the customer page shows at once, read with `db` (the transaction of the audit entry). */
export async function customerDetailOf(ctx: TContext, db: Database, row: TCustomerRow): Promise<TCustomerDetail> {
  // One after the other: `db` is often a transaction, one connection that runs one query at a time.
  const addresses = await listAddresses({ db, config: ctx.config }, { customerId: row.id });
  const card = await findCardOfCustomer(db, row.id);
  const memberships = await listCompaniesOfCustomer(db, row.id);
  const history = await listConsentRecords(db, row.id);
  const [orderCount] = await db.select({ value: count() }).from(orders).where(eq(orders.customerId, row.id));
  const [noteCount] = await db.select({ value: count() }).from(customerNotes).where(eq(customerNotes.customerId, row.id));
  const states = deriveConsentStates(history);
  const market = ctx.markets.get(row.marketId);
  return {
    id: row.id,
    market: { id: market.id, code: market.code, name: market.name },
    email: row.email,
    emailVerified: row.emailVerifiedAt !== null,
    firstName: row.firstName,
    initials: row.initials,
    lastName: row.lastName,
    phone: row.phone,
    phoneNational: formatProfilePhone(row.phone, ctx.config.shopCountry),
    mobile: row.mobile,
    mobileNational: formatProfilePhone(row.mobile, ctx.config.shopCountry),
    locale: row.locale,
    gender: row.gender,
    birthDate: row.birthDate,
    accountType: row.accountType,
    businessName: row.businessName,
    businessIdentifier: row.businessIdentifier,
    businessRegistrationNumber: row.businessRegistrationNumber,
    businessVatNumber: row.businessVatNumber,
    status: row.status,
    approvalStatus: row.approvalStatus,
    origin: row.origin,
    hasPassword: row.passwordHash !== null,
    cardNumber: card?.number ?? null,
    companies: memberships.map(({ company, role }) => ({ id: company.id, name: company.name, role })),
    addresses,
    consents: { newsletterEmail: states.newsletter_email, promotionalEmail: states.promotional_email, sms: states.sms },
    counts: { orders: orderCount?.value ?? 0, notes: noteCount?.value ?? 0 },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
