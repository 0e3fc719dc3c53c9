import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyInvitations, companyMembers, locationMembers } from '../../src/modules/companies/companies.tables.js';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { hashToken } from '../../src/platform/crypto/tokens.js';
import { insertCompany, insertMember, invitationTokenFromEmail } from '../support/companies.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { apiClient, createTestApp, STRONG_PASSWORD, TEST_PUBLIC_URL, uniqueEmail, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type TCustomer = Awaited<ReturnType<typeof registerVerifiedCustomer>>;
type TInvitation = { id: string; email: string; role: string; locationIds: string[]; status: string; expiresAt: string; invitedBy: unknown };
const INVITATION_SUBJECT = /invitation/i;
const DAY_MS = 86_400_000;

async function companyWithAdmin(app: TTestApp = t) {
  const admin = await registerVerifiedCustomer(app, { firstName: 'Alice' });
  const company = await insertCompany(app, { adminId: admin.customerId, name: 'Menuiserie Lefèvre', locations: 2 });
  return { ...company, admin };
}

const invitationsUrl = (companyId: string) => `/api/companies/${companyId}/invitations`;

/** Invites and returns the invitation with the token read from the email that arrived. */
async function invite(
  admin: TCustomer,
  companyId: string,
  body: { email: string; role: 'admin' | 'member'; locationIds?: string[] },
  app: TTestApp = t,
): Promise<{ invitation: TInvitation; token: string; emailText: string }> {
  const since = app.mail.mark();
  const response = await admin.client.post(invitationsUrl(companyId), body, { token: admin.token });
  if (response.status !== 201) throw new Error(`invite answered ${response.status}: ${JSON.stringify(response.body)}`);
  const message = await app.mail.waitForEmail({ to: body.email.toLowerCase(), subject: INVITATION_SUBJECT, after: since });
  return { invitation: response.body as TInvitation, token: invitationTokenFromEmail(message.text), emailText: message.text };
}

