import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../src/modules/auth/auth.tables.js';
import { companyMembers, locationMembers, sessionBuyingContexts } from '../../src/modules/companies/companies.tables.js';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { insertCompany, insertMember, put } from '../support/companies.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { createTestApp, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type TCustomer = Awaited<ReturnType<typeof registerVerifiedCustomer>>;
type TMember = { customerId: string; email: string; firstName: string; lastName: string; role: string; locations: { locationId: string; role: string }[] };

/** An administrator, a user with a buyer role at the first location, and an outsider. */
async function companyWithColleagues(options: { locations?: number } = {}) {
  const [admin, member, outsider] = await Promise.all([registerVerifiedCustomer(t), registerVerifiedCustomer(t), registerVerifiedCustomer(t)]);
  const company = await insertCompany(t, { adminId: admin.customerId, locations: options.locations ?? 2 });
  await insertMember(t, {
    companyId: company.companyId,
    customerId: member.customerId,
    role: 'member',
    locations: [{ locationId: company.locationIds[0]!, role: 'buyer' }],
  });
  return { ...company, admin, member, outsider };
}

const membersUrl = (companyId: string) => `/api/companies/${companyId}/members`;
const memberUrl = (companyId: string, customerId: string) => `/api/companies/${companyId}/members/${customerId}`;

async function rolesOf(companyId: string): Promise<Record<string, string>> {
  const rows = await t.ctx.db.select().from(companyMembers).where(eq(companyMembers.companyId, companyId));
  return Object.fromEntries(rows.map((row) => [row.customerId, row.role]));
}

function deleteMe(customer: TCustomer) {
  return t.app.inject({
    method: 'DELETE',
    url: '/api/me',
    headers: { authorization: `Bearer ${customer.token}`, 'x-forwarded-for': customer.client.ip },
    payload: { password: customer.password },
  });
}

describe('GET /api/companies/{companyId}/members', () => {
  it('GET /api/companies/{companyId}/members: every colleague sees each one’s address, names, role and location roles, administrators first', async () => {
    const { companyId, locationIds, admin, member } = await companyWithColleagues();
    for (const viewer of [admin, member]) {
      const response = await viewer.client.get(membersUrl(companyId), { token: viewer.token });
      expect(response.status).toBe(200);
      const body = response.body as { items: TMember[]; company: { id: string; name: string } };
      expect(body.company.id).toBe(companyId);
      expect(body.items).toEqual([
        { customerId: admin.customerId, email: admin.email, firstName: 'Camille', lastName: 'Durand', role: 'admin', locations: [] },
        {
          customerId: member.customerId,
          email: member.email,
          firstName: 'Camille',
          lastName: 'Durand',
          role: 'member',
          locations: [{ locationId: locationIds[0], role: 'buyer' }],
        },
      ]);
    }
  });

  it('GET /api/companies/{companyId}/members: someone outside the company gets 404 not_found, as for a company that does not exist; signed out, 401', async () => {
    const { companyId, outsider } = await companyWithColleagues();
    const response = await outsider.client.get(membersUrl(companyId), { token: outsider.token });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'not_found' });
    expect((await outsider.client.get(membersUrl('cmp_nope'), { token: outsider.token })).status).toBe(404);
    expect((await outsider.client.get(membersUrl(companyId))).status).toBe(401);
  });
});

describe('PATCH /api/companies/{companyId}/members/{customerId}', () => {
  it('PATCH …/members/{customerId}: an administrator promotes a user to administrator (200), then demotes them again', async () => {
    const { companyId, admin, member } = await companyWithColleagues();
    const promoted = await admin.client.patch(memberUrl(companyId, member.customerId), { role: 'admin' }, { token: admin.token });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ customerId: member.customerId, role: 'admin' });
    expect(await rolesOf(companyId)).toEqual({ [admin.customerId]: 'admin', [member.customerId]: 'admin' });
    const demoted = await admin.client.patch(memberUrl(companyId, member.customerId), { role: 'member' }, { token: admin.token });
    expect(demoted.status).toBe(200);
    expect((await rolesOf(companyId))[member.customerId]).toBe('member');
  });

  it('PATCH …/members/{customerId}: a user who is not an administrator gets 403 forbidden; an outsider 404; an unknown colleague 404', async () => {
    const { companyId, admin, member, outsider } = await companyWithColleagues();
    const byMember = await member.client.patch(memberUrl(companyId, member.customerId), { role: 'admin' }, { token: member.token });
    expect(byMember.status).toBe(403);
    expect(byMember.body).toMatchObject({ code: 'forbidden' });
    const byOutsider = await outsider.client.patch(memberUrl(companyId, member.customerId), { role: 'admin' }, { token: outsider.token });
    expect(byOutsider.status).toBe(404);
    const unknown = await admin.client.patch(memberUrl(companyId, outsider.customerId), { role: 'admin' }, { token: admin.token });
    expect(unknown.status).toBe(404);
    expect(await rolesOf(companyId)).toEqual({ [admin.customerId]: 'admin', [member.customerId]: 'member' });
  });

  it('PATCH …/members/{customerId}: the only administrator cannot demote themselves: 409 last_admin with a clear message', async () => {
    const { companyId, admin, name } = await companyWithColleagues();
    const response = await admin.client.patch(memberUrl(companyId, admin.customerId), { role: 'member' }, { token: admin.token });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'last_admin', title: 'A company always keeps at least one administrator.' });
    expect((response.body as { detail: string }).detail).toContain(name);
    expect((await rolesOf(companyId))[admin.customerId]).toBe('admin');
  });

  it('PATCH …/members/{customerId}: an unknown role is 400 validation_failed naming the field', async () => {
    const { companyId, admin, member } = await companyWithColleagues();
    const response = await admin.client.patch(memberUrl(companyId, member.customerId), { role: 'owner' }, { token: admin.token });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ path: 'role' })] });
  });
});

