import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import {
  companies,
  companyInvitations,
  companyLocations,
  companyMembers,
  locationAddresses,
  locationAddressRequests,
  locationMembers,
  sessionBuyingContexts,
} from '../../src/modules/companies/companies.tables.js';
import { documents } from '../../src/modules/documents/documents.tables.js';
import { orders } from '../../src/modules/orders/orders.tables.js';
import { mergeCompanies, nameCompanyAdmin } from '../../src/modules/companies/company-recovery.service.js';
import { newId } from '../../src/platform/ids.js';
import {
  countRows,
  insertCompany,
  insertCustomerRow,
  insertLocation,
  insertLocationMember,
  insertMember,
  insertSignedInCustomer,
  putJson,
  runCli,
  withCliDatabase,
} from '../support/company-fixtures.js';
import { createTestApp, uniqueEmail, type TTestApp } from '../support/test-app.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const membersOf = async (db: Database, companyId: string) =>
  Object.fromEntries(
    (await db.select().from(companyMembers).where(eq(companyMembers.companyId, companyId))).map((member) => [member.customerId, member.role]),
  );

async function insertInvitation(db: Database, options: { companyId: string; email: string; acceptedAt?: Date }): Promise<string> {
  const id = newId('inv');
  await db.insert(companyInvitations).values({
    id,
    companyId: options.companyId,
    email: options.email,
    emailNormalized: options.email.toLowerCase(),
    role: 'member',
    tokenHash: `hash-${id}`,
    expiresAt: new Date(Date.now() + 7 * 86_400_000),
    acceptedAt: options.acceptedAt ?? null,
  });
  return id;
}