describe('POST /api/companies/{companyId}/invitations', () => {
  it('POST …/invitations: 201 with the pending invitation; the email (company, inviter) holds {PUBLIC_URL}/invitations/accept?token=…, stored only as its SHA-256 digest, valid 7 days', async () => {
    const { companyId, locationIds, admin } = await companyWithAdmin();
    const email = uniqueEmail('colleague');
    const before = Date.now();
    const { invitation, token, emailText } = await invite(admin, companyId, { email, role: 'member', locationIds: [locationIds[1]!] });
    expect(invitation).toMatchObject({ email, role: 'member', locationIds: [locationIds[1]], status: 'pending', invitedBy: { firstName: 'Alice' } });
    expect(invitation.id).toMatch(/^inv_/);
    const expiresAt = new Date(invitation.expiresAt).getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(before + 7 * DAY_MS - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 7 * DAY_MS + 1000);
    expect(emailText).toContain(`${TEST_PUBLIC_URL}/invitations/accept?token=`);
    expect(emailText).toContain('Menuiserie Lefèvre');
    expect(emailText).toContain('Alice Durand');
    const [row] = await t.ctx.db.select().from(companyInvitations).where(eq(companyInvitations.id, invitation.id));
    expect(row!.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it('POST …/invitations: a second invitation of the same address (any case) is 409 invitation_pending; once revoked, the address can be invited again', async () => {
    const { companyId, admin } = await companyWithAdmin();
    const email = uniqueEmail('twice');
    const { invitation } = await invite(admin, companyId, { email, role: 'member' });
    const again = await admin.client.post(invitationsUrl(companyId), { email: email.toUpperCase(), role: 'admin' }, { token: admin.token });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'invitation_pending' });
    expect((await admin.client.delete(`${invitationsUrl(companyId)}/${invitation.id}`, { token: admin.token })).status).toBe(204);
    expect((await admin.client.post(invitationsUrl(companyId), { email, role: 'admin' }, { token: admin.token })).status).toBe(201);
  });

  it('POST …/invitations: an expired invitation no longer blocks a new one', async () => {
    const { companyId, admin } = await companyWithAdmin();
    const email = uniqueEmail('late');
    const { invitation } = await invite(admin, companyId, { email, role: 'member' });
    await t.ctx.db.update(companyInvitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(companyInvitations.id, invitation.id));
    expect((await admin.client.post(invitationsUrl(companyId), { email, role: 'member' }, { token: admin.token })).status).toBe(201);
  });

  it('POST …/invitations: the address of a colleague already in the company is 409 already_member', async () => {
    const { companyId, admin } = await companyWithAdmin();
    const colleague = await registerVerifiedCustomer(t);
    await insertMember(t, { companyId, customerId: colleague.customerId, role: 'member' });
    const response = await admin.client.post(invitationsUrl(companyId), { email: colleague.email, role: 'admin' }, { token: admin.token });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'already_member' });
  });

  it('POST …/invitations: a user gets 403 forbidden, an outsider 404; a location of another company and a bad address are 400 naming each field', async () => {
    const { companyId, admin } = await companyWithAdmin();
    const [member, outsider] = await Promise.all([registerVerifiedCustomer(t), registerVerifiedCustomer(t)]);
    await insertMember(t, { companyId, customerId: member.customerId, role: 'member' });
    const body = { email: uniqueEmail(), role: 'member' };
    expect((await member.client.post(invitationsUrl(companyId), body, { token: member.token })).body).toMatchObject({ status: 403, code: 'forbidden' });
    expect((await outsider.client.post(invitationsUrl(companyId), body, { token: outsider.token })).status).toBe(404);
    const foreign = await insertCompany(t, { adminId: outsider.customerId });
    const badLocation = await admin.client.post(invitationsUrl(companyId), { ...body, locationIds: [foreign.locationIds[0]] }, { token: admin.token });
    expect(badLocation.status).toBe(400);
    expect(badLocation.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'locationIds.0', code: 'unknown_location' }] });
    const badFields = await admin.client.post(invitationsUrl(companyId), { email: 'not-an-address', role: 'boss' }, { token: admin.token });
    expect(badFields.status).toBe(400);
    const paths = (badFields.body as { errors: { path: string }[] }).errors.map((error) => error.path).sort();
    expect(paths).toEqual(['email', 'role']);
  });
});