describe('at least one administrator, under concurrency', () => {
  it('PATCH …/members/{customerId}: two administrators demoting each other at the same time: exactly one succeeds, one administrator is left (10 rounds)', async () => {
    const [first, second] = await Promise.all([registerVerifiedCustomer(t), registerVerifiedCustomer(t)]);
    for (let round = 0; round < 10; round += 1) {
      const { companyId } = await insertCompany(t, { adminId: first.customerId });
      await insertMember(t, { companyId, customerId: second.customerId, role: 'admin' });
      const answers = await Promise.all([
        first.client.patch(memberUrl(companyId, second.customerId), { role: 'member' }, { token: first.token }),
        second.client.patch(memberUrl(companyId, first.customerId), { role: 'member' }, { token: second.token }),
      ]);
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 200), `round ${round}: ${statuses.join(', ')}`).toHaveLength(1);
      // The loser either counted one administrator left (409) or had just lost the right (403).
      expect(statuses.filter((status) => status === 409 || status === 403)).toHaveLength(1);
      expect(Object.values(await rolesOf(companyId)).filter((role) => role === 'admin')).toHaveLength(1);
    }
  });

  it('DELETE …/members/{customerId}: two administrators leaving at the same time: exactly one leaves, the other stays administrator (10 rounds)', async () => {
    const [first, second] = await Promise.all([registerVerifiedCustomer(t), registerVerifiedCustomer(t)]);
    for (let round = 0; round < 10; round += 1) {
      const { companyId } = await insertCompany(t, { adminId: first.customerId });
      await insertMember(t, { companyId, customerId: second.customerId, role: 'admin' });
      const answers = await Promise.all([
        first.client.delete(memberUrl(companyId, first.customerId), { token: first.token }),
        second.client.delete(memberUrl(companyId, second.customerId), { token: second.token }),
      ]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([204, 409]);
      expect(Object.values(await rolesOf(companyId))).toEqual(['admin']);
    }
  });
});

describe('DELETE /api/companies/{companyId}/members/{customerId}', () => {
  it('DELETE …/members/{customerId}: an administrator removes a colleague (204): membership and location roles end at once, their sessions stop buying for the company', async () => {
    const { companyId, locationIds, admin, member } = await companyWithColleagues();
    const [session] = await t.ctx.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.customerId, member.customerId));
    await t.ctx.db.insert(sessionBuyingContexts).values({ sessionId: session!.id, companyId, locationId: locationIds[0]! });

    const response = await admin.client.delete(memberUrl(companyId, member.customerId), { token: admin.token });
    expect(response.status).toBe(204);
    expect(await rolesOf(companyId)).toEqual({ [admin.customerId]: 'admin' });
    expect(await t.ctx.db.select().from(locationMembers).where(eq(locationMembers.customerId, member.customerId))).toEqual([]);
    expect(await t.ctx.db.select().from(sessionBuyingContexts).where(eq(sessionBuyingContexts.sessionId, session!.id))).toEqual([]);
    // The former colleague is an outsider now.
    const after = await member.client.get(membersUrl(companyId), { token: member.token });
    expect(after.status).toBe(404);
    // Their account itself is untouched.
    expect(await t.ctx.db.select({ id: customers.id }).from(customers).where(eq(customers.id, member.customerId))).toHaveLength(1);
  });

  it('DELETE …/members/{customerId}: removing a colleague leaves their location roles and buying contexts in other companies alone', async () => {
    const { companyId, admin, member } = await companyWithColleagues();
    const other = await insertCompany(t, { adminId: member.customerId });
    const [session] = await t.ctx.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.customerId, member.customerId));
    await t.ctx.db.insert(locationMembers).values({ locationId: other.locationIds[0]!, customerId: member.customerId, role: 'location_admin' });
    await t.ctx.db.insert(sessionBuyingContexts).values({ sessionId: session!.id, companyId: other.companyId });
    expect((await admin.client.delete(memberUrl(companyId, member.customerId), { token: admin.token })).status).toBe(204);
    expect(await t.ctx.db.select().from(locationMembers).where(eq(locationMembers.customerId, member.customerId))).toHaveLength(1);
    expect(await t.ctx.db.select().from(sessionBuyingContexts).where(eq(sessionBuyingContexts.sessionId, session!.id))).toHaveLength(1);
    expect(await rolesOf(other.companyId)).toEqual({ [member.customerId]: 'admin' });
  });

  it('DELETE …/members/{customerId}: any colleague may leave (204); a user removing someone else gets 403; an outsider 404', async () => {
    const { companyId, admin, member, outsider } = await companyWithColleagues();
    const byMember = await member.client.delete(memberUrl(companyId, admin.customerId), { token: member.token });
    expect(byMember.status).toBe(403);
    const byOutsider = await outsider.client.delete(memberUrl(companyId, member.customerId), { token: outsider.token });
    expect(byOutsider.status).toBe(404);
    const leaving = await member.client.delete(memberUrl(companyId, member.customerId), { token: member.token });
    expect(leaving.status).toBe(204);
    expect(await rolesOf(companyId)).toEqual({ [admin.customerId]: 'admin' });
  });

  it('DELETE …/members/{customerId}: the only administrator cannot leave: 409 last_admin; once another is named, they can', async () => {
    const { companyId, admin, member } = await companyWithColleagues();
    const refused = await admin.client.delete(memberUrl(companyId, admin.customerId), { token: admin.token });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'last_admin' });
    expect((await admin.client.patch(memberUrl(companyId, member.customerId), { role: 'admin' }, { token: admin.token })).status).toBe(200);
    expect((await admin.client.delete(memberUrl(companyId, admin.customerId), { token: admin.token })).status).toBe(204);
    expect(await rolesOf(companyId)).toEqual({ [member.customerId]: 'admin' });
  });
});

