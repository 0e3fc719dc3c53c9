import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { isValidCardNumber, newCardNumber, normalizeCardNumber } from './card-number.rules.js';
import { memberCards, type TMemberCardRow } from './cards.tables.js';

/** Ten random digits give 10^10 numbers: a collision is rare, five in a row is a bug. */
const ISSUE_ATTEMPTS = 5;

/**
 * The customer's card, issued if they have none yet (F5.1). Called when an address is proven
 * (markEmailVerified), so every verified customer and every colleague has one; safe to call
 * again and concurrently (the unique customer_id settles a race).
 */
export async function ensureMemberCard(db: Database, customerId: string): Promise<TMemberCardRow> {
  for (let attempt = 0; attempt < ISSUE_ATTEMPTS; attempt += 1) {
    const existing = await findCardOfCustomer(db, customerId);
    if (existing) return existing;
    const [issued] = await db
      .insert(memberCards)
      .values({ number: newCardNumber(), customerId })
      .onConflictDoNothing()
      .returning();
    if (issued) return issued;
  }
  throw new Error('could not issue a unique member card number');
}

export async function findCardOfCustomer(db: Database, customerId: string): Promise<TMemberCardRow | undefined> {
  const [card] = await db.select().from(memberCards).where(eq(memberCards.customerId, customerId));
  return card;
}

/** The card behind a scanned or typed number; undefined for an invalid or unknown number. */
export async function findCardByNumber(db: Database, input: string): Promise<TMemberCardRow | undefined> {
  if (!isValidCardNumber(input)) return undefined;
  const [card] = await db.select().from(memberCards).where(eq(memberCards.number, normalizeCardNumber(input)));
  return card;
}