describe('pending invitations: list, revoke, resend', () => {
  it('GET …/invitations lists pending invitations for administrators only; DELETE …/invitations/{id} revokes one (204) and its link stops working', async () => {
    const { companyId, admin } = await companyWithAdmin();
    const member = await registerVerifiedCustomer(t);
    await insertMember(t, { companyId, customerId: member.customerId, role: 'member' });
    const first = await invite(admin, companyId, { email: uniqueEmail('one'), role: 'member' });
    const second = await invite(admin, companyId, { email: uniqueEmail('two'), role: 'admin' });
    const listed = await admin.client.get(invitationsUrl(companyId), { token: admin.token });
    expect(listed.status).toBe(200);
    expect((listed.body as { items: TInvitation[] }).items.map((item) => item.id)).toEqual([second.invitation.id, first.invitation.id]);
    expect((await member.client.get(invitationsUrl(companyId), { token: member.token })).status).toBe(403);

    expect((await member.client.delete(`${invitationsUrl(companyId)}/${first.invitation.id}`, { token: member.token })).status).toBe(403);
    expect((await admin.client.delete(`${invitationsUrl(companyId)}/${first.invitation.id}`, { token: admin.token })).status).toBe(204);
    expect((await admin.client.delete(`${invitationsUrl(companyId)}/${first.invitation.id}`, { token: admin.token })).status).toBe(404);
    const after = await admin.client.get(invitationsUrl(companyId), { token: admin.token });
    expect((after.body as { items: TInvitation[] }).items.map((item) => item.id)).toEqual([second.invitation.id]);
    const accept = await apiClient(t.app).post('/api/invitations/accept', { token: first.token, firstName: 'Jean', lastName: 'Martin' });
    expect(accept.status).toBe(400);
    expect(accept.body).toMatchObject({ code: 'invalid_token' });
  });

  it('POST …/invitations/{id}/resend: a new email with a new link valid 7 more days; the old link is dead, the new one works', async () => {
    const { companyId, admin } = await companyWithAdmin();
    const email = uniqueEmail('resend');
    const { invitation, token: oldToken } = await invite(admin, companyId, { email, role: 'member' });
    await t.ctx.db.update(companyInvitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(companyInvitations.id, invitation.id));
    const listed = await admin.client.get(invitationsUrl(companyId), { token: admin.token });
    expect((listed.body as { items: TInvitation[] }).items[0]).toMatchObject({ id: invitation.id, status: 'expired' });

    const since = t.mail.mark();
    const resent = await admin.client.post(`${invitationsUrl(companyId)}/${invitation.id}/resend`, undefined, { token: admin.token });
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ id: invitation.id, status: 'pending' });
    expect(new Date((resent.body as TInvitation).expiresAt).getTime()).toBeGreaterThan(Date.now() + 7 * DAY_MS - 60_000);
    const message = await t.mail.waitForEmail({ to: email, subject: INVITATION_SUBJECT, after: since });
    const newToken = invitationTokenFromEmail(message.text);
    expect(newToken).not.toBe(oldToken);
    const visitor = apiClient(t.app);
    expect((await visitor.get(`/api/invitations/lookup?token=${encodeURIComponent(oldToken)}`)).status).toBe(400);
    expect((await visitor.post('/api/invitations/accept', { token: oldToken, firstName: 'Jean', lastName: 'Martin' })).status).toBe(400);
    expect((await visitor.post('/api/invitations/accept', { token: newToken, firstName: 'Jean', lastName: 'Martin' })).status).toBe(200);
    expect((await admin.client.post(`${invitationsUrl(companyId)}/${invitation.id}/resend`, undefined, { token: admin.token })).status).toBe(404);
  });
});

describe('GET /api/invitations/lookup', () => {
  it('GET /api/invitations/lookup?token=…: without signing in, the company, the inviter, the address and whether it has an account; a wrong token is 400 invalid_token', async () => {
    const { companyId, admin } = await companyWithAdmin();
    const email = uniqueEmail('look');
    const { token } = await invite(admin, companyId, { email, role: 'admin' });
    const visitor = apiClient(t.app);
    const response = await visitor.get(`/api/invitations/lookup?token=${encodeURIComponent(token)}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      company: { id: companyId, name: 'Menuiserie Lefèvre' },
      invitedBy: { firstName: 'Alice', lastName: 'Durand' },
      email,
      role: 'admin',
      hasAccount: false,
    });
    const wrong = await visitor.get(`/api/invitations/lookup?token=${'x'.repeat(43)}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 'invalid_token' });
    // Looking does not use it up.
    expect((await visitor.post('/api/invitations/accept', { token, firstName: 'Léa', lastName: 'Roux' })).status).toBe(200);
  });
});

