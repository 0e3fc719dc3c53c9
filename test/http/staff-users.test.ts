import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffUsers } from '../../src/modules/staff/staff.tables.js';
import { createTestApp, STRONG_PASSWORD, uniqueEmail, type TTestApp } from '../support/test-app.js';
import { inviteStaffMember, setUpFirstOwner, signInStaffMember, type TStaff } from './staff-fixtures.js';

let t: TTestApp;
let owner: TStaff;
let admin: TStaff;
beforeAll(async () => {
  t = await createTestApp();
  owner = await setUpFirstOwner(t);
  admin = await inviteStaffMember(t, owner, 'administrator');
});
afterAll(async () => {
  await t.close();
});

type TItem = { id: string; email: string; role: string; status: string; totpEnabled: boolean; lastSignInAt: string | null };

describe('GET /api/staff/users', () => {
  it('lists every member, owners first, to those with staff.view; read-only gets 403 forbidden', async () => {
    const support = await inviteStaffMember(t, owner, 'support');
    const readOnly = await inviteStaffMember(t, owner, 'read_only');
    const list = await support.client.get('/api/staff/users', { token: support.token });
    expect(list.status).toBe(200);
    const { items, nextCursor } = list.body as { items: TItem[]; nextCursor: null };
    expect(nextCursor).toBeNull();
    expect(items[0]).toMatchObject({ id: owner.id, role: 'owner', status: 'active', totpEnabled: true, lastSignInAt: expect.any(String) });
    expect(items.map((item) => item.id)).toEqual(expect.arrayContaining([admin.id, support.id, readOnly.id]));
    expect(JSON.stringify(items)).not.toMatch(/password|secret|totp_/i);
    const refused = await readOnly.client.get('/api/staff/users', { token: readOnly.token });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'forbidden' });
  });

  it('without a staff session: 401', async () => {
    expect((await owner.client.get('/api/staff/users')).status).toBe(401);
  });
});

describe('POST /api/staff/users', () => {
  it('creates an invited member and emails their setup link; the same address again is 409 staff_exists', async () => {
    const email = uniqueEmail('nouveau');
    const since = t.mail.mark();
    const created = await admin.client.post('/api/staff/users', { email, name: 'Nina Nouveau', role: 'support' }, { token: admin.token });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email, name: 'Nina Nouveau', role: 'support', status: 'invited', totpEnabled: false, lastSignInAt: null });
    const message = await t.mail.waitForEmail({ to: email, after: since });
    expect(message.text).toMatch(/http:\/\/comptoir\.test\/admin\/setup\?token=/);
    expect(message.text).toContain(`Équipe administrator`);
    const again = await admin.client.post('/api/staff/users', { email: email.toUpperCase(), name: 'Nina', role: 'support' }, { token: admin.token });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'staff_exists' });
  });

  it('lists every bad field at once', async () => {
    const bad = await admin.client.post('/api/staff/users', { email: 'pas une adresse', name: '', role: 'boss' }, { token: admin.token });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: { path: string }[] }).errors.map((error) => error.path).sort()).toEqual(['email', 'name', 'role']);
  });

  it('only an owner invites an owner; support cannot invite at all', async () => {
    expect((await admin.client.post('/api/staff/users', { email: uniqueEmail(), name: 'X', role: 'owner' }, { token: admin.token })).status).toBe(403);
    const support = await inviteStaffMember(t, owner, 'support');
    expect((await support.client.post('/api/staff/users', { email: uniqueEmail(), name: 'X', role: 'read_only' }, { token: support.token })).status).toBe(403);
    const second = await owner.client.post('/api/staff/users', { email: uniqueEmail('coproprio'), name: 'Co Owner', role: 'owner' }, { token: owner.token });
    expect(second.status).toBe(201);
  });
});

