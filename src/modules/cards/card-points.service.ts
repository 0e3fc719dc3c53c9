import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import { findCustomerById } from '../customers/customers.service.js';
import { touchWalletPass } from '../wallet/wallet-passes.service.js';
import { isValidCardNumber } from './card-number.rules.js';
import { cardErrors } from './cards.errors.js';
import { findCardByNumber } from './cards.service.js';
import { memberCards } from './cards.tables.js';

export type TCardPoints = { number: string; points: number; pointsUpdatedAt: Date | null };

/**
 * The store's loyalty system reports a card's balance (F5.1): Comptoir keeps the figure it is
 * told (the store computes it), shows it on the card page and moves the wallet pass so devices
 * fetch the new balance. A card of another market's customer is 404, like an unknown one.
 */
export async function setCardPoints(db: Database, options: { marketId: string; number: string; points: number }): Promise<TCardPoints> {
  if (!isValidCardNumber(options.number)) throw cardErrors.invalidNumber('params.number');
  return db.transaction(async (tx) => {
    const card = await findCardByNumber(tx, options.number);
    const holder = card ? await findCustomerById(tx, card.customerId) : undefined;
    if (!card || holder?.marketId !== options.marketId) throw commonErrors.notFound();
    if (card.points === options.points) return { number: card.number, points: card.points, pointsUpdatedAt: card.pointsUpdatedAt };
    const [updated] = await tx
      .update(memberCards)
      .set({ points: options.points, pointsUpdatedAt: new Date() })
      .where(eq(memberCards.number, card.number))
      .returning();
    await touchWalletPass(tx, card.customerId);
    return { number: updated!.number, points: updated!.points, pointsUpdatedAt: updated!.pointsUpdatedAt };
  });
}
