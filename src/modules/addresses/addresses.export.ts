import { z } from 'zod';
import { defineExportSection } from '../privacy/privacy.extension.js';
import { listAddressRows } from './addresses.repository.js';
import { addressKinds } from './addresses.tables.js';

// The addresses module's part of GET /api/me/export (listed in privacy/privacy.registry.ts).

const ZExportedAddress = z.object({
  id: z.string(),
  kind: z.enum(addressKinds),
  isDefault: z.boolean(),
  label: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  company: z.string().nullable(),
  attention: z.string().nullable().describe('"À l\'attention de".'),
  line1: z.string(),
  line2: z.string().nullable(),
  houseNumber: z.string().nullable(),
  houseNumberExtension: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string(),
  region: z.string().nullable(),
  country: z.string().describe('ISO 3166-1 alpha-2.'),
  phone: z.string().nullable().describe('E.164.'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const addressesExport = defineExportSection({
  key: 'addresses',
  description: 'Your billing address and delivery addresses.',
  tables: ['customer_addresses'],
  processing: {
    purposes: ['Delivering and invoicing your orders', 'Filling in checkout for you'],
    legalBasis: 'Contract (art. 6(1)(b) GDPR)',
    retention: 'Until you delete the address or the account.',
    recipients: ['The shop', 'Its hosting provider (processor)', 'Carriers, for the address of an order they deliver'],
  },
  schema: z.array(ZExportedAddress),
  async collect(db, customerId) {
    const rows = await listAddressRows(db, customerId);
    return rows.map(({ customerId: _owner, createdAt, updatedAt, ...address }) => ({
      ...address,
      createdAt: createdAt.toISOString(),
      updatedAt: updatedAt.toISOString(),
    }));
  },
});