describe('PATCH /api/staff/users/{staffId}', () => {
  it('changes a role; an administrator cannot touch an owner nor make one', async () => {
    const member = await inviteStaffMember(t, owner, 'support');
    const changed = await admin.client.patch(`/api/staff/users/${member.id}`, { role: 'read_only' }, { token: admin.token });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: member.id, role: 'read_only' });
    expect((await member.client.get('/api/staff/users', { token: member.token })).status).toBe(403);
    expect((await admin.client.patch(`/api/staff/users/${member.id}`, { role: 'owner' }, { token: admin.token })).status).toBe(403);
    expect((await admin.client.patch(`/api/staff/users/${owner.id}`, { status: 'disabled' }, { token: admin.token })).status).toBe(403);
    expect((await admin.client.patch('/api/staff/users/stf_unknown', { role: 'support' }, { token: admin.token })).status).toBe(404);
    expect((await admin.client.patch(`/api/staff/users/${member.id}`, {}, { token: admin.token })).status).toBe(400);
  });

  it('disabling ends every session of the member and stops sign-in; re-enabling lets them back in', async () => {
    const member = await inviteStaffMember(t, owner, 'support');
    const disabled = await admin.client.patch(`/api/staff/users/${member.id}`, { status: 'disabled' }, { token: admin.token });
    expect(disabled.body).toMatchObject({ status: 'disabled' });
    expect((await member.client.get('/api/staff/me', { token: member.token })).status).toBe(401);
    expect((await member.client.post('/api/staff/auth/login', { email: member.email, password: STRONG_PASSWORD })).status).toBe(401);
    const enabled = await admin.client.patch(`/api/staff/users/${member.id}`, { status: 'active' }, { token: admin.token });
    expect(enabled.body).toMatchObject({ status: 'active' });
    expect((await member.client.post('/api/staff/auth/login', { email: member.email, password: STRONG_PASSWORD })).status).toBe(200);
  });

  it('the last active owner can be neither demoted nor disabled: 409 last_owner', async () => {
    const other = await createTestApp();
    try {
      const only = await setUpFirstOwner(other);
      for (const change of [{ role: 'administrator' }, { status: 'disabled' }]) {
        const refused = await only.client.patch(`/api/staff/users/${only.id}`, change, { token: only.token });
        expect(refused.status).toBe(409);
        expect(refused.body).toMatchObject({ code: 'last_owner' });
      }
      const [row] = await other.ctx.db.select().from(staffUsers).where(eq(staffUsers.id, only.id));
      expect(row).toMatchObject({ role: 'owner', status: 'active' });
    } finally {
      await other.close();
    }
  });

  it('two owners demoting each other at the same moment: exactly one succeeds, one owner is left (ten rounds)', { timeout: 120_000 }, async () => {
    const other = await createTestApp();
    try {
      const first = await setUpFirstOwner(other);
      const second = await inviteStaffMember(other, first, 'owner');
      for (let round = 0; round < 10; round += 1) {
        const [a, b] = await Promise.all([
          first.client.patch(`/api/staff/users/${second.id}`, { role: 'administrator' }, { token: first.token }),
          second.client.patch(`/api/staff/users/${first.id}`, { role: 'administrator' }, { token: second.token }),
        ]);
        // The loser's author is no longer an owner when its turn comes under the lock: 403.
        expect([a.status, b.status].sort()).toEqual([200, 403]);
        const owners = await other.ctx.db.select().from(staffUsers).where(eq(staffUsers.role, 'owner'));
        expect(owners).toHaveLength(1);
        // Put both back as owners for the next round, by the one who still is.
        const survivor = owners[0]!.id === first.id ? first : second;
        const loser = survivor === first ? second : first;
        const restored = await survivor.client.patch(`/api/staff/users/${loser.id}`, { role: 'owner' }, { token: survivor.token });
        expect(restored.status).toBe(200);
      }
      // Their sessions still work after all this.
      expect((await first.client.get('/api/staff/me', { token: await signInStaffMember(other, first) })).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});
