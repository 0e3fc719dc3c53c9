import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffRecoveryCodes } from '../../src/modules/staff/staff.tables.js';
import { hashToken } from '../../src/platform/crypto/tokens.js';
import { newId } from '../../src/platform/ids.js';
import { createTestApp, STRONG_PASSWORD, type TTestApp } from '../support/test-app.js';
import { inviteStaffMember, setUpFirstOwner, type TStaff } from './staff-fixtures.js';

// ASVS 5.0 6.5.2: a lookup secret stored under a plain hash needs at least 112 bits.
let t: TTestApp;
let owner: TStaff;
beforeAll(async () => {
  t = await createTestApp();
  owner = await setUpFirstOwner(t);
});
afterAll(async () => {
  await t.close();
});

describe('staff recovery codes (ASVS 6.5.1, 6.5.2, 6.5.3)', () => {
  it('are ten distinct codes of 24 Crockford base32 characters (120 bits), stored only as the SHA-256 of what is typed', async () => {
    expect(owner.recoveryCodes).toHaveLength(10);
    expect(new Set(owner.recoveryCodes).size).toBe(10);
    for (const code of owner.recoveryCodes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){5}$/);
    const stored = await t.ctx.db.select({ codeHash: staffRecoveryCodes.codeHash }).from(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, owner.id));
    expect(stored.map((row) => row.codeHash).sort()).toEqual(owner.recoveryCodes.map((code) => hashToken(code.replace(/-/g, ''))).sort());
    const everything = JSON.stringify(stored);
    for (const code of owner.recoveryCodes) expect(everything).not.toContain(code.replace(/-/g, ''));
  });

  it('a code of the earlier 16-character form, issued before, still signs in once', async () => {
    const admin = await inviteStaffMember(t, owner, 'administrator');
    const earlier = 'abcd-efgh-jkmn-pqrs';
    await t.ctx.db.insert(staffRecoveryCodes).values({ id: newId('stc'), staffId: admin.id, codeHash: hashToken(earlier.replace(/-/g, '')) });
    const first = (await admin.client.post('/api/staff/auth/login', { email: admin.email, password: STRONG_PASSWORD })).body as { token: string };
    expect((await admin.client.post('/api/staff/auth/totp/verify', { recoveryCode: earlier }, { token: first.token })).status).toBe(200);
    const second = (await admin.client.post('/api/staff/auth/login', { email: admin.email, password: STRONG_PASSWORD })).body as { token: string };
    const again = await admin.client.post('/api/staff/auth/totp/verify', { recoveryCode: earlier }, { token: second.token });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ code: 'invalid_code', errors: [{ path: 'recoveryCode' }] });
  });
});
