import { z } from 'zod';
import { defineExportSection } from '../privacy/privacy.extension.js';
import { findCardOfCustomer } from './cards.service.js';

export const memberCardExport = defineExportSection({
  key: 'memberCard',
  description: 'Your member card number, which tills scan to link in-store receipts to your account, and its points as the shop last reported them.',
  tables: ['member_cards'],
  processing: {
    purposes: ['Recognising you at the till and linking your receipts to your account'],
    legalBasis: 'Contract (art. 6(1)(b) GDPR)',
    retention: 'As long as the account exists.',
    recipients: ['The shop and its tills', 'Its hosting provider (processor)'],
  },
  schema: z.object({ number: z.string(), issuedAt: z.string(), points: z.number().int(), pointsUpdatedAt: z.string().nullable() }).nullable(),
  async collect(db, customerId) {
    const card = await findCardOfCustomer(db, customerId);
    return card
      ? { number: card.number, issuedAt: card.issuedAt.toISOString(), points: card.points, pointsUpdatedAt: card.pointsUpdatedAt?.toISOString() ?? null }
      : null;
  },
});
