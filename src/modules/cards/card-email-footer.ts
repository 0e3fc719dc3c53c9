import type { Database } from '../../db/client.js';
import type { TRecipientLine } from '../../platform/mail/outbox.js';
import { formatCardNumber } from './card-number.rules.js';
import { findCardOfCustomer } from './cards.service.js';

const labels: Record<string, string> = { fr: 'Carte membre n° ', en: 'Member card no. ' };

/** "Carte membre n° 2901 2345 6789 0" in the footer of every email to a member (F5.1). */
export const memberCardLine: TRecipientLine = async (db: Database, recipient) => {
  const card = await findCardOfCustomer(db, recipient.customerId);
  if (!card) return null;
  return `${labels[recipient.locale] ?? labels.fr}${formatCardNumber(card.number)}`;
};
