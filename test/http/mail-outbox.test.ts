import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outboundEmails } from '../../src/platform/mail/mail.tables.js';
import { createMailWorker } from '../../src/platform/mail/mail-worker.js';
import { createSmtpTransport } from '../../src/platform/mail/mail-transport.js';
import { enqueueEmail } from '../../src/platform/mail/outbox.js';
import { createTestApp, uniqueEmail, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
  // These tests drive delivery by hand with flush(); the background worker would race them.
  await t.runtime.mailWorker.stop();
});
afterAll(async () => {
  await t.close();
});

const rendered = (subject: string) => ({ subject, html: `<p>${subject}</p>`, text: subject });

async function emailRow(id: string) {
  const [row] = await t.ctx.db.select().from(outboundEmails).where(eq(outboundEmails.id, id));
  return row!;
}

describe('the transactional outbox', () => {
  it('never sends an email whose transaction rolled back', async () => {
    const to = uniqueEmail('rollback');
    await expect(
      t.ctx.db.transaction(async (tx) => {
        await enqueueEmail(tx, { customerId: null, to, template: 'test', locale: 'fr', rendered: rendered('Annulé') });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await t.runtime.mailWorker.flush();
    const rows = await t.ctx.db.select().from(outboundEmails).where(eq(outboundEmails.toAddress, to));
    expect(rows).toHaveLength(0);
    expect(t.mail.messages.some((message) => message.to.includes(to))).toBe(false);
  });

  it('retries a temporary SMTP failure later, with backoff, and then delivers exactly once', async () => {
    const to = uniqueEmail('retry');
    const id = await enqueueEmail(t.ctx.db, { customerId: null, to, template: 'test', locale: 'fr', rendered: rendered('Réessai') });
    t.mail.failNext(1);
    await t.runtime.mailWorker.flush();
    const failed = await emailRow(id);
    expect(failed.status).toBe('pending');
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatch(/451/);
    expect(failed.lastError).not.toContain(to);
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());

    await t.ctx.db.update(outboundEmails).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(outboundEmails.id, id));
    await t.runtime.mailWorker.flush();
    const sent = await emailRow(id);
    expect(sent.status).toBe('sent');
    expect(sent.sentAt).not.toBeNull();
    expect(t.mail.messages.filter((message) => message.to.includes(to))).toHaveLength(1);
  });

  it('takes over an email claimed by a worker that died, once its lease has expired, and sends it once', async () => {
    const to = uniqueEmail('crash');
    const id = await enqueueEmail(t.ctx.db, { customerId: null, to, template: 'test', locale: 'fr', rendered: rendered('Reprise') });
    // What a crash between claiming and sending leaves behind.
    await t.ctx.db
      .update(outboundEmails)
      .set({ status: 'sending', attempts: 1, leaseExpiresAt: new Date(Date.now() + 60_000) })
      .where(eq(outboundEmails.id, id));
    await t.runtime.mailWorker.flush();
    expect((await emailRow(id)).status).toBe('sending');
    expect(t.mail.messages.some((message) => message.to.includes(to))).toBe(false);

    await t.ctx.db.update(outboundEmails).set({ leaseExpiresAt: new Date(Date.now() - 1000) }).where(eq(outboundEmails.id, id));
    await t.runtime.mailWorker.flush();
    expect((await emailRow(id)).status).toBe('sent');
    expect(t.mail.messages.filter((message) => message.to.includes(to))).toHaveLength(1);
  });

  it('lets two workers share the outbox without sending any email twice', async () => {
    const recipients = Array.from({ length: 12 }, (_, index) => uniqueEmail(`pair${index}`));
    for (const to of recipients) {
      await enqueueEmail(t.ctx.db, { customerId: null, to, template: 'test', locale: 'fr', rendered: rendered('Partage') });
    }
    const log = { warn: () => undefined, error: () => undefined };
    const secondTransport = createSmtpTransport(t.mail.url);
    const second = createMailWorker({ db: t.ctx.db, transport: secondTransport, from: 'Comptoir <test@comptoir.test>', log, batchSize: 3 });
    await Promise.all([t.runtime.mailWorker.flush(), second.flush()]);
    await secondTransport.close();
    for (const to of recipients) {
      expect(t.mail.messages.filter((message) => message.to.includes(to))).toHaveLength(1);
    }
  });

  it('marks an email failed after its last attempt and stops retrying it', async () => {
    const to = uniqueEmail('abandon');
    const id = await enqueueEmail(t.ctx.db, { customerId: null, to, template: 'test', locale: 'fr', rendered: rendered('Échec') });
    await t.ctx.db.update(outboundEmails).set({ attempts: 7 }).where(eq(outboundEmails.id, id));
    t.mail.failNext(1);
    await t.runtime.mailWorker.flush();
    expect((await emailRow(id)).status).toBe('failed');
    await t.ctx.db.update(outboundEmails).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(outboundEmails.id, id));
    await t.runtime.mailWorker.flush();
    expect(t.mail.messages.some((message) => message.to.includes(to))).toBe(false);
  });
});
