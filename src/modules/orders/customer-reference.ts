import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { AppError } from '../../platform/errors/app-error.js';
import { isValidCardNumber } from '../cards/card-number.rules.js';
import { findCardByNumber } from '../cards/cards.service.js';
import { findCustomerByEmail, findOrCreateGuestAccount } from '../customers/customers.service.js';
import type { TCustomerRow } from '../customers/customers.tables.js';
import { findCustomerInMarket } from '../integration/integration-customers.service.js';

/**
 * Who an order, receipt or document belongs to, as the store knows them: the Comptoir id, the
 * address the order was placed with, or the member card the till scanned (F4.2). At least one.
 */
export const ZCustomerReference = z
  .object({
    customerId: z.string().min(1).max(64).optional(),
    email: z.email().max(254).optional(),
    cardNumber: z
      .string()
      .max(32)
      .refine(isValidCardNumber, { message: 'Not a member card number (13 digits starting 29, with a valid check digit).' })
      .optional(),
    /** Names for the guest account an unknown address gets (F1.6). */
    firstName: z.string().max(100).optional(),
    lastName: z.string().max(100).optional(),
    locale: z.enum(['fr', 'en']).optional(),
  })
  .strict()
  .refine((value) => value.customerId !== undefined || value.email !== undefined || value.cardNumber !== undefined, {
    message: 'Give customerId, email or cardNumber.',
  });
export type TCustomerReference = z.infer<typeof ZCustomerReference>;

const customerNotFound = (path: string) =>
  new AppError('customer_not_found', 422, 'No customer matches this reference.', {
    errors: [{ path, code: 'customer_not_found', message: 'No customer has this id or member card.' }],
  });

const customerMismatch = () =>
  new AppError('customer_mismatch', 422, 'The customer references point at different customers.', {
    errors: [{ path: 'customer', code: 'customer_mismatch', message: 'customerId and cardNumber must name the same customer.' }],
  });

/**
 * The customer behind a reference, in the market of the store that sent it (F1.8). An id or
 * card must be a customer of that market (422 customer_not_found, exactly as for an unknown
 * one); an address with no account there gets a guest account of that market the person can
 * claim later (F1.6). Call inside the transaction that writes the order, so a failed order
 * leaves no guest account behind.
 */
export async function resolveCustomerReference(
  db: Database,
  reference: TCustomerReference,
  options: { marketId: string; path?: string; origin?: 'guest_order' | 'express_checkout' },
): Promise<{ customer: TCustomerRow; createdGuest: boolean }> {
  const path = options.path ?? 'customer';
  const { marketId } = options;
  const found: TCustomerRow[] = [];
  if (reference.customerId !== undefined) {
    const customer = await findCustomerInMarket(db, { marketId, customerId: reference.customerId });
    if (!customer) throw customerNotFound(`${path}.customerId`);
    found.push(customer);
  }
  if (reference.cardNumber !== undefined) {
    const card = await findCardByNumber(db, reference.cardNumber);
    const customer = card ? await findCustomerInMarket(db, { marketId, customerId: card.customerId }) : undefined;
    if (!customer) throw customerNotFound(`${path}.cardNumber`);
    found.push(customer);
  }
  // The id or the card, when given, decide: the order's address is then only where it was
  // sent (a shared mailbox, a colleague's address) and may belong to someone else or nobody.
  if (found.length === 0 && reference.email !== undefined) {
    const existing = await findCustomerByEmail(db, marketId, reference.email);
    if (existing) return { customer: existing, createdGuest: false };
    const { customer: guest, created } = await findOrCreateGuestAccount(db, {
      marketId,
      email: reference.email,
      firstName: reference.firstName?.trim() ?? '',
      lastName: reference.lastName?.trim() ?? '',
      locale: reference.locale ?? 'fr',
      origin: options.origin ?? 'guest_order',
    });
    return { customer: guest, createdGuest: created };
  }
  const [first] = found;
  if (!first) throw customerNotFound(path);
  if (found.some((customer) => customer.id !== first.id)) throw customerMismatch();
  return { customer: first, createdGuest: false };
}
