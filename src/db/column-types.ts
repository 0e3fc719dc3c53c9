import { customType } from 'drizzle-orm/pg-core';

/** Binary data (uploaded PDFs, images, public keys) as a Buffer, whichever driver reads it. */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  // node-postgres-style drivers already give a Buffer; PGlite gives a Uint8Array.
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});
