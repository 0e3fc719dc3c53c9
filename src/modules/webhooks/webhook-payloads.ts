import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import type { TCompanyRow } from '../companies/companies.tables.js';
import type { TCustomerRow } from '../customers/customers.tables.js';
import { recordEvent } from './webhook-events.js';
import { webhookEvents } from './webhooks.tables.js';

// Small snapshots, not whole rows: a receiver that needs more asks the integration API, and
// nothing the shop's systems have no use for (phones, birth dates) leaves Comptoir.

type TCustomerSnapshotSource = Pick<TCustomerRow, 'id' | 'email' | 'firstName' | 'lastName' | 'accountType' | 'locale' | 'emailVerifiedAt' | 'status' | 'approvalStatus'>;
type TCompanySnapshotSource = Pick<TCompanyRow, 'id' | 'marketId' | 'name' | 'kind' | 'country'>;

export function customerSnapshot(customer: TCustomerSnapshotSource) {
  return {
    id: customer.id,
    email: customer.email,
    firstName: customer.firstName,
    lastName: customer.lastName,
    accountType: customer.accountType,
    locale: customer.locale,
    verified: customer.emailVerifiedAt !== null,
    // What staff decide (disable, approve, refuse) reaches the store's systems as customer.updated.
    status: customer.status,
    approvalStatus: customer.approvalStatus,
  };
}

/** customer.created / customer.updated, tied to the customer so an erasure takes it away. */
export async function recordCustomerEvent(
  db: Database,
  type: 'customer.created' | 'customer.updated',
  customer: TCustomerSnapshotSource & Pick<TCustomerRow, 'marketId'>,
): Promise<void> {
  await recordEvent(db, { type, payload: customerSnapshot(customer), customerId: customer.id, marketId: customer.marketId });
}

/**
 * recordCustomerEvent inside a larger statement (a CTE of the statement that changes the
 * customer, so both commit or neither): one event per row of `source`, whose columns `row`
 * names. Its payload is customerSnapshot's, with the market, built by PostgreSQL; `id` is a
 * parameter (newId('evt')) of the caller's query.
 */
export function customerEventInsert(
  source: SQLWrapper,
  row: Record<keyof TCustomerSnapshotSource | 'marketId', SQLWrapper>,
  event: { id: SQLWrapper; type: 'customer.created' | 'customer.updated' },
): SQL {
  const payload = sql`jsonb_build_object(
    'id', ${row.id}, 'email', ${row.email}, 'firstName', ${row.firstName}, 'lastName', ${row.lastName},
    'accountType', ${row.accountType}, 'locale', ${row.locale}, 'verified', ${row.emailVerifiedAt} is not null,
    'status', ${row.status}, 'approvalStatus', ${row.approvalStatus}, 'marketId', ${row.marketId})`;
  return sql`insert into ${webhookEvents} (id, type, payload, customer_id, market_id)
    select ${event.id}::text, ${event.type}::text, ${payload}, ${row.id}, ${row.marketId} from ${source}`;
}

/** A company's events carry no one's personal data: they outlive an erasure. */
export async function recordCompanyEvent(
  db: Database,
  type: 'company.created' | 'company.updated' | 'company.deleted',
  company: TCompanySnapshotSource,
): Promise<void> {
  await recordEvent(db, {
    type,
    payload: { id: company.id, name: company.name, kind: company.kind, country: company.country },
    marketId: company.marketId,
  });
}

/** Membership events name the person, so they go with the person's erasure; their market is the person's (the company's). */
export async function recordMembershipEvent(
  db: Database,
  type: 'company.member_added' | 'company.member_updated' | 'company.member_removed',
  membership: { companyId: string; customerId: string; role: string },
): Promise<void> {
  await recordEvent(db, {
    type,
    payload: { companyId: membership.companyId, customerId: membership.customerId, role: membership.role },
    customerId: membership.customerId,
  });
}