describe('POST /api/invitations/accept', () => {
  it('POST /api/invitations/accept: signed out with names and a password, creates a verified account, signs in, adds the membership and buyer roles; single use', async () => {
    const { companyId, locationIds, admin } = await companyWithAdmin();
    const email = uniqueEmail('newcomer');
    const { token } = await invite(admin, companyId, { email, role: 'member', locationIds });
    const visitor = apiClient(t.app);
    const accepted = await visitor.post('/api/invitations/accept', { token, firstName: 'Jean', lastName: 'Martin', password: STRONG_PASSWORD });
    expect(accepted.status).toBe(200);
    const body = accepted.body as { token: string; expiresAt: string; customer: { id: string; email: string; emailVerified: boolean; accountType: string }; company: unknown };
    expect(body.customer).toMatchObject({ email, emailVerified: true, firstName: 'Jean', lastName: 'Martin', accountType: 'company' });
    expect(body.company).toEqual({ id: companyId, name: 'Menuiserie Lefèvre', role: 'member' });
    expect(accepted.headers['set-cookie']).toBeDefined();
    const me = await visitor.get('/api/me', { token: body.token });
    expect(me.status).toBe(200);
    expect((await visitor.get(`/api/companies/${companyId}/members`, { token: body.token })).status).toBe(200);
    const roles = await t.ctx.db.select().from(locationMembers).where(eq(locationMembers.customerId, body.customer.id));
    expect(roles.map((row) => [row.locationId, row.role]).sort()).toEqual(locationIds.map((id) => [id, 'buyer']).sort());
    // The password chosen works for signing in later.
    expect((await visitor.post('/api/auth/login', { email, password: STRONG_PASSWORD })).status).toBe(200);
    // Single use.
    const again = await apiClient(t.app).post('/api/invitations/accept', { token, firstName: 'Jean', lastName: 'Martin' });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ code: 'invalid_token' });
  });

  it('POST /api/invitations/accept: signed out for a new address without names is 400 naming firstName and lastName, and the invitation still works afterwards', async () => {
    const { companyId, admin } = await companyWithAdmin();
    const { token } = await invite(admin, companyId, { email: uniqueEmail(), role: 'member' });
    const visitor = apiClient(t.app);
    const missing = await visitor.post('/api/invitations/accept', { token });
    expect(missing.status).toBe(400);
    expect((missing.body as { errors: { path: string }[] }).errors.map((error) => error.path).sort()).toEqual(['firstName', 'lastName']);
    expect((await visitor.post('/api/invitations/accept', { token, firstName: 'Zoé', lastName: 'Blanc' })).status).toBe(200);
  });

  it('POST /api/invitations/accept: signed out, an address that has an account signs into that account (the link proves the address); names and password given are ignored', async () => {
    const { companyId, admin } = await companyWithAdmin();
    const existing = await registerVerifiedCustomer(t, { firstName: 'Paul' });
    const { token } = await invite(admin, companyId, { email: existing.email, role: 'admin' });
    const lookup = await apiClient(t.app).get(`/api/invitations/lookup?token=${encodeURIComponent(token)}`);
    expect(lookup.body).toMatchObject({ hasAccount: true });
    const accepted = await apiClient(t.app).post('/api/invitations/accept', { token, firstName: 'Intrus', lastName: 'X' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ customer: { id: existing.customerId, firstName: 'Paul' }, company: { role: 'admin' } });
    const [membership] = await t.ctx.db.select().from(companyMembers).where(eq(companyMembers.customerId, existing.customerId));
    expect(membership).toMatchObject({ companyId, role: 'admin' });
  });

  it('POST /api/invitations/accept: signed in as the invited address, one call accepts; signed in as another address it is 403 invitation_for_another_address and changes nothing', async () => {
    const { companyId, admin } = await companyWithAdmin();
    const [invited, someoneElse] = await Promise.all([registerVerifiedCustomer(t), registerVerifiedCustomer(t)]);
    const { token } = await invite(admin, companyId, { email: invited.email, role: 'member' });
    const wrong = await someoneElse.client.post('/api/invitations/accept', { token }, { token: someoneElse.token });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ code: 'invitation_for_another_address', title: 'This invitation was sent to another email address.' });
    expect(await t.ctx.db.select().from(companyMembers).where(eq(companyMembers.customerId, someoneElse.customerId))).toEqual([]);
    const right = await invited.client.post('/api/invitations/accept', { token }, { token: invited.token });
    expect(right.status).toBe(200);
    expect(right.body).toMatchObject({ customer: { id: invited.customerId }, company: { id: companyId, role: 'member' } });
  });

  it('POST /api/invitations/accept: an expired invitation is 400 invalid_token and nobody joins', async () => {
    const { companyId, admin } = await companyWithAdmin();
    const email = uniqueEmail('expired');
    const { invitation, token } = await invite(admin, companyId, { email, role: 'member' });
    await t.ctx.db.update(companyInvitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(companyInvitations.id, invitation.id));
    const response = await apiClient(t.app).post('/api/invitations/accept', { token, firstName: 'Jean', lastName: 'Martin' });
    expect(response.status).toBe(400);
    expect(await t.ctx.db.select().from(customers).where(eq(customers.emailNormalized, email))).toEqual([]);
  });
});

