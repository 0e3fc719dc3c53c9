import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';
import { companies, companyLocations, companyMembers, locationMembers } from '../../src/modules/companies/companies.tables.js';
import { newId } from '../../src/platform/ids.js';
import type { TApiClient, TTestApp } from './test-app.js';

/**
 * A company as POST /api/companies leaves it — the company, its first location and its first
 * administrator — written straight with Drizzle, so colleagues' tests need not go through the
 * identity routes.
 */
export async function insertCompany(
  t: TTestApp,
  options: { adminId: string; name?: string; kind?: 'professional' | 'company' | 'public_body' | 'association'; locations?: number },
): Promise<{ companyId: string; locationIds: string[]; name: string }> {
  const companyId = newId('cmp');
  const name = options.name ?? `Atelier ${companyId.slice(-6)}`;
  await t.ctx.db.insert(companies).values({ marketId: DEFAULT_MARKET_ID, id: companyId, name, kind: options.kind ?? 'company', country: 'FR' });
  const locationIds: string[] = [];
  for (let index = 0; index < (options.locations ?? 1); index += 1) {
    const id = newId('loc');
    await t.ctx.db.insert(companyLocations).values({ id, companyId, name: index === 0 ? 'Siège' : `Site ${index + 1}` });
    locationIds.push(id);
  }
  await t.ctx.db.insert(companyMembers).values({ companyId, customerId: options.adminId, role: 'admin' });
  return { companyId, locationIds, name };
}

/** Adds a colleague directly (as an accepted invitation would), with optional location roles. */
export async function insertMember(
  t: TTestApp,
  options: { companyId: string; customerId: string; role: 'admin' | 'member'; locations?: { locationId: string; role: 'location_admin' | 'buyer' }[] },
): Promise<void> {
  await t.ctx.db.insert(companyMembers).values({ companyId: options.companyId, customerId: options.customerId, role: options.role });
  for (const location of options.locations ?? []) {
    await t.ctx.db.insert(locationMembers).values({ locationId: location.locationId, customerId: options.customerId, role: location.role });
  }
}

/** The token of an invitation link (`/invitations/accept?token=…`) in an email's text. */
export function invitationTokenFromEmail(text: string): string {
  const match = /\/invitations\/accept\?token=([A-Za-z0-9_%-]+)/.exec(text);
  if (!match?.[1]) throw new Error('no /invitations/accept link in the email');
  return decodeURIComponent(match[1]);
}

/** PUT through app.inject (the shared apiClient has no PUT). */
export async function put(t: TTestApp, client: TApiClient, url: string, body: unknown, token: string) {
  const response = await t.app.inject({
    method: 'PUT',
    url,
    headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': client.ip },
    payload: body as object,
  });
  return { status: response.statusCode, body: response.json() as unknown };
}
