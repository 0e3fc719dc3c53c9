import { z } from 'zod';
import { defineExportSection } from '../privacy/privacy.extension.js';
import { paymentMethodKinds } from './payment-methods.tables.js';
import { listPaymentMethodRows } from './payment-methods.service.js';

// The payment methods module's part of GET /api/me/export (listed in privacy/privacy.registry.ts).
// The rows cascade with the account at erasure.

const ZExportedPaymentMethod = z.object({
  id: z.string(),
  externalId: z.string().describe('The payment provider’s id of the method.'),
  kind: z.enum(paymentMethodKinds),
  brand: z.string().nullable(),
  last4: z.string().nullable(),
  expiryMonth: z.number().int().nullable(),
  expiryYear: z.number().int().nullable(),
  isDefault: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const paymentMethodsExport = defineExportSection({
  key: 'paymentMethods',
  description: 'The payment methods the shop’s payment provider saved for you, as it describes them (never a card number).',
  tables: ['payment_methods'],
  processing: {
    purposes: ['Showing you which cards and mandates are saved for quicker checkout'],
    legalBasis: 'Contract (art. 6(1)(b) GDPR)',
    retention: 'Until the provider removes the method or you delete your account.',
    recipients: ['The shop', 'Its payment provider, which holds the method itself', 'Its hosting provider (processor)'],
  },
  schema: z.array(ZExportedPaymentMethod),
  async collect(db, customerId) {
    const rows = await listPaymentMethodRows(db, customerId);
    return rows.map(({ customerId: _owner, createdAt, updatedAt, ...method }) => ({
      ...method,
      createdAt: createdAt.toISOString(),
      updatedAt: updatedAt.toISOString(),
    }));
  },
});