describe('BUSINESS_PROGRAMME', () => {
  it('BUSINESS_PROGRAMME=mixed (default): a consumer account can be invited and keeps its account type', async () => {
    const { companyId, admin } = await companyWithAdmin();
    const consumer = await registerVerifiedCustomer(t);
    const { token } = await invite(admin, companyId, { email: consumer.email, role: 'member' });
    const accepted = await consumer.client.post('/api/invitations/accept', { token }, { token: consumer.token });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ customer: { accountType: 'individual' } });
  });

  it('BUSINESS_PROGRAMME=separate: the address of a consumer account is 409 consumer_account with a clear message; a business account or a new address can be invited', async () => {
    const separate = await createTestApp({ env: { BUSINESS_PROGRAMME: 'separate' } });
    try {
      const { companyId, admin } = await companyWithAdmin(separate);
      const consumer = await registerVerifiedCustomer(separate);
      const refused = await admin.client.post(invitationsUrl(companyId), { email: consumer.email, role: 'member' }, { token: admin.token });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'consumer_account', title: 'This address is already used by a personal customer account.' });
      expect((refused.body as { detail: string }).detail).toMatch(/work address/);

      const business = await registerVerifiedCustomer(separate);
      await separate.ctx.db.update(customers).set({ accountType: 'company' }).where(eq(customers.id, business.customerId));
      await invite(admin, companyId, { email: business.email, role: 'member' }, separate);
      await invite(admin, companyId, { email: uniqueEmail('fresh'), role: 'member' }, separate);
    } finally {
      await separate.close();
    }
  });
});

describe('privacy of invitations', () => {
  it('GET /api/me/export: the invitations sent to my address are in section companyInvitations', async () => {
    const { companyId, admin } = await companyWithAdmin();
    const invited = await registerVerifiedCustomer(t);
    const { invitation } = await invite(admin, companyId, { email: invited.email, role: 'member' });
    const exported = await invited.client.get('/api/me/export', { token: invited.token });
    expect(exported.status).toBe(200);
    const sections = (exported.body as { sections: Record<string, unknown> }).sections;
    expect(sections.companyInvitations).toEqual([
      expect.objectContaining({ id: invitation.id, email: invited.email, status: 'pending', company: { id: companyId, name: 'Menuiserie Lefèvre' } }),
    ]);
    const adminExport = await admin.client.get('/api/me/export', { token: admin.token });
    expect((adminExport.body as { sections: Record<string, unknown> }).sections.companyInvitations).toEqual([]);
  });

  it('DELETE /api/me: the invitations to the erased address, pending or accepted, are deleted; other invitations of the company stay', async () => {
    const { companyId, admin } = await companyWithAdmin();
    const invited = await registerVerifiedCustomer(t);
    const accepted = await invite(admin, companyId, { email: invited.email, role: 'member' });
    expect((await invited.client.post('/api/invitations/accept', { token: accepted.token }, { token: invited.token })).status).toBe(200);
    const other = await insertCompany(t, { adminId: admin.customerId });
    const pending = await invite(admin, other.companyId, { email: invited.email, role: 'member' });
    const unrelated = await invite(admin, companyId, { email: uniqueEmail('stays'), role: 'member' });

    const erased = await t.app.inject({
      method: 'DELETE',
      url: '/api/me',
      headers: { authorization: `Bearer ${invited.token}`, 'x-forwarded-for': invited.client.ip },
      payload: { password: invited.password },
    });
    expect(erased.statusCode).toBe(204);
    const left = await t.ctx.db.select({ id: companyInvitations.id }).from(companyInvitations);
    const ids = left.map((row) => row.id);
    expect(ids).not.toContain(accepted.invitation.id);
    expect(ids).not.toContain(pending.invitation.id);
    expect(ids).toContain(unrelated.invitation.id);
    expect(await t.ctx.db.select().from(companyInvitations).where(eq(companyInvitations.emailNormalized, invited.email))).toEqual([]);
  });
});
