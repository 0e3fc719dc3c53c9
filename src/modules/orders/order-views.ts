import type { Database } from '../../db/client.js';
import { approvalStatusOf, returnableQuantity } from './orders.rules.js';
import { listDocumentsOfOrder, listLinesWithReturned, listReturnsOfOrder, type TOrderSummaryRow } from './orders.repository.js';
import type { TCompanyOrderDetail, TCompanyOrderSummary, TMoney, TOrderDetail, TOrderSummary } from './orders.schemas.js';
import type { TOrderRow } from './orders.tables.js';

const moneyIn = (currency: string) => (amount: number): TMoney => ({ amount, currency });

export function toOrderSummary(row: TOrderSummaryRow): TOrderSummary {
  const { order } = row;
  return {
    id: order.id,
    number: order.number,
    channel: order.channel,
    placedAt: order.placedAt,
    status: order.status,
    paymentStatus: order.paymentStatus,
    fulfillmentStatus: order.fulfillmentStatus,
    total: { amount: order.total, currency: order.currency },
    itemCount: row.itemCount,
    company: order.companyId && row.companyName !== null ? { id: order.companyId, name: row.companyName } : null,
    location: order.locationId && row.locationName !== null ? { id: order.locationId, name: row.locationName } : null,
    storeName: order.storeName,
    poNumber: order.poNumber,
  };
}

/** Who placed it, for colleagues; null once the person's account was erased. */
function placedByOf(row: TOrderSummaryRow): TCompanyOrderSummary['placedBy'] {
  if (row.order.customerId === null || row.placedByFirstName === null) return null;
  const name = `${row.placedByFirstName} ${row.placedByLastName ?? ''}`.trim();
  return { customerId: row.order.customerId, name };
}

export function toCompanyOrderSummary(row: TOrderSummaryRow): TCompanyOrderSummary {
  return { ...toOrderSummary(row), placedBy: placedByOf(row) };
}

/** The whole order page: lines with what was returned, documents, returns, approval. Four queries. */
export async function toOrderDetail(db: Database, row: TOrderSummaryRow): Promise<TOrderDetail> {
  const { order } = row;
  const money = moneyIn(order.currency);
  const [lines, documents, returns] = await Promise.all([
    listLinesWithReturned(db, order.id),
    listDocumentsOfOrder(db, order.id),
    listReturnsOfOrder(db, order.id),
  ]);
  return {
    ...toOrderSummary(row),
    lines: lines.map(({ line, returnedQuantity }) => ({
      id: line.id,
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      unitPrice: money(line.unitPrice),
      lineTotal: money(line.lineTotal),
      taxRateBasisPoints: line.taxRateBasisPoints,
      returnedQuantity,
      returnableQuantity: returnableQuantity({ orderStatus: order.status, quantity: line.quantity, returnedQuantity }),
    })),
    subtotal: order.subtotal === null ? null : money(order.subtotal),
    discountTotal: money(order.discountTotal),
    shippingTotal: money(order.shippingTotal),
    taxTotal: money(order.taxTotal),
    taxes: order.taxes.map((tax) => ({ label: tax.label, rateBasisPoints: tax.rateBasisPoints, amount: money(tax.amount) })),
    tracking: order.tracking,
    shippingAddress: order.shippingAddress ?? null,
    billingAddress: order.billingAddress ?? null,
    documents,
    returns,
    approval: approvalOf(order),
  };
}

export async function toCompanyOrderDetail(db: Database, row: TOrderSummaryRow): Promise<TCompanyOrderDetail> {
  return { ...(await toOrderDetail(db, row)), placedBy: placedByOf(row) };
}

function approvalOf(order: TOrderRow): TOrderDetail['approval'] {
  return { status: approvalStatusOf(order), decidedAt: order.approvalDecidedAt, refusalReason: order.refusalReason };
}
