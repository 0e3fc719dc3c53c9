import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { companies, companyLocations } from '../companies/companies.tables.js';
import { customers } from '../customers/customers.tables.js';
import { documents } from '../documents/documents.tables.js';
import type { TKeysetPosition } from './order-cursor.js';
import { countedReturnStatuses } from './orders.rules.js';
import { orderLines, orders, returnRequests, type TOrderRow } from './orders.tables.js';

// History pages join the names of the company, location and buyer in the one query of the
// page (reading those tables here rather than through their services keeps it one query).

// Correlated subqueries name their columns in full: Drizzle leaves columns unqualified in a
// query over one table, and an unqualified "id" inside would mean the subquery's own.

/** Units bought: a correlated sum over a page of at most 101 orders, by the order_lines key. */
const itemCount = sql<number>`(select coalesce(sum(ol.quantity), 0)::int from order_lines ol where ol.order_id = "orders"."id")`;

const summaryColumns = {
  order: orders,
  companyName: companies.name,
  locationName: companyLocations.name,
  itemCount,
  placedByFirstName: customers.firstName,
  placedByLastName: customers.lastName,
};

export type TOrderSummaryRow = {
  order: TOrderRow;
  companyName: string | null;
  locationName: string | null;
  itemCount: number;
  placedByFirstName: string | null;
  placedByLastName: string | null;
};

function summaryQuery(db: Database) {
  return db
    .select(summaryColumns)
    .from(orders)
    .leftJoin(companies, eq(companies.id, orders.companyId))
    .leftJoin(companyLocations, eq(companyLocations.id, orders.locationId))
    .leftJoin(customers, eq(customers.id, orders.customerId));
}

/** Orders placed by a customer whose address is proven: a pushed order names an address nobody proved yet. */
export const placedByVerifiedCustomer = (customerId: string): SQL =>
  and(eq(orders.customerId, customerId), sql`${customers.emailVerifiedAt} is not null`)!;

/** Newest first, keyset on (placed_at, id) so that any page costs the same: no OFFSET, no count. */
export function listOrderSummaries(
  db: Database,
  options: { where: SQL; after: TKeysetPosition | null; limit: number },
) {
  const after = options.after ? sql`(${orders.placedAt}, ${orders.id}) < (${options.after.at.toISOString()}::timestamptz, ${options.after.id})` : undefined;
  return summaryQuery(db)
    .where(and(options.where, after))
    // NULLS LAST as in the history indexes: a plain DESC (nulls first) would not match them, and
    // PostgreSQL would sort the company's whole history for each page.
    .orderBy(sql`${orders.placedAt} desc nulls last`, sql`${orders.id} desc nulls last`)
    .limit(options.limit + 1);
}

export async function findOrderSummary(db: Database, where: SQL): Promise<TOrderSummaryRow | undefined> {
  const [row] = await summaryQuery(db).where(where);
  return row;
}

/** Row lock on the order: returns and approvals of one order take turns. */
export async function lockOrder(db: Database, orderId: string): Promise<TOrderRow | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.id, orderId)).for('update');
  return row;
}

/** Quantity of each line held by returns that still count (not refused, not cancelled). */
const returnedQuantity = sql<number>`(select coalesce(sum(rl.quantity), 0)::int from return_lines rl
  join return_requests rr on rr.id = rl.return_id
  where rl.order_line_id = "order_lines"."id" and rr.status in (${sql.join(
    countedReturnStatuses.map((status) => sql`${status}`),
    sql`, `,
  )}))`;

export function listLinesWithReturned(db: Database, orderId: string) {
  return db
    .select({ line: orderLines, returnedQuantity })
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId))
    .orderBy(asc(orderLines.position));
}

/** The order's documents, read here so an order page is one call (the documents module owns them). */
export function listDocumentsOfOrder(db: Database, orderId: string) {
  return db
    .select({ id: documents.id, kind: documents.kind, number: documents.number, status: documents.status, issuedAt: documents.issuedAt })
    .from(documents)
    .where(eq(documents.orderId, orderId))
    .orderBy(asc(documents.issuedAt), asc(documents.id));
}

export function listReturnsOfOrder(db: Database, orderId: string) {
  return db
    .select({ id: returnRequests.id, status: returnRequests.status, createdAt: returnRequests.createdAt })
    .from(returnRequests)
    .where(eq(returnRequests.orderId, orderId))
    .orderBy(desc(returnRequests.createdAt), desc(returnRequests.id));
}
