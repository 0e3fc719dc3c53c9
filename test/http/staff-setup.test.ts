import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { issueFirstOwnerLink } from '../../src/modules/staff/staff-setup.service.js';
import { staffUsers } from '../../src/modules/staff/staff.tables.js';
import { runCli, withCliDatabase } from '../support/company-fixtures.js';
import { apiClient, createTestApp, STRONG_PASSWORD, uniqueEmail, type TTestApp } from '../support/test-app.js';
import { setUpFirstOwner, tokenOf } from './staff-fixtures.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const staffCount = async (db: Database) => (await db.select({ value: count() }).from(staffUsers))[0]!.value;

describe('the first-run link', () => {
  it('on an empty back office: describes an owner to be, creates nobody until used, works once, and kills its siblings', async () => {
    const client = apiClient(t.app);
    const first = (await issueFirstOwnerLink(t.ctx))!;
    const sibling = (await issueFirstOwnerLink(t.ctx))!;
    expect(first).toMatch(/^http:\/\/comptoir\.test\/admin\/setup\?token=[A-Za-z0-9_-]{43}$/);
    expect(await staffCount(t.ctx.db)).toBe(0);

    const described = await client.get(`/api/staff/setup?token=${tokenOf(first)}`);
    expect(described.status).toBe(200);
    expect(described.body).toEqual({ email: null, name: null, role: 'owner', expiresAt: expect.any(String) });
    const hoursLeft = (Date.parse((described.body as { expiresAt: string }).expiresAt) - Date.now()) / 3600_000;
    expect(hoursLeft).toBeGreaterThan(23.9);
    expect(hoursLeft).toBeLessThanOrEqual(24);

    const withoutEmail = await client.post('/api/staff/setup', { token: tokenOf(first), name: 'Odile Martin', password: STRONG_PASSWORD });
    expect(withoutEmail.status).toBe(400);
    expect(withoutEmail.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'email' }] });
    const email = uniqueEmail('odile');
    // Strong in general, weak for her: her own name is a known word.
    const weak = await client.post('/api/staff/setup', { token: tokenOf(first), email, name: 'Odile Delacroixmontfort', password: 'Delacroixmontfort1' });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({ errors: [{ path: 'password', code: 'password_too_weak' }] });

    const done = await client.post('/api/staff/setup', { token: tokenOf(first), email, name: 'Odile Martin', password: STRONG_PASSWORD });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ next: 'totp_setup', staff: { email, name: 'Odile Martin', role: 'owner', totpEnabled: false, secondFactorVerified: false } });
    expect(await staffCount(t.ctx.db)).toBe(1);

    for (const link of [first, sibling]) {
      const dead = await client.get(`/api/staff/setup?token=${tokenOf(link)}`);
      expect(dead.status).toBe(404);
      expect(dead.body).toMatchObject({ code: 'invalid_token' });
      const reused = await client.post('/api/staff/setup', { token: tokenOf(link), email: uniqueEmail(), name: 'Intrus', password: STRONG_PASSWORD });
      expect(reused.status).toBe(404);
    }
    expect(await issueFirstOwnerLink(t.ctx)).toBeNull();
  });

  it('GET /api/staff/setup: an unknown token is 404 invalid_token, the same as a used one', async () => {
    const answer = await apiClient(t.app).get('/api/staff/setup?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ code: 'invalid_token' });
  });
});

describe('an invitation link', () => {
  it('names the person, sets their password, and cannot be used again', async () => {
    const other = await createTestApp();
    try {
      const owner = await setUpFirstOwner(other);
      const email = uniqueEmail('invite');
      const since = other.mail.mark();
      await owner.client.post('/api/staff/users', { email, name: 'Léa Petit', role: 'support' }, { token: owner.token });
      const message = await other.mail.waitForEmail({ to: email, after: since });
      expect(message.subject).toMatch(/back-office/);
      const token = tokenOf(message.text);
      const client = apiClient(other.app);
      expect((await client.get(`/api/staff/setup?token=${token}`)).body).toMatchObject({ email, name: 'Léa Petit', role: 'support' });
      const done = await client.post('/api/staff/setup', { token, name: 'Léa Petit-Roux', password: STRONG_PASSWORD, email: 'ignored@example.fr' });
      expect(done.body).toMatchObject({ next: 'signed_in', staff: { email, name: 'Léa Petit-Roux', role: 'support', secondFactorVerified: true } });
      expect((await client.post('/api/staff/setup', { token, name: 'X', password: STRONG_PASSWORD })).status).toBe(404);
      expect((await client.post('/api/staff/auth/login', { email, password: STRONG_PASSWORD })).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('npx comptoir staff create', () => {
  it('prints one link alone on stdout; a second owner needs --force', { timeout: 120_000 }, async () => {
    const other = await createTestApp();
    try {
      await withCliDatabase(other, {
        prepare: async () => ({ email: uniqueEmail('cli') }),
        command: async (env, { email }) => {
          const first = await runCli(['staff', 'create', '--email', uniqueEmail('une'), '--name', 'Première'], env);
          expect(first.code).toBe(0);
          const created = await runCli(['staff', 'create', '--email', email, '--name', 'Chloé Cli', '--role', 'administrator'], env);
          expect(created.code).toBe(0);
          expect(created.stdout).toMatch(/^http:\/\/localhost:3000\/admin\/setup\?token=[A-Za-z0-9_-]{43}\n$/);
          const owner = await runCli(['staff', 'create', '--email', uniqueEmail('deux'), '--name', 'Deuxième'], env);
          expect(owner.code).toBe(1);
          expect(owner.stderr).toContain('already has an owner');
          const forced = await runCli(['staff', 'create', '--email', uniqueEmail('deux'), '--name', 'Deuxième', '--force'], env);
          expect(forced.code).toBe(0);
          expect((await runCli(['staff', 'create', '--name', 'Sans adresse'], env)).code).toBe(2);
          expect((await runCli(['staff', 'create', '--email', email, '--name', 'X', '--role', 'boss'], env)).code).toBe(2);
        },
        check: async (db, { email }) => {
          const [row] = await db.select().from(staffUsers).where(eq(staffUsers.emailNormalized, email));
          expect(row).toMatchObject({ role: 'administrator', status: 'invited', passwordHash: null });
          expect((await db.select().from(staffUsers).where(eq(staffUsers.role, 'owner'))).length).toBe(2);
        },
      });
    } finally {
      await other.close();
    }
  });
});

describe('npm start on an empty back office', () => {
  const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
  let child: ChildProcess | null = null;
  let dataDir = '';
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('prints the one-time owner link, which the setup page accepts', { timeout: 180_000 }, async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'comptoir-first-run-'));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    for (const name of ['DATABASE_URL', 'SMTP_URL', 'PUBLIC_URL', 'REDIS_URL']) delete env[name];
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const link = await new Promise<string>((resolve, reject) => {
      child!.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const match = /^(http:\/\/localhost:\d+\/admin\/setup\?token=\S+)$/m.exec(stdout);
        if (match) resolve(match[1]!);
      });
      child!.on('exit', (code) => reject(new Error(`the server exited (${code}) before printing a link:\n${stdout}`)));
    });
    expect(stdout.match(/\/admin\/setup\?token=/g)).toHaveLength(1);
    const answer = await fetch(`http://127.0.0.1:${port}/api/staff/setup?token=${tokenOf(link)}`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ email: null, role: 'owner' });
    child.kill('SIGTERM');
    await new Promise((resolve) => child!.once('exit', resolve));
  });
});
