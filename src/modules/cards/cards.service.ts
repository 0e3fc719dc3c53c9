import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { formatCardNumber, isValidCardNumber, newCardNumber, normalizeCardNumber } from './card-number.rules.js';
import { cardErrors } from './cards.errors.js';
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

export const CARD_PATHS = {
  card: '/api/me/card',
  barcode: '/api/me/card/barcode.svg',
  qr: '/api/me/card/qr.svg',
  image: '/api/me/card/card.png',
} as const;

export type TMyCard = {
  number: string;
  formattedNumber: string;
  issuedAt: Date;
  holderName: string;
  points: number;
  barcodeSvgUrl: string;
  qrSvgUrl: string;
  imagePngUrl: string;
};

/**
 * The signed-in customer's card (F5.1), issued now if they have none yet (accounts verified
 * before cards existed). Only a proven address makes a member: an unverified account has none.
 */
export async function getMyCard(
  db: Database,
  customer: { id: string; firstName: string; lastName: string; emailVerifiedAt: Date | null },
): Promise<TMyCard> {
  if (!customer.emailVerifiedAt) throw cardErrors.noCard();
  const card = await ensureMemberCard(db, customer.id);
  return {
    number: card.number,
    formattedNumber: formatCardNumber(card.number),
    issuedAt: card.issuedAt,
    holderName: `${customer.firstName} ${customer.lastName}`.trim(),
    points: card.points,
    barcodeSvgUrl: CARD_PATHS.barcode,
    qrSvgUrl: CARD_PATHS.qr,
    imagePngUrl: CARD_PATHS.image,
  };
}
