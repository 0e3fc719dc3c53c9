import { z } from 'zod';
import { defineExportSection } from '../privacy/privacy.extension.js';
import { findWalletPassOfCustomer } from './wallet-passes.service.js';

// The wallet module's part of GET /api/me/export (listed in privacy/privacy.registry.ts). The
// pass and its devices cascade with the account at erasure. The pass's token (only its digest is
// kept) and the devices' push tokens are secrets between Wallet and Comptoir, never exported;
// each device is named by the identifier Wallet gave it.

export const walletPassesExport = defineExportSection({
  key: 'walletPasses',
  description: 'Your member card’s Apple Wallet pass: its serial number (the card number), when it was issued and last changed, and the devices that follow its updates.',
  tables: ['wallet_passes', 'wallet_pass_registrations'],
  processing: {
    purposes: ['Keeping the member card in your phone’s wallet up to date with your name and points'],
    legalBasis: 'Contract (art. 6(1)(b) GDPR)',
    retention: 'As long as the account exists; a device’s registration until it removes the pass.',
    recipients: ['The shop', 'Apple, whose Wallet app on your devices fetches the pass', 'Its hosting provider (processor)'],
  },
  schema: z.array(
    z.object({
      serialNumber: z.string(),
      createdAt: z.string(),
      updatedAt: z.string(),
      registeredDevices: z.number().int(),
      devices: z.array(z.object({ deviceLibraryIdentifier: z.string(), registeredAt: z.string() })),
    }),
  ),
  async collect(db, customerId) {
    const found = await findWalletPassOfCustomer(db, customerId);
    if (!found) return [];
    return [
      {
        serialNumber: found.pass.serialNumber,
        createdAt: found.pass.createdAt.toISOString(),
        updatedAt: found.pass.updatedAt.toISOString(),
        registeredDevices: found.devices.length,
        devices: found.devices.map((device) => ({ deviceLibraryIdentifier: device.deviceLibraryId, registeredAt: device.createdAt.toISOString() })),
      },
    ];
  },
});
