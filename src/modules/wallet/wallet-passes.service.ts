import { and, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { constantTimeEqual, hashToken, newSecretToken } from '../../platform/crypto/tokens.js';
import { walletErrors } from './wallet.errors.js';
import { walletPasses, walletPassRegistrations, type TWalletPassRow } from './wallet.tables.js';

export type { TWalletPassRow };

/**
 * The pass's token for a new download: random, only its digest kept. A download replaces the
 * previous token, so a pass file that leaked stops working once its owner downloads it again;
 * a device still holding the older download gets 401 from the web service and stops updating
 * until the pass is added again. What the pass shows is unchanged, so `updatedAt` stays.
 */
export async function issueWalletPassToken(db: Database, options: { customerId: string; serialNumber: string }): Promise<{ token: string; pass: TWalletPassRow }> {
  const token = newSecretToken();
  const authenticationTokenHash = hashToken(token);
  const [pass] = await db
    .insert(walletPasses)
    .values({ serialNumber: options.serialNumber, customerId: options.customerId, authenticationTokenHash, createdAt: new Date(), updatedAt: new Date() })
    .onConflictDoUpdate({ target: walletPasses.serialNumber, set: { authenticationTokenHash } })
    .returning();
  return { token, pass: pass! };
}

/**
 * A touched pass's new time: at least a whole second past the previous one, because
 * Last-Modified / If-Modified-Since count in seconds and the device's update tag must move
 * even for two changes within the same second. Also written by the profile's save statement.
 */
export const touchedWalletPassTime = sql`greatest(date_trunc('milliseconds', clock_timestamp()), date_trunc('second', ${walletPasses.updatedAt}) + interval '1 second')`;

/**
 * What the customer's pass shows changed (name, points): devices that registered it fetch it
 * again (see touchedWalletPassTime). A customer without a pass costs one no-op update.
 */
export async function touchWalletPass(db: Database, customerId: string): Promise<void> {
  await db.update(walletPasses).set({ updatedAt: touchedWalletPassTime }).where(eq(walletPasses.customerId, customerId));
  // Where a deployment can reach Apple, this is the moment to push (APNs) to the stored push
  // tokens of the pass's registrations; see docs/OPERATIONS.md. Nothing is sent from here.
}

/**
 * The pass an `Authorization: ApplePass <token>` header proves, for our pass type only. Every
 * failure (no header, wrong type, unknown serial, wrong token) is the same 401.
 */
export async function authenticateWalletPass(
  db: Database,
  options: { passTypeId: string; expectedPassTypeId: string; serialNumber: string; authorization: string | undefined },
): Promise<{ pass: TWalletPassRow; token: string }> {
  const token = /^ApplePass (\S+)$/.exec(options.authorization ?? '')?.[1];
  if (!token || options.passTypeId !== options.expectedPassTypeId) throw walletErrors.unauthorised();
  const [pass] = await db.select().from(walletPasses).where(eq(walletPasses.serialNumber, options.serialNumber));
  if (!pass || !constantTimeEqual(pass.authenticationTokenHash, hashToken(token))) throw walletErrors.unauthorised();
  return { pass, token };
}

/** A device asks to hear of the pass's updates: `created` the first time, else its push token is refreshed. */
export async function registerWalletDevice(
  db: Database,
  options: { pass: TWalletPassRow; deviceLibraryId: string; passTypeId: string; pushToken: string },
): Promise<'created' | 'existing'> {
  const key = { deviceLibraryId: options.deviceLibraryId, passTypeId: options.passTypeId, serialNumber: options.pass.serialNumber };
  const [inserted] = await db
    .insert(walletPassRegistrations)
    .values({ ...key, customerId: options.pass.customerId, pushToken: options.pushToken })
    .onConflictDoNothing()
    .returning({ serialNumber: walletPassRegistrations.serialNumber });
  if (inserted) return 'created';
  await db.update(walletPassRegistrations).set({ pushToken: options.pushToken }).where(registrationOf(key));
  return 'existing';
}

/** The device removed the pass (or turned its updates off). */
export async function unregisterWalletDevice(db: Database, options: { pass: TWalletPassRow; deviceLibraryId: string; passTypeId: string }): Promise<void> {
  await db
    .delete(walletPassRegistrations)
    .where(registrationOf({ deviceLibraryId: options.deviceLibraryId, passTypeId: options.passTypeId, serialNumber: options.pass.serialNumber }));
}

function registrationOf(key: { deviceLibraryId: string; passTypeId: string; serialNumber: string }) {
  return and(
    eq(walletPassRegistrations.deviceLibraryId, key.deviceLibraryId),
    eq(walletPassRegistrations.passTypeId, key.passTypeId),
    eq(walletPassRegistrations.serialNumber, key.serialNumber),
  );
}

/**
 * The serial numbers of the device's passes changed after `since` (the tag it was last given),
 * with the new tag; null when nothing changed (the web service answers 204). The tag is the
 * latest change as an ISO time: times are written in whole milliseconds, so it compares exactly.
 */
export async function listUpdatedWalletPasses(
  db: Database,
  options: { deviceLibraryId: string; passTypeId: string; since: Date | null },
): Promise<{ serialNumbers: string[]; lastUpdated: string } | null> {
  const rows = await db
    .select({ serialNumber: walletPasses.serialNumber, updatedAt: walletPasses.updatedAt })
    .from(walletPassRegistrations)
    .innerJoin(walletPasses, eq(walletPasses.serialNumber, walletPassRegistrations.serialNumber))
    .where(
      and(
        eq(walletPassRegistrations.deviceLibraryId, options.deviceLibraryId),
        eq(walletPassRegistrations.passTypeId, options.passTypeId),
        options.since ? gt(walletPasses.updatedAt, options.since) : undefined,
      ),
    );
  if (rows.length === 0) return null;
  const latest = Math.max(...rows.map((row) => row.updatedAt.getTime()));
  return { serialNumbers: rows.map((row) => row.serialNumber).sort(), lastUpdated: new Date(latest).toISOString() };
}

/** The customer's pass and the devices that follow it, for the data export (never a token). */
export async function findWalletPassOfCustomer(
  db: Database,
  customerId: string,
): Promise<{ pass: TWalletPassRow; devices: { deviceLibraryId: string; createdAt: Date }[] } | null> {
  const [pass] = await db.select().from(walletPasses).where(eq(walletPasses.customerId, customerId));
  if (!pass) return null;
  const devices = await db
    .select({ deviceLibraryId: walletPassRegistrations.deviceLibraryId, createdAt: walletPassRegistrations.createdAt })
    .from(walletPassRegistrations)
    .where(eq(walletPassRegistrations.serialNumber, pass.serialNumber))
    .orderBy(walletPassRegistrations.createdAt);
  return { pass, devices };
}