describe('PUT /api/companies/{companyId}/members/{customerId}/locations', () => {
  it('PUT …/locations: an administrator sets a colleague’s location roles; the ones left out end', async () => {
    const { companyId, locationIds, admin, member } = await companyWithColleagues();
    const url = `${memberUrl(companyId, member.customerId)}/locations`;
    const set = await put(t, admin.client, url, { locations: [{ locationId: locationIds[1], role: 'location_admin' }] }, admin.token);
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ customerId: member.customerId, locations: [{ locationId: locationIds[1], role: 'location_admin' }] });
    const rows = await t.ctx.db.select().from(locationMembers).where(eq(locationMembers.customerId, member.customerId));
    expect(rows.map((row) => [row.locationId, row.role])).toEqual([[locationIds[1], 'location_admin']]);
    const cleared = await put(t, admin.client, url, { locations: [] }, admin.token);
    expect(cleared.status).toBe(200);
    expect(await t.ctx.db.select().from(locationMembers).where(eq(locationMembers.customerId, member.customerId))).toEqual([]);
  });

  it('PUT …/locations: a location of another company is 400 validation_failed naming the entry; a user gets 403', async () => {
    const { companyId, locationIds, admin, member, outsider } = await companyWithColleagues();
    const foreign = await insertCompany(t, { adminId: outsider.customerId });
    const url = `${memberUrl(companyId, member.customerId)}/locations`;
    const refused = await put(
      t,
      admin.client,
      url,
      { locations: [{ locationId: locationIds[0], role: 'buyer' }, { locationId: foreign.locationIds[0], role: 'buyer' }] },
      admin.token,
    );
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'locations.1.locationId', code: 'unknown_location' }] });
    const byMember = await put(t, member.client, url, { locations: [] }, member.token);
    expect(byMember.status).toBe(403);
    const rows = await t.ctx.db
      .select()
      .from(locationMembers)
      .where(and(eq(locationMembers.customerId, member.customerId), eq(locationMembers.locationId, locationIds[0]!)));
    expect(rows).toHaveLength(1);
  });
});

describe('DELETE /api/me and the last administrator', () => {
  it('DELETE /api/me: the only administrator of a company gets 409 last_admin naming the company, and nothing is erased', async () => {
    const { companyId, admin, name } = await companyWithColleagues();
    const response = await deleteMe(admin);
    expect(response.statusCode).toBe(409);
    const body = response.json() as { code: string; detail: string };
    expect(body.code).toBe('last_admin');
    expect(body.detail).toContain(name);
    expect(await t.ctx.db.select({ id: customers.id }).from(customers).where(eq(customers.id, admin.customerId))).toHaveLength(1);
    expect((await rolesOf(companyId))[admin.customerId]).toBe('admin');
    expect((await admin.client.get('/api/me', { token: admin.token })).status).toBe(200);
  });

  it('DELETE /api/me: an administrator with another administrator beside them, or a user, can delete their account; the company keeps its administrator', async () => {
    const { companyId, admin, member } = await companyWithColleagues();
    expect((await deleteMe(member)).statusCode).toBe(204);
    const second = await registerVerifiedCustomer(t);
    await insertMember(t, { companyId, customerId: second.customerId, role: 'admin' });
    expect((await deleteMe(admin)).statusCode).toBe(204);
    expect(await rolesOf(companyId)).toEqual({ [second.customerId]: 'admin' });
  });
});
