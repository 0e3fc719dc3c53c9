import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboundEmails } from '../../src/platform/mail/mail.tables.js';
import { enqueueEmail } from '../../src/platform/mail/outbox.js';
import { createTestApp, uniqueEmail, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
  // Delivery driven by hand with flush(): the background worker would race the assertions.
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

const BLANK = { toAddress: '', subject: '', html: '', text: '', headers: null, lastError: null };

describe('emails sent with forgetAfterSending', () => {
  it('the worker delivers the email, then blanks its recipient, subject and bodies', async () => {
    const to = uniqueEmail('goodbye');
    const id = await enqueueEmail(t.ctx.db, {
      customerId: null,
      to,
      template: 'account_deleted',
      locale: 'fr',
      rendered: rendered('Votre compte a été supprimé'),
      headers: { 'X-Test': 'yes' },
      forgetAfterSending: true,
    });
    await t.runtime.mailWorker.flush();
    const received = await t.mail.waitForEmail({ to, subject: /supprimé/ });
    expect(received.text).toContain('Votre compte a été supprimé');
    expect(await emailRow(id)).toMatchObject({ status: 'sent', template: 'account_deleted', forgetAfterSending: true, ...BLANK });
  });

  it('a temporary failure keeps the address for the retry; giving up after the last attempt blanks it too', async () => {
    const to = uniqueEmail('goodbye-failed');
    const id = await enqueueEmail(t.ctx.db, { customerId: null, to, template: 'account_deleted', locale: 'en', rendered: rendered('Deleted'), forgetAfterSending: true });
    t.mail.failNext(1);
    await t.runtime.mailWorker.flush();
    expect(await emailRow(id)).toMatchObject({ status: 'pending', toAddress: to, subject: 'Deleted' });

    await t.ctx.db.update(outboundEmails).set({ attempts: 7, nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(outboundEmails.id, id));
    t.mail.failNext(1);
    await t.runtime.mailWorker.flush();
    expect(await emailRow(id)).toMatchObject({ status: 'failed', ...BLANK });
  });

  it('an ordinary email keeps its recipient and body once sent (the customer’s history)', async () => {
    const to = uniqueEmail('kept');
    const id = await enqueueEmail(t.ctx.db, { customerId: null, to, template: 'test', locale: 'fr', rendered: rendered('Gardé') });
    await t.runtime.mailWorker.flush();
    expect(await emailRow(id)).toMatchObject({ status: 'sent', toAddress: to, subject: 'Gardé', text: 'Gardé' });
  });
});
