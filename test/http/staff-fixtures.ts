import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { staffUsers } from '../../src/modules/staff/staff.tables.js';
import { issueFirstOwnerLink } from '../../src/modules/staff/staff-setup.service.js';
import { apiClient, STRONG_PASSWORD, uniqueEmail, type TApiClient, type TTestApp } from '../support/test-app.js';

/**
 * TOTP written again from RFC 6238, independently of src/modules/staff/totp.ts: the tests
 * compute codes as an authenticator app would, so a shared mistake cannot pass unnoticed.
 */
export function authenticatorCode(secretBase32: string, step: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secretBase32.replace(/=+$/, '')) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[19]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

export const currentStep = () => Math.floor(Date.now() / 30_000);

export type TStaff = {
  id: string;
  email: string;
  password: string;
  token: string;
  role: string;
  secret: string | null;
  recoveryCodes: string[];
  client: TApiClient;
};

/**
 * A code the server will take now: the earliest step of the ±1 window after the last one
 * used. Tests sign in more often than every 30 s, so when the window is used up the used steps
 * are forgotten (only the replay test needs them, and it does not come here).
 */
export async function nextCode(t: TTestApp, staff: Pick<TStaff, 'id' | 'secret'>): Promise<string> {
  const [row] = await t.ctx.db.select({ last: staffUsers.totpLastStep }).from(staffUsers).where(eq(staffUsers.id, staff.id));
  const now = currentStep();
  let step = Math.max(now - 1, (row?.last ?? -Infinity) + 1);
  if (step > now + 1) {
    await t.ctx.db.update(staffUsers).set({ totpLastStep: null }).where(eq(staffUsers.id, staff.id));
    step = now;
  }
  return authenticatorCode(staff.secret!, step);
}

/** Enrols an authenticator on a session: setup, then the first code; answers secret and recovery codes. */
export async function enrolTotp(client: TApiClient, token: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await client.post('/api/staff/auth/totp/setup', undefined, { token });
  expect(setup.status).toBe(200);
  const { secret } = setup.body as { secret: string };
  const confirmed = await client.post('/api/staff/auth/totp/confirm', { code: authenticatorCode(secret, currentStep()) }, { token });
  expect(confirmed.status).toBe(200);
  return { secret, recoveryCodes: (confirmed.body as { recoveryCodes: string[] }).recoveryCodes };
}

/** The owner, created from the first-run link `npm start` prints, with an authenticator. */
export async function setUpFirstOwner(t: TTestApp): Promise<TStaff> {
  const link = await issueFirstOwnerLink(t.ctx);
  if (!link) throw new Error('staff already exist: the first-run link is for an empty back office');
  const client = apiClient(t.app);
  const email = uniqueEmail('proprietaire');
  const setup = await client.post('/api/staff/setup', { token: tokenOf(link), email, name: 'Odile Martin', password: STRONG_PASSWORD });
  expect(setup.status).toBe(200);
  const body = setup.body as { token: string; staff: { id: string } };
  const enrolment = await enrolTotp(client, body.token);
  return { id: body.staff.id, email, password: STRONG_PASSWORD, token: body.token, role: 'owner', ...enrolment, client };
}

export function tokenOf(link: string): string {
  const match = /\/admin\/setup\?token=([A-Za-z0-9_%-]+)/.exec(link);
  if (!match?.[1]) throw new Error(`no setup link in ${link}`);
  return decodeURIComponent(match[1]);
}

/** Invited by `actor` through the API, set up from the emailed link; owners and administrators enrol. */
export async function inviteStaffMember(t: TTestApp, actor: TStaff, role: 'owner' | 'administrator' | 'support' | 'read_only'): Promise<TStaff> {
  const email = uniqueEmail(role);
  const since = t.mail.mark();
  const invited = await actor.client.post('/api/staff/users', { email, name: `Équipe ${role}`, role }, { token: actor.token });
  expect(invited.status).toBe(201);
  const message = await t.mail.waitForEmail({ to: email, after: since });
  const client = apiClient(t.app);
  const setup = await client.post('/api/staff/setup', { token: tokenOf(message.text), name: `Équipe ${role}`, password: STRONG_PASSWORD });
  expect(setup.status).toBe(200);
  const body = setup.body as { token: string; staff: { id: string } };
  const needsTotp = role === 'owner' || role === 'administrator';
  const enrolment = needsTotp ? await enrolTotp(client, body.token) : { secret: null, recoveryCodes: [] };
  return { id: body.staff.id, email, password: STRONG_PASSWORD, token: body.token, role, ...enrolment, client };
}

/** Password, then (when enrolled) the authenticator: a fully signed-in new session. */
export async function signInStaffMember(t: TTestApp, staff: TStaff): Promise<string> {
  const login = await staff.client.post('/api/staff/auth/login', { email: staff.email, password: staff.password });
  expect(login.status).toBe(200);
  const { token, next } = login.body as { token: string; next: string };
  if (next === 'totp') {
    const verified = await staff.client.post('/api/staff/auth/totp/verify', { code: await nextCode(t, staff) }, { token });
    expect(verified.status).toBe(200);
  }
  return token;
}