describe('nameCompanyAdmin (npx comptoir company name-admin)', () => {
  it('makes a colleague, or someone outside the company, the administrator of a company that has none', async () => {
    const companyId = await insertCompany(t.ctx.db);
    const colleague = await insertCustomerRow(t.ctx.db);
    const outsider = await insertCustomerRow(t.ctx.db);
    await insertMember(t.ctx.db, { companyId, customerId: colleague.id });
    expect(await nameCompanyAdmin(t.ctx.db, { companyId, email: ` ${colleague.email.toUpperCase()} ` })).toEqual({
      companyId,
      customerId: colleague.id,
      previousRole: 'member',
      otherAdmins: 0,
    });
    const second = await insertCompany(t.ctx.db);
    expect(await nameCompanyAdmin(t.ctx.db, { companyId: second, email: outsider.email })).toMatchObject({ previousRole: null });
    expect(await membersOf(t.ctx.db, companyId)).toEqual({ [colleague.id]: 'admin' });
    expect(await membersOf(t.ctx.db, second)).toEqual({ [outsider.id]: 'admin' });
  });

  it('refuses while the company still has an administrator (409 company_has_admin) unless forced; unknown address or company: 404', async () => {
    const companyId = await insertCompany(t.ctx.db);
    const admin = await insertCustomerRow(t.ctx.db);
    const successor = await insertCustomerRow(t.ctx.db);
    await insertMember(t.ctx.db, { companyId, customerId: admin.id, role: 'admin' });
    await expect(nameCompanyAdmin(t.ctx.db, { companyId, email: successor.email })).rejects.toMatchObject({ code: 'company_has_admin', status: 409 });
    expect(await membersOf(t.ctx.db, companyId)).toEqual({ [admin.id]: 'admin' });
    expect(await nameCompanyAdmin(t.ctx.db, { companyId, email: successor.email, force: true })).toMatchObject({ otherAdmins: 1 });
    expect(await membersOf(t.ctx.db, companyId)).toEqual({ [admin.id]: 'admin', [successor.id]: 'admin' });
    await expect(nameCompanyAdmin(t.ctx.db, { companyId, email: uniqueEmail() })).rejects.toMatchObject({ code: 'not_found' });
    await expect(nameCompanyAdmin(t.ctx.db, { companyId: 'cmp_unknown', email: admin.email })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('mergeCompanies (npx comptoir company merge)', () => {
  it('moves colleagues (keeping the higher role), locations with their addresses, roles and requests, invitations and session choices; nothing is lost', async () => {
    const db = t.ctx.db;
    const fromId = await insertCompany(db, { name: 'Durand SARL (doublon)' });
    const intoId = await insertCompany(db, { name: 'Durand SARL' });
    const [onlyFrom, memberHereAdminThere, adminHereMemberThere, onlyInto] = await Promise.all([
      insertSignedInCustomer(t),
      insertCustomerRow(db),
      insertCustomerRow(db),
      insertCustomerRow(db),
    ]);
    await insertMember(db, { companyId: fromId, customerId: onlyFrom!.id, role: 'admin' });
    await insertMember(db, { companyId: fromId, customerId: memberHereAdminThere!.id, role: 'member' });
    await insertMember(db, { companyId: fromId, customerId: adminHereMemberThere!.id, role: 'admin' });
    await insertMember(db, { companyId: intoId, customerId: memberHereAdminThere!.id, role: 'admin' });
    await insertMember(db, { companyId: intoId, customerId: adminHereMemberThere!.id, role: 'member' });
    await insertMember(db, { companyId: intoId, customerId: onlyInto!.id, role: 'admin' });
    const fromLocation = await insertLocation(db, { companyId: fromId, name: 'Entrepôt', terms: { kind: 'net', days: 45 } });
    await insertLocation(db, { companyId: intoId, name: 'Siège' });
    await insertLocationMember(db, { locationId: fromLocation, customerId: onlyFrom!.id, role: 'buyer' });
    await db.insert(locationAddresses).values({ id: newId('ladr'), locationId: fromLocation, kind: 'billing', company: 'Durand', line1: '3 rue Haute', city: 'Lyon', postalCode: '69002', country: 'FR' });
    await db.insert(locationAddressRequests).values({ id: newId('lar'), locationId: fromLocation, requestedBy: onlyFrom!.id, action: 'create', proposed: { kind: 'delivery' } });
    const shared = uniqueEmail('invite');
    const duplicate = await insertInvitation(db, { companyId: fromId, email: shared });
    const kept = await insertInvitation(db, { companyId: intoId, email: shared });
    const moved = await insertInvitation(db, { companyId: fromId, email: uniqueEmail('invite') });
    const accepted = await insertInvitation(db, { companyId: fromId, email: uniqueEmail('invite'), acceptedAt: new Date() });
    expect((await putJson(t, '/api/me/context', { companyId: fromId, locationId: fromLocation }, onlyFrom!.token)).status).toBe(200);
    const orderId = newId('ord');
    await db.insert(orders).values({ marketId: DEFAULT_MARKET_ID, id: orderId, externalId: newId('ord'), number: 'W-1', channel: 'online', placedAt: new Date(), currency: 'EUR', customerId: onlyFrom!.id, companyId: fromId, locationId: fromLocation, status: 'open', total: 1000 });
    const documentId = newId('doc');
    await db.insert(documents).values({ marketId: DEFAULT_MARKET_ID, id: documentId, kind: 'invoice', number: `F-${documentId}`, orderId, customerId: onlyFrom!.id, companyId: fromId, locationId: fromLocation, issuedAt: new Date(), currency: 'EUR', total: 1000 });

    const tables = [companyMembers, companyLocations, locationAddresses, locationMembers, locationAddressRequests, companyInvitations, sessionBuyingContexts] as const;
    const before = await Promise.all(tables.map((table) => countRows(db, table)));

    const report = await mergeCompanies(db, { fromId, intoId });
    expect(report).toEqual({
      fromId,
      intoId,
      membersMoved: 1,
      membersAlreadyInTarget: 2,
      locationsMoved: 1,
      invitationsMoved: 3,
      duplicateInvitationsRevoked: 1,
      sessionContextsMoved: 1,
      ordersMoved: 1,
      documentsMoved: 1,
    });
    // The order history moved whole: same location, now in the company that stays.
    expect(await db.select({ companyId: orders.companyId, locationId: orders.locationId }).from(orders).where(eq(orders.id, orderId))).toEqual([{ companyId: intoId, locationId: fromLocation }]);
    expect(await db.select({ companyId: documents.companyId }).from(documents).where(eq(documents.id, documentId))).toEqual([{ companyId: intoId }]);

    const after = await Promise.all(tables.map((table) => countRows(db, table)));
    // Only the two duplicate memberships went (their people are in the target already); every other row is still there.
    expect(after).toEqual([before[0]! - 2, ...before.slice(1)]);
    expect(await membersOf(db, fromId)).toEqual({});
    expect(await membersOf(db, intoId)).toEqual({
      [onlyFrom!.id]: 'admin',
      [memberHereAdminThere!.id]: 'admin',
      [adminHereMemberThere!.id]: 'admin',
      [onlyInto!.id]: 'admin',
    });
    expect(await countRows(db, companyLocations, eq(companyLocations.companyId, intoId))).toBe(2);
    expect(await countRows(db, locationAddresses, eq(locationAddresses.locationId, fromLocation))).toBe(1);
    expect(await countRows(db, locationMembers, and(eq(locationMembers.locationId, fromLocation), eq(locationMembers.customerId, onlyFrom!.id)))).toBe(1);
    const invitations = await db.select().from(companyInvitations).where(eq(companyInvitations.companyId, intoId));
    expect(Object.fromEntries(invitations.map((invitation) => [invitation.id, invitation.revokedAt !== null]))).toEqual({
      [duplicate]: true,
      [kept]: false,
      [moved]: false,
      [accepted]: false,
    });
    const [source] = await db.select().from(companies).where(eq(companies.id, fromId));
    expect(source).toMatchObject({ status: 'merged', mergedIntoId: intoId });

    // The buyer's session now buys for the same location, in the company that stays.
    const context = await onlyFrom!.client.get('/api/me/context', { token: onlyFrom!.token });
    expect(context.body).toMatchObject({ kind: 'business', company: { id: intoId }, location: { id: fromLocation, paymentTerms: { code: 'net45' } } });
  });

  it('refuses to merge a company into itself, or into or from a merged one, and changes nothing then', async () => {
    const fromId = await insertCompany(t.ctx.db);
    const intoId = await insertCompany(t.ctx.db);
    await expect(mergeCompanies(t.ctx.db, { fromId, intoId: fromId })).rejects.toMatchObject({ code: 'same_company' });
    await mergeCompanies(t.ctx.db, { fromId, intoId });
    await expect(mergeCompanies(t.ctx.db, { fromId, intoId })).rejects.toMatchObject({ code: 'company_merged' });
    const third = await insertCompany(t.ctx.db);
    await expect(mergeCompanies(t.ctx.db, { fromId: third, intoId: fromId })).rejects.toMatchObject({ code: 'company_merged' });
    await expect(mergeCompanies(t.ctx.db, { fromId: third, intoId: 'cmp_unknown' })).rejects.toMatchObject({ code: 'not_found' });
    const [row] = await t.ctx.db.select().from(companies).where(eq(companies.id, third));
    expect(row).toMatchObject({ status: 'active', mergedIntoId: null });
  });
});

describe('npx comptoir company …', () => {
  it('company name-admin refuses while an administrator remains, company merge moves everything, each printing its result as JSON', async () => {
    await withCliDatabase(t, {
      async prepare(db) {
        const fromId = await insertCompany(db);
        const intoId = await insertCompany(db);
        const admin = await insertCustomerRow(db);
        const colleague = await insertCustomerRow(db);
        await insertMember(db, { companyId: fromId, customerId: admin.id, role: 'admin' });
        await insertMember(db, { companyId: intoId, customerId: colleague.id, role: 'member' });
        const locationId = await insertLocation(db, { companyId: fromId });
        return { fromId, intoId, admin, colleague, locationId };
      },
      async command(env, p) {
        const refused = await runCli(['company', 'name-admin', '--company', p.fromId, '--email', p.colleague.email], env);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(/still has 1 administrator[\s\S]*--force/);
        const named = await runCli(['company', 'name-admin', '--company', p.intoId, '--email', p.colleague.email], env);
        expect(named.stderr).toBe('');
        expect(JSON.parse(named.stdout)).toEqual({ companyId: p.intoId, customerId: p.colleague.id, previousRole: 'member', otherAdmins: 0 });
        const merged = await runCli(['company', 'merge', '--from', p.fromId, '--into', p.intoId], env);
        expect(merged.stderr).toBe('');
        expect(merged.code).toBe(0);
        expect(JSON.parse(merged.stdout)).toMatchObject({ membersMoved: 1, locationsMoved: 1 });
        expect((await runCli(['company', 'merge', '--from', p.fromId], env)).code).toBe(2);
      },
      async check(db, p) {
        expect(await membersOf(db, p.intoId)).toEqual({ [p.admin.id]: 'admin', [p.colleague.id]: 'admin' });
        const [location] = await db.select().from(companyLocations).where(eq(companyLocations.id, p.locationId));
        expect(location?.companyId).toBe(p.intoId);
        const [source] = await db.select().from(companies).where(eq(companies.id, p.fromId));
        expect(source).toMatchObject({ status: 'merged', mergedIntoId: p.intoId });
      },
    });
  });
});
