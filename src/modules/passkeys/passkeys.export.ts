import { z } from 'zod';
import { defineExportSection } from '../privacy/privacy.extension.js';
import { listPasskeysOfCustomer } from './passkeys.service.js';

// The passkeys module's part of GET /api/me/export (listed in privacy/privacy.registry.ts).
// The public key and credential id identify an authenticator, not the person: left out.

const ZExportedPasskey = z.object({
  id: z.string(),
  name: z.string(),
  deviceType: z.string(),
  backedUp: z.boolean(),
  transports: z.array(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});

export const passkeysExport = defineExportSection({
  key: 'passkeys',
  description: 'The passkeys that sign you in: the names you gave them, when they were added and last used, and their kind.',
  tables: ['passkeys'],
  processing: {
    purposes: ['Signing you in without a password', 'Letting you see and remove your passkeys', 'Noticing a copied authenticator'],
    legalBasis: 'Contract (art. 6(1)(b) GDPR): the customer account you asked for; security of processing (art. 32 GDPR)',
    retention: 'Until you remove the passkey or delete your account.',
    recipients: ['The shop', 'Its hosting provider (processor)'],
  },
  schema: z.array(ZExportedPasskey),
  async collect(db, customerId) {
    const rows = await listPasskeysOfCustomer(db, customerId);
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      deviceType: row.deviceType,
      backedUp: row.backedUp,
      transports: row.transports,
      createdAt: row.createdAt.toISOString(),
      lastUsedAt: row.lastUsedAt ? row.lastUsedAt.toISOString() : null,
    }));
  },
});
