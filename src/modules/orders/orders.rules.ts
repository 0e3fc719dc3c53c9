import type { TOrderStatus } from './orders.tables.js';

const currencies: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 code the runtime knows (EUR, CHF, GBP…), upper case as the standard writes it. */
export function isIsoCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && currencies.has(code);
}

/**
 * How far ahead of our clock an order may be dated: tills' clocks drift and time zones get
 * mixed up, but an order dated next week is a bug in the pushing system.
 */
export const PLACED_AT_MAX_AHEAD_MS = 24 * 60 * 60 * 1000;

export function isPlausiblePlacedAt(placedAt: Date, now: Date = new Date()): boolean {
  return placedAt.getTime() <= now.getTime() + PLACED_AT_MAX_AHEAD_MS && placedAt.getUTCFullYear() >= 1970;
}

/** Only orders that went through can have lines sent back (F4.4). */
export const returnableOrderStatuses: ReadonlySet<TOrderStatus> = new Set(['open', 'completed']);

/** Returns that still hold their quantities: a refused or cancelled one gives them back. */
export const countedReturnStatuses = ['requested', 'approved', 'received', 'refunded'] as const;

/** Bought minus already sent back, never below zero (the store may have lowered a quantity). */
export function returnableQuantity(options: { orderStatus: TOrderStatus; quantity: number; returnedQuantity: number }): number {
  if (!returnableOrderStatuses.has(options.orderStatus)) return 0;
  return Math.max(0, options.quantity - options.returnedQuantity);
}

export type TApprovalStatus = 'not_required' | 'pending' | 'approved' | 'refused';

/** Where an order stands in the approval of drafts (F3.5), from its status and decision. */
export function approvalStatusOf(order: { status: TOrderStatus; approvalDecidedAt: Date | null }): TApprovalStatus {
  if (order.status === 'pending_approval') return 'pending';
  if (order.approvalDecidedAt === null) return 'not_required';
  return order.status === 'refused' ? 'refused' : 'approved';
}

/** The store may leave out a line's total: quantity × unit price then. */
export function lineTotalOf(line: { quantity: number; unitPrice: number; lineTotal?: number | undefined }): number {
  return line.lineTotal ?? line.quantity * line.unitPrice;
}
