import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffAuditActions } from '../../src/modules/staff/staff-audit.service.js';
import { apiClient, createTestApp, STRONG_PASSWORD, uniqueEmail, type TTestApp } from '../support/test-app.js';
import { inviteStaffMember, setUpFirstOwner, signInStaffMember, type TStaff } from './staff-fixtures.js';

let t: TTestApp;
let owner: TStaff;
beforeAll(async () => {
  t = await createTestApp();
  owner = await setUpFirstOwner(t);
});
afterAll(async () => {
  await t.close();
});

type TEvent = {
  id: string;
  at: string;
  staff: { id: string; name: string; email: string } | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown> | null;
};
type TPage = { items: TEvent[]; nextCursor: string | null };

const audit = async (query: string, staff: TStaff = owner) => {
  const answer = await staff.client.get(`/api/staff/audit${query}`, { token: staff.token });
  expect(answer.status).toBe(200);
  return answer.body as TPage;
};

describe('GET /api/staff/audit', () => {
  it('records sign-ins, failures, enrolment, invitations and changes: who, what, target, when, IP and user agent, never a secret', async () => {
    const client = apiClient(t.app, { ip: '10.77.0.9' });
    await client.post('/api/staff/auth/login', { email: owner.email, password: 'a wrong password here' }, { headers: { 'user-agent': 'AuditTest/1.0' } });
    const member = await inviteStaffMember(t, owner, 'support');
    await owner.client.patch(`/api/staff/users/${member.id}`, { role: 'read_only' }, { token: owner.token });
    await owner.client.patch(`/api/staff/users/${member.id}`, { status: 'disabled' }, { token: owner.token });
    await signInStaffMember(t, owner);

    const { items } = await audit('?limit=100');
    const actions = items.map((event) => event.action);
    for (const action of ['staff.setup_link_issued', 'staff.setup_completed', 'staff.totp_enrolled', 'staff.sign_in_failed', 'staff.created', 'staff.role_changed', 'staff.disabled', 'staff.signed_in', 'staff.second_factor_verified']) {
      expect(actions).toContain(action);
    }
    const failed = items.find((event) => event.action === 'staff.sign_in_failed')!;
    expect(failed).toMatchObject({ staff: null, targetType: 'staff_user', targetId: owner.id, ip: '10.77.0.9', userAgent: 'AuditTest/1.0' });
    const changed = items.find((event) => event.action === 'staff.role_changed')!;
    expect(changed).toMatchObject({ staff: { id: owner.id, email: owner.email }, targetId: member.id, details: { from: 'support', to: 'read_only' } });
    expect(Date.now() - Date.parse(changed.at)).toBeLessThan(60_000);
    const everything = JSON.stringify(items);
    expect(everything).not.toContain(STRONG_PASSWORD);
    expect(everything).not.toContain('a wrong password here');
    expect(everything).not.toContain(owner.token);
    expect(everything).not.toContain(owner.secret!);
    for (const code of owner.recoveryCodes) expect(everything).not.toContain(code);
  });

  it('filters by who, action, target and dates, each alone and together', async () => {
    const member = await inviteStaffMember(t, owner, 'support');
    await owner.client.patch(`/api/staff/users/${member.id}`, { role: 'read_only' }, { token: owner.token });
    const byMember = await audit(`?staffId=${member.id}`);
    expect(byMember.items.length).toBeGreaterThan(0);
    expect(byMember.items.every((event) => event.staff?.id === member.id)).toBe(true);
    const byAction = await audit('?action=staff.role_changed');
    expect(byAction.items.length).toBeGreaterThan(0);
    expect(byAction.items.every((event) => event.action === 'staff.role_changed')).toBe(true);
    const byTarget = await audit(`?targetType=staff_user&targetId=${member.id}&action=staff.role_changed&staffId=${owner.id}`);
    expect(byTarget.items).toHaveLength(1);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await audit(`?from=${encodeURIComponent(future)}`)).items).toEqual([]);
    const past = new Date(Date.now() - 3600_000).toISOString();
    expect((await audit(`?to=${encodeURIComponent(past)}`)).items).toEqual([]);
    expect((await audit(`?from=${encodeURIComponent(past)}&to=${encodeURIComponent(future)}&action=staff.role_changed`)).items.length).toBe(byAction.items.length);
  });

  it('pages newest first with a cursor: every event once, none skipped', async () => {
    const all = (await audit('?limit=100')).items;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: TPage = await audit(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((event) => event.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((event) => event.id));
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it('a bad cursor or date is 400 with the field named; support and read-only get 403 forbidden', async () => {
    const badDate = await owner.client.get('/api/staff/audit?from=yesterday', { token: owner.token });
    expect(badDate.status).toBe(400);
    expect(badDate.body).toMatchObject({ code: 'validation_failed', errors: [{ path: expect.stringMatching(/from$/) }] });
    const badCursor = await owner.client.get('/api/staff/audit?cursor=nope', { token: owner.token });
    expect(badCursor.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'query.cursor', code: 'invalid_cursor' }] });
    const support = await inviteStaffMember(t, owner, 'support');
    const refused = await support.client.get('/api/staff/audit', { token: support.token });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'forbidden' });
    const unknown = await apiClient(t.app).post('/api/staff/auth/login', { email: uniqueEmail('personne'), password: 'whatever it is' });
    expect(unknown.status).toBe(401);
    const { items } = await audit('?action=staff.sign_in_failed');
    expect(items[0]).toMatchObject({ staff: null, targetType: null, targetId: null });
  });
});

describe('the audit page’s actions', () => {
  it('are exactly those the server records, so every one can be filtered on and has its fr/en label', () => {
    // Read as text: the web app is typed for the browser bundler, not for this project's Node build.
    const source = readFileSync(new URL('../../web/backoffice/src/pages/audit.messages.ts', import.meta.url), 'utf8');
    const list = /AUDIT_ACTIONS = \[([\s\S]*?)\] as const/.exec(source)?.[1] ?? '';
    const webActions = [...list.matchAll(/'([a-z_.]+)'/g)].map((match) => match[1]);
    expect(webActions.sort()).toEqual([...staffAuditActions].sort());
  });
});
